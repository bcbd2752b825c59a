// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobqueue.h"

#include "database.h"
#include "nodesql_p.h"
#include "queuetransaction_p.h"
#include "sqlstatement_p.h"
#include "uuid7.h"

#include <QDir>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUrl>

#include <algorithm>
#include <limits>
#include <tuple>

namespace Cairn {

namespace {

const QString Ready = JobStates::name(JobState::Ready);
const QString InProgress = JobStates::name(JobState::InProgress);

std::shared_ptr<SqlStatement> statement(Database &db, const QString &sql, Error *error)
{
    QString why;
    std::shared_ptr<SqlStatement> query = db.statement(sql, &why);
    if (!query)
        *error = Error::database(why);
    return query;
}

// A count of READY and IN_PROGRESS rows, of one client when client is not null.
Result<qint64> countUnfinished(Database &db, const QString *client)
{
    Error error;
    const auto query = statement(db,
                                 QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state IN (?, ?)")
                                         + (client ? QStringLiteral(" AND client = ?") : QString()),
                                 &error);
    if (!query)
        return error;
    query->bind(0, Ready);
    query->bind(1, InProgress);
    if (client)
        query->bind(2, *client);
    if (!query->exec() || !query->next())
        return NodeWriter::failure(*query);
    const qint64 count = query->integer(0);
    query->finish();
    return count;
}

// "?, ?, ...": a parameter for each kind a claim asks for.
QString kindMarks(const ClaimRequest &request)
{
    QStringList marks(request.kinds.size(), QStringLiteral("?"));
    return marks.join(QStringLiteral(", "));
}

bool claimsBefore(const QueuedJob &a, const QueuedJob &b)
{
    return std::tie(a.clientPriority, a.runPriority, a.stageIndex, a.jobPriority, a.jobOrder, a.id)
            < std::tie(b.clientPriority, b.runPriority, b.stageIndex, b.jobPriority, b.jobOrder,
                       b.id);
}

} // namespace

JobQueue::JobQueue(Database &database)
    : m_db(database),
      m_source(QStringLiteral("cairn://") + QHostInfo::localHostName() + QStringLiteral("/nodes")),
      m_nodeCache(std::make_unique<JobNodeCache>())
{ }

JobQueue::~JobQueue() = default;

QString JobQueue::attemptDir(const QString &dataDir, const QString &jobId, int attempt)
{
    return QDir(dataDir).filePath(QStringLiteral("jobs/%1/%2").arg(jobId).arg(attempt));
}

/*!
    Queues the run of \a plan in one transaction: the run node (kind "run"), a child node
    per job (kind "job") and the jobs' rows, all READY, with only the first stage open.
    Refused, with nothing written, when the queue would hold more than queueSize()
    unfinished jobs or the client more than its queue size.
*/
Result<QueueChange> JobQueue::enqueue(const RunPlan &plan)
{
    if (plan.jobs.isEmpty())
        return Error::invalid(QStringLiteral("jobs"), tr("A run needs at least one job."));
    int firstStage = std::numeric_limits<int>::max();
    for (const RunPlan::Job &job : plan.jobs) {
        if (job.stageIndex < 0 || job.stageIndex >= plan.stages.size())
            return Error::invalid(QStringLiteral("stage"),
                                  tr("Job %1 names no stage of the run.").arg(job.name));
        firstStage = qMin(firstStage, job.stageIndex);
    }
    const qint64 size = plan.jobs.size();

    return QueueTransaction::run<QueueChange>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &t) -> Result<QueueChange> {
                if (m_queueSize > 0) {
                    Result<qint64> queued = countUnfinished(m_db, nullptr);
                    if (!queued)
                        return queued.error();
                    if (*queued + size > m_queueSize)
                        return Error{
                                Error::Conflict,
                                tr("The queue is full: it holds %1 of at most %2 unfinished jobs, "
                                   "and this run has %3.")
                                        .arg(*queued)
                                        .arg(m_queueSize)
                                        .arg(size),
                                QStringLiteral("queue_size"),
                                {}};
                }
                int clientPriority = 10;
                if (!plan.client.isEmpty()) {
                    Error error;
                    const auto query = statement(
                            m_db,
                            QStringLiteral("SELECT priority, queue_size FROM clients WHERE id = ?"),
                            &error);
                    if (!query)
                        return error;
                    query->bind(0, plan.client);
                    if (!query->exec())
                        return NodeWriter::failure(*query);
                    qint64 clientSize = 0;
                    if (query->next()) {
                        clientPriority = int(query->integer(0));
                        clientSize = query->integer(1);
                    }
                    query->finish();
                    if (clientSize > 0) {
                        Result<qint64> queued = countUnfinished(m_db, &plan.client);
                        if (!queued)
                            return queued.error();
                        if (*queued + size > clientSize)
                            return Error{
                                    Error::Conflict,
                                    tr("The queue of client %1 is full: it holds %2 of at most %3 "
                                       "unfinished jobs, and this run has %4.")
                                            .arg(plan.client)
                                            .arg(*queued)
                                            .arg(clientSize)
                                            .arg(size),
                                    QStringLiteral("client"),
                                    {}};
                    }
                }

                const QDateTime now = Node::now();
                const QString nowText = Node::timeToText(now);
                Node run;
                run.id = plan.runId.isEmpty() ? createUuid7() : plan.runId;
                run.parent = plan.parent;
                run.kind = QStringLiteral("run");
                run.name = plan.name;
                run.data = {
                        {QStringLiteral("inputs"), plan.inputs},
                        {QStringLiteral("stages"), QJsonArray::fromStringList(plan.stages)},
                        {QStringLiteral("stage"), plan.stages.at(firstStage)},
                        {QStringLiteral("stage_index"), firstStage},
                        {QStringLiteral("priority"), plan.priority},
                        {QStringLiteral("jobs"), size},
                };
                if (!plan.client.isEmpty())
                    run.data.insert(QStringLiteral("client"), plan.client);
                if (!plan.correlationId.isEmpty())
                    run.data.insert(QStringLiteral("correlation_id"), plan.correlationId);
                if (!plan.rule.isEmpty())
                    run.data.insert(QStringLiteral("rule"), plan.rule);
                Result<Node> runNode = t.nodes.insert(run);
                if (!runNode)
                    return runNode.error();

                Error error;
                const auto insert = statement(
                        m_db,
                        QStringLiteral(
                                "INSERT INTO jobs (id, run_id, name, client, client_priority, "
                                "run_priority, stage_index, job_priority, job_order, kind, state, "
                                "stage_open, attempt, max_attempts, allow_failure, timeout_ms, "
                                "scheduled, correlation_id, spec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                "?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)"),
                        &error);
                if (!insert)
                    return error;
                for (qsizetype i = 0; i < plan.jobs.size(); ++i) {
                    const RunPlan::Job &job = plan.jobs.at(i);
                    const QJsonObject spec = {
                            {QStringLiteral("stage"), job.stage},
                            {QStringLiteral("version"), job.version},
                            {QStringLiteral("params"), job.params},
                            {QStringLiteral("retry_attempt"), job.retryAttempt},
                    };
                    QueuedJob row;
                    row.id = createUuid7();
                    row.name = job.name;
                    row.state = JobState::Ready;
                    row.maxAttempts = job.retryAttempt + 1;
                    Node node;
                    node.id = row.id;
                    node.parent = runNode->id;
                    node.kind = QStringLiteral("job");
                    node.name = job.name;
                    node.data = spec;
                    node.data.insert(QStringLiteral("kind"), job.kind);
                    node.data.insert(QStringLiteral("priority"), job.priority);
                    node.data.insert(QStringLiteral("allow_failure"), job.allowFailure);
                    if (job.timeoutMs > 0)
                        node.data.insert(QStringLiteral("timeout_ms"), job.timeoutMs);
                    node.data.insert(QStringLiteral("scheduled"), nowText);
                    node = row.applyTo(node);
                    Result<Node> inserted = t.nodes.insert(node);
                    if (!inserted)
                        return inserted.error();
                    t.record.remember(*inserted);

                    insert->bind(0, row.id);
                    insert->bind(1, runNode->id);
                    insert->bind(2, job.name);
                    // '' for none: NOT NULL keeps one client index
                    insert->bind(3, plan.client.isNull() ? QStringLiteral("") : plan.client);
                    insert->bind(4, clientPriority);
                    insert->bind(5, plan.priority);
                    insert->bind(6, job.stageIndex);
                    insert->bind(7, job.priority);
                    insert->bind(8, int(i));
                    insert->bind(9, job.kind);
                    insert->bind(10, Ready);
                    insert->bind(11, job.stageIndex == firstStage ? 1 : 0);
                    insert->bind(12, row.maxAttempts);
                    insert->bind(13, job.allowFailure ? 1 : 0);
                    insert->bind(14, job.timeoutMs);
                    insert->bind(15, nowText);
                    NodeWriter::bindTextOrNull(*insert, 16, plan.correlationId);
                    insert->bindUtf8(17, NodeSql::jsonBytes(spec));
                    if (!insert->exec())
                        return NodeWriter::failure(*insert);
                }
                QueueChange change;
                change.startedRuns.append(*runNode);
                return change;
            });
}

