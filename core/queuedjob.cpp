// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "queuedjob.h"

#include "sqlstatement_p.h"

#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

namespace Cairn {

bool QueuedJob::hasFailed() const
{
    return state == JobState::Error || state == JobState::Cancelled
            || (state == JobState::Done && result != Node::Outcome::Pass);
}

QString QueuedJob::stage() const
{
    return spec.value(QStringLiteral("stage")).toString();
}

namespace {

void setText(QJsonObject &data, const QString &key, const QString &value)
{
    if (value.isEmpty())
        data.remove(key);
    else
        data.insert(key, value);
}

void setTime(QJsonObject &data, const QString &key, const QDateTime &time)
{
    setText(data, key, Node::timeToText(time));
}

} // namespace

/*!
    The job node of this row: READY and IN_PROGRESS jobs are running nodes; finished ones are
    done, with result pass or fail (DONE), incomplete (ERROR: it could not run or finish) or
    skip (CANCELLED). The data keeps what the node had and takes the row's record.
*/
Node QueuedJob::applyTo(const Node &base) const
{
    Node node = base;
    switch (state) {
    case JobState::Ready:
    case JobState::InProgress:
        node.state = Node::State::Running;
        node.result = Node::Outcome::None;
        break;
    case JobState::Done:
        node.state = Node::State::Done;
        node.result = result == Node::Outcome::Pass ? Node::Outcome::Pass : Node::Outcome::Fail;
        break;
    case JobState::Error:
        node.state = Node::State::Done;
        node.result = Node::Outcome::Incomplete;
        break;
    case JobState::Cancelled:
        node.state = Node::State::Done;
        node.result = Node::Outcome::Skip;
        break;
    }
    QJsonObject &data = node.data;
    data.insert(QStringLiteral("state"), JobStates::name(state));
    data.insert(QStringLiteral("attempt"), attempt);
    data.insert(QStringLiteral("max_attempts"), maxAttempts);
    setText(data, QStringLiteral("lease_owner"), leaseOwner);
    setTime(data, QStringLiteral("complete_by"), completeBy);
    setTime(data, QStringLiteral("started"), started);
    setTime(data, QStringLiteral("ended"), ended);
    if (started.isValid() && ended.isValid())
        data.insert(QStringLiteral("duration_ms"), started.msecsTo(ended));
    else
        data.remove(QStringLiteral("duration_ms"));
    if (exitCode)
        data.insert(QStringLiteral("exit_code"), *exitCode);
    else
        data.remove(QStringLiteral("exit_code"));
    setText(data, QStringLiteral("failure"), failure);
    return node;
}

void QueueChange::append(const QueueChange &other)
{
    startedRuns += other.startedRuns;
    finishedJobs += other.finishedJobs;
    requeuedJobs += other.requeuedJobs;
    finishedRuns += other.finishedRuns;
    stopped += other.stopped;
}

QString QueuedJob::columns()
{
    return QStringLiteral("id, run_id, name, client, client_priority, run_priority, stage_index, "
                          "job_priority, job_order, kind, state, result, stage_open, attempt, "
                          "max_attempts, allow_failure, timeout_ms, lease_owner, complete_by, "
                          "heartbeat, scheduled, started, ended, exit_code, failure, "
                          "correlation_id, spec");
}

QueuedJob QueuedJob::fromNode(const Node &job, const QStringList &stages)
{
    const QJsonObject &data = job.data;
    const auto text = [&data](const char *key) {
        return data.value(QLatin1String(key)).toString();
    };
    QueuedJob row;
    row.id = job.id;
    row.runId = job.parent;
    row.name = job.name;
    row.kind = text("kind");
    row.state = JobStates::fromName(text("state")).value_or(JobState::Ready);
    // The node's result is the row's for a DONE job: pass, or fail.
    if (row.state == JobState::Done)
        row.result = job.result == Node::Outcome::Pass ? Node::Outcome::Pass : Node::Outcome::Fail;
    row.stageIndex = int(std::max<qsizetype>(0, stages.indexOf(text("stage"))));
    row.jobPriority = data.value(QStringLiteral("priority")).toInt(10);
    row.attempt = data.value(QStringLiteral("attempt")).toInt();
    row.maxAttempts = data.value(QStringLiteral("max_attempts")).toInt(1);
    row.allowFailure = data.value(QStringLiteral("allow_failure")).toBool();
    row.timeoutMs = data.value(QStringLiteral("timeout_ms")).toInteger();
    row.leaseOwner = text("lease_owner");
    row.completeBy = Node::timeFromText(text("complete_by"));
    row.scheduled = Node::timeFromText(text("scheduled"));
    row.started = Node::timeFromText(text("started"));
    row.ended = Node::timeFromText(text("ended"));
    if (const QJsonValue exitCode = data.value(QStringLiteral("exit_code")); exitCode.isDouble())
        row.exitCode = exitCode.toInt();
    row.failure = text("failure");
    for (const char *key : {"stage", "version", "params", "retry_attempt"}) {
        const QString name = QLatin1String(key);
        if (data.contains(name))
            row.spec.insert(name, data.value(name));
    }
    return row;
}

namespace {

// The columns of a QSqlQuery row as readJob() reads them from a SqlStatement.
struct QueryRow
{
    const QSqlQuery &query;
    bool isNull(int column) const { return query.isNull(column); }
    QString text(int column) const { return query.value(column).toString(); }
    QByteArray utf8(int column) const { return text(column).toUtf8(); }
    qint64 integer(int column) const { return query.value(column).toLongLong(); }
};

template<typename Row>
QueuedJob readJob(const Row &row)
{
    QueuedJob job;
    job.id = row.text(0);
    job.runId = row.text(1);
    job.name = row.text(2);
    job.client = row.text(3);
    job.clientPriority = int(row.integer(4));
    job.runPriority = int(row.integer(5));
    job.stageIndex = int(row.integer(6));
    job.jobPriority = int(row.integer(7));
    job.jobOrder = int(row.integer(8));
    job.kind = row.text(9);
    job.state = JobStates::fromName(row.text(10)).value_or(JobState::Error);
    job.result = Node::outcomeFromName(row.text(11)).value_or(Node::Outcome::None);
    job.stageOpen = row.integer(12) != 0;
    job.attempt = int(row.integer(13));
    job.maxAttempts = int(row.integer(14));
    job.allowFailure = row.integer(15) != 0;
    job.timeoutMs = row.integer(16);
    job.leaseOwner = row.text(17);
    job.completeBy = Node::timeFromText(row.text(18));
    job.heartbeat = Node::timeFromText(row.text(19));
    job.scheduled = Node::timeFromText(row.text(20));
    job.started = Node::timeFromText(row.text(21));
    job.ended = Node::timeFromText(row.text(22));
    if (!row.isNull(23))
        job.exitCode = int(row.integer(23));
    job.failure = row.text(24);
    job.correlationId = row.text(25);
    job.spec = QJsonDocument::fromJson(row.utf8(26)).object();
    return job;
}

} // namespace

QueuedJob QueuedJob::read(const QSqlQuery &query)
{
    return readJob(QueryRow{query});
}

QueuedJob QueuedJob::read(const SqlStatement &statement)
{
    return readJob(statement);
}

} // namespace Cairn
