// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokenstore.h"

#include "apilogging.h"
#include "database.h"
#include "jobqueue.h"
#include "node.h"
#include "scheduler.h"
#include "sqlselect_p.h"
#include "uuid7.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <array>

namespace Cairn {

namespace {

constexpr qsizetype SecretBytes = 32;
constexpr qint64 TouchIntervalMs = 60 * 1000;

const QString Columns = QStringLiteral(
        "id, name, role, created, last_used, revoked, priority, queue_size");

Error sqlFailure(const QSqlQuery &query)
{
    return Error::database(query.lastError().text());
}

QDateTime timeOrNull(const QVariant &value)
{
    return value.isNull() ? QDateTime() : Node::timeFromText(value.toString());
}

ApiToken readToken(const QSqlQuery &query)
{
    ApiToken token;
    token.id = query.value(0).toString();
    token.name = query.value(1).toString();
    token.role = ApiToken::roleFromName(query.value(2).toString()).value_or(ApiToken::Role::Viewer);
    token.created = timeOrNull(query.value(3));
    token.lastUsed = timeOrNull(query.value(4));
    token.revoked = timeOrNull(query.value(5));
    if (!query.value(6).isNull())
        token.priority = query.value(6).toInt();
    if (!query.value(7).isNull())
        token.queueSize = query.value(7).toLongLong();
    return token;
}

QString newSecret()
{
    std::array<quint32, SecretBytes / sizeof(quint32)> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), SecretBytes);
    return TokenStore::Prefix.toString()
            + QString::fromLatin1(
                    bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// Compares two hashes in a time that depends on their length only.
bool sameHash(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

} // namespace

TokenStore::TokenStore(Database &database) : m_db(database) { }

/*!
    The hex SHA-256 of \a secret's UTF-8, which is what the store keeps of a token.
*/
QByteArray TokenStore::hash(const QString &secret)
{
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex();
}

Result<QList<ApiToken>> TokenStore::select(const QString &where, const QVariantList &values)
{
    return selectRows(
            m_db, QStringLiteral("SELECT ") + Columns + QStringLiteral(" FROM api_tokens ") + where,
            values, readToken);
}

/*!
    Makes a token called \a name with \a role and gives its secret, the only time anything
    does. A name is unique among valid tokens (a Conflict otherwise). A token given a
    \a priority or a \a queueSize belongs to the task-pipeline client of that name, which is
    registered with the queue at once.
*/
Result<IssuedToken> TokenStore::create(const QString &name, ApiToken::Role role,
                                       std::optional<int> priority, std::optional<qint64> queueSize)
{
    if (!ApiToken::isValidName(name))
        return Error::invalid(QStringLiteral("name"),
                              tr("\"%1\" is not a token name: 1 to 64 letters, digits, '.', '_' "
                                 "or '-', starting with a letter or digit")
                                      .arg(name.left(80)));
    if (queueSize && *queueSize < 0)
        return Error::invalid(QStringLiteral("queue_size"), tr("must be 0 (no limit) or more"));
    Result<QList<ApiToken>> existing = select(QStringLiteral("WHERE name = ? AND revoked IS NULL"),
                                              {name});
    if (!existing)
        return existing.error();
    if (!existing->isEmpty())
        return Error{Error::Conflict,
                     tr("There is already a valid token called %1.").arg(name),
                     QStringLiteral("name"),
                     {}};

    IssuedToken issued;
    issued.secret = newSecret();
    ApiToken &token = issued.token;
    token.id = createUuid7();
    token.name = name;
    token.role = role;
    token.created = Node::now();
    if (priority || queueSize) {
        token.priority = priority.value_or(10);
        token.queueSize = queueSize.value_or(0);
    }

    QString why;
    const auto insert = m_db.cachedQuery(
            QStringLiteral("INSERT INTO api_tokens (id, name, role, hash, created, priority, "
                           "queue_size) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            &why);
    if (!insert)
        return Error::database(why);
    const QVariantList values = {
            token.id,
            token.name,
            ApiToken::roleName(role),
            QString::fromLatin1(hash(issued.secret)),
            Node::timeToText(token.created),
            token.priority ? QVariant(*token.priority) : QVariant(QMetaType::fromType<int>()),
            token.queueSize ? QVariant(*token.queueSize) : QVariant(QMetaType::fromType<qint64>()),
    };
    for (qsizetype i = 0; i < values.size(); ++i)
        insert->bindValue(int(i), values.at(i));
    if (!insert->exec())
        return sqlFailure(*insert);
    insert->finish();

    if (token.isClient()) {
        const Status client = m_scheduler
                ? m_scheduler->setClient(name, *token.priority, *token.queueSize)
                : JobQueue(m_db).setClient(name, *token.priority, *token.queueSize);
        if (!client) {
            // A token whose client is not registered would queue runs at the default
            // priority: take it back.
            if (const auto remove = m_db.cachedQuery(
                        QStringLiteral("DELETE FROM api_tokens WHERE id = ?"), &why)) {
                remove->bindValue(0, token.id);
                remove->exec();
                remove->finish();
            }
            return client.error();
        }
    }
    qCInfo(lcApi).noquote() << "token" << token.name << "created with role"
                            << ApiToken::roleName(role) << "id" << token.id;
    return issued;
}

Result<QList<ApiToken>> TokenStore::list()
{
    return select(QStringLiteral("ORDER BY created, id"), {});
}

Result<ApiToken> TokenStore::find(const QString &idOrName)
{
    Result<QList<ApiToken>> found = select(QStringLiteral("WHERE id = ?"), {idOrName});
    if (found && found->isEmpty())
        found = select(QStringLiteral("WHERE name = ? ORDER BY (CASE WHEN revoked IS NULL THEN 0 "
                                      "ELSE 1 END), revoked DESC"),
                       {idOrName});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return Error::notFound(tr("There is no token %1.").arg(idOrName.left(80)));
    return found->constFirst();
}

Result<ApiToken> TokenStore::revoke(const QString &idOrName)
{
    Result<ApiToken> token = find(idOrName);
    if (!token || token->isRevoked())
        return token;
    QString why;
    const auto update = m_db.cachedQuery(
            QStringLiteral("UPDATE api_tokens SET revoked = ? WHERE id = ? AND revoked IS NULL"),
            &why);
    if (!update)
        return Error::database(why);
    token->revoked = Node::now();
    update->bindValue(0, Node::timeToText(token->revoked));
    update->bindValue(1, token->id);
    if (!update->exec())
        return sqlFailure(*update);
    update->finish();
    m_touched.remove(token->id);
    qCInfo(lcApi).noquote() << "token" << token->name << "revoked, id" << token->id;
    return token;
}

/*!
    The token whose secret is \a secret. The secret's hash finds the row: its timing tells
    nothing of the secret, since nobody can choose what a hash starts with. The stored hash is
    then compared in constant time all the same.
*/
Result<ApiToken> TokenStore::verify(const QString &secret)
{
    if (!secret.startsWith(Prefix))
        return Error::notFound(tr("This is not a Cairn token."));
    const QByteArray digest = hash(secret);
    QString why;
    const auto query = m_db.cachedQuery(QStringLiteral("SELECT ") + Columns
                                                + QStringLiteral(", hash FROM api_tokens WHERE "
                                                                 "hash = ?"),
                                        &why);
    if (!query)
        return Error::database(why);
    query->bindValue(0, QString::fromLatin1(digest));
    if (!query->exec())
        return sqlFailure(*query);
    std::optional<ApiToken> token;
    if (query->next() && sameHash(query->value(8).toString().toLatin1(), digest))
        token = readToken(*query);
    query->finish();
    if (!token)
        return Error::notFound(tr("The token is not known."));
    if (token->isRevoked())
        return Error::invalid(QStringLiteral("token"), tr("The token was revoked."));
    touch(*token);
    return *token;
}

void TokenStore::touch(ApiToken &token)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto last = m_touched.constFind(token.id);
    if (last != m_touched.cend() && now - *last < TouchIntervalMs)
        return;
    if (last == m_touched.cend() && token.lastUsed.isValid()
        && now - token.lastUsed.toMSecsSinceEpoch() < TouchIntervalMs) {
        m_touched.insert(token.id, token.lastUsed.toMSecsSinceEpoch());
        return;
    }
    QString why;
    const auto update = m_db.cachedQuery(
            QStringLiteral("UPDATE api_tokens SET last_used = ? WHERE id = ?"), &why);
    if (!update) {
        qCWarning(lcApi).noquote() << "cannot record the use of token" << token.name << ":" << why;
        return;
    }
    token.lastUsed = Node::now();
    update->bindValue(0, Node::timeToText(token.lastUsed));
    update->bindValue(1, token.id);
    if (!update->exec())
        qCWarning(lcApi).noquote() << "cannot record the use of token" << token.name << ":"
                                   << update->lastError().text();
    update->finish();
    m_touched.insert(token.id, now);
}

} // namespace Cairn
