// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apiserver.h"

#include "apilogging.h"
#include "apimetrics.h"
#include "database.h"
#include "deviceroutes.h"
#include "eventbus.h"
#include "eventroutes.h"
#include "eventstream.h"
#include "jobroutes.h"
#include "logstream.h"
#include "noderoutes.h"
#include "nodestore.h"
#include "pipelineroutes.h"
#include "runroutes.h"
#include "scheduler.h"
#include "tokenroutes.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QPointer>
#include <QSqlQuery>
#include <QTimer>
#include <QWebSocket>

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;

// What Qt HttpServer 6.4 hands to newWebSocketConnection once a route has seen it.
bool isWebSocketUpgrade(const QHttpServerRequest &request)
{
    return request.value(QByteArrayLiteral("Upgrade")).toLower().contains("websocket")
            && request.value(QByteArrayLiteral("Connection")).toLower().contains("upgrade");
}

ApiResponse unauthorized(const QString &message, bool invalidToken)
{
    return ApiResponse::error(401, ApiResponse::codeFor(401), message)
            .withHeader(QByteArrayLiteral("WWW-Authenticate"),
                        invalidToken ? QByteArrayLiteral("Bearer realm=\"cairn\", "
                                                         "error=\"invalid_token\"")
                                     : QByteArrayLiteral("Bearer realm=\"cairn\""));
}

} // namespace

/*!
    Serves \a context, whose database, store and bus are required, with \a options. Nothing
    is served until install().
*/
ApiServer::ApiServer(const ApiContext &context, const ApiOptions &options, QObject *parent)
    : QObject(parent),
      m_context(context),
      m_options(options),
      m_tokens(*context.database),
      m_metrics(new ApiMetrics(*context.database, *context.bus, context.scheduler, this)),
      m_nodes(std::make_unique<NodeRoutes>(*context.store)),
      m_events(std::make_unique<EventRoutes>(*context.bus)),
      m_pipelines(std::make_unique<PipelineRoutes>(m_context)),
      m_runs(std::make_unique<RunRoutes>(m_context)),
      m_jobs(std::make_unique<JobRoutes>(m_context, m_options)),
      m_devices(std::make_unique<DeviceRoutes>(context.devices)),
      m_tokenRoutes(std::make_unique<TokenRoutes>(m_tokens))
{
    Q_ASSERT(context.database && context.store && context.bus);
    m_tokens.setScheduler(context.scheduler);
    m_metrics->setDeviceDirectory(context.devices);
    addOwnRoutes();
    m_nodes->addTo(m_router);
    m_events->addTo(m_router);
    m_pipelines->addTo(m_router);
    m_runs->addTo(m_router);
    m_jobs->addTo(m_router);
    m_devices->addTo(m_router);
    m_tokenRoutes->addTo(m_router);
}

ApiServer::~ApiServer() = default;

QString ApiServer::version()
{
    return QStringLiteral(CAIRN_VERSION);
}

void ApiServer::setMqttConnected(bool connected)
{
    m_metrics->setMqttConnected(connected);
}

/*!
    The OpenAPI 3.0 document, compiled in from openapi.json, with this build's version.
*/
QJsonObject ApiServer::openApiDocument()
{
    static const QJsonObject document = [] {
        QFile file(QStringLiteral(":/cairn/api/openapi.json"));
        if (!file.open(QIODevice::ReadOnly))
            return QJsonObject();
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QJsonObject info = json.value(QStringLiteral("info")).toObject();
        info.insert(QStringLiteral("version"), version());
        json.insert(QStringLiteral("info"), info);
        return json;
    }();
    return document;
}

void ApiServer::addOwnRoutes()
{
    m_router.add({Method::Get, QStringLiteral("/health"), std::nullopt, [this](const ApiRequest &) {
                      return health();
                  }});
    m_router.add({Method::Get, QStringLiteral("/metrics"), ApiToken::Role::Viewer,
                  [this](const ApiRequest &) {
                      return ApiResponse::raw(m_metrics->render(), ApiMetrics::contentType());
                  }});
    m_router.add({Method::Get, QStringLiteral("/api/v1/openapi.json"), ApiToken::Role::Viewer,
                  [](const ApiRequest &) {
                      return ApiResponse::json(openApiDocument());
                  }});
    m_router.add(ApiRoute::webSocketRoute(
            QStringLiteral("/api/v1/events/stream"), ApiToken::Role::Viewer,
            [this](QWebSocket *socket, const QHash<QString, QString> &, const QUrlQuery &query) {
                return streamEvents(socket, query);
            }));
    m_router.add(ApiRoute::webSocketRoute(
            QStringLiteral("/api/v1/jobs/{id}/log/stream"), ApiToken::Role::Viewer,
            [this](QWebSocket *socket, const QHash<QString, QString> &arguments,
                   const QUrlQuery &query) {
                return streamLog(socket, arguments.value(QStringLiteral("id")), query);
            }));
}

