// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include <deviceregistry.h>
#include <mosquittoserver.h>
#include <mqttclient.h>
#include <registrydirectory.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;
using namespace CairnTest;
using namespace std::chrono_literals;

namespace {
constexpr int Patience = 30000;
} // namespace

// The device routes over a DeviceRegistry on a real mosquitto broker on loopback.
class tst_ApiDevices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void list();
    void readingShows();
    void command();
    void commandRefused_data();
    void commandRefused();
    void withoutDirectory();
    void brokerDown(); // last: it stops the broker

private:
    MqttOptions options(const QString &clientId) const;
    double metric(const QString &name);

    MosquittoServer m_broker;
    std::unique_ptr<ApiTestServer> m_server;
    std::unique_ptr<MqttClient> m_client;
    std::unique_ptr<DeviceRegistry> m_registry;
    std::unique_ptr<RegistryDirectory> m_directory;
    std::unique_ptr<MqttClient> m_peer; // plays the devices
};

MqttOptions tst_ApiDevices::options(const QString &clientId) const
{
    MqttOptions o;
    o.host = QStringLiteral("127.0.0.1");
    o.port = m_broker.port();
    o.clientId = clientId;
    o.cleanSession = true;
    o.minReconnectDelay = 100ms;
    return o;
}

void tst_ApiDevices::initTestCase()
{
    QVERIFY2(m_broker.start(), qPrintable(m_broker.errorString()));

    DeviceConfig fan;
    fan.id = QStringLiteral("fan");
    fan.name = QStringLiteral("Hall fan");
    fan.commandTopic = QStringLiteral("fans/1/set");
    DeviceConfig station;
    station.id = QStringLiteral("station");
    TopicMapping reading;
    reading.pattern = QStringLiteral("weather/station/state");
    reading.type = QStringLiteral("weather.reading");
    station.topics = {reading};

    m_server = std::make_unique<ApiTestServer>();
    m_server->setDevices([&]() -> DeviceDirectory * {
        m_client = std::make_unique<MqttClient>(options(QStringLiteral("cairn-api")));
        m_registry = std::make_unique<DeviceRegistry>(m_server->bus(), m_server->store());
        m_registry->setNodeInterval(50ms);
        if (!m_registry->setDevices({fan, station}))
            return nullptr;
        m_registry->attach(m_client.get());
        m_directory = std::make_unique<RegistryDirectory>(*m_registry, m_client.get());
        return m_directory.get();
    });
    QVERIFY2(m_server->start(false), qPrintable(m_server->errorString()));
    QVERIFY(m_directory);
    QSignalSpy subscribed(m_client.get(), &MqttClient::subscribed);
    QVERIFY(m_client->connectToBroker());
    QTRY_VERIFY_WITH_TIMEOUT(subscribed.size() >= 1, Patience);

    m_peer = std::make_unique<MqttClient>(options(QStringLiteral("devices")));
    QSignalSpy up(m_peer.get(), &MqttClient::connected);
    QVERIFY(m_peer->connectToBroker());
    QVERIFY(up.wait(Patience));
}

void tst_ApiDevices::cleanupTestCase()
{
    // The clients first, then what the registry gathered is written while the database is
    // still there; the directory outlives the API that uses it.
    m_client.reset();
    m_peer.reset();
    m_registry->flush();
    m_server.reset();
    m_directory.reset();
    m_registry.reset();
    m_broker.stop();
}

double tst_ApiDevices::metric(const QString &name)
{
    const ApiReply reply = m_server->get(QStringLiteral("/metrics"), m_server->viewer);
    const QStringList lines = QString::fromUtf8(reply.body).split(u'\n');
    for (const QString &line : lines) {
        if (line.startsWith(name + u' '))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

void tst_ApiDevices::list()
{
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/devices"), m_server->viewer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("broker_connected")), QJsonValue(true));
    const QJsonArray devices = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(devices.size(), 2);
    const QJsonObject fan = devices.at(0).toObject();
    QCOMPARE(fan.value(QStringLiteral("id")).toString(), QStringLiteral("fan"));
    QCOMPARE(fan.value(QStringLiteral("name")).toString(), QStringLiteral("Hall fan"));
    QCOMPARE(fan.value(QStringLiteral("accepts_commands")), QJsonValue(true));
    QVERIFY(!fan.value(QStringLiteral("node")).toString().isEmpty());
    QCOMPARE(devices.at(1).toObject().value(QStringLiteral("accepts_commands")), QJsonValue(false));
    QCOMPARE(metric(QStringLiteral("cairn_mqtt_connected")), 1.0);
}

void tst_ApiDevices::readingShows()
{
    QVERIFY(m_peer->publish(QStringLiteral("weather/station/state"),
                            R"({"temperature": 21.5, "humidity": 40})", 1, false));
    QTRY_COMPARE_WITH_TIMEOUT(
            m_server->get(QStringLiteral("/api/v1/devices/station"), m_server->viewer)
                    .json()
                    .value(QStringLiteral("last_reading"))
                    .toObject()
                    .value(QStringLiteral("temperature"))
                    .toDouble(),
            21.5, Patience);
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/devices/station"),
                                         m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("online")), QJsonValue(true));
    QVERIFY(!reply.json().value(QStringLiteral("last_seen")).isNull());
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/devices/nobody"), m_server->viewer).status, 404);
}

