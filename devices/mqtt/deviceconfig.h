// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"
#include "error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Cairn {

// One value picked out of a payload: where it is, and how to show it.
struct FieldMapping
{
    enum class Type { Any, Number, Text, Boolean };

    QString name; // the key in the reading: "temperature"
    QStringList path; // dotted path into a JSON payload; empty for the whole payload
    Type type = Type::Any; // what the value must be; Any takes any JSON value but null
    QString unit; // "°C"
    QString label; // "Temperature"

    static QString typeName(Type type);
};

// What messages on one topic pattern mean.
struct TopicMapping
{
    enum class Format { Json, Number, Text };

    QString pattern; // MQTT filter with + and #
    QString type; // the event type of a reading: "weather.reading"
    Format format = Format::Json;
    QList<FieldMapping> fields; // empty with JSON: every member of the object
    bool storeNodes = false; // also keep each reading as a node under the device
    int qos = 1;

    static QString formatName(Format format);
};

/*
 * A device declared in the project file under `devices:`, or found through Home Assistant
 * discovery. Each one is a node of kind "device" holding its last reading, when it was last
 * seen and whether it is online.
 */
struct DeviceConfig
{
    QString id; // [A-Za-z0-9_.-], unique
    QString name;
    QList<TopicMapping> topics;
    QString statusTopic; // its own online/offline topic (or last will), if it has one
    QString commandTopic; // where commands to the device go, if it takes any
    QByteArray onlinePayload = QByteArrayLiteral("online");
    QByteArray offlinePayload = QByteArrayLiteral("offline");
    std::chrono::milliseconds staleAfter{0}; // offline after this long without a message; 0: never
    bool discovered = false; // from Home Assistant discovery rather than the project file

    static Result<QList<DeviceConfig>> fromConfig(const ConfigNode &devices);
    static bool isValidId(const QString &id);
};

// Home Assistant MQTT discovery settings, under `discovery:`.
struct DiscoveryConfig
{
    bool homeAssistant = false;
    QString prefix = QStringLiteral("homeassistant");

    static Result<DiscoveryConfig> fromConfig(const ConfigNode &discovery);
};

} // namespace Cairn
