// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"

#include <QEventLoop>
#include <QObject>
#include <QTextStream>

#include <chrono>

namespace CairnCtl {

class Console;
class EventFeed;

/*
 * The loop of "event tail": prints events as the feed delivers them, one line each, flushed
 * at once, until enough were printed, the time is up, or SIGINT or SIGTERM comes.
 */
class EventFollower : public QObject
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 count = 0; // events to print before stopping; 0: no limit
        std::chrono::milliseconds timeout{0}; // stop after this long; 0: never
    };

    EventFollower(Console &console, const Limits &limits);

    // Prints "ready" on standard error once every later event is sure to be seen, so that
    // a script (or a test) knows when to start publishing.
    void setAnnounceReady(bool announce) { m_announceReady = announce; }

    // Prints past, then what feed delivers. A durable feed's cursor moves past each event
    // only once that event is written out: a crash repeats at most the event being printed.
    // Gives the exit code.
    int follow(const QList<Cairn::CloudEvent> &past, EventFeed &feed);

private:
    // Prints event and moves on; stops the loop once the count is reached.
    void print(const Cairn::CloudEvent &event);
    void finish(int exitCode);
    void warn(const QString &message);

    Console &m_console;
    Limits m_limits;
    QEventLoop m_loop;
    QTextStream m_err;
    EventFeed *m_feed = nullptr;
    bool m_announceReady = false;
    qint64 m_printed = 0;
    bool m_done = false;
    int m_exitCode = 0;
};

} // namespace CairnCtl
