// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "logfollower.h"

#include "console.h"
#include "logfeed.h"
#include "signalwatcher.h"

#include <cstdio>

namespace CairnCtl {

LogFollower::LogFollower(Console &console, LogFeed &feed)
    : m_console(console), m_feed(feed), m_err(stderr, QIODeviceBase::WriteOnly)
{ }

int LogFollower::follow()
{
    m_console.out().flush();
    if (!m_out.open(stdout, QIODevice::WriteOnly))
        return m_console.databaseError(tr("cannot write to standard output"));

    connect(&m_feed, &LogFeed::output, this, &LogFollower::write);
    connect(&m_feed, &LogFeed::attemptEnded, this, [this](int ended, int next) {
        if (m_done)
            return;
        m_err << QCoreApplication::applicationName() << QStringLiteral(": ")
              << tr("attempt %1 has ended; attempt %2 follows").arg(ended).arg(next) << Qt::endl;
    });
    connect(&m_feed, &LogFeed::finished, this,
            [this](bool passed) { finish(passed ? ExitOk : ExitFailed); });
    connect(&m_feed, &LogFeed::failed, this,
            [this](const Cairn::Error &error) { finish(m_console.fail(error)); });
    // Without it the signals end the process, as they would any other command.
    Cairn::SignalWatcher watcher;
    if (watcher.watch({SIGINT, SIGTERM}))
        connect(&watcher, &Cairn::SignalWatcher::received, this, [this] {
            // What was written by now is printed first.
            m_feed.stop();
            finish(ExitOk);
        });
    m_feed.start();
    if (!m_done)
        m_loop.exec();
    m_feed.stop();
    return m_exitCode;
}

void LogFollower::write(const QByteArray &bytes)
{
    if (m_done)
        return;
    if (m_out.write(bytes) != bytes.size() || !m_out.flush()) {
        // Exit code 3, the one for what fails beneath the command, as the database does.
        finish(m_console.databaseError(tr("cannot write to standard output")));
        m_feed.stop();
    }
}

void LogFollower::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    m_loop.quit();
}

} // namespace CairnCtl
