// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deviceregistry.h"

#include "deviceslogging.h"
#include "eventbus.h"
#include "homeassistantdiscovery.h"
#include "mqttclient.h"
#include "nodestore.h"
#include "payloaddecoder.h"

#include <QJsonArray>
#include <QStringDecoder>

namespace Cairn {

namespace {

const QString RootName = QStringLiteral("devices");
// How often a bad payload on one topic is logged; every one still becomes an event.
constexpr qint64 WarningIntervalMs = 10000;

bool hasWildcard(const QString &filter)
{
    return filter.contains(QLatin1Char('+')) || filter.contains(QLatin1Char('#'));
}

} // namespace

DeviceRegistry::DeviceRegistry(EventBus &bus, NodeStore &store, QObject *parent)
    : QObject(parent), m_bus(bus), m_store(store)
{
    // Messages that arrive within a couple of milliseconds share one transaction: a commit
    // costs more than many rows, and a device reading can wait that long.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(2);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &DeviceRegistry::flushEvents);
    m_nodeTimer.setSingleShot(true);
    connect(&m_nodeTimer, &QTimer::timeout, this, &DeviceRegistry::flushNodes);
    m_staleTimer.setInterval(1000);
    connect(&m_staleTimer, &QTimer::timeout, this, &DeviceRegistry::checkStale);
    m_staleTimer.start();
}

DeviceRegistry::~DeviceRegistry()
{
    flush();
}

std::optional<DeviceRegistry::Device> DeviceRegistry::device(const QString &id) const
{
    const auto it = m_devices.constFind(id);
    if (it == m_devices.cend())
        return std::nullopt;
    return *it;
}

/*!
    Replaces the devices declared in the project file; devices found through discovery stay.
    Creates the "devices" root node and a node for each device that has none yet, and keeps
    what the existing nodes knew (last reading, online).
*/
Status DeviceRegistry::setDevices(const QList<DeviceConfig> &devices)
{
    QHash<QString, Device> next;
    for (auto it = m_devices.cbegin(); it != m_devices.cend(); ++it) {
        if (it->config.discovered)
            next.insert(it.key(), *it);
    }
    for (const DeviceConfig &config : devices) {
        Device device = m_devices.value(config.id);
        device.config = config;
        next.insert(config.id, device);
    }
    m_devices = next;
    for (Device &device : m_devices) {
        if (Status s = ensureNode(device); !s)
            return s;
    }
    rebuildRoutes();
    syncSubscriptions();
    return Done{};
}

void DeviceRegistry::setDiscovery(const DiscoveryConfig &discovery)
{
    m_discovery = discovery;
    syncSubscriptions();
}

void DeviceRegistry::attach(MqttClient *client)
{
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    m_client = client;
    m_subscribed.clear();
    if (!client)
        return;
    connect(client, &MqttClient::messageReceived, this, &DeviceRegistry::handleMessage);
    connect(client, &MqttClient::messageRejected, this, &DeviceRegistry::handleRejected);
    // The link going down and coming back, for rules and operators; the client logs it too.
    connect(client, &MqttClient::connected, this, [this] {
        queue(QStringLiteral("cairn.mqtt.connected"), QString(), QString(),
              QJsonObject{{QStringLiteral("broker"), m_brokerUrl}});
    });
    connect(client, &MqttClient::disconnected, this, [this](const QString &reason) {
        queue(QStringLiteral("cairn.mqtt.disconnected"), QString(), QString(),
              QJsonObject{{QStringLiteral("broker"), m_brokerUrl},
                          {QStringLiteral("reason"), reason}});
    });
    syncSubscriptions();
}

Status DeviceRegistry::ensureNode(Device &device)
{
    if (!device.nodeId.isEmpty())
        return Done{};
    if (m_rootId.isEmpty()) {
        Result<QList<Node>> roots = m_store.subtree({RootName}, 0);
        if (!roots)
            return roots.error();
        if (!roots->isEmpty()) {
            m_rootId = roots->first().id;
        } else {
            Node root;
            root.kind = QStringLiteral("devices");
            root.name = RootName;
            root.state = Node::State::Available;
            Result<Node> created = m_store.create(root);
            if (!created)
                return created.error();
            m_rootId = created->id;
        }
    }
    Result<QList<Node>> existing = m_store.subtree({RootName, device.config.id}, 0);
    if (!existing)
        return existing.error();
    if (!existing->isEmpty()) {
        const Node &node = existing->first();
        device.nodeId = node.id;
        device.online = node.data.value(QStringLiteral("online")).toBool();
        device.lastReading = node.data.value(QStringLiteral("last_reading")).toObject();
        device.lastSeen = Node::timeFromText(
                node.data.value(QStringLiteral("last_seen")).toString());
        m_dirty.insert(device.config.id); // its configuration may have changed
        scheduleFlush();
        return Done{};
    }
    Node node;
    node.parent = m_rootId;
    node.kind = QStringLiteral("device");
    node.name = device.config.id;
    node.state = Node::State::Available;
    node.data = nodeData(device);
    Result<Node> created = m_store.create(node);
    if (!created)
        return created.error();
    device.nodeId = created->id;
    return Done{};
}

QJsonObject DeviceRegistry::nodeData(const Device &device) const
{
    QJsonArray topics;
    QJsonObject units, labels;
    for (const TopicMapping &mapping : device.config.topics) {
        topics.append(mapping.pattern);
        for (const FieldMapping &field : mapping.fields) {
            if (!field.unit.isEmpty())
                units.insert(field.name, field.unit);
            if (!field.label.isEmpty())
                labels.insert(field.name, field.label);
        }
    }
    QJsonObject data{
            {QStringLiteral("device_id"), device.config.id},
            {QStringLiteral("name"), device.config.name},
            {QStringLiteral("online"), device.online},
            {QStringLiteral("topics"), topics},
            {QStringLiteral("discovered"), device.config.discovered},
            {QStringLiteral("last_reading"), device.lastReading},
            {QStringLiteral("last_seen"),
             device.lastSeen.isValid() ? QJsonValue(Node::timeToText(device.lastSeen))
                                       : QJsonValue()},
    };
    if (!device.config.commandTopic.isEmpty())
        data.insert(QStringLiteral("command_topic"), device.config.commandTopic);
    if (!units.isEmpty())
        data.insert(QStringLiteral("units"), units);
    if (!labels.isEmpty())
        data.insert(QStringLiteral("labels"), labels);
    if (!device.online && !device.offlineReason.isEmpty())
        data.insert(QStringLiteral("offline_reason"), device.offlineReason);
    return data;
}

void DeviceRegistry::rebuildRoutes()
{
    m_exactRoutes.clear();
    m_wildRoutes.clear();
    const auto add = [this](const QString &filter, const Route &route) {
        if (hasWildcard(filter))
            m_wildRoutes.append({filter, route});
        else
            m_exactRoutes[filter].append(route);
    };
    for (const Device &device : std::as_const(m_devices)) {
        for (int i = 0; i < device.config.topics.size(); ++i)
            add(device.config.topics.at(i).pattern, {device.config.id, i});
        if (!device.config.statusTopic.isEmpty())
            add(device.config.statusTopic, {device.config.id, -1});
    }
}

void DeviceRegistry::syncSubscriptions()
{
    if (!m_client)
        return;
    QMap<QString, int> wanted;
    for (const Device &device : std::as_const(m_devices)) {
        for (const TopicMapping &mapping : device.config.topics)
            wanted[mapping.pattern] = std::max(wanted.value(mapping.pattern), mapping.qos);
        if (!device.config.statusTopic.isEmpty())
            wanted[device.config.statusTopic] = 1;
    }
    if (m_discovery.homeAssistant) {
        for (const QString &filter : HomeAssistantDiscovery::subscriptions(m_discovery.prefix))
            wanted[filter] = 1;
    }
    for (const QString &filter : std::as_const(m_subscribed)) {
        if (!wanted.contains(filter))
            (void)m_client->unsubscribe(filter);
    }
    // Only what is new: subscribing again makes the broker send its retained messages again,
    // and the client renews every subscription by itself after a reconnect.
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        if (m_subscribed.contains(it.key())
            && m_client->subscriptions().value(it.key()) == it.value())
            continue;
        if (Status s = m_client->subscribe(it.key(), it.value()); !s)
            qCWarning(lcDevices).noquote()
                    << "cannot subscribe to" << it.key() << s.error().toString();
    }
    m_subscribed = wanted.keys();
}