void ApiServer::install(QHttpServer &server)
{
    const QPointer<ApiServer> self(this);
    server.route(QStringLiteral("/health"),
                 [self](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     dispatch(self, request, std::move(responder));
                 });
    server.route(QStringLiteral("/metrics"),
                 [self](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     dispatch(self, request, std::move(responder));
                 });
    server.route(QStringLiteral("/api/v1/<arg>"),
                 [self](const QUrl &, const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) {
                     dispatch(self, request, std::move(responder));
                 });
    connect(&server, &QHttpServer::newWebSocketConnection, this,
            [this, &server] { acceptWebSockets(server); });
}

void ApiServer::dispatch(const QPointer<ApiServer> &server, const QHttpServerRequest &request,
                         QHttpServerResponder &&responder)
{
    // The server hands an upgrade to newWebSocketConnection once this returns, and anything
    // written here would reach the client before the handshake.
    if (isWebSocketUpgrade(request))
        return;
    if (server) {
        server->serve(request, std::move(responder));
        return;
    }
    ApiResponse::error(503, ApiResponse::codeFor(503), tr("The API is not served now."))
            .toHttp()
            .write(std::move(responder));
}

void ApiServer::serve(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    QElapsedTimer timer;
    timer.start();
    const ApiResponse response = handle(request);
    m_metrics->countRequest(response.status);
    response.toHttp().write(std::move(responder));
    // The path only: a query may hold what is nobody's business, and a token never shows.
    qCInfo(lcApi).noquote() << ApiRouter::methodName(request.method())
                            << request.url().path(QUrl::FullyEncoded) << response.status
                            << timer.elapsed() << "ms";
}

ApiResponse ApiServer::handle(const QHttpServerRequest &request)
{
    const ApiRouter::Match match = m_router.match(request.method(),
                                                  request.url().path(QUrl::FullyEncoded));
    ApiToken caller;
    if (!match.route || match.route->role) {
        if (const auto refused = authenticate(request.value(QByteArrayLiteral("Authorization")), {},
                                              &caller))
            return *refused;
    }
    if (!match.route) {
        if (!match.allowed.isEmpty())
            return ApiResponse::error(405, ApiResponse::codeFor(405),
                                      tr("%1 is not allowed here; allowed: %2.")
                                              .arg(ApiRouter::methodName(request.method()),
                                                   match.allowed.join(QStringLiteral(", "))))
                    .withHeader(QByteArrayLiteral("Allow"),
                                match.allowed.join(QStringLiteral(", ")).toLatin1());
        return ApiResponse::error(404, ApiResponse::codeFor(404),
                                  tr("There is nothing at %1.")
                                          .arg(request.url().path(QUrl::FullyEncoded).left(200)));
    }
    if (match.route->role && !caller.allows(*match.route->role))
        return ApiResponse::error(403, ApiResponse::codeFor(403),
                                  tr("This needs the role %1; the token has the role %2.")
                                          .arg(ApiToken::roleName(*match.route->role),
                                               ApiToken::roleName(caller.role)));
    if (request.body().size() > m_options.maxBodyBytes)
        return ApiResponse::error(413, ApiResponse::codeFor(413),
                                  tr("The body has %1 bytes; at most %2 are taken.")
                                          .arg(request.body().size())
                                          .arg(m_options.maxBodyBytes));
    if (match.route->isWebSocket())
        return ApiResponse::error(426, ApiResponse::codeFor(426),
                                  tr("This is a WebSocket: connect with an upgrade."))
                .withHeader(QByteArrayLiteral("Upgrade"), QByteArrayLiteral("websocket"));
    return match.route->handler(ApiRequest(request, match.arguments, caller));
}

std::optional<ApiResponse> ApiServer::authenticate(const QByteArray &authorization,
                                                   const QString &queryToken, ApiToken *caller)
{
    QString secret = queryToken;
    if (!authorization.isEmpty()) {
        const QByteArray scheme = authorization.left(7);
        if (scheme.compare(QByteArrayLiteral("Bearer "), Qt::CaseInsensitive) != 0)
            return unauthorized(tr("The Authorization header must be \"Bearer TOKEN\"."), false);
        secret = QString::fromLatin1(authorization.mid(7).trimmed());
    }
    if (secret.isEmpty())
        return unauthorized(tr("This needs a token: \"Authorization: Bearer TOKEN\"."), false);
    const Result<ApiToken> token = m_tokens.verify(secret);
    if (token) {
        *caller = *token;
        return std::nullopt;
    }
    if (token.error().code == Error::Database) {
        qCWarning(lcApi).noquote() << "cannot check a token:" << token.error().message;
        return ApiResponse::error(503, ApiResponse::codeFor(503),
                                  tr("The token cannot be checked now."));
    }
    return unauthorized(token.error().message, true);
}

