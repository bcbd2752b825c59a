// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "logfollower.h"

#include "console.h"
#include "eventbus.h"
#include "nodestore.h"
#include "signalwatcher.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <cstdio>

using Cairn::CloudEvent;
using Cairn::Error;
using Cairn::JobState;
using Cairn::Node;

namespace CairnCtl {

namespace {

// How soon output shows when the file system does not report changes, and how soon the end
// of an attempt is seen when an event is missed.
constexpr std::chrono::milliseconds PollInterval(250);
constexpr std::chrono::milliseconds BusInterval(100);
constexpr qint64 ChunkSize = 64 * 1024;

} // namespace

LogFollower::LogFollower(Console &console, Cairn::NodeStore &store, Cairn::Database &database,
                         Cairn::EventBus &bus)
    : m_console(console),
      m_store(store),
      m_bus(bus),
      m_queue(database),
      m_err(stderr, QIODeviceBase::WriteOnly)
{
    m_poll.setInterval(PollInterval);
    connect(&m_poll, &QTimer::timeout, this, &LogFollower::refresh);
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(0);
    connect(&m_refreshSoon, &QTimer::timeout, this, &LogFollower::refresh);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &LogFollower::readLog);
}

/*!
    The log of attempt \a attempt of \a job: the "log" artifact names the latest attempt's
    log, in a folder of its own beside the folders of the other attempts (see
    JobQueue::attemptDir()).
*/
Cairn::Result<QString> LogFollower::logPath(const Node &job, int attempt)
{
    const QString url = job.artifacts.value(QStringLiteral("log")).toString();
    if (url.isEmpty())
        return Error::notFound(tr("Job %1 has no log yet: it has not started.").arg(job.id));
    const QUrl location(url);
    if (!location.isLocalFile())
        return Error::notFound(tr("The log of job %1 is not a local file: %2").arg(job.id, url));
    const QString latest = location.toLocalFile();
    const int latestAttempt = job.data.value(QStringLiteral("attempt")).toInt();
    if (attempt == latestAttempt)
        return latest;
    QDir attempts = QFileInfo(latest).dir();
    if (attempts.dirName() != QString::number(latestAttempt) || !attempts.cdUp())
        return Error::notFound(tr("The log of attempt %1 of job %2 cannot be found from %3.")
                                       .arg(QString::number(attempt), job.id, latest));
    return attempts.filePath(QString::number(attempt) + u'/' + QFileInfo(latest).fileName());
}

int LogFollower::follow(const QString &jobId, int firstAttempt)
{
    m_jobId = jobId;
    m_attempt = firstAttempt;
    m_console.out().flush();
    if (!m_out.open(stdout, QIODevice::WriteOnly))
        return m_console.databaseError(tr("cannot write to standard output"));

    m_bus.setPollInterval(BusInterval);
    const auto filter = Cairn::EventFilter::parse(
            {QStringLiteral("type=cairn.node.updated"), QStringLiteral("subject=") + jobId});
    if (!filter)
        return m_console.fail(filter.error());
    m_subscription = m_bus.subscribe(*filter, this, [this](const CloudEvent &) {
        if (!m_done)
            m_refreshSoon.start();
    });
    // Without it the signals end the process, as they would any other command.
    Cairn::SignalWatcher watcher;
    if (watcher.watch({SIGINT, SIGTERM}))
        connect(&watcher, &Cairn::SignalWatcher::received, this, [this] {
            readLog();
            finish(ExitOk);
        });
    m_poll.start();
    refresh();
    if (!m_done)
        m_loop.exec();
    return m_exitCode;
}

/*!
    Reads the job, then the log: an attempt the queue says is over has all of its output in
    the file by then.
*/
void LogFollower::refresh()
{
    if (m_done)
        return;
    const auto row = m_queue.job(m_jobId);
    if (!row) {
        finish(m_console.fail(row.error()));
        return;
    }
    const auto job = m_store.get(m_jobId);
    if (!job) {
        finish(m_console.fail(job.error()));
        return;
    }
    const bool jobFinished = Cairn::JobStates::isFinished(row->state);
    const int passed = row->state == JobState::Done && row->result == Node::Outcome::Pass
            ? ExitOk
            : ExitFailed;
    if (m_attempt == 0)
        m_attempt = row->attempt;
    if (m_attempt == 0 || m_attempt > row->attempt) {
        // Not started yet, or the attempt asked for is still to come; once the job has
        // finished, it never will.
        if (jobFinished)
            finish(passed);
        return;
    }
    for (;;) {
        openLog(*job);
        readLog();
        if (m_done)
            return;
        const bool attemptOver = m_attempt < row->attempt || row->state != JobState::InProgress;
        if (!attemptOver)
            return;
        if (m_attempt < row->attempt) {
            closeLog();
            ++m_attempt;
            m_err << QCoreApplication::applicationName() << QStringLiteral(": ")
                  << tr("attempt %1 has ended; attempt %2 follows")
                             .arg(m_attempt - 1)
                             .arg(m_attempt)
                  << Qt::endl;
            continue;
        }
        if (jobFinished)
            finish(passed);
        // Else it is READY for another attempt, which has not started yet.
        return;
    }
}

void LogFollower::openLog(const Node &job)
{
    if (m_log.isOpen())
        return;
    const auto path = logPath(job, m_attempt);
    if (!path) {
        finish(m_console.fail(path.error()));
        return;
    }
    // The runtime makes it when the attempt starts; until then there is nothing to print.
    if (!QFileInfo::exists(*path))
        return;
    m_log.setFileName(*path);
    if (!m_log.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        finish(m_console.fail(
                Error::notFound(tr("Cannot read the log %1: %2").arg(*path, m_log.errorString()))));
        return;
    }
    m_watcher.addPath(*path);
}

void LogFollower::closeLog()
{
    if (!m_log.isOpen())
        return;
    m_watcher.removePath(m_log.fileName());
    m_log.close();
}

void LogFollower::readLog()
{
    if (!m_log.isOpen() || m_done)
        return;
    for (;;) {
        const QByteArray chunk = m_log.read(ChunkSize);
        if (chunk.isEmpty())
            break;
        if (m_out.write(chunk) != chunk.size()) {
            finish(m_console.databaseError(tr("cannot write to standard output")));
            return;
        }
    }
    if (!m_out.flush())
        finish(m_console.databaseError(tr("cannot write to standard output")));
}

void LogFollower::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    if (m_subscription != 0)
        m_bus.unsubscribe(m_subscription);
    m_poll.stop();
    m_refreshSoon.stop();
    closeLog();
    m_loop.quit();
}

} // namespace CairnCtl