/*!
    Sends payload to the device's command topic, for example to switch a fan on. The
    command is recorded as a cairn.device.command event (its payload as text when it is
    UTF-8, else its size).
*/
Result<int> DeviceRegistry::sendCommand(const QString &deviceId, const QByteArray &payload, int qos,
                                        bool retain)
{
    const auto it = m_devices.constFind(deviceId);
    if (it == m_devices.cend())
        return Error::notFound(tr("There is no device %1.").arg(deviceId));
    if (it->config.commandTopic.isEmpty())
        return Error::invalid(QStringLiteral("command_topic"),
                              tr("device %1 has no command topic").arg(deviceId));
    if (!m_client)
        return Error::invalid(QStringLiteral("broker"), tr("there is no MQTT broker to send to"));
    Result<int> id = m_client->publish(it->config.commandTopic, payload, qos, retain);
    if (!id)
        return id;
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(payload);
    QJsonObject data{{QStringLiteral("device"), deviceId},
                     {QStringLiteral("topic"), it->config.commandTopic},
                     {QStringLiteral("qos"), qos},
                     {QStringLiteral("retain"), retain}};
    if (utf8.hasError())
        data.insert(QStringLiteral("size"), payload.size());
    else
        data.insert(QStringLiteral("payload"), text);
    queue(QStringLiteral("cairn.device.command"), deviceId, it->config.commandTopic, data);
    return id;
}

