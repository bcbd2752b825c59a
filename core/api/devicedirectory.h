// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace Cairn {

/*
 * The devices the HTTP API shows and commands, whatever brings them in. The core declares it;
 * devices/ implements it over its DeviceRegistry, so that the API links no MQTT code.
 */
class DeviceDirectory
{
public:
    virtual ~DeviceDirectory();

    // Every device as a JSON object with at least "id", "name" and "online", sorted by id.
    virtual QJsonArray devices() const = 0;
    // One device in the same form; nothing when there is no such device.
    virtual std::optional<QJsonObject> device(const QString &id) const = 0;
    // Sends payload to the device as a command; gives the message id. A NotFound error for an
    // unknown device, Invalid with field "command_topic" for a device that takes no commands,
    // and Invalid with field "broker" when the broker cannot be reached now.
    virtual Result<int> sendCommand(const QString &id, const QByteArray &payload) = 0;
    // Whether the link to the broker is up.
    virtual bool isBrokerConnected() const = 0;
};

} // namespace Cairn
