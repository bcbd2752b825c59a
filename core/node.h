// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace Cairn {

/*
 * One record of the node tree: a device, a reading, a run, a job, a report...
 * A plain value; NodeStore reads and writes it.
 */
class Node
{
public:
    enum class State { Running, Available, Closing, Done };
    enum class Outcome { None, Pass, Fail, Skip, Incomplete };

    QString id; // UUIDv7, given by the store on create
    QString parent; // empty for a root
    QString kind;
    QString name;
    QStringList path; // the names from the root down to this node, this node's last
    State state = State::Running;
    Outcome result = Outcome::None;
    QJsonObject data;
    QJsonObject artifacts; // name -> URL
    QString owner;
    QDateTime created; // UTC, millisecond precision
    QDateTime updated;
    QDateTime timeout; // null when unset
    QDateTime holdoff; // null when unset
    qint64 revision = 0; // 1 after create, +1 on every update

    QJsonObject toJson() const;
    // Reads what toJson() writes; fields that are missing keep their defaults.
    static Result<Node> fromJson(const QJsonObject &json);

    // Checks what a caller can get wrong before anything is written.
    Status validate() const;

    static QString stateName(State state);
    static std::optional<State> stateFromName(QStringView name);
    static QString outcomeName(Outcome outcome);
    static std::optional<Outcome> outcomeFromName(QStringView name);
    static bool canTransition(State from, State to);

    // The store's text form of a timestamp: "2026-11-24T05:55:13.123Z", fixed width, so
    // that text order is time order on every database.
    static QString timeToText(const QDateTime &time);
    static QDateTime timeFromText(QStringView text);
    static QDateTime now();

    friend bool operator==(const Node &, const Node &) = default;
};

} // namespace Cairn
