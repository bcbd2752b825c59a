// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <mosquittoserver.h>
#include <mqttclient.h>
#include <nodestore.h>

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

// Devices talking to a real mosquitto on loopback, into a real SQLite database.
class tst_DeviceRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void readingsBecomeEvents();
    void badPayloads();
    void statusTopic();
    void staleness();
    void readingsAsNodes();
    void homeAssistantDiscovery();
    void keepsNodeAcrossRestart();
    void commands();
    void linkDownAndUp(); // last: it restarts the broker

private:
    DeviceConfig station(const QString &id) const;
    QList<CloudEvent> events(const QString &type);
    void publish(const QString &topic, const QByteArray &payload, bool retain = false);
    MqttOptions options(const QString &clientId) const;
    void startRegistry(const QList<DeviceConfig> &devices, bool discovery = false);

    CairnTest::MosquittoServer m_broker;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<MqttClient> m_client;
    std::unique_ptr<DeviceRegistry> m_registry;
    std::unique_ptr<MqttClient> m_publisher;
    int m_run = 0;
};

void tst_DeviceRegistry::initTestCase()
{
    QVERIFY2(m_broker.start(), qPrintable(m_broker.errorString()));
}

MqttOptions tst_DeviceRegistry::options(const QString &clientId) const
{
    MqttOptions o;
    o.host = QStringLiteral("127.0.0.1");
    o.port = m_broker.port();
    o.clientId = clientId;
    o.cleanSession = true;
    o.minReconnectDelay = 100ms;
    return o;
}

void tst_DeviceRegistry::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("c.db"))));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_store = std::make_unique<NodeStore>(*m_db);
    m_publisher = std::make_unique<MqttClient>(options(QStringLiteral("pub-%1").arg(++m_run)));
    QSignalSpy up(m_publisher.get(), &MqttClient::connected);
    QVERIFY(m_publisher->connectToBroker());
    QVERIFY(up.wait(10000));
}

void tst_DeviceRegistry::cleanup()
{
    m_registry.reset();
    m_client.reset();
    m_publisher.reset();
    m_store.reset();
    m_bus.reset();
    m_db.reset();
    m_dir.reset();
}

void tst_DeviceRegistry::startRegistry(const QList<DeviceConfig> &devices, bool discovery)
{
    m_client = std::make_unique<MqttClient>(options(QStringLiteral("cairn-%1").arg(m_run)));
    m_registry = std::make_unique<DeviceRegistry>(*m_bus, *m_store);
    m_registry->setNodeInterval(50ms);
    m_registry->setBrokerUrl(QStringLiteral("mqtt://127.0.0.1:%1").arg(m_broker.port()));
    QVERIFY(m_registry->setDevices(devices));
    if (discovery)
        m_registry->setDiscovery({true, QStringLiteral("homeassistant")});
    m_registry->attach(m_client.get());
    QSignalSpy subscribed(m_client.get(), &MqttClient::subscribed);
    QVERIFY(m_client->connectToBroker());
    const int wanted = int(m_client->subscriptions().size());
    QTRY_VERIFY_WITH_TIMEOUT(subscribed.size() >= wanted, 10000);
}

DeviceConfig tst_DeviceRegistry::station(const QString &id) const
{
    DeviceConfig device;
    device.id = id;
    device.name = QStringLiteral("Station ") + id;
    TopicMapping reading;
    reading.pattern = QStringLiteral("weather/") + id + QStringLiteral("/+");
    reading.type = QStringLiteral("weather.reading");
    FieldMapping temperature;
    temperature.name = QStringLiteral("temperature");
    temperature.path = {QStringLiteral("temp")};
    temperature.type = FieldMapping::Type::Number;
    temperature.unit = QStringLiteral("°C");
    reading.fields = {temperature};
    device.topics = {reading};
    device.statusTopic = QStringLiteral("weather/") + id + QStringLiteral("-status");
    return device;
}

void tst_DeviceRegistry::publish(const QString &topic, const QByteArray &payload, bool retain)
{
    QVERIFY(m_publisher->publish(topic, payload, 1, retain));
}

QList<CloudEvent> tst_DeviceRegistry::events(const QString &type)
{
    EventHistoryQuery query;
    query.filter = *EventFilter::parse({QStringLiteral("type=") + type});
    query.limit = 1000;
    Result<QList<CloudEvent>> found = m_bus->history(query);
    return found ? *found : QList<CloudEvent>();
}

