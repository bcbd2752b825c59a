// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QEventLoop>
#include <QFile>
#include <QObject>
#include <QTextStream>

namespace CairnCtl {

class Console;
class LogFeed;

/*
 * The loop of "job log --follow": writes what the feed delivers of a job's log to standard
 * output as it comes, says on standard error when one attempt's log ends and the next one's
 * follows, and stops when the job has finished or SIGINT or SIGTERM comes.
 */
class LogFollower : public QObject
{
    Q_OBJECT
public:
    LogFollower(Console &console, LogFeed &feed);

    // Gives the exit code: 0 when the job passed, 1 when it did not, 0 when interrupted.
    int follow();

private:
    void write(const QByteArray &bytes);
    void finish(int exitCode);

    Console &m_console;
    LogFeed &m_feed;
    QFile m_out;
    QTextStream m_err;
    QEventLoop m_loop;
    bool m_done = false;
    int m_exitCode = 0;
};

} // namespace CairnCtl
