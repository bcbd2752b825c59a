// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include "freeport.h"

#include <configdocument.h>

#include <QEventLoop>
#include <QNetworkReply>
#include <QTimer>
#include <QWebSocket>

using namespace Cairn;

namespace CairnTest {

namespace {
// Every wait is generous: a loaded build machine runs many processes at once.
constexpr int Patience = 30000;
} // namespace

QString ApiReply::describe() const
{
    return QStringLiteral("status %1 %2\n%3")
            .arg(status)
            .arg(networkError, QString::fromUtf8(body));
}

ApiTestServer::ApiTestServer(const ApiOptions &options) : m_options(options) { }

ApiTestServer::~ApiTestServer()
{
    // The API first: it refers to everything else.
    m_api.reset();
}

Pipeline ApiTestServer::pipelineFromYaml(const QByteArray &yaml)
{
    const Result<ConfigDocument> document = ConfigDocument::parse(yaml, QStringLiteral("test"));
    if (!document)
        qFatal("%s", qPrintable(document.error().toString()));
    const Result<Pipeline> pipeline = Pipeline::fromConfig(document->root(), QString());
    if (!pipeline)
        qFatal("%s", qPrintable(pipeline.error().toString()));
    return *pipeline;
}

bool ApiTestServer::start(bool withScheduler)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    m_database = std::make_unique<Database>();
    if (!m_database->open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("cairn.db")))) {
        m_error = m_database->errorString();
        return false;
    }
    m_store = std::make_unique<NodeStore>(*m_database);
    m_bus = std::make_unique<EventBus>(*m_database);
    m_bus->setPollInterval(std::chrono::milliseconds(50));
    m_runtime = std::make_unique<ProcessRuntime>(2);
    m_runtime->setGracePeriod(std::chrono::milliseconds(500));
    for (const JobKind &kind : m_runtime->kinds()) {
        if (Status added = m_kinds.add(kind); !added) {
            m_error = added.error().toString();
            return false;
        }
    }
    if (withScheduler) {
        SchedulerOptions options;
        options.dataDir = m_dir.filePath(QStringLiteral("data"));
        options.pollInterval = std::chrono::milliseconds(100);
        m_scheduler = std::make_unique<Scheduler>(*m_database, options);
        m_scheduler->setKindRegistry(&m_kinds);
        m_scheduler->addRuntime(m_runtime.get());
        m_scheduler->start();
    }
    m_context.database = m_database.get();
    m_context.store = m_store.get();
    m_context.bus = m_bus.get();
    m_context.scheduler = m_scheduler.get();
    m_context.kinds = &m_kinds;
    m_context.pipelines = [this] {
        return m_pipelines;
    };
    m_context.devices = m_devicesFactory ? m_devicesFactory() : nullptr;
    m_api = std::make_unique<ApiServer>(m_context, m_options);
    m_api->install(m_http);
    m_port = m_http.listen(QHostAddress::LocalHost, freePort());
    if (m_port == 0) {
        m_error = QStringLiteral("the HTTP server cannot listen");
        return false;
    }

    const auto issue = [this](const QString &name, ApiToken::Role role, QString *secret) {
        const Result<IssuedToken> issued = m_api->tokens().create(name, role);
        if (!issued) {
            m_error = issued.error().toString();
            return false;
        }
        *secret = issued->secret;
        return true;
    };
    if (!issue(QStringLiteral("viewer"), ApiToken::Role::Viewer, &viewer)
        || !issue(QStringLiteral("operator"), ApiToken::Role::Operator, &operatorToken)
        || !issue(QStringLiteral("admin"), ApiToken::Role::Admin, &admin)
        || !issue(QStringLiteral("revoked"), ApiToken::Role::Admin, &revoked))
        return false;
    if (const Result<ApiToken> gone = m_api->tokens().revoke(QStringLiteral("revoked")); !gone) {
        m_error = gone.error().toString();
        return false;
    }
    return true;
}

QUrl ApiTestServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

QUrl ApiTestServer::webSocketUrl(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery));
}

ApiReply ApiTestServer::request(const QByteArray &method, const QString &pathAndQuery,
                                const QString &token, const QByteArray &body,
                                const QByteArray &contentType,
                                const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url(pathAndQuery));
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + token.toLatin1());
    if (!body.isEmpty() && !contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(Patience, &loop, &QEventLoop::quit);
    loop.exec();

    ApiReply answer;
    if (!reply->isFinished()) {
        answer.networkError = QStringLiteral("no answer in time");
        reply->abort();
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        answer.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && answer.status == 0)
        answer.networkError = reply->errorString();
    reply->deleteLater();
    return answer;
}

bool ApiTestServer::openWebSocket(QWebSocket &socket, const QString &pathAndQuery,
                                  const QString &token)
{
    QNetworkRequest request(webSocketUrl(pathAndQuery));
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + token.toLatin1());
    QEventLoop loop;
    bool wasConnected = false;
    const auto connected = QObject::connect(&socket, &QWebSocket::connected, &loop, [&] {
        wasConnected = true;
        loop.quit();
    });
    const auto gone = QObject::connect(&socket, &QWebSocket::disconnected, &loop,
                                       &QEventLoop::quit);
    QTimer::singleShot(Patience, &loop, &QEventLoop::quit);
    socket.open(request);
    loop.exec();
    QObject::disconnect(connected);
    QObject::disconnect(gone);
    return wasConnected;
}

} // namespace CairnTest
