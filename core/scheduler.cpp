// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "scheduler.h"

#include "cloudevent.h"
#include "database.h"
#include "jobkindregistry.h"
#include "logging.h"
#include "pipeline.h"
#include "uuid7.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <algorithm>
#include <utility>

namespace Cairn {

namespace {

// The event a run was started by, as the ${event...} templates of its params see it.
Result<QJsonObject> eventJson(Database &db, const QString &id)
{
    QString why;
    const auto query = db.cachedQuery(
            QStringLiteral("SELECT seq, id, type, source, subject, time, data FROM events WHERE "
                           "id = ?"),
            &why);
    if (!query)
        return Error::database(why);
    query->bindValue(0, id);
    if (!query->exec())
        return Error::database(query->lastError().text());
    if (!query->next()) {
        query->finish();
        return Error{Error::NotFound,
                     Scheduler::tr("There is no event %1.").arg(id),
                     QStringLiteral("correlation_id"),
                     {}};
    }
    CloudEvent event;
    event.sequence = query->value(0).toLongLong();
    event.id = query->value(1).toString();
    event.type = query->value(2).toString();
    event.source = query->value(3).toString();
    event.subject = query->value(4).toString();
    event.time = Node::timeFromText(query->value(5).toString());
    if (!query->value(6).isNull()) {
        const QByteArray text = '[' + query->value(6).toString().toUtf8() + ']';
        event.data = QJsonDocument::fromJson(text).array().at(0);
    }
    query->finish();
    return event.toJson();
}

QString defaultOwner()
{
    return QStringLiteral("%1:%2:%3")
            .arg(QHostInfo::localHostName())
            .arg(QCoreApplication::applicationPid())
            .arg(createUuid7());
}

QString defaultDataDir()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    return dir + QStringLiteral("/cairn");
}

} // namespace

Scheduler::Scheduler(Database &database, const SchedulerOptions &options, QObject *parent)
    : QObject(parent), m_db(database), m_options(options), m_queue(database), m_logs(database)
{
    if (m_options.owner.isEmpty())
        m_options.owner = defaultOwner();
    if (m_options.dataDir.isEmpty())
        m_options.dataDir = defaultDataDir();
    m_queue.setQueueSize(m_options.queueSize);

    m_pollTimer.setInterval(m_options.pollInterval);
    connect(&m_pollTimer, &QTimer::timeout, this, &Scheduler::schedule);
    m_soonTimer.setSingleShot(true);
    m_soonTimer.setInterval(0);
    connect(&m_soonTimer, &QTimer::timeout, this, &Scheduler::schedule);
    m_endTimer.setSingleShot(true);
    m_endTimer.setInterval(0);
    connect(&m_endTimer, &QTimer::timeout, this, &Scheduler::recordEnds);
    m_heartbeatTimer.setInterval(m_options.heartbeatInterval);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Scheduler::heartbeat);
    m_heartbeatTimer.start();
}

Scheduler::~Scheduler()
{
    // The attempts are children; their reports must not reach a half-destroyed scheduler.
    for (const Attempt &attempt : std::as_const(m_running)) {
        if (attempt.job) {
            disconnect(attempt.job, nullptr, this, nullptr);
            delete attempt.job;
        }
    }
}

void Scheduler::addRuntime(Runtime *runtime)
{
    if (!m_runtimes.contains(runtime))
        m_runtimes.append(runtime);
    scheduleSoon();
}

void Scheduler::start()
{
    m_active = true;
    m_pollTimer.start();
    scheduleSoon();
}

void Scheduler::stop()
{
    m_active = false;
    m_pollTimer.stop();
    m_soonTimer.stop();
}

int Scheduler::runningCount(const Runtime *runtime) const
{
    if (!runtime)
        return int(m_running.size() + m_ending.size());
    int count = 0;
    for (const Attempt &attempt : m_running)
        count += attempt.runtime == runtime ? 1 : 0;
    for (const Ending &ending : m_ending)
        count += ending.runtime == runtime ? 1 : 0;
    return count;
}

