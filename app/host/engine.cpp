// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "engine.h"

#include "apiserver.h"
#include "builtinruntime.h"
#include "database.h"
#include "deviceregistry.h"
#include "enginelogging.h"
#include "eventbus.h"
#include "jobkindregistry.h"
#include "leaderlease.h"
#include "mqttclient.h"
#include "nodestore.h"
#include "poller.h"
#include "processruntime.h"
#include "registrydirectory.h"
#include "ruleengine.h"
#include "scheduler.h"
#include "supervisor.h"
#include "webhookreceiver.h"

#include <QFile>
#include <QHttpServer>
#include <QNetworkAccessManager>
#include <QSslCertificate>
#include <QSslKey>

Q_LOGGING_CATEGORY(lcEngine, "cairn.engine")

namespace Cairn {

namespace {

// A mistake in the project file, whatever part found it: the daemon exits with code 2.
Error invalid(Error error)
{
    error.code = Error::Invalid;
    return error;
}

} // namespace

Engine::Engine(QObject *parent) : QObject(parent)
{
    m_drainTimer.setInterval(std::chrono::milliseconds(100));
    connect(&m_drainTimer, &QTimer::timeout, this, &Engine::checkDrained);
}

Engine::~Engine()
{
    // Users before what they use: the API and rules before the scheduler, the runtimes
    // before MQTT, everything before the database.
    m_pollers.clear();
    m_api.reset();
    m_directory.reset();
    m_webhooks.reset();
    m_http.reset();
    m_leader.reset();
    m_rules.reset();
    m_supervisor.reset();
    m_scheduler.reset();
    m_builtin.reset();
    m_process.reset();
    m_devices.reset();
    m_mqtt.reset();
    m_bus.reset();
    m_store.reset();
    m_database.reset();
}

Status Engine::open(const ProjectConfig &config)
{
    m_config = config;
    // Everything the file says is checked before the database is touched.
    m_kinds = std::make_unique<JobKindRegistry>();
    QList<JobKind> kinds = BuiltinRuntime::jobKinds();
    kinds.prepend(ProcessRuntime::processKind());
    for (const JobKind &kind : std::as_const(kinds)) {
        if (Status s = m_kinds->add(kind); !s)
            return s;
    }
    if (Status s = config.validate(*m_kinds); !s)
        return invalid(s.error());

    m_database = std::make_unique<Database>();
    if (!m_database->open(config.databaseUrl))
        return Error::database(tr("Cannot open the database %1: %2")
                                       .arg(m_database->displayUrl(), m_database->errorString()));
    m_store = std::make_unique<NodeStore>(*m_database);
    m_bus = std::make_unique<EventBus>(*m_database);
    if (config.retention)
        m_bus->setRetention(*config.retention);

    m_scheduler = std::make_unique<Scheduler>(*m_database, config.scheduler);
    m_supervisor = std::make_unique<Supervisor>(*m_scheduler);
    m_supervisor->setInterval(config.supervisorInterval);
    // Every process runs jobs; one at a time runs the rules and the supervisor. A leader that
    // died is replaced within one lease, the time its jobs take to be recovered anyway.
    m_leader = std::make_unique<LeaderLease>(*m_database, QStringLiteral("cairn.leader"),
                                             m_scheduler->owner(), config.scheduler.lease);
    connect(m_leader.get(), &LeaderLease::leadershipChanged, this, &Engine::leadershipChanged);

    m_process = std::make_unique<ProcessRuntime>(config.processCapacity);
    m_process->setGracePeriod(config.processGrace);
    m_network = std::make_unique<QNetworkAccessManager>();
    if (config.broker) {
        m_mqtt = std::make_unique<MqttClient>(*config.broker);
        m_devices = std::make_unique<DeviceRegistry>(*m_bus, *m_store);
        m_devices->setBrokerUrl(
                QStringLiteral("mqtt://%1:%2").arg(config.broker->host).arg(config.broker->port));
        m_devices->setDiscovery(config.discovery);
        if (Status s = m_devices->setDevices(config.devices); !s)
            return s;
        m_devices->attach(m_mqtt.get());
    }
    m_builtin = std::make_unique<BuiltinRuntime>(*m_store, m_devices.get(), m_mqtt.get(),
                                                 m_network.get(), config.builtinCapacity);

    for (Runtime *runtime :
         {static_cast<Runtime *>(m_process.get()), static_cast<Runtime *>(m_builtin.get())})
        m_scheduler->addRuntime(runtime);
    m_scheduler->setKindRegistry(m_kinds.get());
    if (Status s = applyClients(config.clients); !s)
        return s;

    m_rules = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
    // Events that arrive while no cairnd runs still fire the rules at the next start.
    m_rules->setDurableName(QStringLiteral("cairn.rules"));
    if (Status s = m_rules->setRules(config.rules, config.pipelines); !s)
        return invalid(s.error());

    if (config.api.isEnabled()) {
        m_http = std::make_unique<QHttpServer>();
        m_webhooks = std::make_unique<WebhookReceiver>(*m_bus, *config.secrets, config.webhooks);
        m_webhooks->install(*m_http);
        if (m_devices)
            m_directory = std::make_unique<RegistryDirectory>(*m_devices, m_mqtt.get());
        ApiContext context;
        context.database = m_database.get();
        context.store = m_store.get();
        context.bus = m_bus.get();
        context.scheduler = m_scheduler.get();
        context.kinds = m_kinds.get();
        context.pipelines = [this] {
            return m_config.pipelines;
        };
        context.devices = m_directory.get();
        ApiOptions options;
        options.maxBodyBytes = config.api.maxBody;
        m_api = std::make_unique<ApiServer>(context, options);
        m_api->install(*m_http);
    }
    return Done{};
}

Status Engine::applyClients(const QList<ClientConfig> &clients)
{
    for (const ClientConfig &client : clients) {
        if (Status s = m_scheduler->setClient(client.id, client.priority, client.queueSize); !s)
            return s;
    }
    return Done{};
}

void Engine::startPollers(const QList<PollerConfig> &pollers)
{
    m_pollers.clear();
    for (const PollerConfig &config : pollers) {
        m_pollers.push_back(
                std::make_unique<Poller>(config, *m_bus, *m_config.secrets, m_network.get()));
        m_pollers.back()->start();
    }
}

Status Engine::listen()
{
    const ApiConfig &api = m_config.api;
    if (api.hasTls()) {
        QFile certificateFile(api.certificateFile);
        QFile keyFile(api.keyFile);
        if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
            return Error::invalid(QStringLiteral("api.tls"),
                                  tr("Cannot read the certificate or key of the API."));
        const QSslCertificate certificate(&certificateFile, QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (certificate.isNull() || key.isNull())
            return Error::invalid(QStringLiteral("api.tls"),
                                  tr("%1 or %2 is not a PEM certificate or unencrypted key.")
                                          .arg(api.certificateFile, api.keyFile));
        m_http->sslSetup(certificate, key);
    }
    m_apiPort = m_http->listen(api.address, api.port);
    if (m_apiPort == 0)
        return Error::invalid(QStringLiteral("api.listen"),
                              tr("Cannot listen on %1 port %2: is it in use?")
                                      .arg(api.address.toString())
                                      .arg(api.port));
    qCInfo(lcEngine).noquote() << "API listening on" << api.address.toString() << "port"
                               << m_apiPort << (api.hasTls() ? "(HTTPS)" : "(HTTP)");
    return Done{};
}

Status Engine::start()
{
    if (m_http) {
        if (Status s = listen(); !s)
            return s;
    }
    if (m_mqtt && !m_mqtt->connectToBroker())
        return Error::invalid(QStringLiteral("broker"), m_mqtt->errorString());
    startPollers(m_config.pollers);
    m_scheduler->start();
    m_leader->start();
    qCInfo(lcEngine).noquote() << "project" << m_config.name << "running on"
                               << m_database->displayUrl() << "as" << m_scheduler->owner();
    return Done{};
}

Result<QStringList> Engine::reload(const ProjectConfig &config)
{
    QStringList warnings;
    if (Status s = config.validate(*m_kinds); !s)
        return s.error();
    const auto differs = [&](bool changed, const QString &what) {
        if (changed)
            warnings.append(tr("%1 changed; it takes effect after a restart").arg(what));
    };
    differs(config.databaseUrl != m_config.databaseUrl, QStringLiteral("database"));
    differs(config.dataDir != m_config.dataDir, QStringLiteral("data_dir"));
    differs(config.broker.has_value() != m_config.broker.has_value()
                    || (config.broker && config.broker->describe() != m_config.broker->describe()),
            QStringLiteral("broker"));
    differs(config.api.port != m_config.api.port || config.api.address != m_config.api.address
                    || config.api.certificateFile != m_config.api.certificateFile
                    || config.api.keyFile != m_config.api.keyFile
                    || config.api.maxBody != m_config.api.maxBody,
            QStringLiteral("api"));
    differs(config.processCapacity != m_config.processCapacity
                    || config.builtinCapacity != m_config.builtinCapacity
                    || config.processGrace != m_config.processGrace,
            QStringLiteral("runtimes"));
    differs(config.scheduler.lease != m_config.scheduler.lease
                    || config.scheduler.queueSize != m_config.scheduler.queueSize
                    || config.scheduler.pollInterval != m_config.scheduler.pollInterval,
            QStringLiteral("scheduler"));
    if (!config.devices.isEmpty() && !m_devices)
        return Error::invalid(QStringLiteral("devices"),
                              tr("Devices need a broker, and a broker needs a restart."));
    if (!config.webhooks.isEmpty() && !m_webhooks)
        return Error::invalid(QStringLiteral("webhooks"),
                              tr("Webhooks need the API, and the API needs a restart."));

    // Rules first: they are the part that refuses what it cannot take, and it keeps the old
    // rules when it does.
    if (Status s = m_rules->setRules(config.rules, config.pipelines); !s)
        return s.error();
    if (Status s = applyClients(config.clients); !s)
        return s.error();
    if (m_devices) {
        m_devices->setDiscovery(config.discovery);
        if (Status s = m_devices->setDevices(config.devices); !s)
            return s.error();
    }
    if (m_webhooks)
        m_webhooks->setConfigs(config.webhooks);
    if (!m_shuttingDown)
        startPollers(config.pollers);

    const ProjectConfig old = m_config;
    m_config = config;
    // What only a restart changes stays as it runs.
    m_config.databaseUrl = old.databaseUrl;
    m_config.dataDir = old.dataDir;
    m_config.broker = old.broker;
    m_config.api = old.api;
    m_config.processCapacity = old.processCapacity;
    m_config.processGrace = old.processGrace;
    m_config.builtinCapacity = old.builtinCapacity;
    m_config.scheduler = old.scheduler;
    qCInfo(lcEngine).noquote() << "reloaded" << m_config.path << ":" << m_config.rules.size()
                               << "rules," << m_config.pipelines.size() << "pipelines,"
                               << m_config.devices.size() << "devices";
    for (const QString &warning : std::as_const(warnings))
        qCWarning(lcEngine).noquote() << warning;
    return warnings;
}

bool Engine::isLeader() const
{
    return m_leader && m_leader->isLeader();
}

void Engine::leadershipChanged(bool leader)
{
    if (leader && !m_shuttingDown) {
        m_supervisor->start();
        m_rules->start();
        m_supervisor->check();
    } else if (!leader) {
        m_rules->stop();
        m_supervisor->stop();
    }
}

void Engine::shutdown(std::chrono::milliseconds grace)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_grace = grace;
    m_shutdownClock.start();
    m_rules->stop();
    m_scheduler->stop();
    m_pollers.clear();
    const int running = m_scheduler->runningCount();
    qCInfo(lcEngine).noquote() << "stopping:" << running << "running jobs get up to"
                               << grace.count() / 1000.0 << "s to finish";
    m_drainTimer.start();
    checkDrained();
}

void Engine::checkDrained()
{
    if (m_scheduler->runningCount() == 0) {
        m_drainTimer.stop();
        m_supervisor->stop();
        m_leader->stop();
        if (m_mqtt)
            m_mqtt->disconnectFromBroker();
        qCInfo(lcEngine) << "stopped";
        Q_EMIT stopped();
        return;
    }
    const qint64 elapsed = m_shutdownClock.elapsed();
    if (!m_interrupted && elapsed >= m_grace.count()) {
        m_interrupted = true;
        qCWarning(lcEngine).noquote()
                << m_scheduler->runningCount()
                << "jobs still running after the grace period: stopping them; they go back "
                   "to the queue while attempts remain";
        m_scheduler->interruptAll(tr("Cairn stopped before the job finished."));
    } else if (m_interrupted && elapsed >= m_grace.count() + m_config.scheduler.stopGrace.count()) {
        // They do not stop: leave them to the supervisor of the next start, as after a crash.
        qCWarning(lcEngine).noquote()
                << m_scheduler->runningCount() << "jobs did not stop; the next start recovers them";
        m_drainTimer.stop();
        m_leader->stop();
        Q_EMIT stopped();
    }
}

} // namespace Cairn
