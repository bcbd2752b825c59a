// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "database.h"

#include <QJsonObject>
#include <QSqlQuery>

#include <memory>

namespace Cairn {

/*
 * Writes CloudEvents into the events table inside the caller's open transaction, so that an
 * event commits or rolls back with the change it tells of.
 */
class Outbox
{
public:
    // Its statements are the database's, prepared once per connection and kept, so they
    // outlive any transaction (PostgreSQL refuses to free one inside a failed transaction).
    Outbox(Database &database, const QString &source);

    // On PostgreSQL, holds the outbox lock until the transaction ends, so that events commit
    // in the order of their sequence numbers and a reader never skips one that is late.
    [[nodiscard]] bool lock(QString *error);
    // An event of this outbox's source, with a new id and the time now.
    [[nodiscard]] bool append(const QString &type, const QString &subject, const QJsonObject &data,
                              QString *error);
    // The same with data already written as JSON text.
    [[nodiscard]] bool append(const QString &type, const QString &subject, const QString &dataText,
                              QString *error);
    // A complete event (id, time and source set); its sequence number in *sequence.
    [[nodiscard]] bool append(const CloudEvent &event, qint64 *sequence, QString *error);

    // Many complete events in one statement: the events go in as one JSON document, so
    // that a burst of device messages is not bound value by value. Sets their sequences.
    [[nodiscard]] bool append(QList<CloudEvent> &events, QString *error);

    // An event of this outbox's source whose data is JSON text already (UTF-8), and its
    // time text.
    struct Entry
    {
        QString type;
        QString subject;
        QString time;
        QByteArray data;
    };
    // Entries, each with a new id, in order and in one statement when there are several.
    [[nodiscard]] bool append(const QList<Entry> &entries, QString *error);

    // JSON text of any JSON value, for a data column; null for Null and Undefined.
    static QVariant jsonValueText(const QJsonValue &value);

private:
    // The statements, prepared once per connection (see Database::cachedQuery()).
    QString insertSql(bool returning) const;
    [[nodiscard]] std::shared_ptr<QSqlQuery> insertOne(bool returning, QString *error);
    [[nodiscard]] std::shared_ptr<QSqlQuery> insertMany(QString *error);

    Database &m_database;
    QString m_source;
};

} // namespace Cairn