bool Scheduler::isRunning(const QString &jobId, int attempt) const
{
    const auto it = m_running.constFind(jobId);
    if (it != m_running.cend())
        return it->attempt == attempt && !it->abandoned;
    return std::any_of(m_ending.cbegin(), m_ending.cend(), [&](const Ending &ending) {
        return ending.end.jobId == jobId && ending.end.attempt == attempt;
    });
}

void Scheduler::scheduleSoon()
{
    if (m_active)
        m_soonTimer.start();
}

/*!
    Queues a run of \a pipeline: resolves its inputs and the templates of its params (run.id,
    run.inputs and the event \a correlationEventId when given), then writes the run node, its
    job nodes and their queue rows in one transaction. Refused when the queue or the client's
    share of it is full.
*/
Result<Node> Scheduler::startRun(const Pipeline &pipeline, const QJsonObject &inputs,
                                 const QString &correlationEventId, const RunOptions &options)
{
    if (m_registry) {
        if (Status valid = pipeline.validate(*m_registry); !valid)
            return valid.error();
    }
    Result<QJsonObject> resolvedInputs = pipeline.resolveInputs(inputs);
    if (!resolvedInputs)
        return resolvedInputs.error();
    QJsonObject event;
    if (!correlationEventId.isEmpty()) {
        Result<QJsonObject> found = eventJson(m_db, correlationEventId);
        if (!found)
            return found.error();
        event = *found;
    }
    RunPlan plan;
    plan.runId = createUuid7();
    plan.parent = options.parent;
    plan.name = pipeline.name;
    plan.stages = pipeline.stages;
    plan.inputs = *resolvedInputs;
    plan.client = options.client;
    plan.priority = options.priority;
    plan.correlationId = correlationEventId;
    plan.rule = options.rule;
    const QJsonObject context = {
            {QStringLiteral("event"), event},
            {QStringLiteral("run"),
             QJsonObject{{QStringLiteral("id"), plan.runId},
                         {QStringLiteral("inputs"), *resolvedInputs}}},
    };
    QList<PipelineJob> jobs;
    if (Status resolved = pipeline.resolveParams(context, &jobs); !resolved)
        return resolved.error();
    for (const PipelineJob &job : std::as_const(jobs)) {
        RunPlan::Job planned;
        planned.name = job.name;
        planned.stage = job.stage;
        planned.stageIndex = int(pipeline.stages.indexOf(job.stage));
        planned.kind = job.kind;
        planned.version = job.version;
        planned.priority = job.priority;
        planned.params = job.params;
        planned.retryAttempt = job.retryAttempt;
        planned.allowFailure = job.allowFailure;
        planned.timeoutMs = job.timeout.count();
        plan.jobs.append(planned);
    }
    Result<QueueChange> queued = m_queue.enqueue(plan);
    if (!queued)
        return queued.error();
    qCInfo(lcSched).noquote() << "queued run" << plan.runId << "of" << pipeline.name << "with"
                              << plan.jobs.size() << "jobs";
    publish(*queued);
    return queued->startedRuns.first();
}

Status Scheduler::cancelRun(const QString &runId, const QString &reason)
{
    return publishResult(m_queue.cancelRun(runId, reason));
}

Status Scheduler::cancelJob(const QString &jobId, const QString &reason)
{
    return publishResult(m_queue.cancelJob(jobId, reason));
}

Status Scheduler::retryJob(const QString &jobId)
{
    return publishResult(m_queue.retryJob(jobId));
}

Status Scheduler::retryRun(const QString &runId)
{
    return publishResult(m_queue.retryRun(runId));
}

Status Scheduler::setClient(const QString &id, int priority, qint64 queueSize)
{
    return m_queue.setClient(id, priority, queueSize);
}

Result<QueueChange> Scheduler::finishAttempt(const QString &jobId, const QString &owner,
                                             int attempt, const JobOutcome &outcome)
{
    Result<QueueChange> change = m_queue.finish(jobId, owner, attempt, outcome);
    if (change)
        publish(*change);
    return change;
}

