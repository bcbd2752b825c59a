// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <brokerconfig.h>
#include <deviceconfig.h>
#include <secretstore.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class tst_DeviceConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void devices();
    void deviceErrors_data();
    void deviceErrors();
    void broker();
    void brokerErrors_data();
    void brokerErrors();
    void discovery();
};

static ConfigDocument parse(const QByteArray &yaml)
{
    Result<ConfigDocument> doc = ConfigDocument::parse(yaml, QStringLiteral("p.yaml"));
    if (!doc)
        qFatal("bad yaml in test: %s", qPrintable(doc.error().toString()));
    return *doc;
}

void tst_DeviceConfig::devices()
{
    const ConfigDocument doc = parse(R"(devices:
  - id: station-1
    name: Roof station
    status_topic: weather/station-1/status
    stale_after: 2m
    topics:
      - pattern: weather/station-1/reading
        type: weather.reading
        fields:
          temperature: {path: main.temp, unit: "°C", label: Temperature, type: number}
          humidity: main.hum
      - pattern: weather/station-1/wind/+
        format: number
        fields: {speed: {unit: m/s}}
        store: nodes
        qos: 0
  - id: fan
    status_topic: fan/status
    command_topic: fan/set
    online_payload: "1"
    offline_payload: "0"
)");
    Result<QList<DeviceConfig>> devices = DeviceConfig::fromConfig(
            doc.root()[QStringLiteral("devices")]);
    QVERIFY2(devices, qPrintable(devices.ok() ? QString() : devices.error().toString()));
    QCOMPARE(devices->size(), 2);
    const DeviceConfig &station = devices->at(0);
    QCOMPARE(station.name, QStringLiteral("Roof station"));
    QCOMPARE(station.staleAfter, 2min);
    QCOMPARE(station.topics.size(), 2);
    const TopicMapping &reading = station.topics.at(0);
    QCOMPARE(reading.type, QStringLiteral("weather.reading"));
    QCOMPARE(reading.format, TopicMapping::Format::Json);
    QCOMPARE(reading.fields.size(), 2);
    // Fields come sorted by name.
    QCOMPARE(reading.fields.at(1).name, QStringLiteral("temperature"));
    QCOMPARE(reading.fields.at(1).path,
             (QStringList{QStringLiteral("main"), QStringLiteral("temp")}));
    QCOMPARE(reading.fields.at(1).unit, QStringLiteral("°C"));
    QCOMPARE(reading.fields.at(1).type, FieldMapping::Type::Number);
    QCOMPARE(reading.fields.at(0).path,
             (QStringList{QStringLiteral("main"), QStringLiteral("hum")}));
    const TopicMapping &wind = station.topics.at(1);
    QCOMPARE(wind.format, TopicMapping::Format::Number);
    QVERIFY(wind.storeNodes);
    QCOMPARE(wind.qos, 0);
    QCOMPARE(wind.type, QStringLiteral("cairn.device.reading"));
    QCOMPARE(devices->at(1).onlinePayload, QByteArray("1"));
    QCOMPARE(devices->at(1).name, QStringLiteral("fan"));
    QCOMPARE(devices->at(1).commandTopic, QStringLiteral("fan/set"));
    QVERIFY(DeviceConfig::fromConfig(doc.root()[QStringLiteral("none")])->isEmpty());
}

void tst_DeviceConfig::deviceErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error"); // the start of Error::toString()
    QTest::newRow("not a list") << QByteArray("devices: {id: a}")
                                << "p.yaml:1:1: devices: must be a list";
    QTest::newRow("no id") << QByteArray("devices:\n  - name: a\n    status_topic: s")
                           << "p.yaml:2:5: devices[0].id: is required";
    QTest::newRow("bad id") << QByteArray("devices:\n  - id: a b\n    status_topic: s")
                            << "p.yaml:2:5: devices[0].id: \"a b\" is not a device id";
    QTest::newRow("twice") << QByteArray(
            "devices:\n  - {id: a, status_topic: s}\n  - {id: a, status_topic: s}")
                           << "p.yaml:3:6: devices[1].id: device \"a\" is declared twice";
    QTest::newRow("unknown key") << QByteArray("devices:\n  - id: a\n    colour: red")
                                 << "p.yaml:3:5: devices[0].colour: unknown setting";
    QTest::newRow("nothing to hear")
            << QByteArray("devices:\n  - id: a") << "p.yaml:2:5: devices[0]: a device needs topics";
    QTest::newRow("bad filter")
            << QByteArray("devices:\n  - id: a\n    topics:\n      - pattern: a/#/b")
            << "p.yaml:4:9: devices[0].topics[0].pattern: \"a/#/b\" is not an MQTT topic filter";
    QTest::newRow("bad plus") << QByteArray(
            "devices:\n  - id: a\n    topics:\n      - pattern: a/b+")
                              << "p.yaml:4:9: devices[0].topics[0].pattern: \"a/b+\" is not";
    QTest::newRow("bad type")
            << QByteArray("devices:\n  - id: a\n    topics:\n      - {pattern: a, type: a b}")
            << "p.yaml:4:22: devices[0].topics[0].type: \"a b\" is not an event type";
    QTest::newRow("bad format")
            << QByteArray("devices:\n  - id: a\n    topics:\n      - {pattern: a, format: xml}")
            << "p.yaml:4:22: devices[0].topics[0].format: \"xml\" is not one of";
    QTest::newRow("bad qos") << QByteArray(
            "devices:\n  - id: a\n    topics:\n      - {pattern: a, qos: 3}")
                             << "p.yaml:4:22: devices[0].topics[0].qos: must be between 0 and 2";
    QTest::newRow("reserved field")
            << QByteArray("devices:\n  - id: a\n    topics:\n      - pattern: a\n        fields: "
                          "{device: x}")
            << "p.yaml:5:18: devices[0].topics[0].fields.device: a field name";
    QTest::newRow("bad path") << QByteArray(
            "devices:\n  - id: a\n    topics:\n      - pattern: a\n        fields: {t: a..b}")
                              << "p.yaml:5:18: devices[0].topics[0].fields.t: \"a..b\" is not a "
                                 "dotted path";
    QTest::newRow("two numbers")
            << QByteArray("devices:\n  - id: a\n    topics:\n      - pattern: a\n        format: "
                          "number\n        fields: {x: x, y: y}")
            << "p.yaml:6:9: devices[0].topics[0].fields: a number payload holds one value";
    QTest::newRow("command to many topics")
            << QByteArray("devices:\n  - id: a\n    command_topic: fans/+/set")
            << "p.yaml:3:5: devices[0].command_topic: a command goes to one topic: no + or #";
    QTest::newRow("bad duration")
            << QByteArray("devices:\n  - id: a\n    status_topic: s\n    stale_after: soon")
            << "p.yaml:4:5: devices[0].stale_after: \"soon\" is not a duration";
}

