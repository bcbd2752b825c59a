// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"
#include "nodequery.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace Cairn {

/*
 * Which events a subscriber, a rule or a history query wants, in the node-query syntax:
 *
 *   type=cairn.node.*   source=mqtt:*   subject=ID   data.temperature__gt=30
 *
 * type and source are globs ('*' any run of characters, '?' one character) and may list
 * several, comma-separated; subject is exact; data conditions work as in node queries.
 * All terms must hold. An empty filter matches every event.
 */
class EventFilter
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::EventFilter)
public:
    static Result<EventFilter> parse(const QStringList &terms);

    [[nodiscard]] Status addTerm(const QString &term);
    bool matches(const CloudEvent &event) const;

    bool isEmpty() const;
    // The type globs, for indexing by type; empty when any type matches.
    const QStringList &types() const { return m_types; }
    const QStringList &sources() const { return m_sources; }
    const QString &subject() const { return m_subject; }
    // The text before the first wildcard common to every type glob: a database range.
    QString typePrefix() const;

    // The terms it was made of, to store it and show it.
    const QStringList &terms() const { return m_terms; }

    static bool globMatches(QStringView pattern, QStringView text);

private:
    QStringList m_terms;
    QStringList m_types;
    QStringList m_sources;
    QString m_subject;
    QList<NodeQuery::Condition> m_data;
    QList<QRegularExpression> m_regexes; // compiled once, for the re conditions of m_data
};

} // namespace Cairn