/*!
    Leases up to request.limit READY jobs of open stages whose kind is one of request.kinds,
    in claim order: client priority, run priority, stage, job priority, declaration order,
    smaller first. One statement picks and leases them (FOR UPDATE SKIP LOCKED on
    PostgreSQL, so that concurrent claimers pass each other's rows by), setting the owner,
    the next attempt and the complete-by time: now plus the job's timeout, or plus the lease
    when it has none. The job nodes follow in the same transaction.
*/
Result<QList<ClaimedJob>> JobQueue::claim(const ClaimRequest &request)
{
    if (request.kinds.isEmpty() || request.limit <= 0)
        return QList<ClaimedJob>{};
    // Most polls find nothing: a read says so without the write lock a claim takes.
    {
        Error error;
        const auto ready = statement(m_db,
                                     QStringLiteral("SELECT 1 FROM jobs WHERE state = ? AND "
                                                    "stage_open = 1 AND kind IN (")
                                             + kindMarks(request) + QStringLiteral(") LIMIT 1"),
                                     &error);
        if (!ready)
            return error;
        ready->bind(0, Ready);
        for (qsizetype i = 0; i < request.kinds.size(); ++i)
            ready->bind(int(i + 1), request.kinds.at(i));
        if (!ready->exec())
            return NodeWriter::failure(*ready);
        const bool any = ready->next();
        ready->finish();
        if (!any)
            return QList<ClaimedJob>{};
    }
    return QueueTransaction::run<QList<ClaimedJob>>(
            m_db, m_source, m_nodeCache.get(),
            [&](QueueTransaction &t) { return claimIn(t, request); });
}

