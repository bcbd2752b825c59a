// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <homeassistantdiscovery.h>
#include <payloaddecoder.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cairn;

Q_DECLARE_METATYPE(Cairn::TopicMapping)

class tst_PayloadDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decode_data();
    void decode();
    void discovery_data();
    void discovery();
    void discoveryTopics();
};

static TopicMapping mapping(TopicMapping::Format format, QList<FieldMapping> fields = {})
{
    TopicMapping m;
    m.pattern = QStringLiteral("t");
    m.format = format;
    m.fields = fields;
    return m;
}

static FieldMapping field(const char *name, const char *path,
                          FieldMapping::Type type = FieldMapping::Type::Any)
{
    FieldMapping f;
    f.name = QString::fromLatin1(name);
    f.path = QString::fromLatin1(path).split(QLatin1Char('.'));
    f.type = type;
    return f;
}

void tst_PayloadDecoder::decode_data()
{
    QTest::addColumn<TopicMapping>("mapping");
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QByteArray>("reading"); // JSON, or empty when refused
    QTest::addColumn<QString>("error"); // the start of the refusal

    using F = TopicMapping::Format;
    const TopicMapping fields = mapping(
            F::Json, {field("t", "main.temp", FieldMapping::Type::Number), field("ok", "ok")});
    QTest::newRow("whole object") << mapping(F::Json) << QByteArray(R"({"a":1,"b":"x"})")
                                  << QByteArray(R"({"a":1,"b":"x"})") << "";
    QTest::newRow("bare json number")
            << mapping(F::Json) << QByteArray("21.5") << QByteArray(R"({"value":21.5})") << "";
    QTest::newRow("fields") << fields << QByteArray(R"({"main":{"temp":20,"x":1},"ok":false})")
                            << QByteArray(R"({"t":20,"ok":false})") << "";
    QTest::newRow("number") << mapping(F::Number) << QByteArray(" 3.25\n")
                            << QByteArray(R"({"value":3.25})") << "";
    QTest::newRow("named number") << mapping(F::Number, {field("speed", "speed")})
                                  << QByteArray("7") << QByteArray(R"({"speed":7})") << "";
    QTest::newRow("text") << mapping(F::Text) << QByteArray("ON") << QByteArray(R"({"value":"ON"})")
                          << "";

    QTest::newRow("not json") << mapping(F::Json) << QByteArray("{temp: 3") << QByteArray()
                              << "payload: is not JSON";
    QTest::newRow("empty") << mapping(F::Json) << QByteArray() << QByteArray()
                           << "payload: is not JSON";
    QTest::newRow("missing field") << fields << QByteArray(R"({"main":{},"ok":true})")
                                   << QByteArray() << "t: the payload has no main.temp";
    QTest::newRow("path through a scalar") << fields << QByteArray(R"({"main":3,"ok":true})")
                                           << QByteArray() << "t: the payload has no main.temp";
    QTest::newRow("wrong type") << fields << QByteArray(R"({"main":{"temp":"hot"},"ok":true})")
                                << QByteArray() << "t: main.temp must be number";
    QTest::newRow("null") << fields << QByteArray(R"({"main":{"temp":1},"ok":null})")
                          << QByteArray() << "ok: ok is null";
    QTest::newRow("not a number") << mapping(F::Number) << QByteArray("warm") << QByteArray()
                                  << "payload: \"warm\" is not a number";
    QTest::newRow("infinite") << mapping(F::Number) << QByteArray("1e999") << QByteArray()
                              << "payload: \"1e999\" is not a number";
    QTest::newRow("binary") << mapping(F::Text) << QByteArray("\xff\xfe\x00", 3) << QByteArray()
                            << "payload: is not UTF-8";
    QTest::newRow("huge garbage") << mapping(F::Json) << QByteArray(200000, '{') << QByteArray()
                                  << "payload: is not JSON";
}

void tst_PayloadDecoder::decode()
{
    QFETCH(TopicMapping, mapping);
    QFETCH(QByteArray, payload);
    QFETCH(QByteArray, reading);
    QFETCH(QString, error);
    Result<QJsonObject> decoded = PayloadDecoder::decode(mapping, payload);
    if (reading.isEmpty()) {
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().toString().startsWith(error),
                 qPrintable(decoded.error().toString()));
    } else {
        QVERIFY2(decoded, qPrintable(decoded.ok() ? QString() : decoded.error().toString()));
        QCOMPARE(*decoded, QJsonDocument::fromJson(reading).object());
    }
}