Status Scheduler::publishResult(const Result<QueueChange> &change)
{
    if (!change)
        return change.error();
    publish(*change);
    return Done{};
}

// Tells what a change did and stops the attempts it took away from this scheduler.
void Scheduler::publish(const QueueChange &change)
{
    for (const StoppedAttempt &stopped : change.stopped) {
        if (stopped.owner == m_options.owner)
            abandon(stopped.jobId, stopped.attempt, stopped.reason);
    }
    for (const Node &run : change.startedRuns)
        Q_EMIT runStarted(run);
    for (const Node &job : change.requeuedJobs)
        Q_EMIT jobRequeued(job);
    for (const Node &job : change.finishedJobs)
        Q_EMIT jobFinished(job);
    for (const Node &run : change.finishedRuns) {
        qCInfo(lcSched).noquote() << "run" << run.id << run.name
                                  << "finished:" << Node::outcomeName(run.result);
        Q_EMIT runFinished(run);
    }
    scheduleSoon();
}

/*!
    Claims, for each runtime, as many jobs as it has room for (its capacity less the
    attempts this scheduler runs on it, stopping ones included) and starts them.
*/
void Scheduler::schedule()
{
    if (!m_active || m_scheduling)
        return;
    m_scheduling = true;
    for (Runtime *runtime : std::as_const(m_runtimes)) {
        const ClaimRequest request = claimRequest(runtime);
        if (request.limit <= 0)
            continue;
        Result<QList<ClaimedJob>> claimed = m_queue.claim(request);
        if (!claimed) {
            qCWarning(lcSched).noquote() << "cannot claim jobs for" << runtime->name() << ":"
                                         << claimed.error().toString();
            continue;
        }
        for (const ClaimedJob &job : std::as_const(*claimed))
            startAttempt(runtime, job);
    }
    m_scheduling = false;
}

// What to claim for runtime: as many jobs as it has room for (its capacity less the
// attempts this scheduler runs on it, stopping ones included); a limit of 0 when none.
ClaimRequest Scheduler::claimRequest(Runtime *runtime) const
{
    ClaimRequest request;
    request.owner = m_options.owner;
    for (const JobKind &kind : runtime->kinds())
        request.kinds.append(kind.name);
    request.limit = std::max(0, runtime->capacity() - runningCount(runtime));
    request.lease = m_options.lease;
    request.dataDir = m_options.dataDir;
    return request;
}

void Scheduler::startAttempt(Runtime *runtime, const ClaimedJob &claimed)
{
    const QueuedJob &row = claimed.row;
    JobSpec spec;
    spec.jobId = row.id;
    spec.runId = row.runId;
    spec.name = row.name;
    spec.kind = row.kind;
    spec.params = row.spec.value(QStringLiteral("params")).toObject();
    spec.attempt = row.attempt;
    spec.timeout = std::chrono::milliseconds(row.timeoutMs);
    spec.workDir = JobQueue::attemptDir(m_options.dataDir, row.id, row.attempt);
    spec.logPath = QDir(spec.workDir).filePath(QStringLiteral("log.txt"));

    // The folder is not made here: most jobs write nothing, and making two folders per
    // attempt cost more than the rest of a short job's way through the queue. A runtime
    // makes it when it writes there (see JobSpec::workDir).
    Result<RuntimeJob *> job = runtime->start(spec, this);
    if (!job) {
        qCWarning(lcSched).noquote()
                << "cannot start job" << row.name << row.id << ":" << job.error().toString();
        JobOutcome outcome;
        outcome.status = JobOutcome::Error;
        outcome.message = job.error().message;
        if (Result<QueueChange> change = finishAttempt(row.id, m_options.owner, row.attempt,
                                                       outcome);
            !change)
            qCWarning(lcSched).noquote() << "cannot record it:" << change.error().toString();
        return;
    }
    connect(*job, &RuntimeJob::output, this,
            [this, id = row.id, run = row.runId, number = row.attempt](const QByteArray &chunk,
                                                                       bool isError) {
                m_logs.append(id, run, number, chunk, isError);
            });
    Attempt attempt;
    attempt.job = *job;
    attempt.runtime = runtime;
    attempt.attempt = row.attempt;
    attempt.row = row;
    m_running.insert(row.id, attempt);
    const QString id = row.id;
    const int number = row.attempt;
    connect(*job, &RuntimeJob::finished, this, [this, id, number](const JobOutcome &outcome) {
        attemptFinished(id, number, outcome);
    });
    qCDebug(lcSched).noquote() << "started" << row.name << id << "attempt" << number << "on"
                               << runtime->name();
    Q_EMIT jobStarted(claimed.node);
}