void DeviceRegistry::handleMessage(const MqttMessage &message)
{
    QString key;
    if (m_discovery.homeAssistant
        && HomeAssistantDiscovery::isConfigTopic(m_discovery.prefix, message.topic, &key)) {
        handleDiscovery(key, message);
        return;
    }
    QList<Route> routes = m_exactRoutes.value(message.topic);
    for (const auto &[filter, route] : std::as_const(m_wildRoutes)) {
        if (MqttClient::topicMatches(filter, message.topic))
            routes.append(route);
    }
    for (const Route &route : std::as_const(routes)) {
        const auto it = m_devices.find(route.deviceId);
        if (it == m_devices.end())
            continue;
        if (route.mapping < 0)
            handleStatus(*it, message);
        else
            handleReading(*it, it->config.topics.at(route.mapping), message);
    }
}

void DeviceRegistry::handleReading(Device &device, const TopicMapping &mapping,
                                   const MqttMessage &message)
{
    Result<QJsonObject> reading = PayloadDecoder::decode(mapping, message.payload);
    if (!reading) {
        invalid(message.topic, device.config.id, reading.error(), message.payload.size());
        return;
    }
    device.lastSeen = Node::now();
    device.lastReading = *reading;
    if (!device.online)
        setOnline(device, true, QString());
    m_dirty.insert(device.config.id);

    QJsonObject data = *reading;
    data.insert(QStringLiteral("device"), device.config.id);
    data.insert(QStringLiteral("topic"), message.topic);
    queue(mapping.type, device.config.id, message.topic, data);
    if (mapping.storeNodes) {
        Node node;
        node.parent = device.nodeId;
        node.kind = QStringLiteral("reading");
        node.name = Node::timeToText(device.lastSeen);
        node.state = Node::State::Done;
        node.data = *reading;
        m_pendingReadings.append(node);
    }
    Q_EMIT readingReceived(device.config.id, *reading);
}

void DeviceRegistry::handleStatus(Device &device, const MqttMessage &message)
{
    const QByteArray payload = message.payload.trimmed();
    if (payload == device.config.onlinePayload) {
        device.lastSeen = Node::now();
        setOnline(device, true, QString());
    } else if (payload == device.config.offlinePayload) {
        setOnline(device, false, QStringLiteral("status"));
    } else {
        invalid(message.topic, device.config.id,
                Error::invalid(QStringLiteral("payload"),
                               tr("\"%1\" is neither \"%2\" nor \"%3\"")
                                       .arg(QString::fromUtf8(payload.left(40)),
                                            QString::fromUtf8(device.config.onlinePayload),
                                            QString::fromUtf8(device.config.offlinePayload))),
                message.payload.size());
    }
}

