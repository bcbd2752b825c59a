// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "payloaddecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

#include <cmath>

namespace Cairn {

namespace {

// A single value's field name when the mapping names none.
const QString DefaultField = QStringLiteral("value");

bool hasType(const QJsonValue &value, FieldMapping::Type type)
{
    switch (type) {
    case FieldMapping::Type::Any:
        return !value.isNull() && !value.isUndefined();
    case FieldMapping::Type::Number:
        return value.isDouble();
    case FieldMapping::Type::Text:
        return value.isString();
    case FieldMapping::Type::Boolean:
        return value.isBool();
    }
    return false;
}

} // namespace

Result<QJsonObject> PayloadDecoder::decode(const TopicMapping &mapping, const QByteArray &payload)
{
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8(payload);
    if (utf8.hasError())
        return Error::invalid(QStringLiteral("payload"), tr("is not UTF-8 text"));

    if (mapping.format == TopicMapping::Format::Number) {
        bool ok = false;
        const double value = text.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(value))
            return Error::invalid(QStringLiteral("payload"),
                                  tr("\"%1\" is not a number").arg(text.left(40)));
        const QString name = mapping.fields.isEmpty() ? DefaultField : mapping.fields.first().name;
        return QJsonObject{{name, value}};
    }
    if (mapping.format == TopicMapping::Format::Text) {
        const QString name = mapping.fields.isEmpty() ? DefaultField : mapping.fields.first().name;
        return QJsonObject{{name, text}};
    }

    // Wrapped in an array so that a bare number or string is JSON too.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + payload + "]", &error);
    if (error.error != QJsonParseError::NoError || doc.array().size() != 1)
        return Error::invalid(QStringLiteral("payload"),
                              tr("is not JSON (%1 at offset %2)")
                                      .arg(error.errorString())
                                      .arg(std::max(0, error.offset - 1)));
    const QJsonValue root = doc.array().first();
    if (mapping.fields.isEmpty()) {
        if (root.isObject())
            return root.toObject();
        return QJsonObject{{DefaultField, root}};
    }

    QJsonObject reading;
    for (const FieldMapping &field : mapping.fields) {
        QJsonValue value = root;
        for (const QString &key : field.path) {
            value = value.isObject() ? value.toObject().value(key) : QJsonValue::Undefined;
            if (value.isUndefined())
                break;
        }
        const QString where = field.path.join(QLatin1Char('.'));
        if (value.isUndefined())
            return Error::invalid(field.name, tr("the payload has no %1").arg(where));
        if (!hasType(value, field.type)) {
            if (field.type == FieldMapping::Type::Any)
                return Error::invalid(field.name, tr("%1 is null").arg(where));
            return Error::invalid(
                    field.name, tr("%1 must be %2").arg(where, FieldMapping::typeName(field.type)));
        }
        reading.insert(field.name, value);
    }
    return reading;
}

} // namespace Cairn
