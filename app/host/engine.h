// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "projectconfig.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

class QHttpServer;
class QNetworkAccessManager;

namespace Cairn {

class ApiServer;
class BuiltinRuntime;
class Database;
class DeviceRegistry;
class EventBus;
class JobKindRegistry;
class LeaderLease;
class MqttClient;
class NodeStore;
class Poller;
class ProcessRuntime;
class RegistryDirectory;
class RuleEngine;
class Scheduler;
class Supervisor;
class WebhookReceiver;

/*
 * One running Cairn: the project file's database, bus, scheduler, supervisor, runtimes,
 * rules, MQTT devices, webhooks, pollers and API, wired together. The daemon runs one; the
 * desktop app runs one in-process when it opens a project file.
 */
class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(QObject *parent = nullptr);
    ~Engine() override;

    // Opens the database and builds every part; nothing runs until start().
    [[nodiscard]] Status open(const ProjectConfig &config);
    // Starts claiming jobs, the supervisor, the rules, MQTT, pollers and the API.
    [[nodiscard]] Status start();
    // Applies a re-read project file: rules, pipelines, clients, devices, webhooks and
    // pollers change; running jobs go on. Settings that need a restart (the database, the
    // broker, the API address, runtimes) are named in the returned warnings.
    Result<QStringList> reload(const ProjectConfig &config);
    // Stops taking new work and lets running jobs finish for up to grace; those still
    // running then are stopped and go back to the queue. Emits stopped() when done.
    void shutdown(std::chrono::milliseconds grace);
    bool isShuttingDown() const { return m_shuttingDown; }

    const ProjectConfig &config() const { return m_config; }
    Database &database() { return *m_database; }
    NodeStore &store() { return *m_store; }
    EventBus &bus() { return *m_bus; }
    Scheduler &scheduler() { return *m_scheduler; }
    const JobKindRegistry &kinds() const { return *m_kinds; }
    RuleEngine &rules() { return *m_rules; }
    // Whether this process runs the rules and the supervisor of the database's processes.
    bool isLeader() const;
    DeviceRegistry *devices() { return m_devices.get(); } // null without a broker
    MqttClient *mqtt() { return m_mqtt.get(); } // null without a broker
    QHttpServer *httpServer() { return m_http.get(); } // null without api:
    ApiServer *api() { return m_api.get(); } // null without api:
    quint16 apiPort() const { return m_apiPort; } // the port listened on; 0 when none

Q_SIGNALS:
    void stopped();

private:
    Status applyClients(const QList<ClientConfig> &clients);
    void startPollers(const QList<PollerConfig> &pollers);
    Status listen();
    void checkDrained();
    void leadershipChanged(bool leader);

    ProjectConfig m_config;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<Supervisor> m_supervisor;
    std::unique_ptr<LeaderLease> m_leader;
    std::unique_ptr<JobKindRegistry> m_kinds;
    std::unique_ptr<ProcessRuntime> m_process;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<MqttClient> m_mqtt;
    std::unique_ptr<DeviceRegistry> m_devices;
    std::unique_ptr<BuiltinRuntime> m_builtin;
    std::unique_ptr<RuleEngine> m_rules;
    std::unique_ptr<QHttpServer> m_http;
    std::unique_ptr<WebhookReceiver> m_webhooks;
    std::unique_ptr<RegistryDirectory> m_directory;
    std::unique_ptr<ApiServer> m_api;
    std::vector<std::unique_ptr<Poller>> m_pollers;
    quint16 m_apiPort = 0;
    bool m_shuttingDown = false;
    bool m_interrupted = false;
    std::chrono::milliseconds m_grace{0};
    QElapsedTimer m_shutdownClock;
    QTimer m_drainTimer;
};

} // namespace Cairn
