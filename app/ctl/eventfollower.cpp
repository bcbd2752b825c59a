// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventfollower.h"

#include "console.h"
#include "eventfeed.h"
#include "eventprinter.h"
#include "signalwatcher.h"

#include <QTimer>

#include <cstdio>

using Cairn::CloudEvent;

namespace CairnCtl {

EventFollower::EventFollower(Console &console, const Limits &limits)
    : m_console(console), m_limits(limits), m_err(stderr, QIODeviceBase::WriteOnly)
{ }

/*!
    Prints \a past, then follows \a feed until enough events were printed, the time is up or
    a signal comes.
*/
int EventFollower::follow(const QList<CloudEvent> &past, EventFeed &feed)
{
    for (const CloudEvent &event : past) {
        if (m_done)
            return m_exitCode;
        print(event);
    }
    if (m_done)
        return m_exitCode;
    m_feed = &feed;

    connect(&feed, &EventFeed::received, this, &EventFollower::print);
    connect(&feed, &EventFeed::eventsLost, this, [this](qint64 from, qint64 to) {
        warn(tr("events %1 to %2 were deleted by the retention before subscription '%3' read "
                "them")
                     .arg(from)
                     .arg(to)
                     .arg(m_feed->subscriptionName()));
    });
    connect(&feed, &EventFeed::failed, this,
            [this](const Cairn::Error &error) { finish(m_console.fail(error)); });
    connect(&feed, &EventFeed::ready, this, [this] {
        if (m_announceReady && !m_done)
            m_err << QStringLiteral("ready") << Qt::endl;
    });
    Cairn::SignalWatcher watcher;
    if (watcher.watch({SIGINT, SIGTERM}))
        connect(&watcher, &Cairn::SignalWatcher::received, this, [this] { finish(ExitOk); });
    else
        warn(watcher.errorString());
    if (m_limits.timeout.count() > 0)
        QTimer::singleShot(m_limits.timeout, this, [this] { finish(ExitOk); });
    feed.start();
    if (!m_done)
        m_loop.exec();
    feed.stop();
    return m_exitCode;
}

void EventFollower::print(const CloudEvent &event)
{
    if (m_done)
        return;
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
    if (m_feed) {
        if (const Cairn::Status stored = m_feed->acknowledge(event.sequence); !stored) {
            finish(m_console.fail(stored.error()));
            return;
        }
    }
    ++m_printed;
    if (m_limits.count > 0 && m_printed >= m_limits.count)
        finish(ExitOk);
}

void EventFollower::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    if (m_feed)
        m_feed->stop();
    m_loop.quit();
}

void EventFollower::warn(const QString &message)
{
    m_console.out().flush();
    m_err << QCoreApplication::applicationName() << QStringLiteral(": ") << message << Qt::endl;
}

} // namespace CairnCtl
