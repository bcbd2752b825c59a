// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokenroutes.h"

#include "apirouter.h"
#include "tokenstore.h"

#include <QJsonArray>

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;
constexpr auto Admin = ApiToken::Role::Admin;

} // namespace

void TokenRoutes::addTo(ApiRouter &router)
{
    router.add({Method::Get, QStringLiteral("/api/v1/tokens"), Admin, [this](const ApiRequest &r) {
                    return list(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/tokens"), Admin, [this](const ApiRequest &r) {
                    return create(r);
                }});
    router.add({Method::Delete, QStringLiteral("/api/v1/tokens/{id}"), Admin,
                [this](const ApiRequest &r) {
                    return revoke(r);
                }});
}

ApiResponse TokenRoutes::list(const ApiRequest &)
{
    const Result<QList<ApiToken>> tokens = m_tokens.list();
    if (!tokens)
        return ApiResponse::fromError(tokens.error());
    QJsonArray items;
    for (const ApiToken &token : *tokens)
        items.append(token.toJson());
    return ApiResponse::json({{QStringLiteral("items"), items}});
}

/*!
    POST /api/v1/tokens with {"name", "role", "priority"?, "queue_size"?}: 201 with the token
    and its secret in "token", which is shown this once.
*/
ApiResponse TokenRoutes::create(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body))
        return *refused;
    static const QStringList known = {QStringLiteral("name"), QStringLiteral("role"),
                                      QStringLiteral("priority"), QStringLiteral("queue_size")};
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (!known.contains(it.key()))
            return ApiResponse::fromError(Error::invalid(
                    it.key(), tr("unknown; a token takes name, role, priority and queue_size")));
    }
    const QJsonValue name = body.value(QStringLiteral("name"));
    if (!name.isString())
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("name"), tr("is required, a string")));
    const auto role = ApiToken::roleFromName(body.value(QStringLiteral("role")).toString());
    if (!role)
        return ApiResponse::fromError(Error::invalid(QStringLiteral("role"),
                                                     tr("is required: viewer, operator or admin")));
    std::optional<int> priority;
    std::optional<qint64> queueSize;
    for (const QString &key : {QStringLiteral("priority"), QStringLiteral("queue_size")}) {
        const QJsonValue value = body.value(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isDouble() || value.toDouble() != double(value.toInteger()))
            return ApiResponse::fromError(Error::invalid(key, tr("must be an integer")));
        if (key == u"priority")
            priority = value.toInt();
        else
            queueSize = value.toInteger();
    }
    const Result<IssuedToken> issued = m_tokens.create(name.toString(), *role, priority, queueSize);
    if (!issued)
        return ApiResponse::fromError(issued.error());
    QJsonObject json = issued->token.toJson();
    json.insert(QStringLiteral("token"), issued->secret);
    return ApiResponse::json(json, 201);
}

ApiResponse TokenRoutes::revoke(const ApiRequest &request)
{
    const Result<ApiToken> token = m_tokens.revoke(request.arg(QStringLiteral("id")));
    if (!token)
        return ApiResponse::fromError(token.error());
    return ApiResponse::json(token->toJson());
}

} // namespace Cairn
