// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deviceconfig.h"

#include "cloudevent.h"

#include <QRegularExpression>
#include <QSet>

namespace Cairn {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cairn::DeviceConfig", text);
}

// Names the reading itself uses, so a field may not take them.
const QStringList &reservedFields()
{
    static const QStringList names = {QStringLiteral("device"), QStringLiteral("topic")};
    return names;
}

// MQTT 3.1.1 section 4.7: '+' fills one whole level, '#' is alone in the last level.
bool isValidFilter(const QString &filter)
{
    if (filter.isEmpty() || filter.size() > 1024 || filter.contains(QChar(0)))
        return false;
    const QStringList levels = filter.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < levels.size(); ++i) {
        const QString &level = levels.at(i);
        if (level.contains(QLatin1Char('#')) && (level.size() != 1 || i != levels.size() - 1))
            return false;
        if (level.contains(QLatin1Char('+')) && level.size() != 1)
            return false;
    }
    return true;
}

Result<TopicMapping> readTopic(const ConfigNode &node)
{
    if (Status s = node.requireObject(); !s)
        return s.error();
    if (Status s = node.checkKeys({QStringLiteral("pattern"), QStringLiteral("type"),
                                   QStringLiteral("format"), QStringLiteral("fields"),
                                   QStringLiteral("store"), QStringLiteral("qos")});
        !s)
        return s.error();
    TopicMapping topic;
    Result<QString> pattern = node[QStringLiteral("pattern")].toString();
    if (!pattern)
        return pattern.error();
    if (!isValidFilter(*pattern)) {
        return node[QStringLiteral("pattern")].error(
                tr("\"%1\" is not an MQTT topic filter").arg(*pattern));
    }
    topic.pattern = *pattern;

    Result<QString> type = node[QStringLiteral("type")].toString(
            QStringLiteral("cairn.device.reading"));
    if (!type)
        return type.error();
    CloudEvent probe;
    probe.type = *type;
    probe.source = QStringLiteral("x");
    if (Status valid = probe.validate(); !valid)
        return node[QStringLiteral("type")].error(valid.error().message);
    topic.type = *type;

    Result<QString> format = node[QStringLiteral("format")].toChoice(
            {QStringLiteral("json"), QStringLiteral("number"), QStringLiteral("text")},
            QStringLiteral("json"));
    if (!format)
        return format.error();
    topic.format = *format == QLatin1String("number") ? TopicMapping::Format::Number
            : *format == QLatin1String("text")        ? TopicMapping::Format::Text
                                                      : TopicMapping::Format::Json;

    Result<QString> store = node[QStringLiteral("store")].toChoice(
            {QStringLiteral("events"), QStringLiteral("nodes")}, QStringLiteral("events"));
    if (!store)
        return store.error();
    topic.storeNodes = *store == QLatin1String("nodes");
    Result<qint64> qos = node[QStringLiteral("qos")].toInteger(0, 2, 1);
    if (!qos)
        return qos.error();
    topic.qos = int(*qos);

    const ConfigNode fields = node[QStringLiteral("fields")];
    if (Status s = fields.requireObject(true); !s)
        return s.error();
    for (const QString &name : fields.keys()) {
        const ConfigNode field = fields[name];
        static const QRegularExpression namePattern(
                QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,63}$"));
        if (!namePattern.match(name).hasMatch() || reservedFields().contains(name))
            return field.error(tr("a field name is a letter or _ then letters, digits and _, "
                                  "and not device or topic"));
        FieldMapping mapping;
        mapping.name = name;
        QString path = name;
        if (field.isObject()) {
            if (Status s = field.checkKeys({QStringLiteral("path"), QStringLiteral("type"),
                                            QStringLiteral("unit"), QStringLiteral("label")});
                !s)
                return s.error();
            Result<QString> type = field[QStringLiteral("type")].toChoice(
                    {QStringLiteral("any"), QStringLiteral("number"), QStringLiteral("text"),
                     QStringLiteral("boolean")},
                    QStringLiteral("any"));
            if (!type)
                return type.error();
            mapping.type = *type == QLatin1String("number") ? FieldMapping::Type::Number
                    : *type == QLatin1String("text")        ? FieldMapping::Type::Text
                    : *type == QLatin1String("boolean")     ? FieldMapping::Type::Boolean
                                                            : FieldMapping::Type::Any;
            Result<QString> p = field[QStringLiteral("path")].toString(name);
            Result<QString> unit = field[QStringLiteral("unit")].toString(QString());
            Result<QString> label = field[QStringLiteral("label")].toString(QString());
            for (const auto *r : {&p, &unit, &label}) {
                if (!*r)
                    return r->error();
            }
            path = *p;
            mapping.unit = *unit;
            mapping.label = *label;
        } else if (!field.isMissing()) {
            // The short form: "temperature: main.temp".
            Result<QString> p = field.toString();
            if (!p)
                return p.error();
            path = *p;
        }
        if (topic.format == TopicMapping::Format::Json) {
            mapping.path = path.split(QLatin1Char('.'));
            if (mapping.path.contains(QString()))
                return field.error(tr("\"%1\" is not a dotted path").arg(path));
        }
        topic.fields.append(mapping);
    }
    if (topic.format != TopicMapping::Format::Json && topic.fields.size() > 1)
        return fields.error(
                tr("a %1 payload holds one value: give at most one field").arg(*format));
    return topic;
}

} // namespace

