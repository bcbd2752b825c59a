// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <chrono>

namespace Cairn {

/*
 * How MqttClient reaches its broker. A plain struct: the project file fills it, the secret
 * store supplies the password, and MqttClient takes a copy when it is made.
 */
struct MqttOptions
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::MqttOptions)
public:
    static constexpr qint64 DefaultMaxPayloadSize = 1024 * 1024;

    QString host = QStringLiteral("localhost");
    quint16 port = 1883; // 8883 is usual with TLS
    // Names the session at the broker; needed unless cleanSession is on.
    QString clientId;
    QString username; // empty: anonymous
    // From the secret store. Never logged, never part of describe().
    QString password;

    bool useTls = false;
    QString caFile; // PEM; empty: the system's CA store
    QString certificateFile; // PEM client certificate, with keyFile, for brokers that ask
    QString keyFile; // unencrypted PEM key
    // Turns off the certificate chain and host name checks. Only for tests and brokers the
    // operator explicitly chose to trust blindly: it makes TLS open to a man in the middle.
    bool insecure = false;

    int keepAliveSeconds = 30; // libmosquitto needs at least 5
    // Off: a persistent session, so QoS 1 and 2 messages wait at the broker while Cairn
    // is down and subscriptions outlive the connection.
    bool cleanSession = false;

    // When set, the will is "offline" retained on this topic and every connect publishes
    // "online" retained to it, so anyone can see whether this Cairn is up.
    QString statusTopic;
    QByteArray onlinePayload = QByteArrayLiteral("online");
    // The last will; willTopic empty means statusTopic (and no will when both are empty).
    QString willTopic;
    QByteArray willPayload = QByteArrayLiteral("offline");
    int willQos = 1;
    bool willRetain = true;

    // Larger incoming messages are dropped (MqttClient::messageRejected); the link stays up.
    qint64 maxPayloadSize = DefaultMaxPayloadSize;

    // Reconnect delays: minReconnectDelay doubling per failed attempt up to
    // maxReconnectDelay, each with up to a quarter of random jitter.
    std::chrono::milliseconds minReconnectDelay{500};
    std::chrono::milliseconds maxReconnectDelay{std::chrono::seconds(30)};
    // How long one attempt may take from the TCP connect to the broker's CONNACK.
    std::chrono::milliseconds connectTimeout{std::chrono::seconds(10)};

    // The topic the will goes to: willTopic, else statusTopic; empty for none.
    QString effectiveWillTopic() const;
    // Whether the options can work; the error names the field at fault.
    Status validate() const;
    // "mqtts://user@host:port as client-id", for logs: never the password.
    QString describe() const;
};

} // namespace Cairn
