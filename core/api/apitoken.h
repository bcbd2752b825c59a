// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Cairn {

/*
 * One bearer token of the HTTP API as the TokenStore keeps it: who it is for and what it may
 * do, never its secret. A token with client properties belongs to a task-pipeline client:
 * the runs it starts carry its name as their client.
 */
struct ApiToken
{
    // Each role may do what the roles before it may.
    enum class Role {
        Viewer, // reads
        Operator, // also writes nodes, publishes events, runs pipelines, commands devices
        Admin, // also manages tokens
    };

    QString id; // UUIDv7
    QString name; // unique; the client's id when it is a client
    Role role = Role::Viewer;
    QDateTime created;
    QDateTime lastUsed; // null: never used
    QDateTime revoked; // null: valid
    std::optional<int> priority; // the client's priority, smaller first
    std::optional<qint64> queueSize; // unfinished jobs the client may queue; 0: no limit

    bool isRevoked() const { return revoked.isValid(); }
    bool isClient() const { return priority.has_value() || queueSize.has_value(); }
    bool allows(Role needed) const { return int(role) >= int(needed); }

    // id, name, role, created, last_used, revoked, client: {priority, queue_size} or null.
    QJsonObject toJson() const;
    // What toJson() wrote; nothing when json is not a token.
    static std::optional<ApiToken> fromJson(const QJsonObject &json);

    static QString roleName(Role role);
    static std::optional<Role> roleFromName(QStringView name);
    // Names of tokens: letters, digits and . _ - ; 1 to 64, starting with a letter or digit.
    static bool isValidName(const QString &name);

    friend bool operator==(const ApiToken &, const ApiToken &) = default;
};

} // namespace Cairn
