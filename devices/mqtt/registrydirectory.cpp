// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "registrydirectory.h"

#include "mqttclient.h"
#include "node.h"

#include <algorithm>

namespace Cairn {

RegistryDirectory::RegistryDirectory(DeviceRegistry &registry, MqttClient *client)
    : m_registry(registry), m_client(client)
{ }

QJsonObject RegistryDirectory::toJson(const DeviceRegistry::Device &device)
{
    const DeviceConfig &config = device.config;
    QJsonArray topics;
    for (const TopicMapping &topic : config.topics)
        topics.append(
                QJsonObject{{QStringLiteral("pattern"), topic.pattern},
                            {QStringLiteral("type"), topic.type},
                            {QStringLiteral("format"), TopicMapping::formatName(topic.format)}});
    const auto orNull = [](const QString &text) {
        return text.isEmpty() ? QJsonValue() : QJsonValue(text);
    };
    return {
            {QStringLiteral("id"), config.id},
            {QStringLiteral("name"), config.name.isEmpty() ? config.id : config.name},
            {QStringLiteral("node"), orNull(device.nodeId)},
            {QStringLiteral("online"), device.online},
            {QStringLiteral("last_seen"),
             device.lastSeen.isValid() ? QJsonValue(Node::timeToText(device.lastSeen))
                                       : QJsonValue()},
            {QStringLiteral("last_reading"), device.lastReading},
            {QStringLiteral("offline_reason"), orNull(device.offlineReason)},
            {QStringLiteral("discovered"), config.discovered},
            {QStringLiteral("accepts_commands"), !config.commandTopic.isEmpty()},
            {QStringLiteral("topics"), topics},
    };
}

QJsonArray RegistryDirectory::devices() const
{
    QList<DeviceRegistry::Device> all = m_registry.devices();
    std::sort(all.begin(), all.end(),
              [](const auto &a, const auto &b) { return a.config.id < b.config.id; });
    QJsonArray array;
    for (const DeviceRegistry::Device &device : std::as_const(all))
        array.append(toJson(device));
    return array;
}

std::optional<QJsonObject> RegistryDirectory::device(const QString &id) const
{
    const std::optional<DeviceRegistry::Device> found = m_registry.device(id);
    if (!found)
        return std::nullopt;
    return toJson(*found);
}

/*!
    Sends \a payload to the command topic of device \a id at QoS 1, once the device is known
    to take commands and the broker is connected: a command queued for a broker that is away
    would reach the device at some unknown later time.
*/
Result<int> RegistryDirectory::sendCommand(const QString &id, const QByteArray &payload)
{
    const std::optional<DeviceRegistry::Device> found = m_registry.device(id);
    if (!found)
        return Error::notFound(tr("There is no device %1.").arg(id.left(80)));
    if (found->config.commandTopic.isEmpty())
        return Error::invalid(QStringLiteral("command_topic"),
                              tr("device %1 takes no commands: it has no command topic").arg(id));
    if (!isBrokerConnected())
        return Error::invalid(QStringLiteral("broker"),
                              tr("The MQTT broker is not connected; send the command again "
                                 "later."));
    return m_registry.sendCommand(id, payload);
}

bool RegistryDirectory::isBrokerConnected() const
{
    return m_client && m_client->isConnected();
}

} // namespace Cairn
