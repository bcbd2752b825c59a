// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The pipeline, run and job calls of RemoteBackend.

#include "remotebackend.h"

#include "apiclient.h"
#include "jobnode.h"
#include "remotelogfeed.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using Cairn::Error;
using Cairn::Node;
using Cairn::Result;
using Cairn::Status;

namespace CairnCtl {

namespace {

const QString Runs = QStringLiteral("/api/v1/runs");
const QString Jobs = QStringLiteral("/api/v1/jobs");

QStringList stagesOf(const Node &run)
{
    QStringList stages;
    for (const QJsonValue &stage : run.data.value(QStringLiteral("stages")).toArray())
        stages.append(stage.toString());
    return stages;
}

QJsonObject runRequest(const QJsonObject &inputs, const Cairn::RunOptions &options)
{
    QJsonObject body{{QStringLiteral("params"), inputs},
                     {QStringLiteral("priority"), options.priority}};
    if (!options.parent.isEmpty())
        body.insert(QStringLiteral("parent"), options.parent);
    return body;
}

} // namespace

/*!
    Sends the pipeline to cairnd, which checks it against the job kinds of its runtimes. It
    sees the pipeline alone, so its errors are placed in the file the pipeline came from.
*/
Status RemoteBackend::validatePipeline(const Cairn::Pipeline &pipeline,
                                       const PipelineOrigin &origin)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<ApiClient::Reply> reply = (*api)->send(
            "POST", QStringLiteral("/api/v1/pipelines/validate"), {},
            QJsonDocument(pipeline.toJson()).toJson(QJsonDocument::Compact),
            QByteArrayLiteral("application/json"));
    if (reply)
        return Cairn::Done{};
    Error error = reply.error();
    if (error.code != Error::Invalid && error.code != Error::NotFound)
        return error;
    // A kind or version cairnd does not know is a fault of the pipeline, as it is here.
    error.code = Error::Invalid;
    error.location.clear();
    return PipelineSource::locate(error, origin);
}

/*!
    Sends the pipeline in full with the run's inputs: cairnd checks and queues it as it
    queues a run of its own pipelines.
*/
Result<Node> RemoteBackend::startRun(const Cairn::Pipeline &pipeline, const QJsonObject &inputs,
                                     const Cairn::RunOptions &options)
{
    const auto api = client();
    if (!api)
        return api.error();
    QJsonObject body = runRequest(inputs, options);
    body.insert(QStringLiteral("pipeline"), pipeline.toJson());
    if (!options.client.isEmpty())
        body.insert(QStringLiteral("client"), options.client);
    const Result<QJsonObject> json = (*api)->json("POST", Runs, {}, body);
    if (!json) {
        // The inputs are the run's params to the API.
        Error error = json.error();
        if (error.field.startsWith(u"params."))
            error.field = QStringLiteral("inputs.") + error.field.mid(7);
        return error;
    }
    return nodeFrom(*json);
}

Result<Node> RemoteBackend::startServedRun(const QString &name, const QJsonObject &inputs,
                                           const Cairn::RunOptions &options)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("POST",
                                                  QStringLiteral("/api/v1/pipelines/")
                                                          + ApiClient::segment(name)
                                                          + QStringLiteral("/runs"),
                                                  {}, runRequest(inputs, options));
    if (!json)
        return json.error();
    return nodeFrom(*json);
}

Result<std::pair<Node, RunJobs>> RemoteBackend::runFrom(const QJsonObject &json) const
{
    QJsonObject fields = json;
    const QJsonValue jobs = fields.take(QStringLiteral("jobs"));
    Result<Node> run = nodeFrom(fields);
    if (!run)
        return run.error();
    Result<QList<Node>> nodes = nodesFrom(jobs);
    if (!nodes)
        return nodes.error();
    return std::pair(*run, RunJobs{JobNode::toQueuedJobs(*nodes, stagesOf(*run)), *nodes});
}

