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
      m_insertReturning(database.connection()),
      m_insertMany(database.connection())
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

bool Outbox::append(QList<CloudEvent> &events, QString *error)
{
    const bool postgres = m_database.dialect() == Database::Dialect::PostgreSQL;
    if (m_insertMany.lastQuery().isEmpty()) {
        // Each event is an array [id, type, source, subject, time, data].
        const QString sql = postgres
                ? QStringLiteral("INSERT INTO events (id, type, source, subject, time, data) "
                                 "SELECT e->>0, e->>1, e->>2, e->>3, e->>4, NULLIF(e->5, 'null') "
                                 "FROM jsonb_array_elements(CAST(? AS JSONB)) WITH ORDINALITY "
                                 "AS t(e, n) ORDER BY n RETURNING id, seq")
                // json_extract gives objects and arrays as JSON text but strings and booleans
                // as SQL values: those are turned back into their JSON text.
                : QStringLiteral("INSERT INTO events (id, type, source, subject, time, data) "
                                 "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), "
                                 "json_extract(value, '$[2]'), json_extract(value, '$[3]'), "
                                 "json_extract(value, '$[4]'), "
                                 "CASE json_type(value, '$[5]') "
                                 "WHEN 'null' THEN NULL WHEN 'true' THEN 'true' "
                                 "WHEN 'false' THEN 'false' "
                                 "WHEN 'text' THEN json_quote(json_extract(value, '$[5]')) "
                                 "ELSE json_extract(value, '$[5]') END "
                                 "FROM json_each(?) ORDER BY key");
        if (!m_insertMany.prepare(sql)) {
            *error = m_insertMany.lastError().text();
            return false;
        }
    }
    QString batch;
    batch.reserve(events.size() * 160);
    batch += QLatin1Char('[');
    for (qsizetype i = 0; i < events.size(); ++i) {
        const CloudEvent &e = events.at(i);
        batch += i ? QStringLiteral(",[") : QStringLiteral("[");
        for (const QString *field : {&e.id, &e.type, &e.source}) {
            NodeSql::appendJsonString(batch, *field);
            batch += QLatin1Char(',');
        }
        if (e.subject.isEmpty())
            batch += QStringLiteral("null");
        else
            NodeSql::appendJsonString(batch, e.subject);
        batch += QLatin1Char(',');
        NodeSql::appendJsonString(batch, Node::timeToText(e.time));
        batch += QLatin1Char(',');
        const QVariant data = jsonValueText(e.data);
        batch += data.isNull() ? QStringLiteral("null") : data.toString();
        batch += QLatin1Char(']');
    }
    batch += QLatin1Char(']');
    m_insertMany.bindValue(0, batch);
    if (!m_insertMany.exec()) {
        *error = m_insertMany.lastError().text();
        return false;
    }
    if (postgres) {
        QHash<QString, qint64> sequences;
        while (m_insertMany.next())
            sequences.insert(m_insertMany.value(0).toString(), m_insertMany.value(1).toLongLong());
        m_insertMany.finish();
        for (CloudEvent &e : events)
            e.sequence = sequences.value(e.id);
    } else {
        // One statement under the write lock: its rows have consecutive sequence numbers.
        const qint64 last = m_insertMany.lastInsertId().toLongLong();
        for (qsizetype i = 0; i < events.size(); ++i)
            events[i].sequence = last - (events.size() - 1 - i);
    }
    return true;
}

} // namespace Cairn