void tst_DeviceConfig::deviceErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    const ConfigDocument doc = parse(yaml);
    Result<QList<DeviceConfig>> devices = DeviceConfig::fromConfig(
            doc.root()[QStringLiteral("devices")]);
    QVERIFY(!devices);
    QVERIFY2(devices.error().toString().startsWith(error), qPrintable(devices.error().toString()));
}

void tst_DeviceConfig::broker()
{
    QTemporaryDir dir;
    FileSecretStore secrets(dir.filePath(QStringLiteral("s.json")));
    QVERIFY(secrets.write(QStringLiteral("mqtt/password"), QStringLiteral("pa55")));
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("certs")));
    QFile ca(dir.filePath(QStringLiteral("certs/ca.pem")));
    QVERIFY(ca.open(QIODevice::WriteOnly));
    ca.write("-----BEGIN CERTIFICATE-----\n");
    ca.close();
    const ConfigDocument doc = parse(R"(broker:
  host: 127.0.0.1
  client_id: lab
  username: cairn
  password: mqtt/password
  tls: {ca: certs/ca.pem}
  keepalive: 1m
  max_payload: 64KiB
)");
    Result<MqttOptions> options = BrokerConfig::fromConfig(doc.root()[QStringLiteral("broker")],
                                                           &secrets, dir.path());
    QVERIFY2(options, qPrintable(options.ok() ? QString() : options.error().toString()));
    QCOMPARE(options->host, QStringLiteral("127.0.0.1"));
    QCOMPARE(options->port, 8883); // the TLS default
    QCOMPARE(options->password, QStringLiteral("pa55"));
    QVERIFY(options->useTls);
    QCOMPARE(options->caFile, dir.filePath(QStringLiteral("certs/ca.pem")));
    QCOMPARE(options->keepAliveSeconds, 60);
    QCOMPARE(options->maxPayloadSize, 65536);
    QCOMPARE(options->statusTopic, QStringLiteral("cairn/lab/status"));
    QVERIFY(!options->cleanSession);
    QVERIFY(!options->describe().contains(QLatin1String("pa55")));
}

void tst_DeviceConfig::brokerErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("port") << QByteArray("broker:\n  port: 70000")
                          << "p.yaml:2:3: broker.port: must be between 1 and 65535";
    QTest::newRow("secret missing") << QByteArray("broker:\n  password: nope")
                                    << "p.yaml:2:3: broker.password: There is no secret \"nope\"";
    QTest::newRow("size") << QByteArray("broker:\n  max_payload: lots")
                          << "p.yaml:2:3: broker.max_payload: \"lots\" is not a size";
    QTest::newRow("tls key") << QByteArray("broker:\n  tls: {cert: x}")
                             << "p.yaml:2:9: broker.tls.cert: unknown setting";
    QTest::newRow("unknown") << QByteArray("broker:\n  hostname: x")
                             << "p.yaml:2:3: broker.hostname: unknown setting";
    QTest::newRow("missing ca") << QByteArray("broker:\n  tls:\n    ca: nowhere.pem")
                                << "p.yaml:3:5: broker.tls.ca: ";
}

void tst_DeviceConfig::brokerErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    QTemporaryDir dir;
    FileSecretStore secrets(dir.filePath(QStringLiteral("s.json")));
    const ConfigDocument doc = parse(yaml);
    Result<MqttOptions> options = BrokerConfig::fromConfig(doc.root()[QStringLiteral("broker")],
                                                           &secrets, dir.path());
    QVERIFY(!options);
    QVERIFY2(options.error().toString().startsWith(error), qPrintable(options.error().toString()));
}

void tst_DeviceConfig::discovery()
{
    const ConfigDocument doc = parse(
            "discovery: {home_assistant: true, prefix: ha}\nbad: {prefix: a/+}");
    Result<DiscoveryConfig> discovery = DiscoveryConfig::fromConfig(
            doc.root()[QStringLiteral("discovery")]);
    QVERIFY(discovery);
    QVERIFY(discovery->homeAssistant);
    QCOMPARE(discovery->prefix, QStringLiteral("ha"));
    QVERIFY(!DiscoveryConfig::fromConfig(doc.root()[QStringLiteral("none")])->homeAssistant);
    QVERIFY(!DiscoveryConfig::fromConfig(doc.root()[QStringLiteral("bad")]));
}

QTEST_GUILESS_MAIN(tst_DeviceConfig)
#include "tst_deviceconfig.moc"
