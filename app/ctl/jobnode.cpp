// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobnode.h"

#include <algorithm>

using Cairn::Node;
using Cairn::QueuedJob;

namespace CairnCtl {

QueuedJob JobNode::toQueuedJob(const Node &job, const QStringList &stages)
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
    row.state = Cairn::JobStates::fromName(text("state")).value_or(Cairn::JobState::Ready);
    // The node's result is the row's for a DONE job: pass, or fail.
    if (row.state == Cairn::JobState::Done)
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
