// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"
#include "error.h"
#include "sqlstatement_p.h"

#include <QList>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace Cairn {

/*
 * The rows that sql gives with values bound in order, each made by read(const QSqlQuery &),
 * through the connection's statement cache; the statement is finished after, so that SQLite
 * keeps no read snapshot open.
 */
template<typename Read>
auto selectRows(Database &db, const QString &sql, const QVariantList &values, Read read)
        -> Result<QList<decltype(read(std::declval<const QSqlQuery &>()))>>
{
    using Row = decltype(read(std::declval<const QSqlQuery &>()));
    QString why;
    const std::shared_ptr<QSqlQuery> query = db.cachedQuery(sql, &why);
    if (!query)
        return Error::database(why);
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec()) {
        const QSqlError error = query->lastError();
        return Error::database(
                (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed());
    }
    QList<Row> rows;
    while (query->next())
        rows.append(read(*query));
    query->finish();
    return rows;
}

// The same through a SqlStatement, each row made by read(const SqlStatement &): for the
// queries the scheduler runs per job.
template<typename Read>
auto selectStatementRows(Database &db, const QString &sql, const QVariantList &values, Read read)
        -> Result<QList<decltype(read(std::declval<const SqlStatement &>()))>>
{
    using Row = decltype(read(std::declval<const SqlStatement &>()));
    QString why;
    const std::shared_ptr<SqlStatement> statement = db.statement(sql, &why);
    if (!statement)
        return Error::database(why);
    for (qsizetype i = 0; i < values.size(); ++i)
        statement->bind(int(i), values.at(i));
    if (!statement->exec())
        return Error::database(statement->errorText());
    QList<Row> rows;
    while (statement->next())
        rows.append(read(*statement));
    if (!statement->errorText().isEmpty())
        return Error::database(statement->errorText());
    return rows;
}

} // namespace Cairn
