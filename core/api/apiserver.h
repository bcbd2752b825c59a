// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"
#include "apiresponse.h"
#include "apirouter.h"
#include "tokenstore.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QWebSocket;

namespace Cairn {

class ApiMetrics;
class DeviceRoutes;
class EventRoutes;
class JobRoutes;
class NodeRoutes;
class PipelineRoutes;
class RunRoutes;
class TokenRoutes;

/*
 * The HTTP API of Cairn on a QHttpServer that its owner creates, shares (webhooks) and
 * listens with: JSON routes under /api/v1, /health, /metrics (Prometheus text), the OpenAPI
 * document at /api/v1/openapi.json and the WebSocket streams of events and job logs.
 *
 * Every route but /health needs "Authorization: Bearer TOKEN" (WebSockets may give
 * ?token= instead, since browsers cannot set their headers) of a role high enough: viewers
 * read, operators also change, admins also manage tokens. Refusals are JSON objects
 * {"error": CODE, "message": TEXT}; a WebSocket that is refused is closed with the code
 * 4000 + the HTTP status (4401, 4403, 4404, 4422) and the message as its reason.
 *
 * With Qt HttpServer 6.4 the server hands over every WebSocket connection on the paths of
 * its routes to the one slot of newWebSocketConnection: install() takes that signal, so no
 * other WebSocket service can share the server.
 */
class ApiServer : public QObject
{
    Q_OBJECT
public:
    ApiServer(const ApiContext &context, const ApiOptions &options = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    // Adds every route, /health, /metrics, /api/v1/openapi.json and the WebSocket endpoints.
    // Once per server; the server may outlive this object (its API routes then answer 503).
    void install(QHttpServer &server);
    // For /metrics when there is no DeviceDirectory to tell.
    void setMqttConnected(bool connected);

    TokenStore &tokens() { return m_tokens; }
    const ApiContext &context() const { return m_context; }
    const ApiOptions &options() const { return m_options; }
    // Every route served, WebSocket ones included: what the OpenAPI document must describe.
    const QList<ApiRoute> &routes() const { return m_router.routes(); }

    // The OpenAPI 3.0 document of this API.
    static QJsonObject openApiDocument();
    static QString version();

private:
    static void dispatch(const QPointer<ApiServer> &server, const QHttpServerRequest &request,
                         QHttpServerResponder &&responder);
    void serve(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    ApiResponse handle(const QHttpServerRequest &request);
    void acceptWebSockets(QHttpServer &server);
    void acceptWebSocket(QWebSocket *socket);
    // The token of a request, or the refusal to give: 401, or 503 when it cannot be checked.
    std::optional<ApiResponse> authenticate(const QByteArray &authorization,
                                            const QString &queryToken, ApiToken *caller);
    void addOwnRoutes();
    ApiResponse health();
    std::optional<ApiResponse> streamEvents(QWebSocket *socket, const QUrlQuery &query);
    std::optional<ApiResponse> streamLog(QWebSocket *socket, const QString &jobId,
                                         const QUrlQuery &query);

    ApiContext m_context;
    ApiOptions m_options;
    TokenStore m_tokens;
    ApiMetrics *m_metrics;
    ApiRouter m_router;
    std::unique_ptr<NodeRoutes> m_nodes;
    std::unique_ptr<EventRoutes> m_events;
    std::unique_ptr<PipelineRoutes> m_pipelines;
    std::unique_ptr<RunRoutes> m_runs;
    std::unique_ptr<JobRoutes> m_jobs;
    std::unique_ptr<DeviceRoutes> m_devices;
    std::unique_ptr<TokenRoutes> m_tokenRoutes;
};

} // namespace Cairn