void tst_DeviceRegistry::readingsBecomeEvents()
{
    startRegistry({station(QStringLiteral("s1"))});
    publish(QStringLiteral("weather/s1/roof"), R"({"temp": 21.5, "extra": 1})");
    publish(QStringLiteral("weather/s1/cellar"), R"({"temp": 12})");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("weather.reading")).size(), 2, 10000);
    const QList<CloudEvent> readings = events(QStringLiteral("weather.reading"));
    const QJsonObject first = readings.first().data.toObject();
    QCOMPARE(first.value(QStringLiteral("temperature")).toDouble(), 21.5);
    QVERIFY(!first.contains(QStringLiteral("extra")));
    QCOMPARE(first.value(QStringLiteral("device")).toString(), QStringLiteral("s1"));
    QCOMPARE(first.value(QStringLiteral("topic")).toString(), QStringLiteral("weather/s1/roof"));
    QCOMPARE(readings.first().subject, QStringLiteral("s1"));
    QCOMPARE(readings.first().source,
             QStringLiteral("mqtt://127.0.0.1:%1/weather/s1/roof").arg(m_broker.port()));
    QCOMPARE(events(QStringLiteral("cairn.device.online")).size(), 1);

    // The device node follows: last reading, last seen, online, units.
    const QString nodeId = m_registry->device(QStringLiteral("s1"))->nodeId;
    QTRY_COMPARE_WITH_TIMEOUT(m_store->get(nodeId)
                                      ->data.value(QStringLiteral("last_reading"))
                                      .toObject()
                                      .value(QStringLiteral("temperature"))
                                      .toDouble(),
                              12.0, 5000);
    const Node node = *m_store->get(nodeId);
    QCOMPARE(node.kind, QStringLiteral("device"));
    QCOMPARE(node.path, (QStringList{QStringLiteral("devices"), QStringLiteral("s1")}));
    QVERIFY(node.data.value(QStringLiteral("online")).toBool());
    QVERIFY(Node::timeFromText(node.data.value(QStringLiteral("last_seen")).toString()).isValid());
    QCOMPARE(node.data.value(QStringLiteral("units"))
                     .toObject()
                     .value(QStringLiteral("temperature"))
                     .toString(),
             QStringLiteral("°C"));
}

void tst_DeviceRegistry::badPayloads()
{
    startRegistry({station(QStringLiteral("s2"))});
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("bad payload on weather/s2/a")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("bad payload on weather/s2/b")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("bad payload on weather/s2/c")));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("bad payload on weather/s2/d")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*weather/s2/d.*")));
    publish(QStringLiteral("weather/s2/a"), "not json");
    publish(QStringLiteral("weather/s2/b"), R"({"humidity": 40})");
    publish(QStringLiteral("weather/s2/c"), R"({"temp": "warm"})");
    publish(QStringLiteral("weather/s2/d"), QByteArray(10 * 1024 * 1024, 'x'));
    publish(QStringLiteral("weather/s2/e"), R"({"temp": 19})");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("weather.reading")).size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.invalid")).size(), 4, 5000);
    const QList<CloudEvent> invalid = events(QStringLiteral("cairn.device.invalid"));
    QStringList reasons;
    for (const CloudEvent &e : invalid) {
        QCOMPARE(e.data.toObject().value(QStringLiteral("device")).toString(),
                 QStringLiteral("s2"));
        reasons.append(e.data.toObject().value(QStringLiteral("topic")).toString()
                       + QLatin1Char(' ')
                       + e.data.toObject().value(QStringLiteral("reason")).toString());
    }
    QVERIFY2(reasons.at(0).startsWith(QLatin1String("weather/s2/a payload: is not JSON")),
             qPrintable(reasons.at(0)));
    QVERIFY2(reasons.at(1).contains(QLatin1String("the payload has no temp")),
             qPrintable(reasons.at(1)));
    QVERIFY2(reasons.at(2).contains(QLatin1String("temp must be number")),
             qPrintable(reasons.at(2)));
    QVERIFY2(reasons.at(3).startsWith(QLatin1String("weather/s2/d")), qPrintable(reasons.at(3)));
    QVERIFY(m_client->isConnected());
}

void tst_DeviceRegistry::statusTopic()
{
    startRegistry({station(QStringLiteral("s3"))});
    QSignalSpy changed(m_registry.get(), &DeviceRegistry::onlineChanged);
    publish(QStringLiteral("weather/s3-status"), "online");
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.last().at(1).toBool(), true);
    publish(QStringLiteral("weather/s3-status"), "offline");
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.last().at(1).toBool(), false);
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.offline")).size(), 1, 5000);
    QCOMPARE(events(QStringLiteral("cairn.device.offline"))
                     .first()
                     .data.toObject()
                     .value(QStringLiteral("reason"))
                     .toString(),
             QStringLiteral("status"));
    const QString nodeId = m_registry->device(QStringLiteral("s3"))->nodeId;
    QTRY_VERIFY_WITH_TIMEOUT(!m_store->get(nodeId)->data.value(QStringLiteral("online")).toBool(),
                             5000);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("bad payload on weather/s3-status")));
    publish(QStringLiteral("weather/s3-status"), "sleeping");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.invalid")).size(), 1, 5000);
}

