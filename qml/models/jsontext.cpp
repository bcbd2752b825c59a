// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cairn::JsonText {

/*!
    The value as one would type it: a string as it is, anything else as compact JSON.
*/
QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 12);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

/*!
    The value in one line: an object as "key=value" pairs in key order, anything else as its
    text. Rows show it, so it stops at about maxLength characters.
*/
QString summary(const QJsonValue &value, int maxLength)
{
    QString line;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!line.isEmpty())
                line += QLatin1Char(' ');
            line += it.key() + QLatin1Char('=') + text(it.value());
            if (line.size() > maxLength)
                break;
        }
    } else if (!value.isNull() && !value.isUndefined()) {
        line = text(value);
    }
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (line.size() > maxLength)
        line = line.left(maxLength - 1) + QChar(0x2026);
    return line;
}

QVariantMap toMap(const QJsonValue &value)
{
    if (value.isObject())
        return value.toObject().toVariantMap();
    if (value.isNull() || value.isUndefined())
        return {};
    return {{QStringLiteral("value"), value.toVariant()}};
}

} // namespace Cairn::JsonText
