// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The ends of attempts, cancels and retries of JobQueue; queueing and leasing are in
// jobqueue.cpp.

#include "jobqueue.h"

#include "queuetransaction_p.h"

#include <QJsonArray>

namespace Cairn {

namespace {

// The run node runId, or why it is not one.
Result<Node> readRun(QueueTransaction &t, const QString &runId)
{
    Result<Node> run = t.nodes.get(runId);
    if (run && run->kind != QLatin1String("run"))
        return Error::invalid(QStringLiteral("kind"),
                              JobQueue::tr("Node %1 is not a run.").arg(runId));
    return run;
}

QString statusName(JobOutcome::Status status)
{
    switch (status) {
    case JobOutcome::Passed:
        return QStringLiteral("passed");
    case JobOutcome::Failed:
        return QStringLiteral("failed");
    case JobOutcome::Error:
        return QStringLiteral("error");
    case JobOutcome::Cancelled:
        return QStringLiteral("cancelled");
    case JobOutcome::TimedOut:
        return QStringLiteral("timed out");
    }
    return {};
}

// The record of the attempt of before that ended at ended, for the node's "attempts".
QJsonObject attemptRecord(const QueuedJob &before, const QDateTime &ended, const QString &status,
                          int exitCode, const QString &message)
{
    QJsonObject record = {
            {QStringLiteral("attempt"), before.attempt},
            {QStringLiteral("owner"), before.leaseOwner},
            {QStringLiteral("started"), Node::timeToText(before.started)},
            {QStringLiteral("ended"), Node::timeToText(ended)},
            {QStringLiteral("status"), status},
    };
    if (exitCode >= 0)
        record.insert(QStringLiteral("exit_code"), exitCode);
    if (!message.isEmpty())
        record.insert(QStringLiteral("failure"), message);
    return record;
}

// The row without its lease: nobody holds a job that is not IN_PROGRESS.
void dropLease(QueuedJob &row)
{
    row.leaseOwner.clear();
    row.completeBy = {};
    row.heartbeat = {};
}

// Writes how the attempt row holds ended, as end says; the run is settled afterwards.
Status writeEnd(QueueTransaction &t, const QueuedJob &row, const AttemptEnd &end,
                QueueChange *change)
{
    const JobOutcome &outcome = end.outcome;
    const QDateTime now = Node::now();
    QueuedJob after = row;
    dropLease(after);
    after.ended = now;
    if (outcome.exitCode >= 0)
        after.exitCode = outcome.exitCode;
    after.failure = outcome.status == JobOutcome::Passed ? QString() : outcome.message;
    // Another attempt, unless it was the last or a failure is stopping the run. Only then
    // does the rest of the run matter, and the summary of its index says enough.
    bool again = false;
    if (outcome.status != JobOutcome::Passed && outcome.status != JobOutcome::Cancelled
        && row.attempt < row.maxAttempts) {
        Result<RunState::Summary> run = t.runs.summary(row.runId);
        if (!run)
            return run.error();
        again = run->failures == 0;
    }
    switch (outcome.status) {
    case JobOutcome::Passed:
        after.state = JobState::Done;
        after.result = Node::Outcome::Pass;
        break;
    case JobOutcome::Cancelled:
        after.state = JobState::Cancelled;
        after.stageOpen = false;
        break;
    case JobOutcome::Failed:
        after.state = again ? JobState::Ready : JobState::Done;
        after.result = again ? Node::Outcome::None : Node::Outcome::Fail;
        break;
    case JobOutcome::Error:
    case JobOutcome::TimedOut:
        after.state = again ? JobState::Ready : JobState::Error;
        break;
    }
    JobRecord::Extras extras;
    if (!outcome.data.isEmpty())
        extras.data.insert(QStringLiteral("output"), outcome.data);
    extras.artifacts = outcome.artifacts;
    extras.attempt = attemptRecord(row, now, statusName(outcome.status), outcome.exitCode,
                                   after.failure);
    Result<Node> node = t.record.write(row, after, JobRecord::Change::Transition, extras);
    if (!node)
        return node.error();
    (after.state == JobState::Ready ? change->requeuedJobs : change->finishedJobs).append(*node);
    return Done{};
}

// Queues a finished job again with a fresh budget of attempts; see JobStates::canRetry().
Result<Node> requeue(QueueTransaction &t, const QueuedJob &job)
{
    QueuedJob after = job;
    after.state = JobState::Ready;
    after.result = Node::Outcome::None;
    after.stageOpen = false; // RunState::settle() opens it with its stage
    after.maxAttempts = job.attempt + job.spec.value(QStringLiteral("retry_attempt")).toInt() + 1;
    dropLease(after);
    after.started = after.ended = {};
    after.exitCode.reset();
    after.failure.clear();
    return t.record.write(job, after, JobRecord::Change::Retry);
}

// Opens a done run again for a retry.
Status reopenRun(QueueTransaction &t, const Node &run)
{
    if (run.state != Node::State::Done)
        return Done{};
    Node reopened = run;
    reopened.state = Node::State::Running;
    reopened.result = Node::Outcome::None;
    for (const char *key : {"ended", "duration_ms", "failure", "failures", "allowed_failures"})
        reopened.data.remove(QLatin1String(key));
    reopened.data.insert(QStringLiteral("retries"),
                         reopened.data.value(QStringLiteral("retries")).toInt() + 1);
    Result<Node> written = t.nodes.update(run, reopened);
    if (!written)
        return written.error();
    return Done{};
}

} // namespace

/*!
    Records how attempt \a attempt of job \a jobId ended, if \a owner still holds it; a
    Conflict when not, and nothing written, so an attempt's end is recorded once.

    Passed: DONE, pass. Cancelled: CANCELLED. Failed, Error and TimedOut go back to READY
    while attempts remain and the run is not stopping; after the last one, Failed is DONE
    with result fail (the work ran and failed) and Error and TimedOut are ERROR (it could not
    run or finish). Then the run settles: the next stage, or its end.
*/
Result<QueueChange> JobQueue::finish(const QString &jobId, const QString &owner, int attempt,
                                     const JobOutcome &outcome)
{
    Result<FinishedAttempts> finished = finishMany(
            {AttemptEnd{jobId, owner, attempt, outcome, {}}});
    if (!finished)
        return finished.error();
    if (const Status &result = finished->results.constFirst(); !result)
        return result.error();
    return finished->change;
}

/*!
    Records the \a ends of several attempts in one transaction, in order, each as finish()
    does and guarded as strictly: an end whose attempt its owner no longer holds (or whose
    job is gone) writes nothing and gets its error in FinishedAttempts::results, and the
    others are still recorded. Each run is settled once, after all its ends are written, as
    if they had been recorded one by one. An error of the database records none of them.
*/
Result<FinishedAttempts> JobQueue::finishMany(const QList<AttemptEnd> &ends,
                                              const QList<ClaimRequest> &claims)
{
    FinishedAttempts finished;
    QueueTransaction t(m_db, m_source, m_nodeCache.get());
    if (Status begun = t.begin(); !begun)
        return begun.error();
    QStringList ids; // of the rows to read: those the caller did not keep from the claim
    ids.reserve(ends.size());
    for (const AttemptEnd &end : ends) {
        if (!end.claimed)
            ids.append(end.jobId);
    }
    Result<QHash<QString, QueuedJob>> rows = t.record.getMany(ids);
    if (!rows)
        return rows.error();

    // The guards first, so that the nodes of the ends to record are read together.
    QList<std::pair<qsizetype, QueuedJob>> held; // by the index of their end
    QStringList heldIds;
    for (qsizetype i = 0; i < ends.size(); ++i) {
        const AttemptEnd &end = ends.at(i);
        const auto row = end.claimed        ? std::optional<QueuedJob>(end.claimed)
                : rows->contains(end.jobId) ? std::optional<QueuedJob>(rows->value(end.jobId))
                                            : std::nullopt;
        if (!row) {
            finished.results.append(JobRecord::notFound(end.jobId));
            continue;
        }
        // A second end of one job finds it no longer IN_PROGRESS, as it would one by one.
        if (row->state != JobState::InProgress || row->leaseOwner != end.owner
            || row->attempt != end.attempt || heldIds.contains(end.jobId)) {
            finished.results.append(Error::conflict(tr("Attempt %1 of job %2 is not held by %3.")
                                                            .arg(end.attempt)
                                                            .arg(row->name, end.owner)));
            continue;
        }
        finished.results.append(Done{});
        held.append({i, *row});
        heldIds.append(end.jobId);
    }
    if (held.isEmpty() && claims.isEmpty())
        return finished; // nothing written: the transaction rolls back
    if (Status read = t.record.readNodes(heldIds); !read)
        return read.error();

    QStringList runs; // in the order of their first end
    for (const auto &[index, row] : std::as_const(held)) {
        const AttemptEnd &end = ends.at(index);
        if (Status written = writeEnd(t, row, end, &finished.change); !written) {
            // A kept row the store no longer agrees with: its guarded write changed nothing,
            // so the end is refused alone, as it would be had the row been read.
            if (end.claimed && written.error().code == Error::Conflict
                && written.error().field == JobRecord::RowChanged) {
                finished.results[index] = written.error();
                continue;
            }
            return written.error();
        }
        if (!runs.contains(row.runId))
            runs.append(row.runId);
    }
    t.record.forgetNodes();
    for (const QString &runId : std::as_const(runs)) {
        if (Status settled = t.runs.settle(runId, &finished.change); !settled)
            return settled.error();
    }
    // The jobs the ends freed room for, or whose stage they opened, in the same commit.
    for (const ClaimRequest &request : claims) {
        Result<QList<ClaimedJob>> claimed = claimIn(t, request);
        if (!claimed)
            return claimed.error();
        finished.claimed.append(*claimed);
    }
    if (Status committed = t.commit(); !committed)
        return committed.error();
    return finished;
}

/*!
    Cancels job \a jobId: READY or IN_PROGRESS becomes CANCELLED at once. A running attempt
    comes back in QueueChange::stopped for its owner to stop; its report is then ignored.
    A cancelled job is not a passed one: without allow_failure it stops its run.
*/
Result<QueueChange> JobQueue::cancelJob(const QString &jobId, const QString &reason)
{
    return QueueTransaction::run<QueueChange>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &t) -> Result<QueueChange> {
                Result<QueuedJob> row = t.record.get(jobId);
                if (!row)
                    return row.error();
                if (JobStates::isFinished(row->state))
                    return Error::invalid(QStringLiteral("state"),
                                          tr("Job %1 is %2 already.")
                                                  .arg(row->name, JobStates::name(row->state)));
                const QDateTime now = Node::now();
                QueuedJob after = *row;
                after.state = JobState::Cancelled;
                after.stageOpen = false;
                dropLease(after);
                after.ended = now;
                after.failure = reason.isEmpty() ? tr("Cancelled on request.") : reason;
                QueueChange change;
                JobRecord::Extras extras;
                if (row->state == JobState::InProgress) {
                    change.stopped.append({row->id, row->leaseOwner, row->attempt, after.failure});
                    extras.attempt = attemptRecord(*row, now, statusName(JobOutcome::Cancelled), -1,
                                                   after.failure);
                }
                Result<Node> node = t.record.write(*row, after, JobRecord::Change::Transition,
                                                   extras);
                if (!node)
                    return node.error();
                change.finishedJobs.append(*node);
                if (Status settled = t.runs.settle(row->runId, &change); !settled)
                    return settled.error();
                return change;
            });
}