void DeviceRegistry::setOnline(Device &device, bool online, const QString &reason)
{
    if (device.online == online && !device.nodeId.isEmpty() && device.lastSeen.isValid())
        return;
    const bool changed = device.online != online;
    device.online = online;
    device.offlineReason = online ? QString() : reason;
    m_dirty.insert(device.config.id);
    if (!changed)
        return;
    qCInfo(lcDevices).noquote() << "device" << device.config.id << (online ? "online" : "offline")
                                << (reason.isEmpty()
                                            ? QString()
                                            : QLatin1Char('(') + reason + QLatin1Char(')'));
    QJsonObject data{{QStringLiteral("device"), device.config.id}};
    if (!online)
        data.insert(QStringLiteral("reason"), reason);
    queue(online ? QStringLiteral("cairn.device.online") : QStringLiteral("cairn.device.offline"),
          device.config.id, device.config.statusTopic, data);
    Q_EMIT onlineChanged(device.config.id, online);
}

void DeviceRegistry::checkStale()
{
    const QDateTime now = Node::now();
    for (Device &device : m_devices) {
        const auto after = device.config.staleAfter;
        if (!device.online || after.count() <= 0 || !device.lastSeen.isValid())
            continue;
        if (device.lastSeen.msecsTo(now) > after.count())
            setOnline(device, false, QStringLiteral("stale"));
    }
    if (!m_dirty.isEmpty() || !m_pendingEvents.isEmpty())
        scheduleFlush();
}

void DeviceRegistry::handleRejected(const QString &topic, const QString &reason)
{
    QString deviceId;
    for (const Route &route : m_exactRoutes.value(topic))
        deviceId = route.deviceId;
    for (const auto &[filter, route] : std::as_const(m_wildRoutes)) {
        if (deviceId.isEmpty() && MqttClient::topicMatches(filter, topic))
            deviceId = route.deviceId;
    }
    invalid(topic, deviceId, Error::invalid(QStringLiteral("payload"), reason), -1);
}

void DeviceRegistry::invalid(const QString &topic, const QString &deviceId, const Error &error,
                             qint64 size)
{
    const QDateTime now = Node::now();
    const QDateTime last = m_lastWarning.value(topic);
    if (!last.isValid() || last.msecsTo(now) >= WarningIntervalMs) {
        qCWarning(lcDevices).noquote() << "bad payload on" << topic << "-" << error.toString();
        m_lastWarning.insert(topic, now);
    }
    QJsonObject data{{QStringLiteral("topic"), topic},
                     {QStringLiteral("reason"), error.toString()}};
    if (!deviceId.isEmpty())
        data.insert(QStringLiteral("device"), deviceId);
    if (!error.field.isEmpty())
        data.insert(QStringLiteral("field"), error.field);
    if (size >= 0)
        data.insert(QStringLiteral("size"), size);
    queue(QStringLiteral("cairn.device.invalid"), deviceId, topic, data);
    Q_EMIT invalidMessage(topic, error.toString());
}

