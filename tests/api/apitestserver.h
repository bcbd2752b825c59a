// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <apiserver.h>
#include <database.h>
#include <eventbus.h>
#include <jobkindregistry.h>
#include <nodestore.h>
#include <pipeline.h>
#include <processruntime.h>
#include <scheduler.h>

#include <QHash>
#include <QHttpServer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QUrl>

#include <functional>
#include <memory>

class QWebSocket;

namespace CairnTest {

// One answer of the API, read in full.
struct ApiReply
{
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QString networkError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QString describe() const;
};

/*
 * The API as the daemon serves it, on loopback: SQLite in a temporary folder, the node
 * store, the bus, a scheduler with the local process runtime and the project's pipelines,
 * a QHttpServer on a free port with an ApiServer installed, and a token of each role.
 */
class ApiTestServer
{
public:
    explicit ApiTestServer(const Cairn::ApiOptions &options = {});
    ~ApiTestServer();

    // withScheduler false: the ApiContext has no scheduler.
    [[nodiscard]] bool start(bool withScheduler = true);
    QString errorString() const { return m_error; }

    QUrl url(const QString &pathAndQuery) const;
    QUrl webSocketUrl(const QString &pathAndQuery) const;

    // A token of each role, and one that was revoked.
    QString viewer, operatorToken, admin, revoked;

    ApiReply request(const QByteArray &method, const QString &pathAndQuery, const QString &token,
                     const QByteArray &body = {},
                     const QByteArray &contentType = QByteArrayLiteral("application/json"),
                     const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    ApiReply get(const QString &pathAndQuery, const QString &token)
    {
        return request(QByteArrayLiteral("GET"), pathAndQuery, token);
    }
    ApiReply post(const QString &pathAndQuery, const QString &token, const QJsonObject &body)
    {
        return request(QByteArrayLiteral("POST"), pathAndQuery, token,
                       QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    // Opens a WebSocket with the token in the Authorization header (or none when empty);
    // false when it did not connect within the time. The server may have closed it already.
    bool openWebSocket(QWebSocket &socket, const QString &pathAndQuery, const QString &token);

    void setPipelines(const QHash<QString, Cairn::Pipeline> &pipelines) { m_pipelines = pipelines; }
    // Called by start() once the database, store and bus are up, before the API is made: the
    // device directory of the API (not owned), or null for none.
    void setDevices(std::function<Cairn::DeviceDirectory *()> factory)
    {
        m_devicesFactory = std::move(factory);
    }
    // Reads a pipeline from YAML text, for setPipelines().
    static Cairn::Pipeline pipelineFromYaml(const QByteArray &yaml);

    Cairn::Database &database() { return *m_database; }
    Cairn::NodeStore &store() { return *m_store; }
    Cairn::EventBus &bus() { return *m_bus; }
    Cairn::Scheduler *scheduler() { return m_scheduler.get(); }
    Cairn::ApiServer &api() { return *m_api; }
    QHttpServer &http() { return m_http; }
    QString dataDir() const { return m_dir.path(); }

private:
    Cairn::ApiOptions m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<Cairn::Database> m_database;
    std::unique_ptr<Cairn::NodeStore> m_store;
    std::unique_ptr<Cairn::EventBus> m_bus;
    Cairn::JobKindRegistry m_kinds;
    std::unique_ptr<Cairn::ProcessRuntime> m_runtime;
    std::unique_ptr<Cairn::Scheduler> m_scheduler;
    QHash<QString, Cairn::Pipeline> m_pipelines;
    std::function<Cairn::DeviceDirectory *()> m_devicesFactory;
    Cairn::ApiContext m_context;
    QHttpServer m_http;
    std::unique_ptr<Cairn::ApiServer> m_api;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace CairnTest
