// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "outbox_p.h"

#include "node.h"
#include "nodesql_p.h"
#include "sqlstatement_p.h"
#include "uuid7.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace Cairn {

namespace {
// The same in every Cairn process sharing one PostgreSQL.
constexpr qint64 OutboxLockKey = 0x6361697232; // "cair2"
} // namespace

Outbox::Outbox(Database &database, const QString &source) : m_database(database), m_source(source)
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

QString Outbox::insertSql(bool returning) const
{
    QString sql = QStringLiteral("INSERT INTO events (id, type, source, subject, time, data) "
                                 "VALUES (?, ?, ?, ?, ?, ")
            + NodeSql::jsonParameter(m_database.dialect()) + QLatin1Char(')');
    if (returning)
        sql += QStringLiteral(" RETURNING seq");
    return sql;
}

std::shared_ptr<QSqlQuery> Outbox::insertOne(bool returning, QString *error)
{
    return m_database.cachedQuery(insertSql(returning), error);
}

std::shared_ptr<QSqlQuery> Outbox::insertMany(QString *error)
{
    // Each event is an array [id, type, source, subject, time, data].
    const QString sql = m_database.dialect() == Database::Dialect::PostgreSQL
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
    return m_database.cachedQuery(sql, error);
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
    const auto insert = insertOne(false, error);
    if (!insert)
        return false;
    insert->bindValue(0, createUuid7());
    insert->bindValue(1, type);
    insert->bindValue(2, m_source);
    insert->bindValue(3, subject);
    insert->bindValue(4, Node::timeToText(Node::now()));
    insert->bindValue(5, dataText);
    if (insert->exec())
        return true;
    *error = insert->lastError().text();
    return false;
}

bool Outbox::append(const CloudEvent &event, qint64 *sequence, QString *error)
{
    // SQLite tells the new row's id for free; PostgreSQL has to return it.
    const bool returning = m_database.dialect() == Database::Dialect::PostgreSQL;
    const auto insert = insertOne(returning, error);
    if (!insert)
        return false;
    insert->bindValue(0, event.id);
    insert->bindValue(1, event.type);
    insert->bindValue(2, event.source);
    insert->bindValue(3,
                      event.subject.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                              : QVariant(event.subject));
    insert->bindValue(4, Node::timeToText(event.time));
    insert->bindValue(5, jsonValueText(event.data));
    if (!insert->exec() || (returning && !insert->next())) {
        *error = insert->lastError().text();
        return false;
    }
    *sequence = returning ? insert->value(0).toLongLong() : insert->lastInsertId().toLongLong();
    if (returning)
        insert->finish();
    return true;
}

namespace {

// One event of a batch: [id, type, source, subject, time, data], data as JSON text.
void appendBatchItem(QString &batch, const QString &id, const QString &type, const QString &source,
                     const QString &subject, const QString &time, const QString &dataText)
{
    batch += batch.size() > 1 ? QStringLiteral(",[") : QStringLiteral("[");
    for (const QString *field : {&id, &type, &source}) {
        NodeSql::appendJsonString(batch, *field);
        batch += QLatin1Char(',');
    }
    if (subject.isEmpty())
        batch += QStringLiteral("null");
    else
        NodeSql::appendJsonString(batch, subject);
    batch += QLatin1Char(',');
    NodeSql::appendJsonString(batch, time);
    batch += QLatin1Char(',');
    batch += dataText.isEmpty() ? QStringLiteral("null") : dataText;
    batch += QLatin1Char(']');
}

} // namespace

bool Outbox::append(QList<CloudEvent> &events, QString *error)
{
    const auto insert = insertMany(error);
    if (!insert)
        return false;
    QString batch;
    batch.reserve(events.size() * 160);
    batch += QLatin1Char('[');
    for (const CloudEvent &e : std::as_const(events)) {
        const QVariant data = jsonValueText(e.data);
        appendBatchItem(batch, e.id, e.type, e.source, e.subject, Node::timeToText(e.time),
                        data.isNull() ? QString() : data.toString());
    }
    batch += QLatin1Char(']');
    insert->bindValue(0, batch);
    if (!insert->exec()) {
        *error = insert->lastError().text();
        return false;
    }
    if (m_database.dialect() == Database::Dialect::PostgreSQL) {
        QHash<QString, qint64> sequences;
        while (insert->next())
            sequences.insert(insert->value(0).toString(), insert->value(1).toLongLong());
        insert->finish();
        for (CloudEvent &e : events)
            e.sequence = sequences.value(e.id);
    } else {
        // One statement under the write lock: its rows have consecutive sequence numbers.
        const qint64 last = insert->lastInsertId().toLongLong();
        for (qsizetype i = 0; i < events.size(); ++i)
            events[i].sequence = last - (events.size() - 1 - i);
    }
    return true;
}

/*!
    Appends \a entries in order. On PostgreSQL several go in as one JSON document and one
    statement, which saves a round trip per event. On SQLite each is a row of its own: the
    JSON document costs SQLite a parse per field of every event, three times what binding
    the fields of a cached statement costs.
*/
bool Outbox::append(const QList<Entry> &entries, QString *error)
{
    if (entries.size() > 1 && m_database.dialect() == Database::Dialect::PostgreSQL) {
        const auto insert = insertMany(error);
        if (!insert)
            return false;
        qsizetype size = 2;
        for (const Entry &entry : entries)
            size += entry.data.size() + 160;
        QString batch;
        batch.reserve(size);
        batch += QLatin1Char('[');
        for (const Entry &entry : entries)
            appendBatchItem(batch, createUuid7(), entry.type, m_source, entry.subject, entry.time,
                            QString::fromUtf8(entry.data));
        batch += QLatin1Char(']');
        insert->bindValue(0, batch);
        if (!insert->exec()) {
            *error = insert->lastError().text();
            return false;
        }
        insert->finish(); // the rows it returns are not needed here
        return true;
    }
    if (entries.isEmpty())
        return true;
    const auto insert = m_database.statement(insertSql(false), error);
    if (!insert)
        return false;
    const QByteArray source = m_source.toUtf8();
    for (const Entry &entry : entries) {
        insert->bind(0, createUuid7());
        insert->bind(1, entry.type);
        insert->bindUtf8(2, source);
        if (entry.subject.isEmpty())
            insert->bindNull(3);
        else
            insert->bind(3, entry.subject);
        insert->bind(4, entry.time);
        insert->bindUtf8(5, entry.data);
        if (!insert->exec()) {
            *error = insert->errorText();
            return false;
        }
    }
    return true;
}

} // namespace Cairn
