// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runwatcher.h"

#include "console.h"
#include "eventbus.h"
#include "nodestore.h"
#include "runprinter.h"
#include "signalwatcher.h"

using Cairn::CloudEvent;
using Cairn::Error;
using Cairn::JobState;
using Cairn::Node;

namespace CairnCtl {

namespace {

// Changes other processes make reach the bus this soon; a person watching notices more.
constexpr std::chrono::milliseconds BusInterval(100);
// A missed event delays the end by this much at most.
constexpr std::chrono::milliseconds PollInterval(2000);

} // namespace

RunWatcher::RunWatcher(Console &console, Cairn::NodeStore &store, Cairn::Database &database,
                       Cairn::EventBus &bus)
    : m_console(console), m_store(store), m_bus(bus), m_queue(database)
{
    // Many changes come together (a job ends, the next stage opens): one read for all.
    m_refreshSoon.setSingleShot(true);
    m_refreshSoon.setInterval(0);
    connect(&m_refreshSoon, &QTimer::timeout, this, &RunWatcher::refresh);
    m_poll.setInterval(PollInterval);
    connect(&m_poll, &QTimer::timeout, this, &RunWatcher::refresh);
}

int RunWatcher::wait(const QString &runId, std::chrono::milliseconds timeout)
{
    m_runId = runId;
    m_bus.setPollInterval(BusInterval);
    const auto filter = Cairn::EventFilter::parse({QStringLiteral("type=cairn.node.updated")});
    if (!filter)
        return m_console.fail(filter.error());
    m_subscription = m_bus.subscribe(*filter, this, [this](const CloudEvent &event) {
        const bool ours = event.subject == m_runId
                || event.data.toObject().value(QStringLiteral("parent")).toString() == m_runId;
        if (ours && !m_done)
            m_refreshSoon.start();
    });

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
    if (m_done)
        return;
    const auto run = m_store.get(m_runId);
    if (!run) {
        finish(m_console.fail(run.error()));
        return;
    }
    const auto jobs = m_queue.jobsOfRun(m_runId);
    if (!jobs) {
        finish(m_console.fail(jobs.error()));
        return;
    }
    const bool text = !m_console.json();
    for (const Cairn::QueuedJob &job : *jobs) {
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
    if (text) {
        m_console.out() << RunPrinter::runEndLine(*run) << u'\n';
    } else {
        const auto nodes = m_store.children(m_runId);
        if (!nodes) {
            finish(m_console.fail(nodes.error()));
            return;
        }
        RunPrinter(m_console).printRun(*run, *jobs, *nodes);
    }
    m_console.out().flush();
    finish(run->result == Node::Outcome::Pass ? ExitOk : ExitFailed);
}

void RunWatcher::finish(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_exitCode = exitCode;
    if (m_subscription != 0)
        m_bus.unsubscribe(m_subscription);
    m_poll.stop();
    m_refreshSoon.stop();
    m_loop.quit();
}

} // namespace CairnCtl
