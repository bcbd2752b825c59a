// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The two devices of the weather watchdog sample, simulated over MQTT: a rooftop station
// that reports temperature, humidity and wind every interval, and a fan that takes "on"
// commands and cools the station's surroundings while it runs. Without the fan the
// afternoon warms up towards 36 °C; with it the temperature falls towards 24 °C.

#include "mqttclient.h"
#include "mqttoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace Cairn;

namespace {

const QString StationTopic = QStringLiteral("weather/station/reading");
const QString StationStatus = QStringLiteral("weather/station/status");
const QString FanCommand = QStringLiteral("weather/fan/set");
const QString FanState = QStringLiteral("weather/fan/state");

class Simulation : public QObject
{
public:
    Simulation(MqttClient &client, std::chrono::milliseconds interval)
        : m_client(client), m_random(QRandomGenerator::securelySeeded())
    {
        m_tick.setInterval(interval);
        connect(&m_tick, &QTimer::timeout, this, &Simulation::tick);
        connect(&m_client, &MqttClient::connected, this, [this] {
            if (Status s = m_client.subscribe(FanCommand, 1); !s)
                QTextStream(stderr) << "weather-sim: " << s.error().message << Qt::endl;
            publishFan();
            m_tick.start();
        });
        connect(&m_client, &MqttClient::messageReceived, this, &Simulation::command);
    }

private:
    void tick()
    {
        if (m_fanTicksLeft > 0 && --m_fanTicksLeft == 0) {
            m_fanOn = false;
            publishFan();
        }
        // The afternoon pulls towards 36 °C; the running fan pulls towards 24 °C, faster.
        m_temperature += m_fanOn ? (24.0 - m_temperature) * 0.15 : (36.0 - m_temperature) * 0.05;
        const double noise = (m_random.generateDouble() - 0.5) * 0.3;
        const double temperature = std::round((m_temperature + noise) * 10) / 10;
        const double humidity = std::round((55 - (temperature - 25) * 1.5) * 10) / 10;
        const double wind = std::round(m_random.bounded(40.0)) / 10;
        const QJsonObject reading{{QStringLiteral("temperature"), temperature},
                                  {QStringLiteral("humidity"), humidity},
                                  {QStringLiteral("wind"), wind}};
        publish(StationTopic, QJsonDocument(reading).toJson(QJsonDocument::Compact), false);
    }

    void command(const MqttMessage &message)
    {
        if (message.topic != FanCommand)
            return;
        // "on", "off", or {"state": "on", "seconds": 20}.
        const QJsonDocument json = QJsonDocument::fromJson(message.payload);
        const QString state = json.isObject()
                ? json.object().value(QStringLiteral("state")).toString()
                : QString::fromUtf8(message.payload).trimmed();
        const int seconds = json.isObject()
                ? json.object().value(QStringLiteral("seconds")).toInt(20)
                : 20;
        if (state == QStringLiteral("on")) {
            m_fanOn = true;
            m_fanTicksLeft = std::max(1, int(seconds * 1000 / m_tick.interval()));
        } else if (state == QStringLiteral("off")) {
            m_fanOn = false;
            m_fanTicksLeft = 0;
        } else {
            QTextStream(stderr) << "weather-sim: the fan does not understand "
                                << QString::fromUtf8(message.payload) << Qt::endl;
            return;
        }
        publishFan();
    }

    void publishFan()
    {
        const QJsonObject state{{QStringLiteral("state"), m_fanOn ? QStringLiteral("on")
                                                                 : QStringLiteral("off")}};
        publish(FanState, QJsonDocument(state).toJson(QJsonDocument::Compact), true);
    }

    void publish(const QString &topic, const QByteArray &payload, bool retain)
    {
        if (Result<int> sent = m_client.publish(topic, payload, 1, retain); !sent)
            QTextStream(stderr) << "weather-sim: " << sent.error().message << Qt::endl;
    }

    MqttClient &m_client;
    QRandomGenerator m_random;
    QTimer m_tick;
    double m_temperature = 27.0;
    bool m_fanOn = false;
    int m_fanTicksLeft = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("weather-sim"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Simulates the weather station and the fan of the weather watchdog sample."));
    parser.addHelpOption();
    const QCommandLineOption host(QStringLiteral("host"), QStringLiteral("The broker (127.0.0.1)."),
                                  QStringLiteral("HOST"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Its port (1883)."),
                                  QStringLiteral("PORT"), QStringLiteral("1883"));
    const QCommandLineOption interval(QStringLiteral("interval"),
                                      QStringLiteral("Milliseconds between readings (1000)."),
                                      QStringLiteral("MS"), QStringLiteral("1000"));
    parser.addOptions({host, port, interval});
    parser.process(app);

    const int portNumber = parser.value(port).toInt();
    const int intervalMs = parser.value(interval).toInt();
    if (portNumber < 1 || portNumber > 65535 || intervalMs < 10) {
        QTextStream(stderr) << "weather-sim: --port wants 1 to 65535, --interval at least 10"
                            << Qt::endl;
        return 2;
    }
    MqttOptions options;
    options.host = parser.value(host);
    options.port = quint16(portNumber);
    options.clientId = QStringLiteral("weather-sim");
    options.cleanSession = true;
    options.statusTopic = StationStatus;
    MqttClient client(options);
    Simulation simulation(client, std::chrono::milliseconds(intervalMs));
    if (!client.connectToBroker()) {
        QTextStream(stderr) << "weather-sim: " << client.errorString() << Qt::endl;
        return 1;
    }
    return app.exec();
}
