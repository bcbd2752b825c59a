// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apitoken.h"
#include "error.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>

#include <optional>

namespace Cairn {

class Database;
class Scheduler;

// A token just made: its record, and its secret, which nothing keeps.
struct IssuedToken
{
    ApiToken token;
    QString secret; // "cairn_" and 43 base64url characters
};

/*
 * The bearer tokens of the HTTP API, in the api_tokens table. A token's secret is shown once,
 * when it is made; only its SHA-256 is stored. Revoked tokens stay listed, and their names
 * may be given to new tokens.
 */
class TokenStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::TokenStore)
public:
    static constexpr QStringView Prefix = u"cairn_";

    explicit TokenStore(Database &database);

    // Client tokens register their client with the scheduler's queue when one is set, else
    // with a queue on the database (the queue lives in the database either way). Not owned.
    void setScheduler(Scheduler *scheduler) { m_scheduler = scheduler; }

    // Makes a token. With priority or queueSize it is a task-pipeline client's, and the
    // client called name gets that priority (10 when not given) and queue size (0, no limit,
    // when not given).
    Result<IssuedToken> create(const QString &name, ApiToken::Role role,
                               std::optional<int> priority = std::nullopt,
                               std::optional<qint64> queueSize = std::nullopt);
    // Every token, revoked ones too, oldest first.
    Result<QList<ApiToken>> list();
    // The token with that id, else the valid token of that name, else the latest revoked one.
    Result<ApiToken> find(const QString &idOrName);
    // Revokes the token that find() gives; revoking a revoked token changes nothing.
    Result<ApiToken> revoke(const QString &idOrName);

    // The valid token whose secret this is. NotFound for an unknown secret, Invalid (field
    // "token") for a revoked one. Records when it was used, at most once a minute.
    Result<ApiToken> verify(const QString &secret);

    // The SHA-256 of a secret in hex, as stored.
    static QByteArray hash(const QString &secret);

private:
    Result<QList<ApiToken>> select(const QString &where, const QVariantList &values);
    void touch(ApiToken &token);

    Database &m_db;
    Scheduler *m_scheduler = nullptr;
    QHash<QString, qint64> m_touched; // token id -> when last_used was last written (ms)
};

} // namespace Cairn
