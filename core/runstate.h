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

    RunState(Database &database, NodeWriter &nodes, JobRecord &record);

    // Applies decide() to the run in the caller's transaction; adds what it wrote to change.
    Status settle(const QString &runId, QueueChange *change);
    // Ends the run node now with result and, when given, the reason it ended.
    Result<Node> finish(const Node &run, Node::Outcome result, const QString &reason = {});

private:
    Status openStage(const QString &runId, int stageIndex);

    Database &m_db;
    NodeWriter &m_nodes;
    JobRecord &m_record;
};

} // namespace Cairn
