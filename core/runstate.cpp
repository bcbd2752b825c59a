// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runstate.h"

#include "database.h"
#include "jobrecord_p.h"
#include "nodewriter_p.h"

#include <QJsonArray>
#include <QSqlQuery>

#include <limits>

namespace Cairn {

RunState::RunState(Database &database, NodeWriter &nodes, JobRecord &record)
    : m_db(database), m_nodes(nodes), m_record(record)
{ }

RunState::Decision RunState::decide(const QList<QueuedJob> &jobs)
{
    Decision decision;
    bool running = false;
    int lowestUnfinished = std::numeric_limits<int>::max();
    for (const QueuedJob &job : jobs) {
        if (job.hasFailed())
            (job.allowFailure ? decision.allowedFailures : decision.failures).append(job.name);
        if (job.state == JobState::InProgress)
            running = true;
        if (!JobStates::isFinished(job.state))
            lowestUnfinished = qMin(lowestUnfinished, job.stageIndex);
    }
    if (!decision.failures.isEmpty()) {
        for (const QueuedJob &job : jobs) {
            if (job.state == JobState::Ready)
                decision.cancel.append(job);
        }
        // Jobs still running are let finish, so that what they did is recorded.
        decision.finished = !running;
        decision.result = Node::Outcome::Fail;
        return decision;
    }
    if (lowestUnfinished == std::numeric_limits<int>::max()) {
        decision.finished = true;
        decision.result = Node::Outcome::Pass;
        return decision;
    }
    decision.openStage = lowestUnfinished;
    return decision;
}

int RunState::Summary::lowestUnfinished() const
{
    if (lowestReady < 0 || lowestRunning < 0)
        return qMax(lowestReady, lowestRunning);
    return qMin(lowestReady, lowestRunning);
}

/*!
    Where the jobs of run \a runId stand, from the jobs_run_state index alone: two seeks for
    the lowest stages with READY and IN_PROGRESS jobs, and a count of the failed jobs over
    the entries of finished ones.
*/
Result<RunState::Summary> RunState::summary(const QString &runId)
{
    QString why;
    const auto query = m_db.cachedQuery(
            QStringLiteral("SELECT (SELECT MIN(stage_index) FROM jobs WHERE run_id = ? AND state = "
                           "?), (SELECT MIN(stage_index) FROM jobs WHERE run_id = ? AND state = "
                           "?), COUNT(*), SUM(CASE WHEN allow_failure <> 0 THEN 1 ELSE 0 END) "
                           "FROM jobs WHERE run_id = ? AND state IN (?, ?, ?) AND (state <> ? OR "
                           "result IS NULL OR result <> ?)"),
            &why);
    if (!query)
        return Error::database(why);
    const QString done = JobStates::name(JobState::Done);
    const QVariantList values = {runId,
                                 JobStates::name(JobState::Ready),
                                 runId,
                                 JobStates::name(JobState::InProgress),
                                 runId,
                                 done,
                                 JobStates::name(JobState::Error),
                                 JobStates::name(JobState::Cancelled),
                                 done,
                                 Node::outcomeName(Node::Outcome::Pass)};
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec() || !query->next())
        return NodeWriter::failure(*query);
    Summary summary;
    summary.lowestReady = query->value(0).isNull() ? -1 : query->value(0).toInt();
    summary.lowestRunning = query->value(1).isNull() ? -1 : query->value(1).toInt();
    const int failed = query->value(2).toInt();
    summary.allowedFailures = query->value(3).toInt(); // NULL without failed jobs: 0
    summary.failures = failed - summary.allowedFailures;
    query->finish();
    return summary;
}

