// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "joblogpublisher.h"
#include "jobqueue.h"
#include "node.h"
#include "runtime.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace Cairn {

class Database;
class JobKindRegistry;
struct Pipeline;

// Who asks for a run and how urgent it is.
struct RunOptions
{
    QString client; // empty: none
    int priority = 10; // smaller first
    QString parent; // the node to put the run node under; empty: a root
    QString rule; // the rule that started it, if one did
};

struct SchedulerOptions
{
    // The lease owner: unique per scheduler and process. Empty: "HOST:PID:UUID".
    QString owner;
    // Attempt folders go below it (jobs/<job id>/<attempt>). Empty: the user's application
    // data folder, cairn/ in it.
    QString dataDir;
    qint64 queueSize = 10000; // unfinished jobs in the whole queue; 0: no limit
    // How long a lease lasts without a heartbeat; the complete-by time of jobs that have no
    // timeout. Another scheduler's supervisor takes a job back after it.
    std::chrono::milliseconds lease{30000};
    std::chrono::milliseconds heartbeatInterval{10000}; // well below lease
    // How often the queue is read for work queued by other processes; work queued or freed
    // in this process is claimed at once.
    std::chrono::milliseconds pollInterval{1000};
    // How long a job stopped for its timeout may take to report before it is recorded as
    // timed out anyway.
    std::chrono::milliseconds stopGrace{10000};
};

/*
 * The durable scheduler: queues runs of pipelines, claims their jobs for the runtimes it
 * knows up to each runtime's capacity, starts them, keeps their leases alive and records
 * how each attempt ended. Everything it knows is in the database, so a scheduler that dies
 * loses nothing: the Supervisor of a scheduler still running takes its jobs back once their
 * leases expire. Several schedulers may share one database.
 *
 * Destroying a scheduler stops its attempts without recording anything, as a crash would;
 * that includes attempts that reported their end in the same turn of the event loop, which
 * runningCount() still counts until their end is recorded.
 */
class Scheduler : public QObject
{
    Q_OBJECT
public:
    explicit Scheduler(Database &database, const SchedulerOptions &options = {},
                       QObject *parent = nullptr);
    ~Scheduler() override;

    QString owner() const { return m_options.owner; }
    const SchedulerOptions &options() const { return m_options; }
    JobQueue &queue() { return m_queue; }

    // When set, startRun() checks pipelines against it. Not owned.
    void setKindRegistry(const JobKindRegistry *registry) { m_registry = registry; }
    // Jobs of the runtime's kinds go to it. Not owned; it must outlive the scheduler.
    void addRuntime(Runtime *runtime);
    QList<Runtime *> runtimes() const { return m_runtimes; }

    // Starts claiming: now, after every change, and every poll interval.
    void start();
    // Stops claiming; running attempts go on and are recorded.
    void stop();
    bool isActive() const { return m_active; }

    // Attempts this scheduler runs (of runtime, when given), stopping ones included, and
    // those that ended and whose end is not recorded yet.
    int runningCount(const Runtime *runtime = nullptr) const;
    // Whether this scheduler holds the attempt: running and not given up, or ended and its
    // end not recorded yet.
    bool isRunning(const QString &jobId, int attempt) const;

    // Queues a run of pipeline with inputs; correlationEventId names the event that caused
    // it (its JSON is ${event...} in params). The run node comes back, its jobs READY.
    Result<Node> startRun(const Pipeline &pipeline, const QJsonObject &inputs,
                          const QString &correlationEventId = {}, const RunOptions &options = {});
    Status cancelRun(const QString &runId, const QString &reason = {});
    Status cancelJob(const QString &jobId, const QString &reason = {});
    Status retryJob(const QString &jobId);
    Status retryRun(const QString &runId);
    Status setClient(const QString &id, int priority, qint64 queueSize);

    // Records the end of an attempt held by owner (this scheduler or a vanished one) and
    // tells about it; the Supervisor's way of ending what nobody will report.
    Result<QueueChange> finishAttempt(const QString &jobId, const QString &owner, int attempt,
                                      const JobOutcome &outcome);
    // Stops this scheduler's attempt because it ran past its timeout; it is recorded as
    // timed out when it reports, or after stopGrace if it does not.
    void stopTimedOut(const QString &jobId, int attempt, const QString &message);
    // Stops every running attempt, as on shutdown: each is recorded as an error with reason
    // when it reports, so it goes back to READY while attempts remain. Stop claiming first.
    void interruptAll(const QString &reason);

public Q_SLOTS:
    // Claims and starts what the runtimes have room for.
    void schedule();
    // Renews the leases of running attempts; stops those whose lease was lost.
    void heartbeat();

Q_SIGNALS:
    void runStarted(const Cairn::Node &run);
    void jobStarted(const Cairn::Node &job);
    // A job reached DONE, ERROR or CANCELLED.
    void jobFinished(const Cairn::Node &job);
    // An attempt ended and the job is READY for another one.
    void jobRequeued(const Cairn::Node &job);
    void runFinished(const Cairn::Node &run);

private:
    struct Attempt
    {
        QPointer<RuntimeJob> job;
        Runtime *runtime = nullptr;
        int attempt = 0;
        bool abandoned = false; // no longer ours to record: cancelled, or the lease was lost
        QString timeoutMessage; // set once stopped for its timeout
        QString interruptMessage; // set once stopped by interruptAll()
        QDateTime stopAsked;
        QueuedJob row; // as the claim left it
    };

    // An attempt that reported its end, recorded with the others of the same turn.
    struct Ending
    {
        Runtime *runtime = nullptr;
        AttemptEnd end;
    };

    ClaimRequest claimRequest(Runtime *runtime) const;
    void startAttempt(Runtime *runtime, const ClaimedJob &claimed);
    void attemptFinished(const QString &jobId, int attempt, const JobOutcome &outcome);
    void recordEnds();
    void abandon(const QString &jobId, int attempt, const QString &reason);
    void publish(const QueueChange &change);
    Status publishResult(const Result<QueueChange> &change);
    void scheduleSoon();

    Database &m_db;
    SchedulerOptions m_options;
    JobQueue m_queue;
    JobLogPublisher m_logs;
    const JobKindRegistry *m_registry = nullptr;
    QList<Runtime *> m_runtimes;
    QHash<QString, Attempt> m_running; // by job id
    QList<Ending> m_ending; // in the order they reported
    bool m_active = false;
    bool m_scheduling = false;
    QTimer m_pollTimer;
    QTimer m_soonTimer;
    QTimer m_endTimer; // records m_ending once the attempts of this turn have reported
    QTimer m_heartbeatTimer;
};

} // namespace Cairn