void tst_DeviceRegistry::staleness()
{
    DeviceConfig device = station(QStringLiteral("s4"));
    device.staleAfter = 300ms;
    startRegistry({device});
    QSignalSpy changed(m_registry.get(), &DeviceRegistry::onlineChanged);
    publish(QStringLiteral("weather/s4/x"), R"({"temp": 1})");
    QVERIFY(changed.wait(10000));
    QVERIFY(changed.last().at(1).toBool());
    QVERIFY(changed.wait(5000)); // no message for 300 ms: offline
    QCOMPARE(changed.last().at(1).toBool(), false);
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.offline")).size(), 1, 5000);
    QCOMPARE(events(QStringLiteral("cairn.device.offline"))
                     .first()
                     .data.toObject()
                     .value(QStringLiteral("reason"))
                     .toString(),
             QStringLiteral("stale"));
    publish(QStringLiteral("weather/s4/x"), R"({"temp": 2})");
    QVERIFY(changed.wait(10000));
    QVERIFY(changed.last().at(1).toBool());
}

void tst_DeviceRegistry::readingsAsNodes()
{
    DeviceConfig device = station(QStringLiteral("s5"));
    device.topics.first().storeNodes = true;
    startRegistry({device});
    for (int i = 0; i < 3; ++i)
        publish(QStringLiteral("weather/s5/x"), QStringLiteral(R"({"temp": %1})").arg(i).toUtf8());
    const QString nodeId = m_registry->device(QStringLiteral("s5"))->nodeId;
    QTRY_COMPARE_WITH_TIMEOUT(m_store->children(nodeId)->size(), 3, 10000);
    const Node reading = m_store->children(nodeId)->last();
    QCOMPARE(reading.kind, QStringLiteral("reading"));
    QCOMPARE(reading.state, Node::State::Done);
    QCOMPARE(reading.data.value(QStringLiteral("temperature")).toInt(), 2);
}

void tst_DeviceRegistry::homeAssistantDiscovery()
{
    // Retained before Cairn is there, as Home Assistant devices announce themselves.
    publish(QStringLiteral("homeassistant/sensor/roof/temperature/config"),
            R"({"name":"Roof temperature","stat_t":"roof/state","unit_of_meas":"°C",
                "dev_cla":"temperature","val_tpl":"{{ value_json.t }}","uniq_id":"roof-t",
                "avty_t":"roof/avail","dev":{"ids":["roof-1"],"name":"Roof"}})",
            true);
    publish(QStringLiteral("homeassistant/sensor/roof/humidity/config"),
            R"({"stat_t":"roof/state","unit_of_meas":"%","dev_cla":"humidity",
                "val_tpl":"{{ value_json.h }}","dev":{"ids":["roof-1"]}})",
            true);
    publish(QStringLiteral("homeassistant/sensor/bad/config"), "{nope", true);
    QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral("bad payload on homeassistant/sensor/bad/config")));
    startRegistry({}, true);
    QTRY_VERIFY_WITH_TIMEOUT(m_registry->device(QStringLiteral("roof-1")).has_value(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_registry->device(QStringLiteral("roof-1"))->config.topics.size(), 2,
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->subscriptions().contains(QStringLiteral("roof/state")),
                              true, 5000);
    QCOMPARE(m_registry->device(QStringLiteral("roof-1"))->config.name, QStringLiteral("Roof"));

    QTest::qWait(200); // let the new subscriptions reach the broker
    publish(QStringLiteral("roof/avail"), "online");
    publish(QStringLiteral("roof/state"), R"({"t": 18.5, "h": 61})");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.reading")).size(), 2, 10000);
    QJsonObject merged;
    for (const CloudEvent &e : events(QStringLiteral("cairn.device.reading"))) {
        const QJsonObject data = e.data.toObject();
        for (auto it = data.begin(); it != data.end(); ++it)
            merged.insert(it.key(), it.value());
    }
    QCOMPARE(merged.value(QStringLiteral("temperature")).toDouble(), 18.5);
    QCOMPARE(merged.value(QStringLiteral("humidity")).toInt(), 61);
    QCOMPARE(events(QStringLiteral("cairn.device.discovered")).size(), 1);
    QCOMPARE(events(QStringLiteral("cairn.device.invalid")).size(), 1);

    // Empty retained configs remove the entities, then the device.
    QSignalSpy removed(m_registry.get(), &DeviceRegistry::deviceRemoved);
    publish(QStringLiteral("homeassistant/sensor/roof/temperature/config"), QByteArray(), true);
    publish(QStringLiteral("homeassistant/sensor/roof/humidity/config"), QByteArray(), true);
    QVERIFY(removed.wait(10000));
    QVERIFY(!m_registry->device(QStringLiteral("roof-1")).has_value());
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.removed")).size(), 1, 5000);
    publish(QStringLiteral("homeassistant/sensor/bad/config"), QByteArray(), true);
}

