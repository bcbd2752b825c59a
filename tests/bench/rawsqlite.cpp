// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "rawsqlite.h"

#include <sqlite3.h>

namespace CairnBench {

RawSqlite::Statement::~Statement()
{
    // sqlite3_finalize() reports the last step's error again; it was seen already.
    sqlite3_finalize(m_stmt);
}

void RawSqlite::Statement::bindText(int index, const QByteArray &text)
{
    bindText(index, text.constData(), int(text.size()));
}

void RawSqlite::Statement::bindText(int index, const char *text, int size)
{
    const int rc = sqlite3_bind_text(m_stmt, index, text, size, SQLITE_STATIC);
    if (rc != SQLITE_OK) {
        m_owner->fail(rc, "bind");
        m_bindFailed = true;
    }
}

void RawSqlite::Statement::bindInt(int index, qint64 value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK) {
        m_owner->fail(rc, "bind");
        m_bindFailed = true;
    }
}

void RawSqlite::Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK) {
        m_owner->fail(rc, "bind");
        m_bindFailed = true;
    }
}

bool RawSqlite::Statement::execute()
{
    if (m_bindFailed) {
        m_bindFailed = false;
        sqlite3_reset(m_stmt);
        return false;
    }
    const int rc = sqlite3_step(m_stmt);
    // Reset right away so that the statement never holds a read cursor open across COMMIT.
    sqlite3_reset(m_stmt);
    if (rc != SQLITE_DONE)
        return m_owner->fail(rc, "step");
    return true;
}

RawSqlite::Statement::Step RawSqlite::Statement::next()
{
    if (m_bindFailed) {
        m_bindFailed = false;
        return Step::Error;
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    m_owner->fail(rc, "step");
    return Step::Error;
}

const char *RawSqlite::Statement::columnText(int column, int *size) const
{
    // Text first, then its size: the order the sqlite3 documentation asks for.
    const auto text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    *size = sqlite3_column_bytes(m_stmt, column);
    return text;
}

qint64 RawSqlite::Statement::columnInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

void RawSqlite::Statement::reset()
{
    // The error of a failed step comes back here again; next() has recorded it already.
    sqlite3_reset(m_stmt);
}

RawSqlite::~RawSqlite()
{
    close();
}

bool RawSqlite::open(const QString &path)
{
    close();
    const QByteArray file = path.toUtf8();
    const int rc = sqlite3_open_v2(file.constData(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
        fail(rc, "open");
        close();
        return false;
    }
    return true;
}

bool RawSqlite::setUpLikeCairn()
{
    for (const char *pragma :
         {"PRAGMA busy_timeout=5000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
          "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768", "PRAGMA mmap_size=268435456"}) {
        if (!exec(pragma))
            return false;
    }
    return true;
}

void RawSqlite::close()
{
    // Statements are finalized by their owners first; close_v2 waits for stragglers.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

bool RawSqlite::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        m_error = QStringLiteral("%1: %2").arg(QString::fromUtf8(sql),
                                               QString::fromUtf8(message ? message : ""));
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool RawSqlite::prepare(const char *sql, Statement *statement)
{
    sqlite3_finalize(statement->m_stmt);
    statement->m_stmt = nullptr;
    statement->m_owner = this;
    const int rc = sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement->m_stmt,
                                      nullptr);
    if (rc != SQLITE_OK)
        return fail(rc, "prepare");
    return true;
}

QByteArray RawSqlite::queryText(const char *sql)
{
    sqlite3_stmt *stmt = nullptr;
    int rc = sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr);
    if (rc != SQLITE_OK) {
        fail(rc, "prepare");
        return {};
    }
    QByteArray text;
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        text = QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    else if (rc != SQLITE_DONE)
        fail(rc, "step");
    sqlite3_finalize(stmt);
    return text;
}

QString RawSqlite::libraryVersion()
{
    return QString::fromLatin1(sqlite3_libversion());
}

// Records the error of a failed call; always false, so callers can return it.
bool RawSqlite::fail(int code, const char *what)
{
    m_error = QStringLiteral("sqlite3 %1: %2 (%3)")
                      .arg(QString::fromLatin1(what),
                           QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code)))
                      .arg(code);
    return false;
}

} // namespace CairnBench
