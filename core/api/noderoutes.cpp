// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "noderoutes.h"

#include "apirouter.h"
#include "nodestore.h"

#include <QJsonArray>

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;
constexpr auto Viewer = ApiToken::Role::Viewer;
constexpr auto Operator = ApiToken::Role::Operator;

QJsonArray toArray(const QList<Node> &nodes)
{
    QJsonArray array;
    for (const Node &node : nodes)
        array.append(node.toJson());
    return array;
}

} // namespace

void NodeRoutes::addTo(ApiRouter &router)
{
    const auto bind = [this](ApiResponse (NodeRoutes::*method)(const ApiRequest &)) {
        return [this, method](const ApiRequest &request) {
            return (this->*method)(request);
        };
    };
    router.add({Method::Get, QStringLiteral("/api/v1/nodes"), Viewer, bind(&NodeRoutes::list)});
    router.add(
            {Method::Post, QStringLiteral("/api/v1/nodes"), Operator, bind(&NodeRoutes::create)});
    router.add({Method::Get, QStringLiteral("/api/v1/nodes/{id}"), Viewer, bind(&NodeRoutes::get)});
    router.add({Method::Put, QStringLiteral("/api/v1/nodes/{id}"), Operator,
                [this](const ApiRequest &request) {
                    return update(request, false);
                }});
    router.add({Method::Patch, QStringLiteral("/api/v1/nodes/{id}"), Operator,
                [this](const ApiRequest &request) {
                    return update(request, true);
                }});
    router.add({Method::Delete, QStringLiteral("/api/v1/nodes/{id}"), Operator,
                bind(&NodeRoutes::remove)});
    router.add({Method::Get, QStringLiteral("/api/v1/nodes/{id}/subtree"), Viewer,
                bind(&NodeRoutes::subtree)});
}

ApiResponse NodeRoutes::list(const ApiRequest &request)
{
    const Result<NodeQuery> query = NodeQuery::parse(request.queryTerms());
    if (!query)
        return ApiResponse::fromError(query.error());
    const Result<NodePage> page = m_store.find(*query);
    if (!page)
        return ApiResponse::fromError(page.error());
    return ApiResponse::json({{QStringLiteral("items"), toArray(page->nodes)},
                              {QStringLiteral("total"), page->total},
                              {QStringLiteral("limit"), page->limit},
                              {QStringLiteral("offset"), page->offset}});
}

ApiResponse NodeRoutes::get(const ApiRequest &request)
{
    const Result<Node> node = m_store.get(request.arg(QStringLiteral("id")));
    if (!node)
        return ApiResponse::fromError(node.error());
    return ApiResponse::json(node->toJson());
}

ApiResponse NodeRoutes::create(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body))
        return *refused;
    const Result<Node> node = Node::fromJson(body);
    if (!node)
        return ApiResponse::fromError(node.error());
    const Result<Node> created = m_store.create(*node);
    if (!created)
        return ApiResponse::fromError(created.error());
    return ApiResponse::json(created->toJson(), 201)
            .withHeader(QByteArrayLiteral("Location"),
                        QByteArrayLiteral("/api/v1/nodes/") + created->id.toUtf8());
}

QJsonValue NodeRoutes::mergePatch(const QJsonValue &target, const QJsonValue &patch)
{
    if (!patch.isObject())
        return patch;
    QJsonObject result = target.isObject() ? target.toObject() : QJsonObject();
    const QJsonObject changes = patch.toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else
            result.insert(it.key(), mergePatch(result.value(it.key()), it.value()));
    }
    return result;
}

ApiResponse NodeRoutes::update(const ApiRequest &request, bool merge)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body))
        return *refused;
    const QJsonValue revision = body.value(QStringLiteral("revision"));
    if (revision.isUndefined() || revision.isNull())
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("revision"),
                               tr("is required: the revision of the node the change was made on")));
    const Result<Node> current = m_store.get(request.arg(QStringLiteral("id")));
    if (!current)
        return ApiResponse::fromError(current.error());

    QJsonObject changed = current->toJson();
    if (merge) {
        changed = mergePatch(changed, body).toObject();
    } else {
        static const QStringList replaced = {
                QStringLiteral("state"),     QStringLiteral("result"), QStringLiteral("data"),
                QStringLiteral("artifacts"), QStringLiteral("owner"),  QStringLiteral("timeout"),
                QStringLiteral("holdoff"),
        };
        for (const QString &key : replaced)
            changed.remove(key);
        // Fields that cannot change are taken as given, so that the store names any that do.
        for (auto it = body.begin(); it != body.end(); ++it)
            changed.insert(it.key(), it.value());
    }
    // What the store keeps for itself is not the caller's to give.
    changed.remove(QStringLiteral("updated"));
    const Result<Node> node = Node::fromJson(changed);
    if (!node)
        return ApiResponse::fromError(node.error());
    const Result<Node> updated = m_store.update(*node);
    if (!updated)
        return ApiResponse::fromError(updated.error());
    return ApiResponse::json(updated->toJson());
}

ApiResponse NodeRoutes::subtree(const ApiRequest &request)
{
    qint64 depth = -1;
    if (const auto refused = request.readInteger(QStringLiteral("depth"), -1, -1, 1000, &depth))
        return *refused;
    const Result<QList<Node>> nodes = m_store.descendants(request.arg(QStringLiteral("id")),
                                                          int(depth));
    if (!nodes)
        return ApiResponse::fromError(nodes.error());
    return ApiResponse::json({{QStringLiteral("items"), toArray(*nodes)}});
}

ApiResponse NodeRoutes::remove(const ApiRequest &request)
{
    const QString id = request.arg(QStringLiteral("id"));
    const Result<qint64> deleted = m_store.remove(id);
    if (!deleted)
        return ApiResponse::fromError(deleted.error());
    if (*deleted == 0)
        return ApiResponse::fromError(Error::notFound(tr("There is no node %1.").arg(id)));
    return ApiResponse::json({{QStringLiteral("deleted"), *deleted}});
}

} // namespace Cairn