void Scheduler::attemptFinished(const QString &jobId, int attempt, const JobOutcome &reported)
{
    const auto it = m_running.find(jobId);
    if (it == m_running.end() || it->attempt != attempt)
        return;
    const Attempt ended = *it;
    m_running.erase(it);
    if (ended.job)
        ended.job->deleteLater();
    m_logs.finish(jobId);
    if (ended.abandoned) {
        scheduleSoon();
        return;
    }
    JobOutcome outcome = reported;
    if (!ended.timeoutMessage.isEmpty()) {
        outcome.status = JobOutcome::TimedOut;
        outcome.message = ended.timeoutMessage;
    } else if (!ended.interruptMessage.isEmpty() && outcome.status != JobOutcome::Passed
               && outcome.status != JobOutcome::Failed) {
        // Stopped by us: not a cancel the user asked for. A job that ended by itself while
        // being stopped keeps its own outcome.
        outcome.status = JobOutcome::Error;
        outcome.message = ended.interruptMessage;
    }
    // Recorded with the others that end in this turn of the event loop: one transaction,
    // and each run settled once, however many of its jobs ended.
    m_ending.append(
            {ended.runtime, AttemptEnd{jobId, m_options.owner, attempt, outcome, ended.row}});
    if (!m_endTimer.isActive())
        m_endTimer.start();
}

/*!
    Records the ends of the attempts that reported since the last call in one transaction
    and tells about them. Should that transaction fail as a whole, each end is recorded on
    its own, so that one the queue cannot record does not keep the others from it.
*/
void Scheduler::recordEnds()
{
    const QList<Ending> ending = std::exchange(m_ending, {});
    if (ending.isEmpty())
        return;
    QList<AttemptEnd> ends;
    ends.reserve(ending.size());
    for (const Ending &item : ending)
        ends.append(item.end);
    const auto refused = [](const AttemptEnd &end, const Error &error) {
        // A Conflict: the job was taken from us meanwhile (cancelled, or the lease lapsed).
        if (error.code == Error::Conflict)
            qCDebug(lcSched).noquote() << "attempt" << end.attempt << "of" << end.jobId
                                       << "is no longer ours:" << error.toString();
        else
            qCWarning(lcSched).noquote() << "cannot record attempt" << end.attempt << "of"
                                         << end.jobId << ":" << error.toString();
    };

    // The jobs that take the ended ones' places are leased in the same transaction: a
    // turn of the event loop then costs one commit, not one for the ends and one per claim.
    QList<Runtime *> claimFor;
    QList<ClaimRequest> claims;
    if (m_active && !m_scheduling) {
        for (Runtime *runtime : std::as_const(m_runtimes)) {
            ClaimRequest request = claimRequest(runtime);
            if (request.limit > 0 && !request.kinds.isEmpty()) {
                claimFor.append(runtime);
                claims.append(std::move(request));
            }
        }
    }
    Result<FinishedAttempts> recorded = m_queue.finishMany(ends, claims);
    if (!recorded && ends.size() > 1) {
        qCWarning(lcSched).noquote() << "cannot record" << ends.size()
                                     << "attempt ends together, recording each on its own:"
                                     << recorded.error().toString();
        for (const AttemptEnd &end : std::as_const(ends)) {
            Result<QueueChange> change = finishAttempt(end.jobId, end.owner, end.attempt,
                                                       end.outcome);
            if (!change)
                refused(end, change.error());
        }
        scheduleSoon();
        return;
    }
    if (!recorded) {
        refused(ends.constFirst(), recorded.error());
        scheduleSoon();
        return;
    }
    for (qsizetype i = 0; i < ends.size(); ++i) {
        if (const Status &result = recorded->results.at(i); !result)
            refused(ends.at(i), result.error());
    }
    publish(recorded->change);
    for (qsizetype i = 0; i < recorded->claimed.size(); ++i) {
        for (const ClaimedJob &job : std::as_const(recorded->claimed.at(i)))
            startAttempt(claimFor.at(i), job);
    }
}

