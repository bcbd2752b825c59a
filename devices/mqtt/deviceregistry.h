// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "deviceconfig.h"
#include "error.h"
#include "mqttmessage.h"
#include "node.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace Cairn {

class EventBus;
class MqttClient;
class NodeStore;

/*
 * Turns MQTT messages from devices into events and device nodes.
 *
 * Each reading becomes an event of its mapping's type (subject: the device id, source:
 * mqtt://broker/topic, data: the fields plus "device" and "topic"), and optionally a node
 * of kind "reading" under the device. Each device is a node of kind "device" under a root
 * node "devices", holding its last reading, last_seen and online. A payload that cannot be
 * read gives a warning and a cairn.device.invalid event; nothing else is affected.
 *
 * Writes are gathered and made in one transaction per turn of the event loop (or per
 * batch of messages), and device nodes are rewritten at most once per nodeInterval, so
 * that a busy device costs one event per message and not a node update as well.
 */
class DeviceRegistry : public QObject
{
    Q_OBJECT
public:
    struct Device
    {
        DeviceConfig config;
        QString nodeId;
        bool online = false;
        QDateTime lastSeen;
        QJsonObject lastReading;
        QString offlineReason;
        QStringList entityKeys; // the Home Assistant entities it was discovered from
    };

    DeviceRegistry(EventBus &bus, NodeStore &store, QObject *parent = nullptr);
    ~DeviceRegistry() override;

    // Replaces the declared devices (discovered ones stay), creating their nodes.
    [[nodiscard]] Status setDevices(const QList<DeviceConfig> &devices);
    void setDiscovery(const DiscoveryConfig &discovery);
    // Listens to client and keeps its subscriptions in step with the devices.
    void attach(MqttClient *client);

    // The "mqtt://host:port" events name as their source.
    void setBrokerUrl(const QString &url) { m_brokerUrl = url; }
    void setNodeInterval(std::chrono::milliseconds interval) { m_nodeInterval = interval; }
    // At most this many messages are gathered before they are written.
    void setBatchSize(int size) { m_batchSize = std::max(1, size); }

    QList<Device> devices() const { return m_devices.values(); }

    // Publishes payload on the device's command_topic and records a cairn.device.command
    // event. Gives the MQTT message id.
    Result<int> sendCommand(const QString &deviceId, const QByteArray &payload, int qos = 1,
                            bool retain = false);
    std::optional<Device> device(const QString &id) const;

public Q_SLOTS:
    void handleMessage(const Cairn::MqttMessage &message);
    void handleRejected(const QString &topic, const QString &reason);
    // Writes everything gathered now: events, reading nodes and device nodes.
    void flush();
    // Marks devices offline that have been silent longer than their stale_after.
    void checkStale();

Q_SIGNALS:
    void readingReceived(const QString &deviceId, const QJsonObject &reading);
    void onlineChanged(const QString &deviceId, bool online);
    void deviceDiscovered(const QString &deviceId);
    void deviceRemoved(const QString &deviceId);
    void invalidMessage(const QString &topic, const QString &reason);
    void flushed(int events);

private:
    struct Route
    {
        QString deviceId;
        int mapping; // index into the device's topics; -1 for its status topic
    };

    void rebuildRoutes();
    void syncSubscriptions();
    [[nodiscard]] Status ensureNode(Device &device);
    void handleDiscovery(const QString &key, const MqttMessage &message);
    void handleStatus(Device &device, const MqttMessage &message);
    void handleReading(Device &device, const TopicMapping &mapping, const MqttMessage &message);
    void setOnline(Device &device, bool online, const QString &reason);
    void invalid(const QString &topic, const QString &deviceId, const Error &error, qint64 size);
    void queue(const QString &type, const QString &subject, const QString &topic,
               const QJsonObject &data);
    void scheduleFlush();
    void flushEvents();
    void flushNodes();
    [[nodiscard]] Status writeDeviceNode(Device &device);
    QJsonObject nodeData(const Device &device) const;

    EventBus &m_bus;
    NodeStore &m_store;
    QPointer<MqttClient> m_client;
    QString m_brokerUrl = QStringLiteral("mqtt://localhost");
    DiscoveryConfig m_discovery;
    QString m_rootId;

    QHash<QString, Device> m_devices;
    QHash<QString, QList<Route>> m_exactRoutes; // topic -> routes, for filters without wildcards
    QList<QPair<QString, Route>> m_wildRoutes; // filter -> route
    QStringList m_subscribed;

    QList<CloudEvent> m_pendingEvents;
    QList<Node> m_pendingReadings;
    QSet<QString> m_dirty; // devices whose node needs writing
    QTimer m_flushTimer;
    QTimer m_nodeTimer;
    QTimer m_staleTimer;
    std::chrono::milliseconds m_nodeInterval{1000};
    int m_batchSize = 1000;
    QHash<QString, QDateTime> m_lastWarning; // topic -> when a bad payload was last logged
};

} // namespace Cairn
