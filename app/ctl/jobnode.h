// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "node.h"
#include "queuedjob.h"

#include <QList>
#include <QStringList>

namespace CairnCtl {

/*
 * What the queue knows of a job, read back from its node: the scheduler writes the queue row's
 * record into the node's data (QueuedJob::applyTo()), which is all the HTTP API gives.
 */
class JobNode
{
public:
    // stages: the run's stages, for the job's place in the claim order; may be empty.
    static Cairn::QueuedJob toQueuedJob(const Cairn::Node &job, const QStringList &stages = {});
    // The job nodes among nodes, as rows in pipeline order: by stage, then as they were made.
    static QList<Cairn::QueuedJob> toQueuedJobs(const QList<Cairn::Node> &nodes,
                                                const QStringList &stages);
};

} // namespace CairnCtl
