// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace Cairn {

/*
 * Copies an SQLite database's write-ahead log back into the database file on a thread of
 * its own, so that the thread that commits never waits for it.
 *
 * SQLite does that copy (a checkpoint) in the connection that commits once the log holds
 * 1000 pages, and it ends with an fsync of the database file: the scheduler, which commits
 * many times a second, stopped for it every few hundred jobs. The connections attached here
 * leave it to this thread, which checkpoints through a connection of its own whenever a
 * commit finds the log past Threshold pages (PASSIVE: writers go on meanwhile). Threshold
 * is above SQLite's 1000 because the queue rewrites the same index and table pages in
 * commit after commit, and a checkpoint copies each page once however often the log holds
 * it. Should the log still grow past HardLimit pages (64 MiB of 4 KiB pages), say under a
 * write load that never pauses, the committing connection checkpoints itself as SQLite
 * would have, so the log stays bounded.
 */
class WalCheckpointer
{
public:
    static constexpr int Threshold = 4000;
    static constexpr int HardLimit = 16000;

    explicit WalCheckpointer(const QString &path);
    ~WalCheckpointer(); // stops the thread and closes its connection
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Turns off db's own checkpoints and reports its commits here. Detach before db closes.
    void attach(sqlite3 *db);
    // Gives db its own checkpoints back.
    static void detach(sqlite3 *db);

    // Checkpoints done by the thread so far.
    int checkpoints() const;

private:
    static int committed(void *self, sqlite3 *db, const char *name, int pages);
    void request();
    void run();

    const QByteArray m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stop = false;
    int m_checkpoints = 0;
    std::thread m_thread; // started by the first request
};

} // namespace Cairn