/*!
    Cancels the run \a runId: its READY and IN_PROGRESS jobs become CANCELLED and the run
    ends with result incomplete. Running attempts come back in QueueChange::stopped.
*/
Result<QueueChange> JobQueue::cancelRun(const QString &runId, const QString &reason)
{
    return QueueTransaction::run<QueueChange>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &t) -> Result<QueueChange> {
                Result<Node> run = readRun(t, runId);
                if (!run)
                    return run.error();
                if (run->state == Node::State::Done)
                    return Error::invalid(QStringLiteral("state"),
                                          tr("Run %1 has finished already.").arg(run->name));
                Result<QList<QueuedJob>> jobs = t.record.ofRun(runId);
                if (!jobs)
                    return jobs.error();
                const QString why = reason.isEmpty() ? tr("The run was cancelled.") : reason;
                const QDateTime now = Node::now();
                QueueChange change;
                for (const QueuedJob &job : std::as_const(*jobs)) {
                    if (JobStates::isFinished(job.state))
                        continue;
                    QueuedJob after = job;
                    after.state = JobState::Cancelled;
                    after.stageOpen = false;
                    dropLease(after);
                    after.ended = now;
                    after.failure = why;
                    JobRecord::Extras extras;
                    if (job.state == JobState::InProgress) {
                        change.stopped.append({job.id, job.leaseOwner, job.attempt, why});
                        extras.attempt = attemptRecord(job, now, statusName(JobOutcome::Cancelled),
                                                       -1, why);
                    }
                    Result<Node> node = t.record.write(job, after, JobRecord::Change::Transition,
                                                       extras);
                    if (!node)
                        return node.error();
                    change.finishedJobs.append(*node);
                }
                Result<Node> ended = t.runs.finish(*run, Node::Outcome::Incomplete, why);
                if (!ended)
                    return ended.error();
                change.finishedRuns.append(*ended);
                return change;
            });
}

