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

/*!
    Brings the run \a runId in line with its jobs: cancels what a failure made pointless,
    opens the next stage, ends the run. A run already done is left alone.
*/
Status RunState::settle(const QString &runId, QueueChange *change)
{
    Result<Node> run = m_nodes.get(runId);
    if (!run)
        return run.error();
    if (run->state == Node::State::Done)
        return Done{};
    Result<QList<QueuedJob>> jobs = m_record.ofRun(runId);
    if (!jobs)
        return jobs.error();
    const Decision decision = decide(*jobs);

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
    if (decision.openStage >= 0) {
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
        Result<Node> finished = finish(updated, decision.result);
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
    Node updated = run;
    updated.state = Node::State::Done;
    updated.result = result;
    const QDateTime now = Node::now();
    updated.data.insert(QStringLiteral("ended"), Node::timeToText(now));
    updated.data.insert(QStringLiteral("duration_ms"), run.created.msecsTo(now));
    if (!reason.isEmpty())
        updated.data.insert(QStringLiteral("failure"), reason);
    Result<Node> current = m_nodes.get(run.id);
    if (!current)
        return current.error();
    return m_nodes.update(*current, updated);
}

} // namespace Cairn
