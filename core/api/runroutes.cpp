// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runroutes.h"

#include "apirouter.h"
#include "nodestore.h"
#include "scheduler.h"

#include <QJsonArray>

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;

// The optional {"reason": TEXT} of a cancel.
std::optional<ApiResponse> readReason(const ApiRequest &request, QString *reason)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body, true))
        return refused;
    const QJsonValue value = body.value(QStringLiteral("reason"));
    if (!value.isUndefined() && !value.isNull() && !value.isString())
        return ApiResponse::fromError(Error::invalid(
                QStringLiteral("reason"),
                QCoreApplication::translate("Cairn::RunRoutes", "must be a string")));
    *reason = value.toString();
    return std::nullopt;
}

} // namespace

void RunRoutes::addTo(ApiRouter &router)
{
    router.add({Method::Get, QStringLiteral("/api/v1/runs"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return list(r);
                }});
    router.add({Method::Get, QStringLiteral("/api/v1/runs/{id}"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return get(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/runs/{id}/cancel"), ApiToken::Role::Operator,
                [this](const ApiRequest &r) {
                    return cancel(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/runs/{id}/retry"), ApiToken::Role::Operator,
                [this](const ApiRequest &r) {
                    return retry(r);
                }});
}

ApiResponse RunRoutes::refusal(const Error &error)
{
    if (error.code == Error::Invalid && error.field == u"state")
        return ApiResponse::error(409, ApiResponse::codeFor(409), error.message, error.field);
    return ApiResponse::fromError(error);
}

ApiResponse RunRoutes::noScheduler()
{
    return ApiResponse::error(503, ApiResponse::codeFor(503),
                              tr("This server runs no scheduler: runs and jobs cannot change."));
}

Result<Node> RunRoutes::nodeOfKind(NodeStore &store, const QString &id, const QString &kind)
{
    Result<Node> node = store.get(id);
    if (node && node->kind != kind)
        return Error::notFound(tr("There is no %1 %2.").arg(kind, id));
    return node;
}

/*!
    GET /api/v1/runs?state=&result=&pipeline=&client=&limit=&offset=: runs, newest first.
    state and result are those of the run node (running or done; pass, fail, incomplete).
*/
ApiResponse RunRoutes::list(const ApiRequest &request)
{
    QStringList terms{QStringLiteral("kind=run"), QStringLiteral("sort=-created")};
    const QList<std::pair<QString, QString>> filters = {
            {QStringLiteral("state"), QStringLiteral("state")},
            {QStringLiteral("result"), QStringLiteral("result")},
            {QStringLiteral("pipeline"), QStringLiteral("name")},
            {QStringLiteral("client"), QStringLiteral("data.client")},
            {QStringLiteral("limit"), QStringLiteral("limit")},
            {QStringLiteral("offset"), QStringLiteral("offset")},
    };
    for (const auto &[parameter, term] : filters) {
        if (request.hasQueryItem(parameter))
            terms.append(term + u'=' + request.queryValue(parameter));
    }
    for (const QString &term : request.queryTerms()) {
        const QString key = term.section(u'=', 0, 0);
        if (std::none_of(filters.cbegin(), filters.cend(),
                         [&key](const auto &filter) { return filter.first == key; }))
            return ApiResponse::fromError(Error::invalid(
                    key, tr("unknown; runs are filtered by state, result, pipeline and client")));
    }
    Result<NodeQuery> query = NodeQuery::parse(terms);
    if (!query) {
        Error error = query.error();
        if (error.field == u"name")
            error.field = QStringLiteral("pipeline");
        else if (error.field == u"data.client")
            error.field = QStringLiteral("client");
        return ApiResponse::fromError(error);
    }
    const Result<NodePage> page = m_context.store->find(*query);
    if (!page)
        return ApiResponse::fromError(page.error());
    QJsonArray items;
    for (const Node &run : page->nodes)
        items.append(run.toJson());
    return ApiResponse::json({{QStringLiteral("items"), items},
                              {QStringLiteral("total"), page->total},
                              {QStringLiteral("limit"), page->limit},
                              {QStringLiteral("offset"), page->offset}});
}

ApiResponse RunRoutes::get(const ApiRequest &request)
{
    const Result<Node> run = nodeOfKind(*m_context.store, request.arg(QStringLiteral("id")),
                                        QStringLiteral("run"));
    if (!run)
        return ApiResponse::fromError(run.error());
    const Result<QList<Node>> children = m_context.store->children(run->id);
    if (!children)
        return ApiResponse::fromError(children.error());
    QJsonArray jobs;
    for (const Node &child : *children) {
        if (child.kind == u"job")
            jobs.append(child.toJson());
    }
    QJsonObject json = run->toJson();
    json.insert(QStringLiteral("jobs"), jobs);
    return ApiResponse::json(json);
}

ApiResponse RunRoutes::cancel(const ApiRequest &request)
{
    QString reason;
    if (const auto refused = readReason(request, &reason))
        return *refused;
    const QString id = request.arg(QStringLiteral("id"));
    if (Result<Node> run = nodeOfKind(*m_context.store, id, QStringLiteral("run")); !run)
        return ApiResponse::fromError(run.error());
    if (!m_context.scheduler)
        return noScheduler();
    if (Status cancelled = m_context.scheduler->cancelRun(id, reason); !cancelled)
        return refusal(cancelled.error());
    return get(request);
}

ApiResponse RunRoutes::retry(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body, true))
        return *refused;
    const QString id = request.arg(QStringLiteral("id"));
    if (Result<Node> run = nodeOfKind(*m_context.store, id, QStringLiteral("run")); !run)
        return ApiResponse::fromError(run.error());
    if (!m_context.scheduler)
        return noScheduler();
    if (Status retried = m_context.scheduler->retryRun(id); !retried)
        return refusal(retried.error());
    return get(request);
}

} // namespace Cairn
