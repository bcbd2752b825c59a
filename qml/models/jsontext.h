// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QJsonValue>
#include <QString>
#include <QVariantMap>

namespace Cairn::JsonText {

// The value as one would type it: a string as it is, anything else as compact JSON.
QString text(const QJsonValue &value);
// One line for a list row: "temperature=21.5 unit=C", nested values in compact JSON, cut
// to about maxLength characters with an ellipsis.
QString summary(const QJsonValue &value, int maxLength = 160);
// An object as a map; any other value as {"value": value}; null as an empty map.
QVariantMap toMap(const QJsonValue &value);

} // namespace Cairn::JsonText
