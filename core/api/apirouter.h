// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "apitoken.h"

#include <QHash>
#include <QHttpServerRequest>
#include <QList>
#include <QStringList>

#include <functional>
#include <optional>

class QWebSocket;

namespace Cairn {

// One route of the API: a method and a path whose {name} segments match any one segment.
struct ApiRoute
{
    using Handler = std::function<ApiResponse(const ApiRequest &)>;
    // Takes a WebSocket that asked for this route, or gives the refusal its close code and
    // reason are made of (4000 + the HTTP status), leaving the socket to the caller.
    using SocketHandler = std::function<std::optional<ApiResponse>(
            QWebSocket *socket, const QHash<QString, QString> &arguments, const QUrlQuery &query)>;

    ApiRoute(QHttpServerRequest::Method method, const QString &path,
             std::optional<ApiToken::Role> role, Handler handler)
        : method(method), path(path), role(role), handler(std::move(handler))
    { }
    // A GET that upgrades to a WebSocket.
    static ApiRoute webSocketRoute(const QString &path, ApiToken::Role role, SocketHandler handler)
    {
        ApiRoute route(QHttpServerRequest::Method::Get, path, role, {});
        route.socketHandler = std::move(handler);
        return route;
    }

    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    QString path; // "/api/v1/nodes/{id}"
    std::optional<ApiToken::Role> role; // the least role that may use it; none: no token needed
    Handler handler; // unset for WebSocket routes
    SocketHandler socketHandler; // set for a GET that upgrades to a WebSocket

    bool isWebSocket() const { return bool(socketHandler); }
};

/*
 * The route table of the API, which both answers requests and lists what the API serves, so
 * that the OpenAPI document can be checked against it. A path with a literal segment wins
 * over one with a placeholder in its place: POST /pipelines/validate is not a pipeline.
 */
class ApiRouter
{
public:
    struct Match
    {
        const ApiRoute *route = nullptr; // null: no route for this method and path
        QHash<QString, QString> arguments;
        QStringList allowed; // the methods the path has, when the path is known
    };

    void add(const ApiRoute &route);
    Match match(QHttpServerRequest::Method method, const QString &encodedPath) const;
    const QList<ApiRoute> &routes() const { return m_routes; }

    static QString methodName(QHttpServerRequest::Method method);

private:
    struct Compiled
    {
        QStringList segments;
        int literals = 0;
    };
    static QStringList split(const QString &encodedPath);
    static bool matches(const Compiled &pattern, const QStringList &segments,
                        QHash<QString, QString> *arguments);

    QList<ApiRoute> m_routes;
    QList<Compiled> m_compiled;
};

} // namespace Cairn
