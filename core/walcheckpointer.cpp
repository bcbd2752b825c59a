// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "walcheckpointer_p.h"

#include "logging.h"

#include <sqlite3.h>

namespace Cairn {

WalCheckpointer::WalCheckpointer(const QString &path) : m_path(path.toUtf8()) { }

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void WalCheckpointer::attach(sqlite3 *db)
{
    if (!db)
        return;
    sqlite3_wal_autocheckpoint(db, 0);
    sqlite3_wal_hook(db, &WalCheckpointer::committed, this);
}

void WalCheckpointer::detach(sqlite3 *db)
{
    if (db)
        sqlite3_wal_autocheckpoint(db, WalCheckpointer::Threshold); // replaces the hook
}

int WalCheckpointer::checkpoints() const
{
    std::lock_guard lock(m_mutex);
    return m_checkpoints;
}

// SQLite's wal hook: called after each commit of an attached connection, with the pages the
// log holds.
int WalCheckpointer::committed(void *self, sqlite3 *db, const char *name, int pages)
{
    if (pages >= HardLimit)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    else if (pages >= Threshold)
        static_cast<WalCheckpointer *>(self)->request();
    return SQLITE_OK;
}

void WalCheckpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stop || m_pending)
            return;
        m_pending = true;
        if (!m_thread.joinable())
            m_thread = std::thread(&WalCheckpointer::run, this);
    }
    m_wake.notify_one();
}

void WalCheckpointer::run()
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        qCWarning(lcStore).noquote() << "the log of" << QString::fromUtf8(m_path)
                                     << "cannot be checkpointed in the background:"
                                     << QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return; // the hard limit still bounds the log
    }
    // A checkpoint waits for no one: PASSIVE copies what no reader still needs. A connection
    // learns that the file is in WAL mode from its first read.
    sqlite3_busy_timeout(db, 0);
    sqlite3_exec(db, "PRAGMA journal_mode", nullptr, nullptr, nullptr);
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_pending || m_stop; });
        if (m_stop)
            break;
        m_pending = false;
        lock.unlock();
        int logPages = 0;
        int copied = 0;
        const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logPages,
                                                 &copied);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            qCWarning(lcStore).noquote() << "checkpoint of" << QString::fromUtf8(m_path)
                                         << "failed:" << QString::fromUtf8(sqlite3_errmsg(db));
        lock.lock();
        ++m_checkpoints;
    }
    lock.unlock();
    sqlite3_close(db);
}

} // namespace Cairn
