// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "projectconfig.h"

#include "brokerconfig.h"
#include "jobkindregistry.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace Cairn {

namespace {

const QStringList TopKeys = {
        QStringLiteral("name"),     QStringLiteral("database"),       QStringLiteral("data_dir"),
        QStringLiteral("secrets"),  QStringLiteral("events"),         QStringLiteral("scheduler"),
        QStringLiteral("runtimes"), QStringLiteral("clients"),        QStringLiteral("broker"),
        QStringLiteral("devices"),  QStringLiteral("discovery"),      QStringLiteral("webhooks"),
        QStringLiteral("pollers"),  QStringLiteral("pipelines"),      QStringLiteral("rules"),
        QStringLiteral("api"),      QStringLiteral("shutdown_grace"),
};

QString absolute(const QString &baseDir, const QString &path)
{
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

// "sqlite:cairn.db" relative to the project; other URLs as they are.
QString resolveDatabaseUrl(const QString &baseDir, const QString &url)
{
    const QString prefix = QStringLiteral("sqlite:");
    if (!url.startsWith(prefix))
        return url;
    const QString file = url.mid(prefix.size());
    if (file.isEmpty() || file == QStringLiteral(":memory:"))
        return url;
    return prefix + absolute(baseDir, file);
}

Status readEvents(const ConfigNode &events, ProjectConfig &config)
{
    if (events.isMissing())
        return Done{};
    if (Status s = events.requireObject(); !s)
        return s;
    if (Status s = events.checkKeys({QStringLiteral("retention")}); !s)
        return s;
    const ConfigNode retention = events[QStringLiteral("retention")];
    if (retention.isMissing())
        return Done{};
    Result<EventRetention> read = EventRetention::fromConfig(retention);
    if (!read)
        return read.error();
    config.retention = *read;
    return Done{};
}

Status readScheduler(const ConfigNode &node, ProjectConfig &config)
{
    if (node.isMissing())
        return Done{};
    if (Status s = node.requireObject(); !s)
        return s;
    if (Status s = node.checkKeys({QStringLiteral("owner"), QStringLiteral("queue_size"),
                                   QStringLiteral("lease"), QStringLiteral("heartbeat"),
                                   QStringLiteral("poll"), QStringLiteral("supervisor_interval"),
                                   QStringLiteral("stop_grace")});
        !s)
        return s;
    SchedulerOptions &o = config.scheduler;
    Result<QString> owner = node[QStringLiteral("owner")].toString(QString());
    if (!owner)
        return owner.error();
    Result<qint64> queueSize = node[QStringLiteral("queue_size")].toInteger(0, qint64(1) << 40,
                                                                            o.queueSize);
    if (!queueSize)
        return queueSize.error();
    Result<std::chrono::milliseconds> lease = node[QStringLiteral("lease")].toDuration(o.lease);
    if (!lease)
        return lease.error();
    Result<std::chrono::milliseconds> heartbeat = node[QStringLiteral("heartbeat")].toDuration(
            std::chrono::milliseconds(0));
    if (!heartbeat)
        return heartbeat.error();
    Result<std::chrono::milliseconds> poll = node[QStringLiteral("poll")].toDuration(
            o.pollInterval);
    if (!poll)
        return poll.error();
    Result<std::chrono::milliseconds> supervisor =
            node[QStringLiteral("supervisor_interval")].toDuration(config.supervisorInterval);
    if (!supervisor)
        return supervisor.error();
    Result<std::chrono::milliseconds> stopGrace = node[QStringLiteral("stop_grace")].toDuration(
            o.stopGrace);
    if (!stopGrace)
        return stopGrace.error();
    if (lease->count() < 100)
        return node[QStringLiteral("lease")].error(ProjectConfig::tr("must be at least 100 ms"));
    o.owner = *owner;
    o.queueSize = *queueSize;
    o.lease = *lease;
    // A heartbeat well inside the lease, unless one is given; then it must fit in it.
    o.heartbeatInterval = heartbeat->count() > 0 ? *heartbeat : *lease / 3;
    if (o.heartbeatInterval >= o.lease)
        return node[QStringLiteral("heartbeat")].error(
                ProjectConfig::tr("must be shorter than the lease (%1 ms)")
                        .arg(qint64(o.lease.count())));
    if (poll->count() < 10)
        return node[QStringLiteral("poll")].error(ProjectConfig::tr("must be at least 10 ms"));
    o.pollInterval = *poll;
    if (supervisor->count() < 10)
        return node[QStringLiteral("supervisor_interval")].error(
                ProjectConfig::tr("must be at least 10 ms"));
    config.supervisorInterval = *supervisor;
    o.stopGrace = *stopGrace;
    return Done{};
}

Status readRuntimes(const ConfigNode &node, ProjectConfig &config)
{
    if (node.isMissing())
        return Done{};
    if (Status s = node.requireObject(); !s)
        return s;
    if (Status s = node.checkKeys({QStringLiteral("process"), QStringLiteral("builtin")}); !s)
        return s;
    const ConfigNode process = node[QStringLiteral("process")];
    if (!process.isMissing()) {
        if (Status s = process.requireObject(); !s)
            return s;
        if (Status s = process.checkKeys({QStringLiteral("capacity"), QStringLiteral("grace")}); !s)
            return s;
        Result<qint64> capacity = process[QStringLiteral("capacity")].toInteger(
                0, 4096, config.processCapacity);
        if (!capacity)
            return capacity.error();
        Result<std::chrono::milliseconds> grace = process[QStringLiteral("grace")].toDuration(
                config.processGrace);
        if (!grace)
            return grace.error();
        config.processCapacity = int(*capacity);
        config.processGrace = *grace;
    }
    const ConfigNode builtin = node[QStringLiteral("builtin")];
    if (!builtin.isMissing()) {
        if (Status s = builtin.requireObject(); !s)
            return s;
        if (Status s = builtin.checkKeys({QStringLiteral("capacity")}); !s)
            return s;
        Result<qint64> capacity = builtin[QStringLiteral("capacity")].toInteger(
                0, 4096, config.builtinCapacity);
        if (!capacity)
            return capacity.error();
        config.builtinCapacity = int(*capacity);
    }
    return Done{};
}

Status readClients(const ConfigNode &node, ProjectConfig &config)
{
    if (node.isMissing())
        return Done{};
    if (Status s = node.requireArray(); !s)
        return s;
    QSet<QString> seen;
    for (qsizetype i = 0; i < node.size(); ++i) {
        const ConfigNode entry = node.at(i);
        if (Status s = entry.requireObject(); !s)
            return s;
        if (Status s = entry.checkKeys({QStringLiteral("id"), QStringLiteral("priority"),
                                        QStringLiteral("queue_size")});
            !s)
            return s;
        Result<QString> id = entry[QStringLiteral("id")].toString();
        if (!id)
            return id.error();
        if (!Pipeline::isValidName(*id))
            return entry[QStringLiteral("id")].error(ProjectConfig::tr(
                    "a client id is 1 to 64 of a-z, 0-9, _ and -, not starting with -"));
        if (seen.contains(*id))
            return entry[QStringLiteral("id")].error(
                    ProjectConfig::tr("the client %1 is declared twice").arg(*id));
        seen.insert(*id);
        Result<qint64> priority = entry[QStringLiteral("priority")].toInteger(-1000000, 1000000,
                                                                              10);
        if (!priority)
            return priority.error();
        Result<qint64> queueSize = entry[QStringLiteral("queue_size")].toInteger(0, qint64(1) << 40,
                                                                                 0);
        if (!queueSize)
            return queueSize.error();
        config.clients.append({*id, int(*priority), *queueSize});
    }
    return Done{};
}

Status readPipelines(const ConfigNode &node, const QString &baseDir, ProjectConfig &config)
{
    if (node.isMissing())
        return Done{};
    if (Status s = node.requireObject(); !s)
        return s;
    for (const QString &name : node.keys()) {
        const ConfigNode entry = node[name];
        // A string names a file of its own, next to the project file.
        const bool inFile = entry.value().isString();
        Result<Pipeline> pipeline = inFile
                ? Pipeline::load(absolute(baseDir, entry.value().toString()))
                : Pipeline::fromConfig(entry, name);
        if (inFile && pipeline && pipeline->name != name)
            return entry.error(ProjectConfig::tr("the pipeline in %1 is named %2, not %3")
                                       .arg(entry.value().toString(), pipeline->name, name));
        if (!pipeline)
            return pipeline.error();
        config.pipelines.insert(name, *pipeline);
    }
    return Done{};
}

Status readApi(const ConfigNode &node, const QString &baseDir, ApiConfig &api)
{
    if (node.isMissing())
        return Done{};
    if (Status s = node.requireObject(); !s)
        return s;
    if (Status s = node.checkKeys(
                {QStringLiteral("listen"), QStringLiteral("tls"), QStringLiteral("max_body")});
        !s)
        return s;
    const ConfigNode listen = node[QStringLiteral("listen")];
    Result<QString> text = listen.toString();
    if (!text)
        return text.error();
    // "PORT", "HOST:PORT" or "[IPv6]:PORT".
    static const QRegularExpression pattern(
            QStringLiteral("^(?:(?:\\[([0-9a-fA-F:.]+)\\]|([^:\\[\\]]+)):)?([0-9]{1,5})$"));
    const QRegularExpressionMatch match = pattern.match(text->trimmed());
    const int port = match.hasMatch() ? match.captured(3).toInt() : -1;
    if (port < 1 || port > 65535)
        return listen.error(ProjectConfig::tr("\"%1\" is not an address to listen on: write PORT, "
                                              "HOST:PORT or [IPv6]:PORT")
                                    .arg(*text));
    QString host = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
    if (host.isEmpty() || host == QStringLiteral("localhost"))
        api.address = QHostAddress::LocalHost;
    else if (host == QStringLiteral("*"))
        api.address = QHostAddress::Any;
    else if (!api.address.setAddress(host))
        return listen.error(
                ProjectConfig::tr("\"%1\" is not an IP address; write one, localhost or *")
                        .arg(host));
    api.port = quint16(port);

    const ConfigNode tls = node[QStringLiteral("tls")];
    if (!tls.isMissing()) {
        if (Status s = tls.requireObject(); !s)
            return s;
        if (Status s = tls.checkKeys({QStringLiteral("certificate"), QStringLiteral("key")}); !s)
            return s;
        Result<QString> certificate = tls[QStringLiteral("certificate")].toString();
        if (!certificate)
            return certificate.error();
        Result<QString> key = tls[QStringLiteral("key")].toString();
        if (!key)
            return key.error();
        api.certificateFile = absolute(baseDir, *certificate);
        api.keyFile = absolute(baseDir, *key);
        for (const auto &[file, field] :
             {std::pair{api.certificateFile, QStringLiteral("certificate")},
              std::pair{api.keyFile, QStringLiteral("key")}}) {
            if (!QFileInfo(file).isReadable())
                return tls[field].error(ProjectConfig::tr("cannot read %1").arg(file));
        }
    }
    Result<qint64> maxBody = node[QStringLiteral("max_body")].toByteSize(1024, qint64(1) << 30,
                                                                         api.maxBody);
    if (!maxBody)
        return maxBody.error();
    api.maxBody = *maxBody;
    return Done{};
}

} // namespace

Result<ProjectConfig> ProjectConfig::load(const QString &path, std::shared_ptr<SecretStore> secrets)
{
    Result<ConfigDocument> document = ConfigDocument::load(path);
    if (!document)
        return document.error();
    return parse(*document, QFileInfo(path).absolutePath(), std::move(secrets));
}

Result<ProjectConfig> ProjectConfig::parse(const ConfigDocument &document, const QString &baseDir,
                                           std::shared_ptr<SecretStore> secrets)
{
    ProjectConfig config;
    config.path = QFileInfo(document.fileName()).absoluteFilePath();
    config.baseDir = baseDir;
    const ConfigNode root = document.root();
    if (Status s = root.requireObject(); !s)
        return s.error();
    if (Status s = root.checkKeys(TopKeys); !s)
        return s.error();

    Result<QString> name = root[QStringLiteral("name")].toString(
            QFileInfo(document.fileName()).baseName());
    if (!name)
        return name.error();
    config.name = *name;

    Result<QString> database = root[QStringLiteral("database")].toString(
            QStringLiteral("sqlite:.cairn/cairn.db"));
    if (!database)
        return database.error();
    if (!database->startsWith(QLatin1String("sqlite:"))
        && !database->startsWith(QLatin1String("postgresql://"))
        && !database->startsWith(QLatin1String("postgres://")))
        return root[QStringLiteral("database")].error(
                tr("write sqlite:FILE or postgresql://USER@HOST/DATABASE"));
    config.databaseUrl = resolveDatabaseUrl(baseDir, *database);

    Result<QString> dataDir = root[QStringLiteral("data_dir")].toString(QStringLiteral(".cairn"));
    if (!dataDir)
        return dataDir.error();
    config.dataDir = absolute(baseDir, *dataDir);
    config.scheduler.dataDir = config.dataDir;

    Result<QString> secretsSpec = root[QStringLiteral("secrets")].toString(QString());
    if (!secretsSpec)
        return secretsSpec.error();
    config.secretsSpec = *secretsSpec;
    if (config.secretsSpec.startsWith(QLatin1String("file:")))
        config.secretsSpec = QStringLiteral("file:") + absolute(baseDir, config.secretsSpec.mid(5));
    if (secrets) {
        config.secrets = std::move(secrets);
    } else {
        Result<std::unique_ptr<SecretStore>> opened = SecretStore::open(config.secretsSpec);
        if (!opened)
            return root[QStringLiteral("secrets")].error(opened.error().message);
        config.secrets = std::move(*opened);
    }

    if (Status s = readEvents(root[QStringLiteral("events")], config); !s)
        return s.error();
    if (Status s = readScheduler(root[QStringLiteral("scheduler")], config); !s)
        return s.error();
    if (Status s = readRuntimes(root[QStringLiteral("runtimes")], config); !s)
        return s.error();
    if (Status s = readClients(root[QStringLiteral("clients")], config); !s)
        return s.error();

    const ConfigNode broker = root[QStringLiteral("broker")];
    if (!broker.isMissing()) {
        Result<MqttOptions> options = BrokerConfig::fromConfig(broker, config.secrets.get(),
                                                               baseDir);
        if (!options)
            return options.error();
        config.broker = *options;
    }
    Result<QList<DeviceConfig>> devices = DeviceConfig::fromConfig(root[QStringLiteral("devices")]);
    if (!devices)
        return devices.error();
    config.devices = *devices;
    if (!config.devices.isEmpty() && !config.broker)
        return root[QStringLiteral("devices")].error(
                tr("devices talk MQTT: the project needs a broker: section"));
    Result<DiscoveryConfig> discovery = DiscoveryConfig::fromConfig(
            root[QStringLiteral("discovery")]);
    if (!discovery)
        return discovery.error();
    config.discovery = *discovery;
    Result<QList<WebhookConfig>> webhooks = WebhookConfig::fromConfig(
            root[QStringLiteral("webhooks")]);
    if (!webhooks)
        return webhooks.error();
    config.webhooks = *webhooks;
    Result<QList<PollerConfig>> pollers = PollerConfig::fromConfig(root[QStringLiteral("pollers")]);
    if (!pollers)
        return pollers.error();
    config.pollers = *pollers;

    if (Status s = readPipelines(root[QStringLiteral("pipelines")], baseDir, config); !s)
        return s.error();
    Result<QList<Rule>> rules = Rule::fromConfig(root[QStringLiteral("rules")]);
    if (!rules)
        return rules.error();
    config.rules = *rules;
    for (qsizetype i = 0; i < config.rules.size(); ++i) {
        const Rule &rule = config.rules.at(i);
        if (!config.pipelines.contains(rule.pipeline))
            return root[QStringLiteral("rules")].at(i)[QStringLiteral("run")].error(
                    tr("there is no pipeline %1 under pipelines:").arg(rule.pipeline));
    }

    if (Status s = readApi(root[QStringLiteral("api")], baseDir, config.api); !s)
        return s.error();
    if (!config.webhooks.isEmpty() && !config.api.isEnabled())
        return root[QStringLiteral("webhooks")].error(
                tr("webhooks are served by the API: the project needs api: {listen: ...}"));

    Result<std::chrono::milliseconds> grace = root[QStringLiteral("shutdown_grace")].toDuration(
            config.shutdownGrace);
    if (!grace)
        return grace.error();
    config.shutdownGrace = *grace;
    return config;
}

Status ProjectConfig::validate(const JobKindRegistry &kinds) const
{
    QStringList names = pipelines.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        if (Status s = pipelines.value(name).validate(kinds); !s)
            return s;
    }
    return Done{};
}

} // namespace Cairn