QString FieldMapping::typeName(Type type)
{
    switch (type) {
    case Type::Any:
        return QStringLiteral("any");
    case Type::Number:
        return QStringLiteral("number");
    case Type::Text:
        return QStringLiteral("text");
    case Type::Boolean:
        return QStringLiteral("boolean");
    }
    return {};
}

QString TopicMapping::formatName(Format format)
{
    switch (format) {
    case Format::Json:
        return QStringLiteral("json");
    case Format::Number:
        return QStringLiteral("number");
    case Format::Text:
        return QStringLiteral("text");
    }
    return {};
}

bool DeviceConfig::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"));
    return pattern.match(id).hasMatch();
}

/*!
    Reads the `devices:` list of a project file. Every error names the file, line, column
    and setting.
*/
Result<QList<DeviceConfig>> DeviceConfig::fromConfig(const ConfigNode &devices)
{
    QList<DeviceConfig> list;
    if (devices.isMissing())
        return list;
    if (Status s = devices.requireArray(); !s)
        return s.error();
    QSet<QString> ids;
    for (qsizetype i = 0; i < devices.size(); ++i) {
        const ConfigNode node = devices.at(i);
        if (Status s = node.requireObject(); !s)
            return s.error();
        if (Status s = node.checkKeys(
                    {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("topics"),
                     QStringLiteral("status_topic"), QStringLiteral("online_payload"),
                     QStringLiteral("offline_payload"), QStringLiteral("stale_after"),
                     QStringLiteral("command_topic")});
            !s)
            return s.error();
        DeviceConfig device;
        Result<QString> id = node[QStringLiteral("id")].toString();
        if (!id)
            return id.error();
        if (!isValidId(*id))
            return node[QStringLiteral("id")].error(
                    tr("\"%1\" is not a device id: letters, digits and _ . -").arg(*id));
        if (ids.contains(*id))
            return node[QStringLiteral("id")].error(tr("device \"%1\" is declared twice").arg(*id));
        ids.insert(*id);
        device.id = *id;

        Result<QString> name = node[QStringLiteral("name")].toString(*id);
        Result<QString> status = node[QStringLiteral("status_topic")].toString(QString());
        Result<QString> command = node[QStringLiteral("command_topic")].toString(QString());
        if (!command)
            return command.error();
        if (!command->isEmpty()
            && (command->contains(QLatin1Char('+')) || command->contains(QLatin1Char('#'))))
            return node[QStringLiteral("command_topic")].error(
                    tr("a command goes to one topic: no + or #"));
        device.commandTopic = *command;
        Result<QString> online = node[QStringLiteral("online_payload")].toString(
                QStringLiteral("online"));
        Result<QString> offline = node[QStringLiteral("offline_payload")].toString(
                QStringLiteral("offline"));
        for (const auto *r : {&name, &status, &online, &offline}) {
            if (!*r)
                return r->error();
        }
        device.name = *name;
        device.statusTopic = *status;
        device.onlinePayload = online->toUtf8();
        device.offlinePayload = offline->toUtf8();
        Result<std::chrono::milliseconds> stale = node[QStringLiteral("stale_after")].toDuration(
                std::chrono::milliseconds(0));
        if (!stale)
            return stale.error();
        device.staleAfter = *stale;

        const ConfigNode topics = node[QStringLiteral("topics")];
        if (Status s = topics.requireArray(true); !s)
            return s.error();
        for (qsizetype t = 0; t < topics.size(); ++t) {
            Result<TopicMapping> topic = readTopic(topics.at(t));
            if (!topic)
                return topic.error();
            device.topics.append(*topic);
        }
        if (device.topics.isEmpty() && device.statusTopic.isEmpty()
            && device.commandTopic.isEmpty())
            return node.error(tr("a device needs topics, a status_topic or a command_topic"));
        list.append(device);
    }
    return list;
}

Result<DiscoveryConfig> DiscoveryConfig::fromConfig(const ConfigNode &discovery)
{
    DiscoveryConfig config;
    if (discovery.isMissing())
        return config;
    if (Status s = discovery.requireObject(); !s)
        return s.error();
    if (Status s = discovery.checkKeys(
                {QStringLiteral("home_assistant"), QStringLiteral("prefix")});
        !s)
        return s.error();
    Result<bool> enabled = discovery[QStringLiteral("home_assistant")].toBool(false);
    if (!enabled)
        return enabled.error();
    Result<QString> prefix = discovery[QStringLiteral("prefix")].toString(config.prefix);
    if (!prefix)
        return prefix.error();
    if (prefix->isEmpty() || prefix->contains(QLatin1Char('+'))
        || prefix->contains(QLatin1Char('#')))
        return discovery[QStringLiteral("prefix")].error(tr("must be a plain topic prefix"));
    config.homeAssistant = *enabled;
    config.prefix = *prefix;
    return config;
}

} // namespace Cairn