// The claim of claim() inside the transaction t.
Result<QList<ClaimedJob>> JobQueue::claimIn(QueueTransaction &t, const ClaimRequest &request)
{
    if (request.kinds.isEmpty() || request.limit <= 0)
        return QList<ClaimedJob>{};
    const bool sqlite = m_db.dialect() == Database::Dialect::SQLite;
    // The times are text in the store's fixed form; both computations give that form back.
    const QString completeBy = sqlite
            ? QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+' || ((CASE WHEN timeout_ms > "
                             "0 THEN timeout_ms ELSE ? END) / 1000.0) || ' seconds')")
            : QStringLiteral("to_char(CAST(? AS timestamp) + (CASE WHEN timeout_ms > 0 THEN "
                             "timeout_ms ELSE ? END) * INTERVAL '1 millisecond', "
                             "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    const QString sql = QStringLiteral("UPDATE jobs SET state = ?, lease_owner = ?, attempt = "
                                       "attempt + 1, started = ?, heartbeat = ?, ended = NULL, "
                                       "exit_code = NULL, failure = NULL, complete_by = ")
            + completeBy
            + QStringLiteral(" WHERE id IN (SELECT id FROM jobs WHERE state = ? AND stage_open = "
                             "1 AND kind IN (")
            + kindMarks(request)
            + QStringLiteral(") ORDER BY client_priority, run_priority, stage_index, "
                             "job_priority, job_order, id LIMIT ?")
            + (sqlite ? QString() : QStringLiteral(" FOR UPDATE SKIP LOCKED"))
            + QStringLiteral(") RETURNING ") + QueuedJob::columns();
    Error error;
    const auto query = statement(m_db, sql, &error);
    if (!query)
        return error;
    const QString now = Node::timeToText(Node::now());
    query->bind(0, InProgress);
    query->bind(1, request.owner);
    query->bind(2, now);
    query->bind(3, now);
    query->bind(4, now);
    query->bind(5, qint64(request.lease.count()));
    query->bind(6, Ready);
    int next = 7;
    for (const QString &kind : request.kinds)
        query->bind(next++, kind);
    query->bind(next, request.limit);
    if (!query->exec())
        return NodeWriter::failure(*query);
    QList<QueuedJob> rows;
    while (query->next())
        rows.append(QueuedJob::read(*query));
    if (!query->errorText().isEmpty())
        return NodeWriter::failure(*query);
    query->finish();
    std::sort(rows.begin(), rows.end(), claimsBefore);

    QStringList ids;
    ids.reserve(rows.size());
    for (const QueuedJob &row : std::as_const(rows))
        ids.append(row.id);
    if (Status read = t.record.readNodes(ids); !read)
        return read.error();
    QList<ClaimedJob> claimed;
    for (const QueuedJob &row : std::as_const(rows)) {
        const QString log = QDir(attemptDir(request.dataDir, row.id, row.attempt))
                                    .filePath(QStringLiteral("log.txt"));
        JobRecord::Extras extras;
        extras.artifacts.insert(QStringLiteral("log"), QUrl::fromLocalFile(log).toString());
        Result<Node> node = t.record.writeNode(row, extras);
        if (!node)
            return node.error();
        claimed.append({row, *node});
    }
    return claimed;
}

