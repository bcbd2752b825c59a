// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "locallogfeed.h"

#include "eventbus.h"
#include "jobqueue.h"
#include "nodestore.h"

#include <joblog.h>

#include <QFileInfo>

using Cairn::Error;
using Cairn::JobState;
using Cairn::Node;

namespace CairnCtl {

namespace {

// How soon output shows when the file system does not report changes, and how soon the end
// of an attempt is seen when an event is missed.
constexpr std::chrono::milliseconds PollInterval(250);
constexpr qint64 ChunkSize = 64 * 1024;

} // namespace

LocalLogFeed::LocalLogFeed(Cairn::NodeStore &store, Cairn::JobQueue &queue, Cairn::EventBus &bus,
                           const Cairn::EventFilter &filter, const QString &jobId, int firstAttempt)
    : m_store(store),
      m_queue(queue),
      m_bus(bus),
      m_filter(filter),
      m_jobId(jobId),
      m_attempt(firstAttempt)
{
    m_poll.setInterval(PollInterval);
    connect(&m_poll, &QTimer::timeout, this, &LocalLogFeed::refresh);
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(0);
    connect(&m_refreshSoon, &QTimer::timeout, this, &LocalLogFeed::refresh);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &LocalLogFeed::readLog);
}

LocalLogFeed::~LocalLogFeed()
{
    end();
}

void LocalLogFeed::start()
{
    m_subscription = m_bus.subscribe(m_filter, this, [this](const Cairn::CloudEvent &) {
        if (!m_done)
            m_refreshSoon.start();
    });
    m_poll.start();
    refresh();
}

void LocalLogFeed::stop()
{
    readLog();
    end();
}

/*!
    Reads the job, then the log: an attempt the queue says is over has all of its output in
    the file by then.
*/
void LocalLogFeed::refresh()
{
    if (m_done)
        return;
    const auto row = m_queue.job(m_jobId);
    if (!row) {
        end();
        Q_EMIT failed(row.error());
        return;
    }
    const auto job = m_store.get(m_jobId);
    if (!job) {
        end();
        Q_EMIT failed(job.error());
        return;
    }
    const bool jobFinished = Cairn::JobStates::isFinished(row->state);
    const bool passed = row->state == JobState::Done && row->result == Node::Outcome::Pass;
    if (m_attempt == 0)
        m_attempt = row->attempt;
    if (m_attempt == 0 || m_attempt > row->attempt) {
        // Not started yet, or the attempt asked for is still to come; once the job has
        // finished, it never will.
        if (jobFinished) {
            end();
            Q_EMIT finished(passed);
        }
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
            Q_EMIT attemptEnded(m_attempt - 1, m_attempt);
            if (m_done)
                return;
            continue;
        }
        if (jobFinished) {
            end();
            Q_EMIT finished(passed);
        }
        // Else it is READY for another attempt, which has not started yet.
        return;
    }
}

void LocalLogFeed::openLog(const Node &job)
{
    if (m_log.isOpen())
        return;
    const auto path = Cairn::JobLog::attemptPath(job, m_attempt);
    if (!path) {
        end();
        Q_EMIT failed(path.error());
        return;
    }
    // The runtime makes it when the attempt starts; until then there is nothing to read.
    if (!QFileInfo::exists(*path))
        return;
    m_log.setFileName(*path);
    if (!m_log.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        end();
        Q_EMIT failed(
                Error::notFound(tr("Cannot read the log %1: %2").arg(*path, m_log.errorString())));
        return;
    }
    m_watcher.addPath(*path);
}

void LocalLogFeed::closeLog()
{
    if (!m_log.isOpen())
        return;
    m_watcher.removePath(m_log.fileName());
    m_log.close();
}

void LocalLogFeed::readLog()
{
    while (m_log.isOpen() && !m_done) {
        const QByteArray chunk = m_log.read(ChunkSize);
        if (chunk.isEmpty())
            break;
        Q_EMIT output(chunk);
    }
}

void LocalLogFeed::end()
{
    if (m_done)
        return;
    m_done = true;
    if (m_subscription != 0)
        m_bus.unsubscribe(m_subscription);
    m_subscription = 0;
    m_poll.stop();
    m_refreshSoon.stop();
    closeLog();
}

} // namespace CairnCtl
