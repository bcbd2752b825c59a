// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <configdocument.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class tst_ConfigDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scalars_data();
    void scalars();
    void structure();
    void parseErrors_data();
    void parseErrors();
    void readers();
    void readerErrors_data();
    void readerErrors();
    void durations_data();
    void durations();
    void loadFile();
};

static ConfigDocument parse(const QByteArray &text)
{
    Result<ConfigDocument> doc = ConfigDocument::parse(text, QStringLiteral("project.yaml"));
    if (!doc)
        qFatal("parse failed: %s", qPrintable(doc.error().toString()));
    return *doc;
}

void tst_ConfigDocument::scalars_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("integer") << QByteArray("v: 42") << QJsonValue(42);
    QTest::newRow("negative real") << QByteArray("v: -1.5") << QJsonValue(-1.5);
    QTest::newRow("exponent") << QByteArray("v: 1e3") << QJsonValue(1000.0);
    QTest::newRow("true") << QByteArray("v: true") << QJsonValue(true);
    QTest::newRow("False") << QByteArray("v: False") << QJsonValue(false);
    QTest::newRow("null") << QByteArray("v: null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("tilde") << QByteArray("v: ~") << QJsonValue(QJsonValue::Null);
    QTest::newRow("empty") << QByteArray("v:") << QJsonValue(QJsonValue::Null);
    QTest::newRow("text") << QByteArray("v: hello world")
                          << QJsonValue(QStringLiteral("hello world"));
    QTest::newRow("quoted number") << QByteArray("v: \"42\"") << QJsonValue(QStringLiteral("42"));
    QTest::newRow("single quoted") << QByteArray("v: 'true'") << QJsonValue(QStringLiteral("true"));
    QTest::newRow("yes stays text") << QByteArray("v: yes") << QJsonValue(QStringLiteral("yes"));
    QTest::newRow("version") << QByteArray("v: 1.2.3") << QJsonValue(QStringLiteral("1.2.3"));
    QTest::newRow("topic") << QByteArray("v: sensors/+/temp")
                           << QJsonValue(QStringLiteral("sensors/+/temp"));
}

void tst_ConfigDocument::scalars()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QJsonValue, value);
    QCOMPARE(parse(yaml).rootValue().toObject().value(QStringLiteral("v")), value);
}

void tst_ConfigDocument::structure()
{
    const ConfigDocument doc = parse(R"(# a project
name: lab
devices:
  - id: st-1
    topics:
      - pattern: weather/+/temp
        type: weather.reading
  - id: st-2
    labels: {room: cellar}
json: {"a": [1, 2]}
)");
    const ConfigNode root = doc.root();
    QCOMPARE(root[QStringLiteral("name")].toString().value(), QStringLiteral("lab"));
    const ConfigNode devices = root[QStringLiteral("devices")];
    QVERIFY(devices.isArray());
    QCOMPARE(devices.size(), 2);
    const ConfigNode pattern = devices.at(0)[QStringLiteral("topics")].at(
            0)[QStringLiteral("pattern")];
    QCOMPARE(pattern.path(), QStringLiteral("devices[0].topics[0].pattern"));
    QCOMPARE(doc.location(pattern.path()), QStringLiteral("project.yaml:6:9"));
    QCOMPARE(doc.location(QStringLiteral("devices[1].labels.room")),
             QStringLiteral("project.yaml:9:14"));
    // A missing value is found at its closest parent.
    QCOMPARE(doc.location(QStringLiteral("devices[1].port")), QStringLiteral("project.yaml:8:5"));
    QCOMPARE(root[QStringLiteral("json")]
                     .value()
                     .toObject()
                     .value(QStringLiteral("a"))
                     .toArray()
                     .size(),
             2);
    QVERIFY(root[QStringLiteral("nothing")].isMissing());
}

void tst_ConfigDocument::parseErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("field");
    QTest::newRow("bad indentation") << QByteArray("a: 1\n b: 2\n") << "project.yaml:2:3"
                                     << "";
    QTest::newRow("unclosed flow") << QByteArray("a: [1, 2\n") << "project.yaml:2:1"
                                   << "";
    QTest::newRow("duplicate key") << QByteArray("a: 1\nb:\n  c: 1\n  c: 2\n") << "project.yaml:4:3"
                                   << "b.c";
    QTest::newRow("tab") << QByteArray("a:\n\t- 1\n") << "project.yaml:2:2"
                         << "";
}

void tst_ConfigDocument::parseErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, location);
    QFETCH(QString, field);
    Result<ConfigDocument> doc = ConfigDocument::parse(yaml, QStringLiteral("project.yaml"));
    QVERIFY(!doc);
    QCOMPARE(doc.error().location, location);
    QCOMPARE(doc.error().field, field);
    QVERIFY(!doc.error().message.isEmpty());
}

