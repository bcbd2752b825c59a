// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "queuedjob.h"
#include "runtime.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <chrono>
#include <memory>
#include <optional>
#include <utility>

namespace Cairn {

class Database;
class JobNodeCache;
class QueueTransaction;

// A run to queue: the run node and its jobs, params already resolved.
struct RunPlan
{
    struct Job
    {
        QString name;
        QString stage;
        int stageIndex = 0; // of the stage in RunPlan::stages
        QString kind;
        QString version;
        int priority = 10; // smaller first
        QJsonObject params;
        int retryAttempt = 0; // attempts after the first one
        bool allowFailure = false;
        qint64 timeoutMs = 0; // 0: none
    };

    QString runId; // the run node's id; one is made when empty
    QString parent; // the run node's parent, if any
    QString name; // the run node's name: the pipeline's
    QStringList stages;
    QJsonObject inputs;
    QString client; // empty: none
    int priority = 10; // smaller first
    QString correlationId; // the event that started the run
    QString rule; // the rule that started it, if one did
    QList<Job> jobs; // in declaration order
};

// What a scheduler asks of the queue for one runtime.
struct ClaimRequest
{
    QString owner; // the lease owner: the scheduler's id
    QStringList kinds;
    int limit = 1;
    std::chrono::milliseconds lease{30000}; // complete-by of jobs without a timeout
    QString dataDir; // attempt folders are made below it, see JobQueue::attemptDir()
};

struct ClaimedJob
{
    QueuedJob row;
    Node node;
};

// How one attempt ended, for JobQueue::finishMany().
struct AttemptEnd
{
    QString jobId;
    QString owner; // who held the attempt
    int attempt = 0;
    JobOutcome outcome;
    // The row as the claim of this attempt gave it, when the caller kept it: finishMany()
    // then need not read it back. Its write is guarded all the same.
    std::optional<QueuedJob> claimed;
};

// What JobQueue::finishMany() recorded.
struct FinishedAttempts
{
    QueueChange change; // of every end recorded, and of the runs they settled
    QList<Status> results; // one per end, in order: Done, or why it was not recorded
    QList<QList<ClaimedJob>> claimed; // one per claim request, in order
};

/*
 * The durable job queue: one row per job in the jobs table, beside the job's node. Every
 * change writes the row, the job node, the run node when the run moves on, and their events
 * in one transaction; a row changes only from the state, attempt and lease owner its writer
 * read, so each transition happens once however many schedulers share the database.
 *
 * On PostgreSQL every write takes the outbox lock first: these transactions write events,
 * and one that took row locks before waiting for the outbox lock could deadlock with one
 * holding it. Claims still use FOR UPDATE SKIP LOCKED, so they stay correct without it.
 */
class JobQueue
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobQueue)
public:
    explicit JobQueue(Database &database);
    ~JobQueue();

    QString eventSource() const { return m_source; }
    void setEventSource(const QString &source) { m_source = source; }
    // How many unfinished jobs the whole queue may hold; 0: no limit.
    qint64 queueSize() const { return m_queueSize; }
    void setQueueSize(qint64 size) { m_queueSize = size; }

    // Queues a run: its node, its job nodes (READY) and their rows, first stage open.
    // Refused when the queue or the client's share of it would overflow.
    Result<QueueChange> enqueue(const RunPlan &plan);
    // Leases up to request.limit READY jobs of open stages in priority order.
    Result<QList<ClaimedJob>> claim(const ClaimRequest &request);
    // Records how an attempt ended, if owner still holds it; else a Conflict.
    Result<QueueChange> finish(const QString &jobId, const QString &owner, int attempt,
                               const JobOutcome &outcome);
    // Records how several attempts ended in one transaction, each as finish() would; an end
    // whose attempt is no longer held is left out with its Conflict. Then, in the same
    // transaction, leases jobs for each of claims as claim() would. An error of the whole
    // (the database's) records none of them and leases nothing.
    Result<FinishedAttempts> finishMany(const QList<AttemptEnd> &ends,
                                        const QList<ClaimRequest> &claims = {});
    // Renews the leases of owner's running attempts; gives the ids of those it lost.
    Result<QStringList> heartbeat(const QString &owner,
                                  const QList<std::pair<QString, int>> &attempts,
                                  std::chrono::milliseconds lease);
    // IN_PROGRESS jobs past their complete-by time or whose heartbeat is older than lease.
    Result<QList<QueuedJob>> overdue(const QDateTime &now, std::chrono::milliseconds lease);

    Result<QueueChange> cancelJob(const QString &jobId, const QString &reason = {});
    Result<QueueChange> cancelRun(const QString &runId, const QString &reason = {});
    Result<QueueChange> retryJob(const QString &jobId);
    Result<QueueChange> retryRun(const QString &runId);

    Result<QueuedJob> job(const QString &jobId);
    Result<QList<QueuedJob>> jobsOfRun(const QString &runId);
    // READY and IN_PROGRESS jobs, of client when given.
    Result<qint64> unfinishedCount(const QString &client = {});
    // How many jobs the queue holds in each state; states it has none in are left out.
    Result<QMap<JobState, qint64>> countByState();

    // A client's priority (smaller first) and how many unfinished jobs it may queue (0: no
    // limit). Its queued jobs take the new priority.
    Status setClient(const QString &id, int priority, qint64 queueSize);

    // dataDir/jobs/<job id>/<attempt>: one folder per attempt, kept for its log.
    static QString attemptDir(const QString &dataDir, const QString &jobId, int attempt);

private:
    Result<QList<ClaimedJob>> claimIn(QueueTransaction &t, const ClaimRequest &request);

    Database &m_db;
    QString m_source;
    qint64 m_queueSize = 0;
    std::unique_ptr<JobNodeCache> m_nodeCache; // job nodes this queue wrote last
};

} // namespace Cairn
