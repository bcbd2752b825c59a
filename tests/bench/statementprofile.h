// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>

namespace Cairn {
class Database;
}

namespace CairnBench {

/*
 * Counts the SQL statements one thread's connection of a Database runs, and the time each
 * takes, through SQLite's trace hooks. The time of a statement runs from its first step to
 * its reset, so for a query it includes the caller's reading of the rows. It is taken on a
 * monotonic clock of this program: SQLite's own profile figure has millisecond ticks here.
 */
class StatementProfile
{
public:
    struct Entry
    {
        QString sql;
        qint64 count = 0;
        qint64 nanoseconds = 0;
    };

    StatementProfile() = default;
    ~StatementProfile();
    StatementProfile(const StatementProfile &) = delete;
    StatementProfile &operator=(const StatementProfile &) = delete;

    // Traces the calling thread's connection of database. Fails, saying why, when Qt's
    // driver does not run the SQLite library this program links.
    [[nodiscard]] bool attach(Cairn::Database &database, QString *why);
    void detach();

    // Most time first.
    QList<Entry> entries() const;

private:
    static int callback(unsigned type, void *context, void *statement, void *detail);

    void *m_handle = nullptr; // sqlite3*
    QElapsedTimer m_clock;
    QHash<void *, qint64> m_started; // statement -> its first step, on m_clock
    QHash<QString, Entry> m_entries;
};

} // namespace CairnBench
