// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>

namespace Cairn {

/*
 * One event in the CloudEvents 1.0 shape, plus the sequence number the bus gives it.
 */
struct CloudEvent
{
    qint64 sequence = 0; // 0 until the event is stored; then strictly increasing
    QString id; // given by the bus when empty (a UUIDv7)
    QString source; // a URI-reference: "cairn://gateway/nodes", "mqtt://broker/topic"...
    QString type; // "cairn.node.created", "cairn.device.reading"...
    QString subject; // what the event is about: a node id, a device id; may be empty
    QDateTime time; // UTC, millisecond precision; now when empty
    QJsonValue data; // JSON; Null when there is none

    // specversion, id, source, type, subject (when set), time, datacontenttype, data and
    // the "sequence" extension (a string, as the CloudEvents sequence extension says).
    QJsonObject toJson() const;
    // Reads a CloudEvent in JSON; id, time and specversion may be left out. Refuses an
    // unknown specversion and attributes of the wrong type, naming them.
    static Result<CloudEvent> fromJson(const QJsonObject &json);
    // Checks what a publisher can get wrong: type and source set and well formed.
    Status validate() const;

    friend bool operator==(const CloudEvent &, const CloudEvent &) = default;
};

} // namespace Cairn
