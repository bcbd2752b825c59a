// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonValue>

namespace Cairn {

/*
 * JSON bodies of HTTP requests and answers, as RFC 8259 has them: any value at the top,
 * not only the objects and arrays QJsonDocument takes.
 */
class JsonBody
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JsonBody)
public:
    static Result<QJsonValue> parse(const QByteArray &body);
    // Compact text with sorted keys: two equal values give the same bytes.
    static QByteArray canonical(const QJsonValue &value);
};

} // namespace Cairn