/*!
    Queues the finished job \a jobId again with a new budget of attempts (its attempt numbers
    keep counting). Allowed once its run has finished, or while the run is at the job's
    stage and not stopping. When the run had finished it opens again, and the jobs its stop
    cancelled before they ever ran are queued again with it.
*/
Result<QueueChange> JobQueue::retryJob(const QString &jobId)
{
    return QueueTransaction::run<QueueChange>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &t) -> Result<QueueChange> {
                Result<QueuedJob> row = t.record.get(jobId);
                if (!row)
                    return row.error();
                if (!JobStates::canRetry(row->state))
                    return Error::invalid(QStringLiteral("state"),
                                          tr("Job %1 is %2: only a finished job can be retried.")
                                                  .arg(row->name, JobStates::name(row->state)));
                Result<Node> run = t.nodes.get(row->runId);
                if (!run)
                    return run.error();
                Result<QList<QueuedJob>> jobs = t.record.ofRun(row->runId);
                if (!jobs)
                    return jobs.error();
                const bool finished = run->state == Node::State::Done;
                if (!finished) {
                    const RunState::Decision now = RunState::decide(*jobs);
                    if (!now.failures.isEmpty() || now.openStage != row->stageIndex)
                        return Error::invalid(
                                QStringLiteral("state"),
                                tr("Run %1 is still running past job %2: retry it once "
                                   "the run has finished.")
                                        .arg(run->name, row->name));
                }
                QueueChange change;
                for (const QueuedJob &job : std::as_const(*jobs)) {
                    const bool neverRan = job.state == JobState::Cancelled && job.attempt == 0;
                    if (job.id != row->id && !(finished && neverRan))
                        continue;
                    Result<Node> node = requeue(t, job);
                    if (!node)
                        return node.error();
                    change.requeuedJobs.append(*node);
                }
                if (Status reopened = reopenRun(t, *run); !reopened)
                    return reopened.error();
                if (Status settled = t.runs.settle(row->runId, &change, RunState::Settle::Requeued);
                    !settled)
                    return settled.error();
                return change;
            });
}

