// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventfollower.h"

#include "console.h"
#include "durablesubscription.h"
#include "eventbus.h"
#include "eventprinter.h"
#include "signalwatcher.h"

#include <QTimer>

#include <cstdio>

using Cairn::CloudEvent;

namespace CairnCtl {

EventFollower::EventFollower(Console &console, Cairn::EventBus &bus, const Limits &limits)
    : m_console(console), m_bus(bus), m_limits(limits), m_err(stderr, QIODeviceBase::WriteOnly)
{ }

/*!
    Prints \a past, then follows the bus: every event that matches \a filter with a
    sequence after \a after. The bus delivers everything after the last event it had seen
    when it was made, so events that \a past already holds can come again; the sequence
    number tells them apart.
*/
int EventFollower::follow(const QList<CloudEvent> &past, const Cairn::EventFilter &filter,
                          qint64 after)
{
    m_after = after;
    for (const CloudEvent &event : past) {
        if (m_done)
            return m_exitCode;
        print(event);
    }
    if (m_done)
        return m_exitCode;
    m_subscription = m_bus.subscribe(filter, this, [this](const CloudEvent &event) {
        if (m_done || event.sequence <= m_after)
            return;
        m_after = event.sequence;
        print(event);
    });
    return run();
}

int EventFollower::followDurable(Cairn::DurableSubscription *subscription)
{
    m_durable = subscription;
    m_durable->setAutoAcknowledge(false);
    connect(m_durable, &Cairn::DurableSubscription::eventsLost, this,
            [this](qint64 from, qint64 to) {
                warn(tr("events %1 to %2 were deleted by the retention before "
                        "subscription '%3' read them")
                             .arg(from)
                             .arg(to)
                             .arg(m_durable->name()));
            });
    connect(m_durable, &Cairn::DurableSubscription::eventReceived, this,
            [this](const CloudEvent &event) {
                if (m_done)
                    return;
                print(event);
                if (m_exitCode != ExitOk)
                    return;
                if (const Cairn::Status stored = m_durable->acknowledge(event.sequence); !stored)
                    finish(m_console.fail(stored.error()));
            });
    m_durable->start();
    return run();
}

void EventFollower::print(const CloudEvent &event)
{
    EventPrinter(m_console).printLine(event);
    // A reader at the other end of a pipe gets each event as it happens, and a durable
    // cursor moves only past what has left the process.
    m_console.out().flush();
    if (m_console.out().status() != QTextStream::Ok) {
        // Not acknowledged, so a durable subscription gives it again. Exit code 3, the one
        // for what fails beneath the command, as the database does.
        finish(m_console.databaseError(tr("cannot write to standard output")));
        return;
    }
    ++m_printed;
    if (m_limits.count > 0 && m_printed >= m_limits.count)
        finish(ExitOk);
}

int EventFollower::run()
{
    if (m_done)
        return m_exitCode;
    Cairn::SignalWatcher watcher;
    if (watcher.watch({SIGINT, SIGTERM}))
        connect(&watcher, &Cairn::SignalWatcher::received, this, [this] { finish(ExitOk); });
    else
        warn(watcher.errorString());
    if (m_limits.timeout.count() > 0)
        QTimer::singleShot(m_limits.timeout, this, [this] { finish(ExitOk); });
    if (m_announceReady)
        m_err << QStringLiteral("ready") << Qt::endl;
    m_loop.exec();
    return m_exitCode;
}

void EventFollower::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    if (m_subscription != 0)
        m_bus.unsubscribe(m_subscription);
    if (m_durable)
        m_durable->stop();
    m_loop.quit();
}

void EventFollower::warn(const QString &message)
{
    m_console.out().flush();
    m_err << QCoreApplication::applicationName() << QStringLiteral(": ") << message << Qt::endl;
}

} // namespace CairnCtl
