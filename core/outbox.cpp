// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "outbox_p.h"

#include "node.h"
#include "nodesql_p.h"
#include "uuid7.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace Cairn {

namespace {
// The same in every Cairn process sharing one PostgreSQL.
constexpr qint64 OutboxLockKey = 0x6361697232; // "cair2"
} // namespace

Outbox::Outbox(Database &database, const QString &source)
    : m_database(database),
      m_source(source),
      m_insert(database.connection()),
      m_insertReturning(database.connection())
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

QVariant Outbox::jsonValueText(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QVariant(QMetaType::fromType<QString>());
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: written inside an array, which QJsonDocument can serialise, then unwrapped.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

bool Outbox::prepare(QSqlQuery &query, bool returning, QString *error)
{
    if (!query.lastQuery().isEmpty())
        return true;
    QString sql = QStringLiteral("INSERT INTO events (id, type, source, subject, time, data) "
                                 "VALUES (?, ?, ?, ?, ?, ")
            + NodeSql::jsonParameter(m_database.dialect()) + QLatin1Char(')');
    if (returning)
        sql += QStringLiteral(" RETURNING seq");
    if (query.prepare(sql))
        return true;
    *error = query.lastError().text();
    return false;
}

bool Outbox::append(const QString &type, const QString &subject, const QJsonObject &data,
                    QString *error)
{
    return append(type, subject,
                  QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)), error);
}

bool Outbox::append(const QString &type, const QString &subject, const QString &dataText,
                    QString *error)
{
    if (!prepare(m_insert, false, error))
        return false;
    m_insert.bindValue(0, createUuid7());
    m_insert.bindValue(1, type);
    m_insert.bindValue(2, m_source);
    m_insert.bindValue(3, subject);
    m_insert.bindValue(4, Node::timeToText(Node::now()));
    m_insert.bindValue(5, dataText);
    if (m_insert.exec())
        return true;
    *error = m_insert.lastError().text();
    return false;
}

bool Outbox::append(const CloudEvent &event, qint64 *sequence, QString *error)
{
    // SQLite tells the new row's id for free; PostgreSQL has to return it.
    const bool returning = m_database.dialect() == Database::Dialect::PostgreSQL;
    QSqlQuery &insert = returning ? m_insertReturning : m_insert;
    if (!prepare(insert, returning, error))
        return false;
    insert.bindValue(0, event.id);
    insert.bindValue(1, event.type);
    insert.bindValue(2, event.source);
    insert.bindValue(3,
                     event.subject.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                             : QVariant(event.subject));
    insert.bindValue(4, Node::timeToText(event.time));
    insert.bindValue(5, jsonValueText(event.data));
    if (!insert.exec() || (returning && !insert.next())) {
        *error = insert.lastError().text();
        return false;
    }
    *sequence = returning ? insert.value(0).toLongLong() : insert.lastInsertId().toLongLong();
    if (returning)
        insert.finish();
    return true;
}

} // namespace Cairn
