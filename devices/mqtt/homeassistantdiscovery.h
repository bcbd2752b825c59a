// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deviceconfig.h"
#include "error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace Cairn {

/*
 * Reads Home Assistant MQTT discovery messages: retained JSON on
 * <prefix>/<component>/[<node_id>/]<object_id>/config describing one entity (a sensor, a
 * binary sensor...) of a device. Each entity becomes one topic mapping of a device; the
 * entities of one physical device (same device identifiers) share one Cairn device.
 */
class HomeAssistantDiscovery
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::HomeAssistantDiscovery)
public:
    struct Entity
    {
        QString key; // "<component>/<node_id>/<object_id>", what a later removal names
        QString deviceId;
        QString deviceName;
        TopicMapping mapping;
        QString availabilityTopic;
        QByteArray payloadAvailable = QByteArrayLiteral("online");
        QByteArray payloadNotAvailable = QByteArrayLiteral("offline");
    };

    // The filters to subscribe to under prefix.
    static QStringList subscriptions(const QString &prefix);
    // Whether topic is a discovery config topic under prefix; key gets the entity key.
    static bool isConfigTopic(const QString &prefix, const QString &topic, QString *key);
    // The entity a config payload describes; an empty payload means removal and gives an
    // entity with no mapping pattern.
    static Result<Entity> parse(const QString &key, const QByteArray &payload);
};

} // namespace Cairn
