// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cairn::JsonText {

namespace {

QString scalarText(const QJsonValue &value)
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

} // namespace

/*!
    The value in one line: an object as "key=value" pairs in key order, anything else as its
    text. Rows show it, so it stops at about maxLength characters.
*/
QString summary(const QJsonValue &value, int maxLength)
{
    QString text;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!text.isEmpty())
                text += QLatin1Char(' ');
            text += it.key() + QLatin1Char('=') + scalarText(it.value());
            if (text.size() > maxLength)
                break;
        }
    } else if (!value.isNull() && !value.isUndefined()) {
        text = scalarText(value);
    }
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (text.size() > maxLength)
        text = text.left(maxLength - 1) + QChar(0x2026);
    return text;
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
