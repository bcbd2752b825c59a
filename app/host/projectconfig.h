// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"
#include "deviceconfig.h"
#include "error.h"
#include "eventbus.h"
#include "mqttoptions.h"
#include "pipeline.h"
#include "pollerconfig.h"
#include "rule.h"
#include "scheduler.h"
#include "secretstore.h"
#include "webhookconfig.h"

#include <QCoreApplication>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

namespace Cairn {

// A task-pipeline client: who may queue runs, how urgent its runs are, how many it may queue.
struct ClientConfig
{
    QString id;
    int priority = 10; // smaller first
    qint64 queueSize = 0; // unfinished jobs; 0: no limit of its own
};

struct ApiConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 0; // 0: no API
    QString certificateFile; // PEM; with keyFile, the API speaks HTTPS
    QString keyFile;
    qint64 maxBody = 1024 * 1024;

    bool isEnabled() const { return port != 0; }
    bool hasTls() const { return !certificateFile.isEmpty(); }
};

/*
 * The project file: everything one Cairn instance runs, read and checked as a whole before
 * anything starts. Relative paths are taken from the file's folder.
 *
 *   name: weather-watchdog
 *   database: sqlite:cairn.db          # or postgresql://user@host/db
 *   data_dir: data                     # job attempt folders and logs
 *   secrets: file:secrets.json         # or keychain
 *   events: {retention: {max_age: 30d}}
 *   scheduler: {queue_size: 10000, lease: 30s, heartbeat: 10s, poll: 1s,
 *               supervisor_interval: 1s, stop_grace: 10s}
 *   runtimes: {process: {capacity: 4, grace: 5s}, builtin: {capacity: 64}}
 *   clients: [{id: lab, priority: 5, queue_size: 100}]
 *   broker: {host: localhost, port: 1883, ...}
 *   devices: [...]
 *   discovery: {...}
 *   webhooks: [...]
 *   pollers: [...]
 *   pipelines: {cool-down: {...}, nightly: nightly.yaml}
 *   rules: [...]
 *   api: {listen: "127.0.0.1:8470", tls: {certificate: c.pem, key: k.pem}, max_body: 1MiB}
 *   shutdown_grace: 30s
 *
 * Every error names the file, line, column and field.
 */
struct ProjectConfig
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ProjectConfig)
public:
    QString path; // absolute
    QString baseDir; // the file's folder
    QString name;
    QString databaseUrl;
    QString dataDir;
    QString secretsSpec; // "keychain", "file:PATH", or empty for the default file
    std::shared_ptr<SecretStore> secrets;
    std::optional<EventRetention> retention;
    SchedulerOptions scheduler;
    std::chrono::milliseconds supervisorInterval{1000};
    int processCapacity = 4;
    std::chrono::milliseconds processGrace{5000};
    int builtinCapacity = 64;
    QList<ClientConfig> clients;
    std::optional<MqttOptions> broker;
    QList<DeviceConfig> devices;
    DiscoveryConfig discovery;
    QList<WebhookConfig> webhooks;
    QList<PollerConfig> pollers;
    QHash<QString, Pipeline> pipelines;
    QList<Rule> rules;
    ApiConfig api;
    std::chrono::milliseconds shutdownGrace{30000};

    // Reads and checks the file. secrets: the store to use instead of the one the file
    // names (tests, or a store already open); null: open the one the file names.
    static Result<ProjectConfig> load(const QString &path,
                                      std::shared_ptr<SecretStore> secrets = {});
    static Result<ProjectConfig> parse(const ConfigDocument &document, const QString &baseDir,
                                       std::shared_ptr<SecretStore> secrets = {});

    // Every pipeline checked against the kinds the runtimes offer, and every rule's pipeline
    // known.
    Status validate(const JobKindRegistry &kinds) const;
};

} // namespace Cairn
