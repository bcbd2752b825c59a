// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pipelineroutes.h"

#include "apirouter.h"
#include "configdocument.h"
#include "jobkindregistry.h"
#include "scheduler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <algorithm>

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;

bool isYaml(const QByteArray &mediaType)
{
    return mediaType == "application/yaml" || mediaType == "application/x-yaml"
            || mediaType == "text/yaml" || mediaType == "text/x-yaml";
}

} // namespace

void PipelineRoutes::addTo(ApiRouter &router)
{
    router.add({Method::Get, QStringLiteral("/api/v1/pipelines"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return list(r);
                }});
    router.add({Method::Get, QStringLiteral("/api/v1/pipelines/{name}"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return get(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/pipelines/validate"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return validate(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/pipelines/{name}/runs"),
                ApiToken::Role::Operator, [this](const ApiRequest &r) {
                    return startRun(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/runs"), ApiToken::Role::Admin,
                [this](const ApiRequest &r) {
                    return startDefinedRun(r);
                }});
}

QHash<QString, Pipeline> PipelineRoutes::pipelines() const
{
    return m_context.pipelines ? m_context.pipelines() : QHash<QString, Pipeline>();
}

ApiResponse PipelineRoutes::invalid(const Error &error)
{
    ApiResponse response = ApiResponse::fromError(error);
    // A kind or version the registry does not know is a fault of the pipeline, not a
    // resource the request named.
    if (error.code == Error::NotFound) {
        response.status = 422;
        response.with(QStringLiteral("error"), ApiResponse::codeFor(422));
    }
    // "file:line:column", where the file name may itself hold colons.
    const QStringList parts = error.location.split(u':');
    if (parts.size() >= 3) {
        bool lineOk = false, columnOk = false;
        const int line = parts.at(parts.size() - 2).toInt(&lineOk);
        const int column = parts.constLast().toInt(&columnOk);
        if (lineOk && columnOk) {
            response.with(QStringLiteral("line"), line);
            response.with(QStringLiteral("column"), column);
        }
    }
    return response;
}

ApiResponse PipelineRoutes::list(const ApiRequest &)
{
    const QHash<QString, Pipeline> all = pipelines();
    QStringList names = all.keys();
    std::sort(names.begin(), names.end());
    QJsonArray items;
    for (const QString &name : std::as_const(names))
        items.append(all.value(name).toJson());
    return ApiResponse::json({{QStringLiteral("items"), items}});
}

ApiResponse PipelineRoutes::get(const ApiRequest &request)
{
    const QString name = request.arg(QStringLiteral("name"));
    const QHash<QString, Pipeline> all = pipelines();
    const auto it = all.constFind(name);
    if (it == all.cend())
        return ApiResponse::fromError(
                Error::notFound(tr("There is no pipeline called %1.").arg(name.left(80))));
    return ApiResponse::json(it->toJson());
}

/*!
    POST /api/v1/pipelines/validate: reads the body as a pipeline, JSON or YAML, and checks
    it against the job kinds the runtimes offer. JSON is read as the YAML it also is, so that
    errors in either name their line and column.
*/
ApiResponse PipelineRoutes::validate(const ApiRequest &request)
{
    const QByteArray type = request.mediaType();
    const QByteArray text = request.body();
    const bool yaml = isYaml(type);
    if (!yaml && !type.isEmpty() && !ApiRequest::isJsonMediaType(type))
        return ApiResponse::error(415, ApiResponse::codeFor(415),
                                  tr("A pipeline is sent as application/json or "
                                     "application/yaml, not %1.")
                                          .arg(QString::fromLatin1(type.left(80))));
    if (!yaml) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError)
            return ApiRequest::malformedJson(text, error.offset, error.errorString());
        if (!document.isObject())
            return ApiResponse::error(400, QStringLiteral("bad_request"),
                                      tr("A pipeline is a JSON object."));
    }
    const QString fileName = yaml ? QStringLiteral("pipeline.yaml")
                                  : QStringLiteral("pipeline.json");
    const Result<ConfigDocument> document = ConfigDocument::parse(text, fileName);
    if (!document) {
        ApiResponse response = invalid(document.error());
        if (yaml) {
            // YAML that cannot be read is malformed, like JSON that cannot.
            response.status = 400;
            response.with(QStringLiteral("error"), QStringLiteral("invalid_yaml"));
        }
        return response;
    }
    if (!document->rootValue().isObject())
        return ApiResponse::error(400, QStringLiteral("bad_request"),
                                  tr("A pipeline is a mapping of its settings."));
    const Result<Pipeline> pipeline = Pipeline::fromConfig(document->root(), QString());
    if (!pipeline)
        return invalid(pipeline.error());
    if (m_context.kinds) {
        if (Status valid = pipeline->validate(*m_context.kinds); !valid)
            return invalid(valid.error());
    }
    return ApiResponse::json({{QStringLiteral("valid"), true},
                              {QStringLiteral("kinds_checked"), m_context.kinds != nullptr},
                              {QStringLiteral("pipeline"), pipeline->toJson()}});
}

/*!
    Reads the request to start a run: its params, priority and parent, and the keys in
    \a extra that the route takes besides them, which are left in \a body for it.
*/
std::optional<ApiResponse> PipelineRoutes::readRunRequest(const ApiRequest &request,
                                                          const QStringList &extra,
                                                          QJsonObject *body, QJsonObject *params,
                                                          RunOptions *options)
{
    // A run needs nothing more than its pipeline; what a route needs besides is its to check.
    if (const auto refused = request.readObject(body, true))
        return refused;
    const QStringList known = QStringList{QStringLiteral("params"), QStringLiteral("priority"),
                                          QStringLiteral("parent")}
            + extra;
    for (auto key = body->begin(); key != body->end(); ++key) {
        if (!known.contains(key.key()))
            return ApiResponse::fromError(Error::invalid(
                    key.key(),
                    tr("unknown; a run takes %1 and %2")
                            .arg(known.mid(0, known.size() - 1).join(QStringLiteral(", ")),
                                 known.constLast())));
    }
    const QJsonValue given = body->value(QStringLiteral("params"));
    if (!given.isUndefined() && !given.isNull() && !given.isObject())
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("params"), tr("must be a JSON object")));
    *params = given.toObject();
    const QJsonValue priority = body->value(QStringLiteral("priority"));
    if (!priority.isUndefined() && !priority.isNull()) {
        if (!priority.isDouble() || priority.toDouble() != double(priority.toInt()))
            return ApiResponse::fromError(
                    Error::invalid(QStringLiteral("priority"), tr("must be an integer")));
        options->priority = priority.toInt();
    }
    const QJsonValue parent = body->value(QStringLiteral("parent"));
    if (!parent.isUndefined() && !parent.isNull() && !parent.isString())
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("parent"), tr("must be a node id")));
    options->parent = parent.toString();
    if (request.caller().isClient())
        options->client = request.caller().name;
    return std::nullopt;
}

