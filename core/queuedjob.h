// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "jobstate.h"
#include "node.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

#include <optional>

class QSqlQuery;

namespace Cairn {

class SqlStatement;

/*
 * One row of the job queue: where the job stands in the claim order, its lease and the
 * record of its last attempt. The job node holds the same for people; this row is what the
 * scheduler claims and guards its transitions by.
 */
struct QueuedJob
{
    QString id; // the job node's id
    QString runId;
    QString name;
    QString client; // empty: no client
    int clientPriority = 10; // smaller first, as every priority of the queue
    int runPriority = 10;
    int stageIndex = 0;
    int jobPriority = 10;
    int jobOrder = 0; // the job's place in its pipeline
    QString kind;
    JobState state = JobState::Ready;
    Node::Outcome result = Node::Outcome::None; // pass or fail once DONE
    bool stageOpen = false;
    int attempt = 0; // attempts started so far; the running one's number while IN_PROGRESS
    int maxAttempts = 1;
    bool allowFailure = false;
    qint64 timeoutMs = 0; // 0: none
    QString leaseOwner;
    QDateTime completeBy;
    QDateTime heartbeat;
    QDateTime scheduled;
    QDateTime started;
    QDateTime ended;
    std::optional<int> exitCode;
    QString failure;
    QString correlationId;
    QJsonObject spec; // params (resolved), version, stage, pipeline

    // Whether it ended without passing: ERROR, CANCELLED, or DONE with result fail.
    bool hasFailed() const;
    QString stage() const;
    // The job node as this row says it is: state, result and the row's part of its data.
    Node applyTo(const Node &node) const;

    // The row as far as the job node tells it: the scheduler writes the row's record into
    // the node's data (applyTo()), which is all the HTTP API gives. stages: the run's, for
    // the job's place in the claim order; may be empty.
    static QueuedJob fromNode(const Node &job, const QStringList &stages = {});

    // The columns in the order read() expects them.
    static QString columns();
    static QueuedJob read(const QSqlQuery &query);
    static QueuedJob read(const SqlStatement &statement);
};

// An attempt taken from its owner while it ran: the owner stops it and records nothing.
struct StoppedAttempt
{
    QString jobId;
    QString owner;
    int attempt = 0;
    QString reason;
};

/*
 * What one write to the queue changed, for the scheduler to tell about and act on.
 */
struct QueueChange
{
    QList<Node> startedRuns;
    QList<Node> finishedJobs; // job nodes now DONE, ERROR or CANCELLED
    QList<Node> requeuedJobs; // job nodes READY again for another attempt
    QList<Node> finishedRuns;
    // Attempts that were IN_PROGRESS and no longer are although they did not report: their
    // owners stop them (the owner learns it at its next heartbeat if it is another process).
    QList<StoppedAttempt> stopped;

    void append(const QueueChange &other);
};

} // namespace Cairn