Result<std::pair<Node, RunJobs>> RemoteBackend::readRun(const QString &id)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("GET", Runs + u'/' + ApiClient::segment(id));
    if (!json)
        return json.error();
    return runFrom(*json);
}

Result<RunJobs> RemoteBackend::runJobs(const QString &runId)
{
    const auto run = readRun(runId);
    if (!run)
        return run.error();
    return run->second;
}

/*!
    The API answers with the run as it is after: the jobs cancelled are those that had not
    finished before.
*/
Result<qsizetype> RemoteBackend::cancelRun(const QString &id, const QString &reason)
{
    const auto before = readRun(id);
    if (!before)
        return before.error();
    QSet<QString> unfinished;
    for (const Cairn::QueuedJob &job : before->second.rows) {
        if (!Cairn::JobStates::isFinished(job.state))
            unfinished.insert(job.id);
    }
    QJsonObject body;
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    const Result<QJsonObject> json = m_client->json(
            "POST", Runs + u'/' + ApiClient::segment(id) + QStringLiteral("/cancel"), {}, body);
    if (!json)
        return json.error();
    const auto after = runFrom(*json);
    if (!after)
        return after.error();
    qsizetype cancelled = 0;
    for (const Cairn::QueuedJob &job : after->second.rows) {
        if (unfinished.contains(job.id) && job.state == Cairn::JobState::Cancelled)
            ++cancelled;
    }
    return cancelled;
}

/*!
    The jobs queued again are those that had finished before and have not after.
*/
Result<qsizetype> RemoteBackend::retryRun(const QString &id)
{
    const auto before = readRun(id);
    if (!before)
        return before.error();
    QSet<QString> finished;
    for (const Cairn::QueuedJob &job : before->second.rows) {
        if (Cairn::JobStates::isFinished(job.state))
            finished.insert(job.id);
    }
    const Result<QJsonObject> json = m_client->json(
            "POST", Runs + u'/' + ApiClient::segment(id) + QStringLiteral("/retry"), {}, {});
    if (!json)
        return json.error();
    const auto after = runFrom(*json);
    if (!after)
        return after.error();
    qsizetype requeued = 0;
    for (const Cairn::QueuedJob &job : after->second.rows) {
        if (finished.contains(job.id) && !Cairn::JobStates::isFinished(job.state))
            ++requeued;
    }
    return requeued;
}

Result<Cairn::QueuedJob> RemoteBackend::queuedJob(const Node &job)
{
    return JobNode::toQueuedJob(job);
}

Status RemoteBackend::cancelJob(const QString &id, const QString &reason)
{
    const auto api = client();
    if (!api)
        return api.error();
    QJsonObject body;
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    const Result<QJsonObject> json = (*api)->json(
            "POST", Jobs + u'/' + ApiClient::segment(id) + QStringLiteral("/cancel"), {}, body);
    if (!json)
        return json.error();
    return Cairn::Done{};
}

Status RemoteBackend::retryJob(const QString &id)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json(
            "POST", Jobs + u'/' + ApiClient::segment(id) + QStringLiteral("/retry"), {}, {});
    if (!json)
        return json.error();
    return Cairn::Done{};
}

Result<QByteArray> RemoteBackend::jobLog(const Node &job, int attempt)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<ApiClient::Reply> reply = (*api)->send(
            "GET", Jobs + u'/' + ApiClient::segment(job.id) + QStringLiteral("/log"),
            {{QStringLiteral("attempt"), QString::number(attempt)}});
    if (!reply)
        return reply.error();
    return reply->body;
}

Result<std::unique_ptr<LogFeed>> RemoteBackend::followLog(const QString &jobId, int firstAttempt)
{
    const auto api = client();
    if (!api)
        return api.error();
    return std::unique_ptr<LogFeed>(
            std::make_unique<RemoteLogFeed>(**api, *this, jobId, firstAttempt));
}

} // namespace CairnCtl
