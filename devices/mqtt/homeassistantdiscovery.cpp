// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "homeassistantdiscovery.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace Cairn {

namespace {

// Home Assistant lets publishers abbreviate the keys; these are the ones Cairn reads.
const QHash<QString, QString> &abbreviations()
{
    static const QHash<QString, QString> map = {
            {QStringLiteral("stat_t"), QStringLiteral("state_topic")},
            {QStringLiteral("avty_t"), QStringLiteral("availability_topic")},
            {QStringLiteral("uniq_id"), QStringLiteral("unique_id")},
            {QStringLiteral("unit_of_meas"), QStringLiteral("unit_of_measurement")},
            {QStringLiteral("val_tpl"), QStringLiteral("value_template")},
            {QStringLiteral("dev"), QStringLiteral("device")},
            {QStringLiteral("dev_cla"), QStringLiteral("device_class")},
            {QStringLiteral("pl_avail"), QStringLiteral("payload_available")},
            {QStringLiteral("pl_not_avail"), QStringLiteral("payload_not_available")},
            {QStringLiteral("ids"), QStringLiteral("identifiers")},
            {QStringLiteral("qos"), QStringLiteral("qos")},
    };
    return map;
}

QJsonObject expanded(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it)
        out.insert(abbreviations().value(it.key(), it.key()), it.value());
    return out;
}

// "~" at the start or end of a topic stands for the base topic given in "~".
QString topic(const QJsonObject &config, const QString &key)
{
    QString value = config.value(key).toString();
    const QString base = config.value(QStringLiteral("~")).toString();
    if (base.isEmpty())
        return value;
    if (value.startsWith(QLatin1Char('~')))
        value = base + value.mid(1);
    else if (value.endsWith(QLatin1Char('~')))
        value = value.chopped(1) + base;
    return value;
}

QString sanitized(QString id)
{
    static const QRegularExpression bad(QStringLiteral("[^A-Za-z0-9_.-]"));
    id.replace(bad, QStringLiteral("_"));
    return id.left(128);
}

} // namespace

QStringList HomeAssistantDiscovery::subscriptions(const QString &prefix)
{
    return {prefix + QStringLiteral("/+/+/config"), prefix + QStringLiteral("/+/+/+/config")};
}

bool HomeAssistantDiscovery::isConfigTopic(const QString &prefix, const QString &topic,
                                           QString *key)
{
    if (!topic.startsWith(prefix + QLatin1Char('/')) || !topic.endsWith(QLatin1String("/config")))
        return false;
    const QStringList levels = topic.mid(prefix.size() + 1).split(QLatin1Char('/'));
    if (levels.size() != 3 && levels.size() != 4)
        return false;
    *key = levels.mid(0, levels.size() - 1).join(QLatin1Char('/'));
    return true;
}

Result<HomeAssistantDiscovery::Entity> HomeAssistantDiscovery::parse(const QString &key,
                                                                     const QByteArray &payload)
{
    Entity entity;
    entity.key = key;
    if (payload.trimmed().isEmpty())
        return entity; // a removal
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (!doc.isObject())
        return Error::invalid(
                QStringLiteral("payload"),
                tr("a discovery config must be a JSON object (%1)").arg(error.errorString()));
    const QJsonObject config = expanded(doc.object());
    const QString component = key.section(QLatin1Char('/'), 0, 0);
    const QString objectId = key.section(QLatin1Char('/'), -1);

    const QString state = topic(config, QStringLiteral("state_topic"));
    if (state.isEmpty() || state.contains(QLatin1Char('+')) || state.contains(QLatin1Char('#')))
        return Error::invalid(QStringLiteral("state_topic"),
                              tr("a discovered entity needs a plain state_topic"));

    const QJsonObject device = expanded(config.value(QStringLiteral("device")).toObject());
    const QJsonValue ids = device.value(QStringLiteral("identifiers"));
    QString deviceId = ids.isArray() ? ids.toArray().first().toString() : ids.toString();
    if (deviceId.isEmpty())
        deviceId = config.value(QStringLiteral("unique_id")).toString();
    if (deviceId.isEmpty())
        deviceId = component + QLatin1Char('_') + objectId;
    entity.deviceId = sanitized(deviceId);
    entity.deviceName =
            device.value(QStringLiteral("name"))
                    .toString(config.value(QStringLiteral("name")).toString(entity.deviceId));

    TopicMapping &mapping = entity.mapping;
    mapping.pattern = state;
    mapping.type = QStringLiteral("cairn.device.reading");
    mapping.qos = qBound(0, config.value(QStringLiteral("qos")).toInt(0), 2);
    FieldMapping field;
    // A field per entity, named after what it measures where Home Assistant says so.
    QString fieldName = config.value(QStringLiteral("device_class")).toString();
    if (fieldName.isEmpty())
        fieldName = objectId;
    static const QRegularExpression notName(QStringLiteral("[^A-Za-z0-9_]"));
    fieldName.replace(notName, QStringLiteral("_"));
    if (fieldName.isEmpty() || fieldName.at(0).isDigit() || fieldName == QLatin1String("device")
        || fieldName == QLatin1String("topic"))
        fieldName.prepend(QLatin1Char('_'));
    field.name = fieldName.left(64);
    field.unit = config.value(QStringLiteral("unit_of_measurement")).toString();
    field.label = config.value(QStringLiteral("name")).toString();

    // The usual templates: "{{ value_json.a.b }}" picks a JSON member, "{{ value }}" or none
    // takes the payload as it is. Anything fancier is not Cairn's to evaluate.
    const QString tpl = config.value(QStringLiteral("value_template")).toString().trimmed();
    static const QRegularExpression jsonTemplate(
            QStringLiteral("^\\{\\{\\s*value_json((?:\\.[A-Za-z0-9_]+)+)\\s*(\\|[^}]*)?\\}\\}$"));
    static const QRegularExpression plainTemplate(QStringLiteral("^\\{\\{\\s*value\\s*\\}\\}$"));
    const QRegularExpressionMatch json = jsonTemplate.match(tpl);
    if (json.hasMatch()) {
        mapping.format = TopicMapping::Format::Json;
        field.path = json.captured(1).mid(1).split(QLatin1Char('.'));
    } else if (tpl.isEmpty() || plainTemplate.match(tpl).hasMatch()) {
        mapping.format = field.unit.isEmpty() ? TopicMapping::Format::Text
                                              : TopicMapping::Format::Number;
    } else {
        return Error::invalid(QStringLiteral("value_template"),
                              tr("\"%1\" is not a template Cairn reads: use {{ value }} or "
                                 "{{ value_json.KEY }}")
                                      .arg(tpl.left(80)));
    }
    mapping.fields.append(field);

    entity.availabilityTopic = topic(config, QStringLiteral("availability_topic"));
    if (config.contains(QStringLiteral("payload_available")))
        entity.payloadAvailable =
                config.value(QStringLiteral("payload_available")).toString().toUtf8();
    if (config.contains(QStringLiteral("payload_not_available")))
        entity.payloadNotAvailable =
                config.value(QStringLiteral("payload_not_available")).toString().toUtf8();
    return entity;
}

} // namespace Cairn
