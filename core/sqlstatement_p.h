// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

#include <memory>

class QSqlQuery;
struct sqlite3;
struct sqlite3_stmt;

namespace Cairn {

/*
 * A prepared statement of the queue's and the node writer's hot paths, with positional
 * parameters (0-based, as QSqlQuery's) and typed columns.
 *
 * On SQLite it drives the Qt connection's own sqlite3 handle: QSqlQuery names every
 * positional parameter anew on each bind and hands SQLite UTF-16 text that SQLite turns
 * back into the UTF-8 it stores, which together cost the scheduler more than the writes
 * themselves. Here text goes in and out as UTF-8. On PostgreSQL it forwards to a QSqlQuery.
 *
 * Get one from Database::statement(); it belongs to the calling thread's connection.
 * exec() runs it, next() steps through the rows it gives, finish() lets go of them (SQLite
 * keeps a read snapshot open until then). A statement that gives no rows is finished by
 * exec() already.
 */
class SqlStatement
{
public:
    SqlStatement(sqlite3 *db, sqlite3_stmt *statement);
    explicit SqlStatement(std::shared_ptr<QSqlQuery> query);
    ~SqlStatement();
    SqlStatement(const SqlStatement &) = delete;
    SqlStatement &operator=(const SqlStatement &) = delete;

    // A null QString binds NULL, as it does with QSqlQuery.
    void bind(int index, const QString &text);
    // UTF-8 text, kept by the statement until the next exec().
    void bindUtf8(int index, const QByteArray &text);
    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bindNull(int index);
    // Strings, whole numbers, booleans and nulls; other types bind their text.
    void bind(int index, const QVariant &value);

    [[nodiscard]] bool exec();
    [[nodiscard]] bool next();
    void finish();

    bool isNull(int column) const;
    QString text(int column) const;
    // Valid until the next step.
    QByteArray utf8(int column) const;
    qint64 integer(int column) const;

    // Rows the last exec() inserted, changed or deleted.
    qint64 rowsAffected() const { return m_rowsAffected; }
    // The rowid of the last row inserted on SQLite.
    qint64 lastInsertId() const;

    // Why the last exec() or next() failed, as the database put it; nativeCode is SQLite's
    // extended result code or PostgreSQL's SQLSTATE.
    QString errorText() const { return m_errorText; }
    QString nativeCode() const { return m_nativeCode; }

    // Finalizes the SQLite statement now, before its connection closes; afterwards every
    // exec() fails.
    void release();

private:
    bool fail(int code);
    bool ready();

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    std::shared_ptr<QSqlQuery> m_query;
    QList<QByteArray> m_texts; // UTF-8 bound without a copy, kept until the next exec()
    bool m_pendingRow = false; // exec() stepped onto a first row next() has not given yet
    bool m_active = false;
    qint64 m_rowsAffected = 0;
    QString m_errorText;
    QString m_nativeCode;
};

} // namespace Cairn