void tst_ApiDevices::command()
{
    QList<QByteArray> heard;
    connect(m_peer.get(), &MqttClient::messageReceived, this,
            [&](const MqttMessage &message) { heard.append(message.payload); });
    QSignalSpy subscribed(m_peer.get(), &MqttClient::subscribed);
    QVERIFY(m_peer->subscribe(QStringLiteral("fans/1/set"), 1));
    QVERIFY(subscribed.wait(Patience));

    const Result<qint64> before = m_server->bus().lastSequence();
    QVERIFY(before);
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("POST"), QStringLiteral("/api/v1/devices/fan/command"),
            m_server->operatorToken, "speed=3", QByteArrayLiteral("text/plain"));
    QVERIFY2(reply.status == 202, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("accepted")), QJsonValue(true));
    QVERIFY(reply.json().value(QStringLiteral("message_id")).toInt() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(heard, QList<QByteArray>{QByteArray("speed=3")}, Patience);

    // The command is on record as an event.
    QTRY_COMPARE_WITH_TIMEOUT(
            m_server->get(QStringLiteral("/api/v1/events?since=%1&type=cairn.device.command")
                                  .arg(*before),
                          m_server->viewer)
                    .json()
                    .value(QStringLiteral("items"))
                    .toArray()
                    .size(),
            1, Patience);
    const QJsonObject event =
            m_server->get(QStringLiteral("/api/v1/events?since=%1&type=cairn.device.command")
                                  .arg(*before),
                          m_server->viewer)
                    .json()
                    .value(QStringLiteral("items"))
                    .toArray()
                    .at(0)
                    .toObject();
    QCOMPARE(event.value(QStringLiteral("subject")).toString(), QStringLiteral("fan"));
    QCOMPARE(event.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("payload"))
                     .toString(),
             QStringLiteral("speed=3"));
}

void tst_ApiDevices::commandRefused_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown device")
            << QStringLiteral("nobody") << QStringLiteral("operator") << 404 << QString();
    QTest::newRow("takes no commands") << QStringLiteral("station") << QStringLiteral("operator")
                                       << 422 << QStringLiteral("command_topic");
    QTest::newRow("viewer") << QStringLiteral("fan") << QStringLiteral("viewer") << 403
                            << QString();
}

void tst_ApiDevices::commandRefused()
{
    QFETCH(QString, device);
    QFETCH(QString, who);
    QFETCH(int, status);
    QFETCH(QString, field);
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("POST"), QStringLiteral("/api/v1/devices/%1/command").arg(device),
            who == u"viewer" ? m_server->viewer : m_server->operatorToken, "on",
            QByteArrayLiteral("text/plain"));
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
}

void tst_ApiDevices::withoutDirectory()
{
    ApiTestServer bare;
    QVERIFY2(bare.start(false), qPrintable(bare.errorString()));
    ApiReply reply = bare.get(QStringLiteral("/api/v1/devices"), bare.viewer);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.json().value(QStringLiteral("items")).toArray().isEmpty());
    QCOMPARE(bare.get(QStringLiteral("/api/v1/devices/fan"), bare.viewer).status, 404);
    reply = bare.request(QByteArrayLiteral("POST"), QStringLiteral("/api/v1/devices/fan/command"),
                         bare.operatorToken, "on", QByteArrayLiteral("text/plain"));
    QCOMPARE(reply.status, 404);
}

void tst_ApiDevices::brokerDown()
{
    QSignalSpy down(m_client.get(), &MqttClient::disconnected);
    m_broker.stop();
    QVERIFY(down.wait(Patience));
    QCOMPARE(metric(QStringLiteral("cairn_mqtt_connected")), 0.0);
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("POST"), QStringLiteral("/api/v1/devices/fan/command"),
            m_server->operatorToken, "on", QByteArrayLiteral("text/plain"));
    QCOMPARE(reply.status, 503);
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/devices"), m_server->viewer)
                     .json()
                     .value(QStringLiteral("broker_connected")),
             QJsonValue(false));
}

QTEST_MAIN(tst_ApiDevices)
#include "tst_apidevices.moc"
