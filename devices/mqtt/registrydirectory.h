// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "devicedirectory.h"
#include "deviceregistry.h"

#include <QCoreApplication>
#include <QPointer>

namespace Cairn {

class MqttClient;

/*
 * The devices of a DeviceRegistry as the HTTP API shows and commands them; the broker link
 * is the MqttClient's.
 */
class RegistryDirectory : public DeviceDirectory
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::RegistryDirectory)
public:
    // Neither is owned; the registry must outlive the directory, the client may go.
    explicit RegistryDirectory(DeviceRegistry &registry, MqttClient *client = nullptr);

    void setClient(MqttClient *client) { m_client = client; }

    QJsonArray devices() const override;
    std::optional<QJsonObject> device(const QString &id) const override;
    Result<int> sendCommand(const QString &id, const QByteArray &payload) override;
    bool isBrokerConnected() const override;

    // id, name, node, online, last_seen, last_reading, offline_reason, discovered,
    // accepts_commands and the topics it is heard on.
    static QJsonObject toJson(const DeviceRegistry::Device &device);

private:
    DeviceRegistry &m_registry;
    QPointer<MqttClient> m_client;
};

} // namespace Cairn
