// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <node.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cairn;

class tst_Node : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonRoundTrip();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void names();
    void times_data();
    void times();
};

void tst_Node::jsonRoundTrip()
{
    Node node;
    node.id = QStringLiteral("01936f5e-8f3a-7abc-8def-0123456789ab");
    node.parent = QStringLiteral("01936f5e-8f3a-7abc-8def-0123456789aa");
    node.kind = QStringLiteral("reading");
    node.name = QStringLiteral("t");
    node.path = QStringList{QStringLiteral("lab"), QStringLiteral("t")};
    node.state = Node::State::Closing;
    node.result = Node::Outcome::Incomplete;
    node.data = QJsonObject{{QStringLiteral("v"), 1.25}};
    node.artifacts = QJsonObject{{QStringLiteral("log"), QStringLiteral("http://x/log")}};
    node.owner = QStringLiteral("bob");
    node.created = Node::timeFromText(u"2026-11-24T05:55:13.123Z");
    node.updated = Node::timeFromText(u"2026-11-24T05:55:14.000Z");
    node.holdoff = Node::timeFromText(u"2026-11-24T06:00:00Z");
    node.revision = 7;

    const QJsonObject json = node.toJson();
    QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("closing"));
    QCOMPARE(json.value(QStringLiteral("created")).toString(),
             QStringLiteral("2026-11-24T05:55:13.123Z"));
    QVERIFY(json.value(QStringLiteral("timeout")).isNull());
    Result<Node> back = Node::fromJson(json);
    QVERIFY(back);
    QCOMPARE(*back, node);

    Node empty;
    const QJsonObject emptyJson = empty.toJson();
    QVERIFY(emptyJson.value(QStringLiteral("result")).isNull());
    QVERIFY(emptyJson.value(QStringLiteral("parent")).isNull());
}

void tst_Node::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown member") << QByteArray(R"({"kind":"a","colour":"red"})") << "colour";
    QTest::newRow("kind not a string") << QByteArray(R"({"kind":3})") << "kind";
    QTest::newRow("bad state") << QByteArray(R"({"state":"sleeping"})") << "state";
    QTest::newRow("bad result") << QByteArray(R"({"result":"maybe"})") << "result";
    QTest::newRow("data not an object") << QByteArray(R"({"data":[1]})") << "data";
    QTest::newRow("artifacts not an object") << QByteArray(R"({"artifacts":"x"})") << "artifacts";
    QTest::newRow("bad time") << QByteArray(R"({"timeout":"tomorrow"})") << "timeout";
    QTest::newRow("fractional revision") << QByteArray(R"({"revision":1.5})") << "revision";
    QTest::newRow("path not a list") << QByteArray(R"({"path":"/a"})") << "path";
}

void tst_Node::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    Result<Node> node = Node::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!node);
    QCOMPARE(node.error().field, field);
    QCOMPARE(node.error().code, Error::Invalid);
    QVERIFY(node.error().toString().startsWith(field + QStringLiteral(": ")));
}

void tst_Node::names()
{
    for (Node::State s :
         {Node::State::Running, Node::State::Available, Node::State::Closing, Node::State::Done})
        QCOMPARE(Node::stateFromName(Node::stateName(s)), s);
    QVERIFY(!Node::stateFromName(u"RUNNING"));
    QCOMPARE(Node::outcomeFromName(u"none"), Node::Outcome::None);
    QCOMPARE(Node::outcomeFromName(u"incomplete"), Node::Outcome::Incomplete);
    QVERIFY(!Node::outcomeFromName(u"passed"));
}

void tst_Node::times_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("stored");
    QTest::newRow("utc") << "2026-11-24T05:55:13.123Z"
                         << "2026-11-24T05:55:13.123Z";
    QTest::newRow("no fraction") << "2026-11-24T05:55:13Z"
                                 << "2026-11-24T05:55:13.000Z";
    QTest::newRow("offset") << "2026-11-24T07:55:13.5+02:00"
                            << "2026-11-24T05:55:13.500Z";
    QTest::newRow("no zone is UTC") << "2026-11-24T05:55:13"
                                    << "2026-11-24T05:55:13.000Z";
    QTest::newRow("garbage") << "yesterday"
                             << "";
}

void tst_Node::times()
{
    QFETCH(QString, text);
    QFETCH(QString, stored);
    QCOMPARE(Node::timeToText(Node::timeFromText(text)), stored);
}

QTEST_GUILESS_MAIN(tst_Node)
#include "tst_node.moc"
