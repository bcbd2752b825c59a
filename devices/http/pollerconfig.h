// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <chrono>

namespace Cairn {

class ConfigNode;

/*
 * One poller of the project file: a remote JSON API read with GET every interval, each
 * answer becoming an event. A bearer token stays in the SecretStore; only its key is here.
 */
struct PollerConfig
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::PollerConfig)
public:
    static constexpr std::chrono::milliseconds MinInterval{std::chrono::seconds(1)};
    static constexpr std::chrono::milliseconds DefaultTimeout{std::chrono::seconds(10)};
    static constexpr std::chrono::milliseconds DefaultMaxBackoff{std::chrono::minutes(5)};

    QString name; // [a-z0-9_-]+
    QUrl url; // http or https
    std::chrono::milliseconds interval{0};
    std::chrono::milliseconds timeout = DefaultTimeout;
    QMap<QString, QString> headers; // sent with every request
    QString tokenKey; // key in the SecretStore of a bearer token; empty for none
    bool onlyChanged = false;
    QString type; // empty: "cairn.poll.NAME"
    std::chrono::milliseconds maxBackoff = DefaultMaxBackoff;

    QString eventType() const;
    // The URL without user name and password, for events and logs.
    QString displayUrl() const;

    static Result<QList<PollerConfig>> fromConfig(const ConfigNode &pollers);

    friend bool operator==(const PollerConfig &, const PollerConfig &) = default;
};

} // namespace Cairn