/*!
    Renews the leases of \a attempts (job id, attempt) that \a owner still holds: the
    heartbeat, and the complete-by time of jobs without a timeout. The ids of attempts that
    are no longer owner's come back: the supervisor gave them up, or someone cancelled them,
    and owner stops them.
*/
Result<QStringList> JobQueue::heartbeat(const QString &owner,
                                        const QList<std::pair<QString, int>> &attempts,
                                        std::chrono::milliseconds lease)
{
    if (attempts.isEmpty())
        return QStringList{};
    return QueueTransaction::run<QStringList>(
            m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &) -> Result<QStringList> {
                Error error;
                const auto query = statement(
                        m_db,
                        QStringLiteral("UPDATE jobs SET heartbeat = ?, complete_by = CASE WHEN "
                                       "timeout_ms > 0 THEN complete_by ELSE ? END WHERE id = ? "
                                       "AND state = ? AND lease_owner = ? AND attempt = ?"),
                        &error);
                if (!query)
                    return error;
                const QDateTime now = Node::now();
                const QString nowText = Node::timeToText(now);
                const QString until = Node::timeToText(now.addMSecs(lease.count()));
                QStringList lost;
                for (const auto &[id, attempt] : attempts) {
                    query->bind(0, nowText);
                    query->bind(1, until);
                    query->bind(2, id);
                    query->bind(3, InProgress);
                    query->bind(4, owner);
                    query->bind(5, attempt);
                    if (!query->exec())
                        return NodeWriter::failure(*query);
                    if (query->rowsAffected() != 1)
                        lost.append(id);
                }
                return lost;
            });
}

Result<QList<QueuedJob>> JobQueue::overdue(const QDateTime &now, std::chrono::milliseconds lease)
{
    NodeWriter nodes(m_db, m_source);
    JobRecord record(m_db, nodes);
    return record.select(
            QStringLiteral("WHERE state = ? AND (complete_by < ? OR heartbeat < ?) "
                           "ORDER BY complete_by"),
            {InProgress, Node::timeToText(now), Node::timeToText(now.addMSecs(-lease.count()))});
}

Result<QueuedJob> JobQueue::job(const QString &jobId)
{
    NodeWriter nodes(m_db, m_source);
    return JobRecord(m_db, nodes).get(jobId);
}

Result<QList<QueuedJob>> JobQueue::jobsOfRun(const QString &runId)
{
    NodeWriter nodes(m_db, m_source);
    return JobRecord(m_db, nodes).ofRun(runId);
}

Result<qint64> JobQueue::unfinishedCount(const QString &client)
{
    return countUnfinished(m_db, client.isEmpty() ? nullptr : &client);
}

Status JobQueue::setClient(const QString &id, int priority, qint64 queueSize)
{
    if (id.isEmpty())
        return Error::invalid(QStringLiteral("client"), tr("A client needs an id."));
    if (queueSize < 0)
        return Error::invalid(QStringLiteral("queue_size"), tr("must be 0 (no limit) or more"));
    return QueueTransaction::run<
            Done>(m_db, m_source, m_nodeCache.get(), [&](QueueTransaction &) -> Status {
        Error error;
        const auto upsert = statement(
                m_db,
                QStringLiteral("INSERT INTO clients (id, priority, queue_size) VALUES (?, ?, ?) ON "
                               "CONFLICT (id) DO UPDATE SET priority = excluded.priority, "
                               "queue_size = excluded.queue_size"),
                &error);
        if (!upsert)
            return error;
        upsert->bind(0, id);
        upsert->bind(1, priority);
        upsert->bind(2, queueSize);
        if (!upsert->exec())
            return NodeWriter::failure(*upsert);
        const auto jobs = statement(
                m_db,
                QStringLiteral(
                        "UPDATE jobs SET client_priority = ? WHERE client = ? AND state = ?"),
                &error);
        if (!jobs)
            return error;
        jobs->bind(0, priority);
        jobs->bind(1, id);
        jobs->bind(2, Ready);
        if (!jobs->exec())
            return NodeWriter::failure(*jobs);
        return Done{};
    });
}

} // namespace Cairn
