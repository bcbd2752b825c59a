// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runwatcher.h"

#include "backend.h"
#include "console.h"
#include "eventfeed.h"
#include "runprinter.h"
#include "signalwatcher.h"

using Cairn::CloudEvent;
using Cairn::Error;
using Cairn::JobState;
using Cairn::Node;

namespace CairnCtl {

namespace {

// A missed event delays the end by this much at most.
constexpr std::chrono::milliseconds PollInterval(2000);

} // namespace

RunWatcher::RunWatcher(Console &console, Backend &backend) : m_console(console), m_backend(backend)
{
    // Many changes come together (a job ends, the next stage opens): one read for all.
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(0);
    connect(&m_refreshSoon, &QTimer::timeout, this, &RunWatcher::refresh);
    m_poll.setInterval(PollInterval);
    connect(&m_poll, &QTimer::timeout, this, &RunWatcher::refresh);
}

RunWatcher::~RunWatcher() = default;

Cairn::Status RunWatcher::listen()
{
    const auto filter = Cairn::EventFilter::parse({QStringLiteral("type=cairn.node.updated")});
    if (!filter)
        return filter.error();
    const Cairn::Result<qint64> newest = m_backend.lastEventSequence();
    if (!newest)
        return newest.error();
    Cairn::Result<std::unique_ptr<EventFeed>> feed = m_backend.followEvents(*filter, *newest);
    if (!feed)
        return feed.error();
    m_feed = std::move(*feed);
    connect(m_feed.get(), &EventFeed::received, this, [this](const CloudEvent &event) {
        const bool ours = !m_runId.isEmpty()
                && (event.subject == m_runId
                    || event.data.toObject().value(QStringLiteral("parent")).toString() == m_runId);
        if (ours && !m_done)
            m_refreshSoon.start();
    });
    // Events only hasten what the poll sees anyway.
    connect(m_feed.get(), &EventFeed::failed, this, [this] { m_feed->stop(); });
    m_feed->start();
    return Cairn::Done{};
}

int RunWatcher::wait(const QString &runId, std::chrono::milliseconds timeout)
{
    m_runId = runId;
    // Without it the signals end the process, as they would any other command.
    Cairn::SignalWatcher watcher;
    if (watcher.watch({SIGINT, SIGTERM}))
        connect(&watcher, &Cairn::SignalWatcher::received, this, [this] {
            finish(m_console.fail(
                    Error::conflict(tr("Stopped waiting; run %1 goes on.").arg(m_runId))));
        });
    if (timeout.count() > 0) {
        QTimer::singleShot(timeout, this, [this, timeout] {
            finish(m_console.fail(
                    Error::conflict(tr("Run %1 has not finished after %2; it goes on.")
                                            .arg(m_runId, RunPrinter::duration(timeout.count())))));
        });
    }
    m_poll.start();
    refresh();
    if (!m_done)
        m_loop.exec();
    return m_exitCode;
}

/*!
    Reads the run, then its jobs: once the run has finished, the jobs read after it are final,
    so the last ends are printed before the run's.
*/
void RunWatcher::refresh()
{
    // Reading through the API waits in an event loop of its own, where the timers can fire:
    // a change seen meanwhile is read once this read is done.
    if (m_refreshing)
        m_changedMeanwhile = true;
    if (m_done || m_refreshing)
        return;
    m_refreshing = true;
    const auto run = m_backend.node(m_runId);
    const auto jobs = run ? m_backend.runJobs(m_runId) : Cairn::Result<RunJobs>(run.error());
    m_refreshing = false;
    if (m_done)
        return;
    if (m_changedMeanwhile) {
        m_changedMeanwhile = false;
        m_refreshSoon.start();
    }
    if (!jobs) {
        finish(m_console.fail(jobs.error()));
        return;
    }
    const bool text = !m_console.json();
    for (const Cairn::QueuedJob &job : jobs->rows) {
        const bool ended = Cairn::JobStates::isFinished(job.state)
                || (job.state == JobState::Ready && job.attempt > 0);
        const std::pair<JobState, int> now{job.state, job.attempt};
        if (!ended || m_printed.value(job.id) == now)
            continue;
        m_printed.insert(job.id, now);
        if (text)
            m_console.out() << RunPrinter::jobEndLine(job) << u'\n';
    }
    if (run->state != Node::State::Done) {
        m_console.out().flush();
        return;
    }
    if (text)
        m_console.out() << RunPrinter::runEndLine(*run) << u'\n';
    else
        RunPrinter(m_console).printRun(*run, jobs->rows, jobs->nodes);
    m_console.out().flush();
    finish(run->result == Node::Outcome::Pass ? ExitOk : ExitFailed);
}

void RunWatcher::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    if (m_feed)
        m_feed->stop();
    m_poll.stop();
    m_refreshSoon.stop();
    m_loop.quit();
}

} // namespace CairnCtl
