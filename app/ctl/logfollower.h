// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "jobqueue.h"
#include "node.h"

#include <QEventLoop>
#include <QFile>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTextStream>
#include <QTimer>

namespace Cairn {
class Database;
class EventBus;
class NodeStore;
} // namespace Cairn

namespace CairnCtl {

class Console;

/*
 * The loop of "job log --follow": prints what is appended to the log of the attempt being
 * followed, moves on to the next attempt once one has ended, and stops when the job has
 * finished or SIGINT or SIGTERM comes.
 *
 * The file's growth is seen through QFileSystemWatcher, with a short poll as the fallback
 * for file systems that do not report changes; the job's state through the bus, with the
 * same poll. An attempt is over once the queue says so, and its log is then complete: the
 * runtime writes all of it before the end is recorded.
 */
class LogFollower : public QObject
{
    Q_OBJECT
public:
    LogFollower(Console &console, Cairn::NodeStore &store, Cairn::Database &database,
                Cairn::EventBus &bus);

    // Prints the log of attempt firstAttempt (0: the latest) and of the attempts after it.
    // Gives the exit code: 0 when the job passed, 1 when it did not, 0 when interrupted.
    int follow(const QString &jobId, int firstAttempt);

    // Where the log of attempt of job is: beside the latest one, which the job node's "log"
    // artifact names.
    static Cairn::Result<QString> logPath(const Cairn::Node &job, int attempt);

private:
    void refresh();
    // Opens the log of m_attempt once it exists.
    void openLog(const Cairn::Node &job);
    void closeLog();
    // Prints what was appended since the last read.
    void readLog();
    void finish(int exitCode);

    Console &m_console;
    Cairn::NodeStore &m_store;
    Cairn::EventBus &m_bus;
    Cairn::JobQueue m_queue;
    QString m_jobId;
    int m_attempt = 0; // the attempt being printed; 0 until the job has started
    QFile m_log;
    QFile m_out;
    QTextStream m_err;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QTimer m_refreshSoon;
    QEventLoop m_loop;
    int m_subscription = 0;
    bool m_done = false;
    int m_exitCode = 0;
};

} // namespace CairnCtl