void tst_PayloadDecoder::discovery_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("error");

    QTest::newRow("full names") << QByteArray(
            R"({"name":"Roof temperature","state_topic":"roof/state",
        "unit_of_measurement":"°C","device_class":"temperature","value_template":"{{ value_json.temp }}",
        "unique_id":"roof-t","device":{"identifiers":["roof-1"],"name":"Roof"}})")
                                << "roof-1"
                                << "roof/state"
                                << "temperature"
                                << "temp" << 0 << "";
    QTest::newRow("abbreviated with base") << QByteArray(R"({"~":"garden/soil","stat_t":"~/state",
        "unit_of_meas":"%","uniq_id":"soil-1","dev":{"ids":"soil"}})")
                                           << "soil"
                                           << "garden/soil/state"
                                           << "moisture"
                                           << "" << 1 << "";
    QTest::newRow("binary sensor")
            << QByteArray(R"({"state_topic":"door/state"})") << "binary_sensor_moisture"
            << "door/state"
            << "moisture"
            << "" << 2 << "";
    QTest::newRow("no state topic") << QByteArray(R"({"name":"x"})") << ""
                                    << ""
                                    << ""
                                    << "" << 0 << "state_topic:";
    QTest::newRow("wildcard state") << QByteArray(R"({"state_topic":"a/+"})") << ""
                                    << ""
                                    << ""
                                    << "" << 0 << "state_topic:";
    QTest::newRow("template") << QByteArray(
            R"({"state_topic":"a","value_template":"{{ value | int * 2 }}"})")
                              << ""
                              << ""
                              << ""
                              << "" << 0 << "value_template:";
    QTest::newRow("not json") << QByteArray("{") << ""
                              << ""
                              << ""
                              << "" << 0 << "payload:";
}

void tst_PayloadDecoder::discovery()
{
    QFETCH(QByteArray, payload);
    QFETCH(QString, device);
    QFETCH(QString, pattern);
    QFETCH(QString, field);
    QFETCH(QString, path);
    QFETCH(int, format);
    QFETCH(QString, error);
    const QString key = QTest::currentDataTag() == QByteArray("binary sensor")
            ? QStringLiteral("binary_sensor/moisture")
            : QStringLiteral("sensor/node/moisture");
    Result<HomeAssistantDiscovery::Entity> entity = HomeAssistantDiscovery::parse(key, payload);
    if (!error.isEmpty()) {
        QVERIFY(!entity);
        QVERIFY2(entity.error().toString().startsWith(error),
                 qPrintable(entity.error().toString()));
        return;
    }
    QVERIFY2(entity, qPrintable(entity.ok() ? QString() : entity.error().toString()));
    QCOMPARE(entity->deviceId, device);
    QCOMPARE(entity->mapping.pattern, pattern);
    QCOMPARE(entity->mapping.fields.first().name, field);
    QCOMPARE(entity->mapping.fields.first().path.join(QLatin1Char('.')), path);
    QCOMPARE(int(entity->mapping.format), format);
}

void tst_PayloadDecoder::discoveryTopics()
{
    QString key;
    QVERIFY(HomeAssistantDiscovery::isConfigTopic(QStringLiteral("homeassistant"),
                                                  QStringLiteral("homeassistant/sensor/t1/config"),
                                                  &key));
    QCOMPARE(key, QStringLiteral("sensor/t1"));
    QVERIFY(HomeAssistantDiscovery::isConfigTopic(
            QStringLiteral("homeassistant"), QStringLiteral("homeassistant/sensor/n/t1/config"),
            &key));
    QCOMPARE(key, QStringLiteral("sensor/n/t1"));
    QVERIFY(!HomeAssistantDiscovery::isConfigTopic(QStringLiteral("homeassistant"),
                                                   QStringLiteral("homeassistant/sensor/t1/state"),
                                                   &key));
    QVERIFY(!HomeAssistantDiscovery::isConfigTopic(QStringLiteral("homeassistant"),
                                                   QStringLiteral("other/sensor/t1/config"), &key));
    // An empty payload removes the entity.
    Result<HomeAssistantDiscovery::Entity> removal = HomeAssistantDiscovery::parse(
            QStringLiteral("sensor/t1"), QByteArray());
    QVERIFY(removal);
    QVERIFY(removal->mapping.pattern.isEmpty());
}

QTEST_GUILESS_MAIN(tst_PayloadDecoder)
#include "tst_payloaddecoder.moc"
