// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "outbox_p.h"

#include "node.h"
#include "nodesql_p.h"
#include "uuid7.h"

#include <QJsonDocument>
#include <QSqlError>

namespace Cairn {

namespace {
// The same in every Cairn process sharing one PostgreSQL.
constexpr qint64 OutboxLockKey = 0x6361697232; // "cair2"
} // namespace

Outbox::Outbox(Database &database, const QString &source)
    : m_database(database), m_source(source), m_insert(database.connection())
{ }

bool Outbox::lock(QString *error)
{
    if (m_database.dialect() != Database::Dialect::PostgreSQL)
        return true; // SQLite has one writer at a time already
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(?)"));
    query.addBindValue(OutboxLockKey);
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

bool Outbox::append(const QString &type, const QString &subject, const QJsonObject &data,
                    QString *error)
{
    if (m_insert.lastQuery().isEmpty()) {
        if (!m_insert.prepare(QStringLiteral("INSERT INTO events (id, type, source, subject, time, "
                                             "data) VALUES (?, ?, ?, ?, ?, ")
                              + NodeSql::jsonParameter(m_database.dialect()) + QLatin1Char(')'))) {
            *error = m_insert.lastError().text();
            return false;
        }
    }
    m_insert.bindValue(0, createUuid7());
    m_insert.bindValue(1, type);
    m_insert.bindValue(2, m_source);
    m_insert.bindValue(3, subject);
    m_insert.bindValue(4, Node::timeToText(Node::now()));
    m_insert.bindValue(5, QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)));
    if (m_insert.exec())
        return true;
    *error = m_insert.lastError().text();
    return false;
}

} // namespace Cairn
