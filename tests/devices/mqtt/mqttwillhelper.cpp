// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// A client in a process of its own, for tst_mqttclient to kill with SIGKILL: only a client
// that vanishes without DISCONNECT makes the broker publish its will.
// Usage: mqttwillhelper PORT CLIENT_ID STATUS_TOPIC; prints "connected" once connected.

#include <mqttclient.h>

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fputs("usage: mqttwillhelper PORT CLIENT_ID STATUS_TOPIC\n", stderr);
        return 2;
    }
    Cairn::MqttOptions options;
    options.host = QStringLiteral("127.0.0.1");
    options.port = args.at(1).toUShort();
    options.clientId = args.at(2);
    options.statusTopic = args.at(3);
    options.minReconnectDelay = std::chrono::milliseconds(100);
    options.maxReconnectDelay = std::chrono::milliseconds(1000);
    Cairn::MqttClient client(options);
    QObject::connect(&client, &Cairn::MqttClient::connected, [] {
        std::fputs("connected\n", stdout);
        std::fflush(stdout);
    });
    if (!client.connectToBroker())
        return 1;
    return app.exec();
}