/*!
    Brings the run \a runId in line with its jobs: cancels what a failure made pointless,
    opens the next stage, ends the run. A run already done is left alone.

    Every change to a run's jobs settles it in the same transaction, so the run node tells
    how its jobs stood before this one: its open stage and the jobs that failed. While the
    summary() counts the same failures as the run node names, it says enough: nothing moves
    while the open stage has unfinished jobs; else the next stage opens, or the run passes.
    Only when a job failed are the run's rows read, for decide() to name the failures and
    the jobs to cancel. With Settle::Requeued they are always read, and the open stage is
    opened again for the jobs queued again with their stage closed.
*/
Status RunState::settle(const QString &runId, QueueChange *change, Settle how)
{
    Result<Node> run = m_nodes.get(runId);
    if (!run)
        return run.error();
    if (run->state == Node::State::Done)
        return Done{};
    const int recordedStage = run->data.value(QStringLiteral("stage_index")).toInt(-1);
    Decision decision;
    bool decided = false;
    if (how == Settle::Changed && !run->data.contains(QStringLiteral("failures"))) {
        Result<Summary> now = summary(runId);
        if (!now)
            return now.error();
        const QJsonArray allowed = run->data.value(QStringLiteral("allowed_failures")).toArray();
        if (now->failures == 0 && now->allowedFailures == allowed.size()) {
            const int lowest = now->lowestUnfinished();
            if (lowest >= 0 && lowest == recordedStage)
                return Done{}; // nothing moves
            decision.openStage = lowest;
            decision.finished = lowest < 0;
            decision.result = decision.finished ? Node::Outcome::Pass : Node::Outcome::None;
            for (const QJsonValue &name : allowed)
                decision.allowedFailures.append(name.toString());
            decided = true;
        }
    }
    if (!decided) {
        Result<QList<QueuedJob>> jobs = m_record.ofRun(runId);
        if (!jobs)
            return jobs.error();
        decision = decide(*jobs);
    }

    const QDateTime now = Node::now();
    const QString why = tr("Cancelled: the run stopped after %1 failed.")
                                .arg(decision.failures.join(QStringLiteral(", ")));
    for (const QueuedJob &job : decision.cancel) {
        QueuedJob after = job;
        after.state = JobState::Cancelled;
        after.stageOpen = false;
        after.ended = now;
        after.failure = why;
        Result<Node> node = m_record.write(job, after);
        if (!node)
            return node.error();
        change->finishedJobs.append(*node);
    }
    // The READY jobs of the recorded stage are open already, unless some were queued again.
    if (decision.openStage >= 0
        && (decision.openStage != recordedStage || how == Settle::Requeued)) {
        if (Status opened = openStage(runId, decision.openStage); !opened)
            return opened;
    }

    Node updated = *run;
    QJsonObject &data = updated.data;
    const QJsonArray stages = data.value(QStringLiteral("stages")).toArray();
    if (decision.openStage >= 0) {
        data.insert(QStringLiteral("stage_index"), decision.openStage);
        data.insert(QStringLiteral("stage"), stages.at(decision.openStage).toString());
    }
    const auto setList = [&data](const QString &key, const QStringList &names) {
        if (names.isEmpty())
            data.remove(key);
        else
            data.insert(key, QJsonArray::fromStringList(names));
    };
    setList(QStringLiteral("failures"), decision.failures);
    setList(QStringLiteral("allowed_failures"), decision.allowedFailures);
    if (decision.finished) {
        Result<Node> finished = end(*run, updated, decision.result);
        if (!finished)
            return finished.error();
        change->finishedRuns.append(*finished);
        return Done{};
    }
    if (updated != *run) {
        Result<Node> written = m_nodes.update(*run, updated);
        if (!written)
            return written.error();
    }
    return Done{};
}

// Only the stage's READY jobs may be claimed; a later stage's jobs wait, also after a retry
// queued an earlier stage again.
Status RunState::openStage(const QString &runId, int stageIndex)
{
    QString why;
    const auto query = m_db.cachedQuery(
            QStringLiteral("UPDATE jobs SET stage_open = CASE WHEN stage_index = ? THEN 1 ELSE 0 "
                           "END WHERE run_id = ? AND state = ? AND stage_open <> CASE WHEN "
                           "stage_index = ? THEN 1 ELSE 0 END"),
            &why);
    if (!query)
        return Error::database(why);
    query->bindValue(0, stageIndex);
    query->bindValue(1, runId);
    query->bindValue(2, JobStates::name(JobState::Ready));
    query->bindValue(3, stageIndex);
    if (!query->exec())
        return NodeWriter::failure(*query);
    return Done{};
}

Result<Node> RunState::finish(const Node &run, Node::Outcome result, const QString &reason)
{
    Result<Node> current = m_nodes.get(run.id);
    if (!current)
        return current.error();
    return end(*current, run, result, reason);
}

// Writes changed, the run node current as read in this transaction, ended with result.
Result<Node> RunState::end(const Node &current, const Node &changed, Node::Outcome result,
                           const QString &reason)
{
    Node updated = changed;
    updated.state = Node::State::Done;
    updated.result = result;
    const QDateTime now = Node::now();
    updated.data.insert(QStringLiteral("ended"), Node::timeToText(now));
    updated.data.insert(QStringLiteral("duration_ms"), changed.created.msecsTo(now));
    if (!reason.isEmpty())
        updated.data.insert(QStringLiteral("failure"), reason);
    return m_nodes.update(current, updated);
}

} // namespace Cairn
