// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

namespace Cairn {

// One message that came from the broker, as MqttClient::messageReceived hands it on.
struct MqttMessage
{
    QString topic;
    QByteArray payload;
    int qos = 0;
    // Set when the broker sends a stored retained message (typically right after a
    // subscription), not for messages forwarded live.
    bool retain = false;

    friend bool operator==(const MqttMessage &, const MqttMessage &) = default;
};

} // namespace Cairn

Q_DECLARE_METATYPE(Cairn::MqttMessage)
