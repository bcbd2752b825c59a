// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobnode.h"

#include <algorithm>

using Cairn::Node;
using Cairn::QueuedJob;

namespace CairnCtl {

QueuedJob JobNode::toQueuedJob(const Node &job, const QStringList &stages)
{
    return QueuedJob::fromNode(job, stages);
}

/*!
    UUIDv7 ids are made in increasing order, and the queue made the jobs of a run in
    pipeline order: by stage, then by id, is the order of the queue.
*/
QList<QueuedJob> JobNode::toQueuedJobs(const QList<Node> &nodes, const QStringList &stages)
{
    QList<QueuedJob> rows;
    for (const Node &node : nodes) {
        if (node.kind == u"job")
            rows.append(toQueuedJob(node, stages));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const QueuedJob &a, const QueuedJob &b) {
        return a.stageIndex != b.stageIndex ? a.stageIndex < b.stageIndex : a.id < b.id;
    });
    return rows;
}

} // namespace CairnCtl