void DeviceRegistry::handleDiscovery(const QString &key, const MqttMessage &message)
{
    Result<HomeAssistantDiscovery::Entity> entity = HomeAssistantDiscovery::parse(key,
                                                                                  message.payload);
    if (!entity) {
        invalid(message.topic, QString(), entity.error(), message.payload.size());
        return;
    }
    // Forget what this entity said before: a config message replaces the entity.
    for (auto it = m_devices.begin(); it != m_devices.end(); ++it) {
        const qsizetype index = it->entityKeys.indexOf(key);
        if (index < 0)
            continue;
        it->entityKeys.removeAt(index);
        it->config.topics.removeAt(index);
        if (entity->mapping.pattern.isEmpty() && it->entityKeys.isEmpty()) {
            const QString id = it.key();
            setOnline(*it, false, QStringLiteral("removed"));
            writeDeviceNode(*it).ok();
            m_devices.erase(it);
            queue(QStringLiteral("cairn.device.removed"), id, message.topic,
                  QJsonObject{{QStringLiteral("device"), id}});
            Q_EMIT deviceRemoved(id);
        }
        break;
    }
    if (!entity->mapping.pattern.isEmpty()) {
        const bool known = m_devices.contains(entity->deviceId);
        Device &device = m_devices[entity->deviceId];
        if (!known) {
            device.config.id = entity->deviceId;
            device.config.name = entity->deviceName;
            device.config.discovered = true;
        } else if (!device.config.discovered) {
            // The project file has the last word on a device it declares.
            rebuildRoutes();
            return;
        }
        device.entityKeys.append(key);
        device.config.topics.append(entity->mapping);
        if (!entity->availabilityTopic.isEmpty()) {
            device.config.statusTopic = entity->availabilityTopic;
            device.config.onlinePayload = entity->payloadAvailable;
            device.config.offlinePayload = entity->payloadNotAvailable;
        }
        if (Status s = ensureNode(device); !s)
            qCWarning(lcDevices).noquote()
                    << "cannot record device" << device.config.id << s.error().toString();
        m_dirty.insert(device.config.id);
        if (!known) {
            qCInfo(lcDevices).noquote() << "discovered device" << device.config.id;
            queue(QStringLiteral("cairn.device.discovered"), device.config.id, message.topic,
                  QJsonObject{{QStringLiteral("device"), device.config.id},
                              {QStringLiteral("name"), device.config.name}});
            Q_EMIT deviceDiscovered(device.config.id);
        }
    }
    rebuildRoutes();
    syncSubscriptions();
    scheduleFlush();
}

void DeviceRegistry::queue(const QString &type, const QString &subject, const QString &topic,
                           const QJsonObject &data)
{
    CloudEvent event;
    event.type = type;
    event.subject = subject;
    event.source = topic.isEmpty() ? m_brokerUrl : m_brokerUrl + QLatin1Char('/') + topic;
    event.data = data;
    m_pendingEvents.append(event);
    if (m_pendingEvents.size() >= m_batchSize)
        flushEvents();
    else
        scheduleFlush();
}

void DeviceRegistry::scheduleFlush()
{
    if (!m_pendingEvents.isEmpty() || !m_pendingReadings.isEmpty()) {
        if (!m_flushTimer.isActive())
            m_flushTimer.start();
    }
    if (!m_dirty.isEmpty() && !m_nodeTimer.isActive())
        m_nodeTimer.start(m_nodeInterval);
}

Status DeviceRegistry::writeDeviceNode(Device &device)
{
    // Another writer may have touched the node: read, change, write, once more on a conflict.
    for (int attempt = 0; attempt < 2; ++attempt) {
        Result<Node> node = m_store.get(device.nodeId);
        if (!node)
            return node.error();
        node->data = nodeData(device);
        Result<Node> written = m_store.update(*node);
        if (written || written.error().code != Error::Conflict)
            return written ? Status(Done{}) : Status(written.error());
    }
    return Error::conflict(tr("Device node %1 keeps changing.").arg(device.nodeId));
}

void DeviceRegistry::flushEvents()
{
    const int events = int(m_pendingEvents.size());
    if (!m_pendingEvents.isEmpty()) {
        Result<QList<CloudEvent>> published = m_bus.publishBatch(m_pendingEvents);
        if (!published)
            qCWarning(lcDevices).noquote() << "cannot store" << m_pendingEvents.size()
                                           << "device events:" << published.error().toString();
        m_pendingEvents.clear();
    }
    if (!m_pendingReadings.isEmpty()) {
        Result<QList<Node>> created = m_store.createBatch(m_pendingReadings);
        if (!created)
            qCWarning(lcDevices).noquote()
                    << "cannot store readings:" << created.error().toString();
        m_pendingReadings.clear();
    }
    if (events > 0)
        Q_EMIT flushed(events);
}

void DeviceRegistry::flushNodes()
{
    const QSet<QString> dirty = std::exchange(m_dirty, {});
    for (const QString &id : dirty) {
        auto it = m_devices.find(id);
        if (it == m_devices.end() || it->nodeId.isEmpty())
            continue;
        if (Status s = writeDeviceNode(*it); !s)
            qCWarning(lcDevices).noquote() << "cannot update device" << id << s.error().toString();
    }
}

void DeviceRegistry::flush()
{
    m_flushTimer.stop();
    m_nodeTimer.stop();
    flushEvents();
    flushNodes();
}

} // namespace Cairn
