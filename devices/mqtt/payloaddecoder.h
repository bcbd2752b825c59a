// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "deviceconfig.h"
#include "error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>

namespace Cairn {

/*
 * Turns the payload of a device message into a reading (field name -> JSON value) as its
 * topic mapping says, or says why it cannot: not JSON, a field missing or of the wrong type,
 * not a number, not UTF-8 text. A payload from a device is never trusted.
 */
class PayloadDecoder
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::PayloadDecoder)
public:
    static Result<QJsonObject> decode(const TopicMapping &mapping, const QByteArray &payload);
};

} // namespace Cairn