ApiResponse ApiServer::health()
{
    bool reachable = false;
    if (m_context.database->isOpen()) {
        QSqlQuery query(m_context.database->connection());
        reachable = query.exec(QStringLiteral("SELECT 1")) && query.next();
    }
    const QJsonObject body{
            {QStringLiteral("status"),
             reachable ? QStringLiteral("ok") : QStringLiteral("unavailable")},
            {QStringLiteral("version"), version()},
            {QStringLiteral("database"),
             QJsonObject{{QStringLiteral("reachable"), reachable},
                         {QStringLiteral("dialect"),
                          m_context.database->dialect() == Database::Dialect::SQLite
                                  ? QStringLiteral("sqlite")
                                  : QStringLiteral("postgresql")}}},
    };
    return ApiResponse::json(body, reachable ? 200 : 503);
}

void ApiServer::acceptWebSockets(QHttpServer &server)
{
    while (server.hasPendingWebSocketConnections())
        acceptWebSocket(server.nextPendingWebSocketConnection().release());
}

void ApiServer::acceptWebSocket(QWebSocket *socket)
{
    socket->setParent(this);
    const QUrl url = socket->requestUrl();
    const QUrlQuery query(url);
    const QString path = url.path(QUrl::FullyEncoded);
    const ApiRouter::Match match = m_router.match(Method::Get, path);

    ApiToken caller;
    std::optional<ApiResponse> refused = authenticate(
            socket->request().rawHeader(QByteArrayLiteral("Authorization")),
            query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded), &caller);
    if (!refused && (!match.route || !match.route->isWebSocket()))
        refused = ApiResponse::error(404, ApiResponse::codeFor(404),
                                     tr("There is no WebSocket at %1.").arg(path.left(80)));
    if (!refused && match.route->role && !caller.allows(*match.route->role))
        refused = ApiResponse::error(
                403, ApiResponse::codeFor(403),
                tr("This needs the role %1.").arg(ApiToken::roleName(*match.route->role)));
    if (!refused)
        refused = match.route->socketHandler(socket, match.arguments, query);
    const int status = refused ? refused->status : 101;
    m_metrics->countRequest(status);
    qCInfo(lcApi).noquote() << "WEBSOCKET" << path << status;
    if (!refused)
        return;

    // The reason of a close frame holds at most 123 bytes.
    QString reason = QString::fromUtf8(QJsonDocument::fromJson(refused->body)
                                               .object()
                                               .value(QStringLiteral("message"))
                                               .toString()
                                               .toUtf8()
                                               .left(120));
    reason.remove(QChar::ReplacementCharacter);
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    socket->close(QWebSocketProtocol::CloseCode(4000 + refused->status), reason);
    // A client that never answers the close frame does not keep its socket.
    QTimer::singleShot(10000, socket, [socket] { socket->abort(); });
}

std::optional<ApiResponse> ApiServer::streamEvents(QWebSocket *socket, const QUrlQuery &query)
{
    qint64 since = 0;
    if (query.hasQueryItem(QStringLiteral("since"))) {
        bool ok = false;
        since = query.queryItemValue(QStringLiteral("since")).toLongLong(&ok);
        if (!ok || since < 0)
            return ApiResponse::fromError(
                    Error::invalid(QStringLiteral("since"), tr("must be a sequence number")));
    } else {
        // Without since, the stream starts with what happens from now on.
        const Result<qint64> last = m_context.bus->lastSequence();
        if (!last)
            return ApiResponse::fromError(last.error());
        since = *last;
    }
    QStringList terms;
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key != u"since" && key != u"token")
            terms.append(key + u'=' + value);
    }
    const Result<EventFilter> filter = EventFilter::parse(terms);
    if (!filter)
        return ApiResponse::fromError(filter.error());
    auto *stream = new EventStream(*m_context.bus, socket, since, *filter, m_options, this);
    stream->start();
    return std::nullopt;
}

std::optional<ApiResponse> ApiServer::streamLog(QWebSocket *socket, const QString &jobId,
                                                const QUrlQuery &query)
{
    qint64 offset = 0;
    if (query.hasQueryItem(QStringLiteral("offset"))) {
        bool ok = false;
        offset = query.queryItemValue(QStringLiteral("offset")).toLongLong(&ok);
        if (!ok || offset < 0)
            return ApiResponse::fromError(
                    Error::invalid(QStringLiteral("offset"), tr("must be a byte offset")));
    }
    if (Result<Node> job = RunRoutes::nodeOfKind(*m_context.store, jobId, QStringLiteral("job"));
        !job)
        return ApiResponse::fromError(job.error());
    const QString announce = query.queryItemValue(QStringLiteral("attempts"));
    if (!announce.isEmpty() && announce != u"true" && announce != u"false")
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("attempts"), tr("must be true or false")));
    auto *stream = new LogStream(*m_context.store, *m_context.bus, jobId, offset, socket, m_options,
                                 this);
    stream->setAnnounceAttempts(announce == u"true");
    stream->start();
    return std::nullopt;
}

} // namespace Cairn
