// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"

#include <QJsonObject>
#include <QSqlQuery>

namespace Cairn {

/*
 * Writes CloudEvents into the events table inside the caller's open transaction, so that an
 * event commits or rolls back with the change it tells of.
 */
class Outbox
{
public:
    // Call inside a Transaction of database, before the first append().
    Outbox(Database &database, const QString &source);

    // On PostgreSQL, holds the outbox lock until the transaction ends, so that events commit
    // in the order of their sequence numbers and a reader never skips one that is late.
    [[nodiscard]] bool lock(QString *error);
    [[nodiscard]] bool append(const QString &type, const QString &subject, const QJsonObject &data,
                              QString *error);

private:
    Database &m_database;
    QString m_source;
    QSqlQuery m_insert;
};

} // namespace Cairn