ApiResponse PipelineRoutes::queueRun(const Pipeline &pipeline, const QJsonObject &params,
                                     const RunOptions &options)
{
    if (!m_context.scheduler)
        return ApiResponse::error(503, ApiResponse::codeFor(503),
                                  tr("This server runs no scheduler: runs cannot be started."));
    const Result<Node> run = m_context.scheduler->startRun(pipeline, params, {}, options);
    if (!run) {
        // The inputs of a run are the params of this request.
        Error error = run.error();
        if (error.field.startsWith(u"inputs."))
            error.field = QStringLiteral("params.") + error.field.mid(7);
        return invalid(error);
    }
    return ApiResponse::json(run->toJson(), 201)
            .withHeader(QByteArrayLiteral("Location"),
                        QByteArrayLiteral("/api/v1/runs/") + run->id.toUtf8());
}

/*!
    POST /api/v1/pipelines/{name}/runs with {"params": {...}, "priority": N}: queues a run and
    answers 201 with its node. A client token's runs carry its name as their client.
*/
ApiResponse PipelineRoutes::startRun(const ApiRequest &request)
{
    const QString name = request.arg(QStringLiteral("name"));
    const QHash<QString, Pipeline> all = pipelines();
    const auto it = all.constFind(name);
    if (it == all.cend())
        return ApiResponse::fromError(
                Error::notFound(tr("There is no pipeline called %1.").arg(name.left(80))));
    QJsonObject body, params;
    RunOptions options;
    if (const auto refused = readRunRequest(request, {}, &body, &params, &options))
        return *refused;
    return queueRun(*it, params, options);
}

/*!
    POST /api/v1/runs with {"pipeline": {...}, "params", "priority", "parent", "client"}: queues
    a run of a pipeline that is not one of the project's, given in full as GET
    /api/v1/pipelines/{name} gives one (cairnctl run start of a pipeline file). Its jobs run
    whatever it says, so only admins may. "client" names the client the run is queued for; a
    client token's own name otherwise.
*/
ApiResponse PipelineRoutes::startDefinedRun(const ApiRequest &request)
{
    QJsonObject body, params;
    RunOptions options;
    if (const auto refused = readRunRequest(request,
                                            {QStringLiteral("pipeline"), QStringLiteral("client")},
                                            &body, &params, &options))
        return *refused;
    const QJsonValue definition = body.value(QStringLiteral("pipeline"));
    if (!definition.isObject())
        return ApiResponse::fromError(Error::invalid(
                QStringLiteral("pipeline"), tr("is required: the pipeline, a JSON object")));
    const QJsonValue client = body.value(QStringLiteral("client"));
    if (!client.isUndefined() && !client.isNull()) {
        if (!client.isString() || client.toString().isEmpty())
            return ApiResponse::fromError(
                    Error::invalid(QStringLiteral("client"), tr("must be a client's name")));
        options.client = client.toString();
    }
    Result<Pipeline> pipeline = Pipeline::fromJson(definition.toObject());
    if (pipeline && m_context.kinds) {
        if (Status valid = pipeline->validate(*m_context.kinds); !valid)
            pipeline = valid.error();
    }
    if (!pipeline) {
        Error error = pipeline.error();
        error.field = error.field.isEmpty() ? QStringLiteral("pipeline")
                                            : QStringLiteral("pipeline.") + error.field;
        return invalid(error);
    }
    return queueRun(*pipeline, params, options);
}

} // namespace Cairn
