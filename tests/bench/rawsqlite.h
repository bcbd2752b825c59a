// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace CairnBench {

/*
 * The raw-SQLite reference's only door to the sqlite3 C API: every return code is checked
 * and turned into errorString(), so the measuring code stays free of C details. It does
 * nothing that costs time beyond the C calls themselves, because it is the yardstick.
 */
class RawSqlite
{
public:
    // A prepared statement; bind, step and reset it as often as needed.
    class Statement
    {
    public:
        Statement() = default;
        ~Statement();
        Statement(const Statement &) = delete;
        Statement &operator=(const Statement &) = delete;

        // The text must stay alive until the statement is stepped (SQLITE_STATIC binding):
        // copying it would add work that Cairn's side does not pay either.
        void bindText(int index, const QByteArray &text);
        void bindText(int index, const char *text, int size);
        void bindInt(int index, qint64 value);
        void bindNull(int index);
        // Runs an INSERT or UPDATE to completion and makes the statement ready to run again.
        [[nodiscard]] bool execute();

        // For queries: next() until it gives Done or Error, reading columns on each Row,
        // then reset().
        enum class Step { Row, Done, Error };
        Step next();
        // Valid until the next call of next() or reset().
        const char *columnText(int column, int *size) const;
        qint64 columnInt(int column) const;
        void reset();

    private:
        friend class RawSqlite;
        RawSqlite *m_owner = nullptr;
        sqlite3_stmt *m_stmt = nullptr;
        bool m_bindFailed = false;
    };

    RawSqlite() = default;
    ~RawSqlite();
    RawSqlite(const RawSqlite &) = delete;
    RawSqlite &operator=(const RawSqlite &) = delete;

    [[nodiscard]] bool open(const QString &path);
    // Sets what Cairn::Database sets on its SQLite connections: the busy timeout (through
    // the Qt driver) and the WAL, synchronous=NORMAL and foreign-key pragmas.
    [[nodiscard]] bool setUpLikeCairn();
    void close();
    [[nodiscard]] bool exec(const char *sql);
    [[nodiscard]] bool prepare(const char *sql, Statement *statement);
    // The first column of the first row of a query, as text; empty on failure or no row.
    QByteArray queryText(const char *sql);
    QString errorString() const { return m_error; }

    static QString libraryVersion();

private:
    bool fail(int code, const char *what);

    sqlite3 *m_db = nullptr;
    QString m_error;
};

} // namespace CairnBench