/*!
    Queues a finished run again: every job that did not pass, or every job when all passed,
    each with a new budget of attempts. The run node opens again and counts its retries.
*/
Result<QueueChange> JobQueue::retryRun(const QString &runId)
{
    return QueueTransaction::run<QueueChange>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &t) -> Result<QueueChange> {
                Result<Node> run = readRun(t, runId);
                if (!run)
                    return run.error();
                if (run->state != Node::State::Done)
                    return Error::invalid(QStringLiteral("state"),
                                          tr("Run %1 is still running: only a finished run can be "
                                             "retried.")
                                                  .arg(run->name));
                Result<QList<QueuedJob>> jobs = t.record.ofRun(runId);
                if (!jobs)
                    return jobs.error();
                const bool anyFailed = std::any_of(
                        jobs->cbegin(), jobs->cend(),
                        [](const QueuedJob &job) { return job.hasFailed(); });
                QueueChange change;
                for (const QueuedJob &job : std::as_const(*jobs)) {
                    if (anyFailed && !job.hasFailed())
                        continue;
                    Result<Node> node = requeue(t, job);
                    if (!node)
                        return node.error();
                    change.requeuedJobs.append(*node);
                }
                if (Status reopened = reopenRun(t, *run); !reopened)
                    return reopened.error();
                if (Status settled = t.runs.settle(runId, &change, RunState::Settle::Requeued);
                    !settled)
                    return settled.error();
                return change;
            });
}

} // namespace Cairn
