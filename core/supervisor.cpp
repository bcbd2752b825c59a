// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "supervisor.h"

#include "logging.h"
#include "scheduler.h"

namespace Cairn {

Supervisor::Supervisor(Scheduler &scheduler, QObject *parent)
    : QObject(parent), m_scheduler(scheduler), m_lease(scheduler.options().lease)
{
    m_timer.setInterval(std::chrono::seconds(1));
    connect(&m_timer, &QTimer::timeout, this, &Supervisor::check);
}

std::chrono::milliseconds Supervisor::interval() const
{
    return m_timer.intervalAsDuration();
}

void Supervisor::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

void Supervisor::start()
{
    m_timer.start();
}

void Supervisor::stop()
{
    m_timer.stop();
}

/*!
    Ends what is overdue, as the class description says; gives how many jobs it acted on.
*/
int Supervisor::check()
{
    const QDateTime now = Node::now();
    Result<QList<QueuedJob>> overdue = m_scheduler.queue().overdue(now, m_lease);
    if (!overdue) {
        qCWarning(lcSched).noquote()
                << "supervisor cannot read the queue:" << overdue.error().toString();
        return 0;
    }
    const QDateTime staleBefore = now.addMSecs(-m_lease.count());
    int acted = 0;
    for (const QueuedJob &job : std::as_const(*overdue)) {
        const bool timedOut = job.timeoutMs > 0 && job.completeBy < now;
        const QString timeoutMessage =
                tr("timed out after %1 s").arg(QString::number(job.timeoutMs / 1000.0));
        if (m_scheduler.isRunning(job.id, job.attempt)) {
            // Ours and alive: its lease is renewed by our own heartbeat.
            if (timedOut) {
                m_scheduler.stopTimedOut(job.id, job.attempt, timeoutMessage);
                ++acted;
            }
            continue;
        }
        const bool ownerGone = job.heartbeat.isValid() ? job.heartbeat < staleBefore
                                                       : job.completeBy < now;
        JobOutcome outcome;
        outcome.exitCode = -1;
        if (timedOut && (ownerGone || job.completeBy < staleBefore)) {
            outcome.status = JobOutcome::TimedOut;
            outcome.message = timeoutMessage;
        } else if (!timedOut && (ownerGone || job.completeBy < now)) {
            outcome.status = JobOutcome::Error;
            outcome.message = tr("The lease of %1 expired: no heartbeat since %2.")
                                      .arg(job.leaseOwner, Node::timeToText(job.heartbeat));
        } else {
            continue; // the owner is alive and has a lease time to stop it itself
        }
        Result<QueueChange> change = m_scheduler.finishAttempt(job.id, job.leaseOwner, job.attempt,
                                                               outcome);
        if (!change) {
            if (change.error().code != Error::Conflict)
                qCWarning(lcSched).noquote() << "supervisor cannot end job" << job.name << job.id
                                             << ":" << change.error().toString();
            continue;
        }
        qCInfo(lcSched).noquote() << "supervisor ended attempt" << job.attempt << "of" << job.name
                                  << job.id << "of" << job.leaseOwner << ":" << outcome.message;
        ++acted;
    }
    return acted;
}

} // namespace Cairn
