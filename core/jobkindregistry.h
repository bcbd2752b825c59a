// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "jobkind.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QStringList>

namespace Cairn {

/*
 * The job kinds the runtimes offer, by name and semantic version of their params schema. A
 * pipeline asks for a kind and a version: "1", "1.2" or "1.2.0" takes the registered kind of
 * the same major version whose minor.patch is at least the one asked for, since a newer
 * minor version of a schema only adds what older pipelines do not use.
 */
class JobKindRegistry
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobKindRegistry)
public:
    // Refuses a bad name, version or schema, and a second kind of the same name and major
    // version.
    Status add(const JobKind &kind);
    // The error's field is "kind" when no kind has that name, "version" when none of its
    // versions fits; the message lists what is known.
    Result<JobKind> find(const QString &name, const QString &requestedVersion) const;

    bool contains(const QString &name) const { return m_kinds.contains(name); }
    QStringList names() const { return m_kinds.keys(); }
    // The registered versions of name, oldest first.
    QStringList versions(const QString &name) const;
    QList<JobKind> kinds() const;

    // "1", "1.2" or "1.2.0".
    static bool isValidVersion(const QString &version);
    // "process", "mqtt.publish", "k8s/deployment": letters, digits, and . _ / - inside.
    static bool isValidKindName(const QString &name);

private:
    QMap<QString, QList<JobKind>> m_kinds; // by name; each list sorted by version
};

} // namespace Cairn