void tst_ConfigDocument::readers()
{
    const ConfigNode root = parse(R"(
port: 1883
ratio: 0.5
tls: true
topics: [a, b]
one: single
wait: 30s
mode: queued
)")
                                    .root();
    QCOMPARE(root[QStringLiteral("port")].toInteger(1, 65535).value(), 1883);
    QCOMPARE(root[QStringLiteral("ratio")].toDouble().value(), 0.5);
    QCOMPARE(root[QStringLiteral("tls")].toBool().value(), true);
    QCOMPARE(root[QStringLiteral("topics")].toStringList().value(),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(root[QStringLiteral("one")].toStringList().value(),
             QStringList{QStringLiteral("single")});
    QCOMPARE(root[QStringLiteral("wait")].toDuration().value(), 30s);
    QCOMPARE(root[QStringLiteral("mode")]
                     .toChoice({QStringLiteral("single"), QStringLiteral("queued")})
                     .value(),
             QStringLiteral("queued"));
    // Fallbacks for what is not there.
    QCOMPARE(root[QStringLiteral("missing")].toInteger(0, 10, 7).value(), 7);
    QCOMPARE(root[QStringLiteral("missing")].toDuration(5s).value(), 5s);
    QCOMPARE(root[QStringLiteral("missing")].toString(QStringLiteral("x")).value(),
             QStringLiteral("x"));
    QVERIFY(root.checkKeys({QStringLiteral("port"), QStringLiteral("ratio"), QStringLiteral("tls"),
                            QStringLiteral("topics"), QStringLiteral("one"), QStringLiteral("wait"),
                            QStringLiteral("mode")}));
}

void tst_ConfigDocument::readerErrors_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<QString>("message");
    QTest::newRow("required") << "required"
                              << "project.yaml:1:1: broker.host: is required";
    QTest::newRow("range") << "range"
                           << "project.yaml:3:3: broker.port: must be between 1 and 65535";
    QTest::newRow("whole number")
            << "fraction"
            << "project.yaml:4:3: broker.keepalive: must be a whole number, not a number";
    QTest::newRow("bool") << "bool"
                          << "project.yaml:5:3: broker.tls: must be true or false, not text";
    QTest::newRow("choice")
            << "choice"
            << "project.yaml:6:3: broker.mode: \"fast\" is not one of: single, queued";
    QTest::newRow("unknown key")
            << "keys"
            << "project.yaml:7:3: broker.colour: unknown setting; expected one of: host, port";
    QTest::newRow("list")
            << "list"
            << "project.yaml:8:3: broker.topics: must be a list of text, not a mapping";
    QTest::newRow("object")
            << "object"
            << "project.yaml:3:3: broker.port: must be a mapping of settings, not a number";
}

void tst_ConfigDocument::readerErrors()
{
    QFETCH(QString, which);
    QFETCH(QString, message);
    const ConfigDocument doc = parse(R"(broker:
  name: b
  port: 99999
  keepalive: 2.5
  tls: "yes"
  mode: fast
  colour: red
  topics: {a: 1}
)");
    const ConfigNode broker = doc.root()[QStringLiteral("broker")];
    Error error;
    if (which == QLatin1String("required"))
        error = broker[QStringLiteral("host")].toString().error();
    else if (which == QLatin1String("range"))
        error = broker[QStringLiteral("port")].toInteger(1, 65535).error();
    else if (which == QLatin1String("fraction"))
        error = broker[QStringLiteral("keepalive")].toInteger(0, 100).error();
    else if (which == QLatin1String("bool"))
        error = broker[QStringLiteral("tls")].toBool().error();
    else if (which == QLatin1String("choice"))
        error = broker[QStringLiteral("mode")]
                        .toChoice({QStringLiteral("single"), QStringLiteral("queued")})
                        .error();
    else if (which == QLatin1String("keys"))
        error = broker.checkKeys({QStringLiteral("host"), QStringLiteral("port")}).error();
    else if (which == QLatin1String("list"))
        error = broker[QStringLiteral("topics")].toStringList().error();
    else
        error = broker[QStringLiteral("port")].requireObject().error();
    QCOMPARE(error.toString(), message);
}

void tst_ConfigDocument::durations_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("seconds number") << QByteArray("d: 2") << qint64(2000);
    QTest::newRow("fraction") << QByteArray("d: 0.25") << qint64(250);
    QTest::newRow("ms") << QByteArray("d: 200ms") << qint64(200);
    QTest::newRow("minutes") << QByteArray("d: 5m") << qint64(300000);
    QTest::newRow("hours") << QByteArray("d: 1.5h") << qint64(5400000);
    QTest::newRow("days") << QByteArray("d: 1d") << qint64(86400000);
    QTest::newRow("bad unit") << QByteArray("d: 5 weeks") << qint64(-1);
    QTest::newRow("negative") << QByteArray("d: -3") << qint64(-1);
    QTest::newRow("list") << QByteArray("d: [1]") << qint64(-1);
}

void tst_ConfigDocument::durations()
{
    QFETCH(QByteArray, yaml);
    QFETCH(qint64, ms);
    Result<std::chrono::milliseconds> d = parse(yaml).root()[QStringLiteral("d")].toDuration();
    QCOMPARE(d.ok(), ms >= 0);
    if (ms >= 0)
        QCOMPARE(d->count(), ms);
    else
        QVERIFY(d.error().toString().startsWith(QLatin1String("project.yaml:1:1: d: ")));
}

void tst_ConfigDocument::loadFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.yaml"));
    Result<ConfigDocument> missing = ConfigDocument::load(path);
    QVERIFY(!missing);
    QCOMPARE(missing.error().location, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a:\n  b: [1, 2\n");
    file.close();
    Result<ConfigDocument> broken = ConfigDocument::load(path);
    QVERIFY(!broken);
    QVERIFY(broken.error().toString().startsWith(path + QStringLiteral(":3:1: ")));
}

QTEST_GUILESS_MAIN(tst_ConfigDocument)
#include "tst_configdocument.moc"
