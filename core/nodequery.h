// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QList>
#include <QStringList>

namespace Cairn {

/*
 * A node query in the text syntax shared by cairnctl, the API and the rules:
 *
 *   field=value  field__op=value  sort=field  sort=-field  limit=N  offset=N
 *
 * with op one of lt, lte, gt, gte, ne, in, nin (comma-separated lists) and re (a regular
 * expression). A field is a node column (id, parent, kind, name, path, state, result,
 * owner, created, updated, timeout, holdoff, revision) or a dotted path into data or
 * artifacts (data.board.arch). Values of data fields are typed the way JSON reads them:
 * 12 and 1.5 are numbers, true and false booleans, null is null, "12" in double quotes a
 * string, anything else a string. A condition only matches values of its own type.
 */
class NodeQuery
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::NodeQuery)
public:
    enum class Op { Eq, Ne, Lt, Lte, Gt, Gte, In, Nin, Re };
    enum class FieldType { Text, State, Outcome, Time, Integer, Path, Json };

    struct Condition
    {
        QString field; // as written: "kind", "data.board.arch"
        FieldType type = FieldType::Text;
        // For Json fields: the column ("data" or "artifacts"), then the keys below it.
        QStringList jsonPath;
        Op op = Op::Eq;
        QList<QJsonValue> values; // one, or several for in and nin
    };
    struct Sort
    {
        QString field;
        FieldType type = FieldType::Text;
        QStringList jsonPath;
        bool descending = false;
    };

    static constexpr int DefaultLimit = 100;
    static constexpr int MaxLimit = 10000;

    // Parses terms such as "kind=device", "data.temp__gt=20", "sort=-created", "limit=5".
    static Result<NodeQuery> parse(const QStringList &terms);

    // Adds one condition; the error names the field or operator that is wrong.
    [[nodiscard]] Status addCondition(const QString &field, const QString &op,
                                      const QString &value);
    [[nodiscard]] Status setSort(const QString &spec);
    void setLimit(int limit) { m_limit = limit; }
    void setOffset(qint64 offset) { m_offset = offset; }

    const QList<Condition> &conditions() const { return m_conditions; }
    const QList<Sort> &sort() const { return m_sort; }
    int limit() const { return m_limit; }
    qint64 offset() const { return m_offset; }

    static QString opName(Op op);

private:
    QList<Condition> m_conditions;
    QList<Sort> m_sort;
    int m_limit = DefaultLimit;
    qint64 m_offset = 0;
};

} // namespace Cairn
