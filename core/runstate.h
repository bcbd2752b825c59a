// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "queuedjob.h"

#include <QCoreApplication>
#include <QStringList>

namespace Cairn {

class Database;
class JobRecord;
class NodeWriter;

/*
 * The stage barrier and the end of a run. After any change to a run's jobs, settle() opens
 * the next stage once every job of the open one has finished, stops the run when a job
 * failed without allow_failure (its READY jobs are cancelled; it ends once the jobs still
 * running have reported), and ends the run when nothing is left: pass, or fail.
 */
class RunState
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::RunState)
public:
    struct Decision
    {
        QList<QueuedJob> cancel; // READY jobs that will never run: the run stops
        int openStage = -1; // the stage whose READY jobs may be claimed now; -1: none
        bool finished = false;
        Node::Outcome result = Node::Outcome::None;
        QStringList failures; // jobs whose failure stops the run
        QStringList allowedFailures; // jobs that failed with allow_failure
    };
    // What a run whose jobs are now \a jobs needs; reads nothing, writes nothing.
    static Decision decide(const QList<QueuedJob> &jobs);

    // Where a run's jobs stand, as its index tells without reading a row.
    struct Summary
    {
        int lowestReady = -1; // the lowest stage with READY jobs; -1: none
        int lowestRunning = -1; // the same for IN_PROGRESS jobs
        int failures = 0; // failed jobs (see QueuedJob::hasFailed()) without allow_failure
        int allowedFailures = 0; // failed jobs with allow_failure

        // The stage decide() opens while nothing has failed; -1: every job has finished.
        int lowestUnfinished() const;
    };

    // How settle() finds out what moved.
    enum class Settle {
        Changed, // jobs ended or were cancelled: the summary tells whether anything moves
        Requeued, // jobs were queued again with their stage closed: their stage opens anyway
    };

    RunState(Database &database, NodeWriter &nodes, JobRecord &record);

    // The summary of run runId as its jobs stand in the caller's transaction.
    Result<Summary> summary(const QString &runId);
    // Applies decide() to the run in the caller's transaction; adds what it wrote to change.
    Status settle(const QString &runId, QueueChange *change, Settle how = Settle::Changed);
    // Ends the run node now with result and, when given, the reason it ended.
    Result<Node> finish(const Node &run, Node::Outcome result, const QString &reason = {});

private:
    Status openStage(const QString &runId, int stageIndex);
    Result<Node> end(const Node &current, const Node &changed, Node::Outcome result,
                     const QString &reason = {});

    Database &m_db;
    NodeWriter &m_nodes;
    JobRecord &m_record;
};

} // namespace Cairn