// The attempt is no longer ours to record: stop it, keep its place until it reports.
void Scheduler::abandon(const QString &jobId, int attempt, const QString &reason)
{
    const auto it = m_running.find(jobId);
    if (it == m_running.end() || it->attempt != attempt || it->abandoned)
        return;
    it->abandoned = true;
    qCInfo(lcSched).noquote() << "stopping attempt" << attempt << "of" << jobId << ":" << reason;
    if (it->job)
        it->job->cancel(reason);
}

void Scheduler::stopTimedOut(const QString &jobId, int attempt, const QString &message)
{
    const auto it = m_running.find(jobId);
    if (it == m_running.end() || it->attempt != attempt || it->abandoned)
        return;
    const QDateTime now = Node::now();
    if (it->timeoutMessage.isEmpty()) {
        it->timeoutMessage = message;
        it->stopAsked = now;
        qCInfo(lcSched).noquote() << "stopping attempt" << attempt << "of" << jobId << ":"
                                  << message;
        if (it->job)
            it->job->cancel(message);
        return;
    }
    if (it->stopAsked.msecsTo(now) < m_options.stopGrace.count())
        return;
    // It does not stop: record the timeout now, and keep its place until it reports.
    it->abandoned = true;
    JobOutcome outcome;
    outcome.status = JobOutcome::TimedOut;
    outcome.message = message;
    if (Result<QueueChange> change = finishAttempt(jobId, m_options.owner, attempt, outcome);
        !change)
        qCWarning(lcSched).noquote()
                << "cannot record the timeout of" << jobId << ":" << change.error().toString();
}

void Scheduler::interruptAll(const QString &reason)
{
    for (auto it = m_running.begin(); it != m_running.end(); ++it) {
        if (it->abandoned || !it->interruptMessage.isEmpty() || !it->timeoutMessage.isEmpty())
            continue;
        it->interruptMessage = reason;
        qCInfo(lcSched).noquote() << "stopping attempt" << it->attempt << "of" << it.key() << ":"
                                  << reason;
        if (it->job)
            it->job->cancel(reason);
    }
}

/*!
    Renews the leases of the attempts this scheduler runs. One that is no longer ours (a
    supervisor took it back, or it was cancelled by another process) is stopped, and its
    report will not be recorded.
*/
void Scheduler::heartbeat()
{
    QList<std::pair<QString, int>> attempts;
    for (auto it = m_running.cbegin(); it != m_running.cend(); ++it) {
        if (!it->abandoned)
            attempts.append({it.key(), it->attempt});
    }
    if (attempts.isEmpty())
        return;
    Result<QStringList> lost = m_queue.heartbeat(m_options.owner, attempts, m_options.lease);
    if (!lost) {
        qCWarning(lcSched).noquote() << "heartbeat failed:" << lost.error().toString();
        return;
    }
    for (const QString &id : std::as_const(*lost)) {
        const auto it = m_running.constFind(id);
        if (it != m_running.cend())
            abandon(id, it->attempt, tr("The lease on the job was lost."));
    }
}

} // namespace Cairn
