// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "eventfilter.h"

#include <QEventLoop>
#include <QObject>
#include <QTextStream>

#include <chrono>

namespace Cairn {
class DurableSubscription;
class EventBus;
} // namespace Cairn

namespace CairnCtl {

class Console;

/*
 * The loop of "event tail": prints events as the bus delivers them, one line each, flushed
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

    EventFollower(Console &console, Cairn::EventBus &bus, const Limits &limits);

    // Prints "ready" on standard error once every later event is sure to be seen, so that
    // a script (or a test) knows when to start publishing.
    void setAnnounceReady(bool announce) { m_announceReady = announce; }

    // Prints past, then each new event that matches filter and comes after sequence after.
    // Gives the exit code.
    int follow(const QList<Cairn::CloudEvent> &past, const Cairn::EventFilter &filter,
               qint64 after);
    // Prints what subscription delivers, and moves its cursor past each event only once that
    // event is written out: a crash repeats at most the event being printed. Gives the exit
    // code.
    int followDurable(Cairn::DurableSubscription *subscription);

private:
    // Prints event and moves on; stops the loop once the count is reached.
    void print(const Cairn::CloudEvent &event);
    int run();
    void finish(int exitCode);
    void warn(const QString &message);

    Console &m_console;
    Cairn::EventBus &m_bus;
    Limits m_limits;
    QEventLoop m_loop;
    QTextStream m_err;
    bool m_announceReady = false;
    qint64 m_printed = 0;
    qint64 m_after = 0;
    int m_subscription = 0;
    Cairn::DurableSubscription *m_durable = nullptr;
    bool m_done = false;
    int m_exitCode = 0;
};

} // namespace CairnCtl