void tst_DeviceRegistry::keepsNodeAcrossRestart()
{
    startRegistry({station(QStringLiteral("s6"))});
    publish(QStringLiteral("weather/s6/x"), R"({"temp": 7})");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("weather.reading")).size(), 1, 10000);
    const QString nodeId = m_registry->device(QStringLiteral("s6"))->nodeId;
    m_registry.reset(); // flushes
    m_client.reset();
    startRegistry({station(QStringLiteral("s6"))});
    QCOMPARE(m_registry->device(QStringLiteral("s6"))->nodeId, nodeId);
    QCOMPARE(m_registry->device(QStringLiteral("s6"))
                     ->lastReading.value(QStringLiteral("temperature"))
                     .toInt(),
             7);
    QCOMPARE(m_store->children(m_store->get(nodeId)->parent)->size(), 1);
}

void tst_DeviceRegistry::commands()
{
    DeviceConfig fan;
    fan.id = QStringLiteral("fan");
    fan.commandTopic = QStringLiteral("fans/1/set");
    startRegistry({fan, station(QStringLiteral("s7"))});
    QList<QByteArray> heard;
    connect(m_publisher.get(), &MqttClient::messageReceived, this,
            [&](const MqttMessage &m) { heard.append(m.payload); });
    QSignalSpy subscribed(m_publisher.get(), &MqttClient::subscribed);
    QVERIFY(m_publisher->subscribe(QStringLiteral("fans/1/set"), 1));
    QVERIFY(subscribed.wait(10000));

    Result<int> sent = m_registry->sendCommand(QStringLiteral("fan"), "on");
    QVERIFY2(sent, qPrintable(sent.ok() ? QString() : sent.error().toString()));
    QTRY_COMPARE_WITH_TIMEOUT(heard, QList<QByteArray>{QByteArray("on")}, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.device.command")).size(), 1, 5000);
    const QJsonObject data = events(QStringLiteral("cairn.device.command")).first().data.toObject();
    QCOMPARE(data.value(QStringLiteral("payload")).toString(), QStringLiteral("on"));
    QCOMPARE(data.value(QStringLiteral("topic")).toString(), QStringLiteral("fans/1/set"));

    QCOMPARE(m_registry->sendCommand(QStringLiteral("nobody"), "on").error().code, Error::NotFound);
    QCOMPARE(m_registry->sendCommand(QStringLiteral("s7"), "on").error().field,
             QStringLiteral("command_topic"));
}

void tst_DeviceRegistry::linkDownAndUp()
{
    startRegistry({station(QStringLiteral("s8"))});
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.mqtt.connected")).size(), 1, 5000);
    QSignalSpy down(m_client.get(), &MqttClient::disconnected);
    QSignalSpy up(m_client.get(), &MqttClient::connected);
    m_broker.kill();
    QVERIFY(down.wait(10000));
    QVERIFY2(m_broker.start(), qPrintable(m_broker.errorString()));
    QVERIFY(up.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.mqtt.disconnected")).size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("cairn.mqtt.connected")).size(), 2, 5000);
    QVERIFY(!events(QStringLiteral("cairn.mqtt.disconnected"))
                     .first()
                     .data.toObject()
                     .value(QStringLiteral("reason"))
                     .toString()
                     .isEmpty());
    // And the subscriptions work again.
    QSignalSpy resubscribed(m_client.get(), &MqttClient::subscribed);
    QTRY_VERIFY_WITH_TIMEOUT(resubscribed.size() >= 2 || m_client->isConnected(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_publisher->isConnected(), 20000);
    QTest::qWait(300);
    publish(QStringLiteral("weather/s8/x"), R"({"temp": 3})");
    QTRY_COMPARE_WITH_TIMEOUT(events(QStringLiteral("weather.reading")).size(), 1, 10000);
}

QTEST_GUILESS_MAIN(tst_DeviceRegistry)
#include "tst_deviceregistry.moc"
