// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include <tokenstore.h>

#include <QJsonArray>
#include <QRegularExpression>
#include <QTest>

using namespace Cairn;
using namespace CairnTest;

namespace {

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QStringList names(const QJsonArray &nodes)
{
    QStringList list;
    for (const QJsonValue &node : nodes)
        list.append(node.toObject().value(QStringLiteral("name")).toString());
    return list;
}

// The log lines of cairn.api, kept while a test runs.
QStringList *capturedLog = nullptr;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (capturedLog && context.category && qstrcmp(context.category, "cairn.api") == 0)
        capturedLog->append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

class tst_ApiServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void roles_data();
    void roles();
    void malformedJson_data();
    void malformedJson();
    void bodyTooLarge();
    void notFoundAndMethod_data();
    void notFoundAndMethod();
    void unsupportedMediaType();
    void nodeLifecycle();
    void staleRevision();
    void nodeQuery();
    void nodeQueryErrors_data();
    void nodeQueryErrors();
    void events();
    void eventErrors();
    void tokens();
    void health();
    void metrics();
    void noSecretsInLog();

private:
    QString tokenFor(const QString &who) const;
    QString createNode(const QString &name, const QJsonObject &data = {},
                       const QString &parent = {});

    std::unique_ptr<ApiTestServer> m_server;
};

void tst_ApiServer::initTestCase()
{
    ApiOptions options;
    options.maxBodyBytes = 4096;
    m_server = std::make_unique<ApiTestServer>(options);
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

QString tst_ApiServer::tokenFor(const QString &who) const
{
    if (who == u"viewer")
        return m_server->viewer;
    if (who == u"operator")
        return m_server->operatorToken;
    if (who == u"admin")
        return m_server->admin;
    if (who == u"revoked")
        return m_server->revoked;
    if (who == u"wrong")
        return QStringLiteral("cairn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    return {};
}

QString tst_ApiServer::createNode(const QString &name, const QJsonObject &data,
                                  const QString &parent)
{
    QJsonObject body{{QStringLiteral("kind"), QStringLiteral("thing")},
                     {QStringLiteral("name"), name},
                     {QStringLiteral("data"), data}};
    if (!parent.isEmpty())
        body.insert(QStringLiteral("parent"), parent);
    const ApiReply reply = m_server->post(QStringLiteral("/api/v1/nodes"), m_server->operatorToken,
                                          body);
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe()));
    return reply.json().value(QStringLiteral("id")).toString();
}

void tst_ApiServer::roles_data()
{
    QTest::addColumn<QString>("who");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("expected");

    struct Route
    {
        const char *name;
        QByteArray method;
        QString path;
        QByteArray body;
        int ok; // the status of a role that may
        ApiToken::Role role;
    };
    const QList<Route> routes = {
            {"read nodes", "GET", QStringLiteral("/api/v1/nodes"), {}, 200, ApiToken::Role::Viewer},
            {"read events",
             "GET",
             QStringLiteral("/api/v1/events"),
             {},
             200,
             ApiToken::Role::Viewer},
            {"read runs", "GET", QStringLiteral("/api/v1/runs"), {}, 200, ApiToken::Role::Viewer},
            {"metrics", "GET", QStringLiteral("/metrics"), {}, 200, ApiToken::Role::Viewer},
            {"openapi",
             "GET",
             QStringLiteral("/api/v1/openapi.json"),
             {},
             200,
             ApiToken::Role::Viewer},
            {"write node", "POST", QStringLiteral("/api/v1/nodes"),
             R"({"kind": "thing", "name": "made-by-role"})", 201, ApiToken::Role::Operator},
            {"publish event", "POST", QStringLiteral("/api/v1/events"),
             R"({"type": "test.role", "data": 1})", 201, ApiToken::Role::Operator},
            {"command device", "POST", QStringLiteral("/api/v1/devices/none/command"), "on", 404,
             ApiToken::Role::Operator},
            {"list tokens",
             "GET",
             QStringLiteral("/api/v1/tokens"),
             {},
             200,
             ApiToken::Role::Admin},
            {"revoke token",
             "DELETE",
             QStringLiteral("/api/v1/tokens/nobody"),
             {},
             404,
             ApiToken::Role::Admin},
    };
    const QList<std::pair<QString, std::optional<ApiToken::Role>>> callers = {
            {QStringLiteral("viewer"), ApiToken::Role::Viewer},
            {QStringLiteral("operator"), ApiToken::Role::Operator},
            {QStringLiteral("admin"), ApiToken::Role::Admin},
            {QStringLiteral("none"), std::nullopt},
            {QStringLiteral("revoked"), std::nullopt},
            {QStringLiteral("wrong"), std::nullopt},
    };
    for (const Route &route : routes) {
        for (const auto &[who, role] : callers) {
            const int expected = !role ? 401 : (int(*role) >= int(route.role) ? route.ok : 403);
            QTest::addRow("%s by %s", route.name, qPrintable(who))
                    << who << route.method << route.path << route.body << expected;
        }
    }
    for (const auto &[who, role] : callers)
        QTest::addRow("health by %s", qPrintable(who))
                << who << QByteArray("GET") << QStringLiteral("/health") << QByteArray() << 200;
}

void tst_ApiServer::roles()
{
    QFETCH(QString, who);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, expected);

    const ApiReply reply = m_server->request(method, path, tokenFor(who), body,
                                             QByteArrayLiteral("application/json"));
    QVERIFY2(reply.status == expected, qPrintable(reply.describe()));
    if (expected >= 400) {
        const QJsonObject error = reply.json();
        QVERIFY2(!error.value(QStringLiteral("error")).toString().isEmpty(),
                 reply.body.constData());
        QVERIFY2(!error.value(QStringLiteral("message")).toString().isEmpty(),
                 reply.body.constData());
    }
    if (expected == 401)
        QVERIFY(reply.header("WWW-Authenticate").startsWith("Bearer"));
}

void tst_ApiServer::malformedJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("line");

    QTest::newRow("missing value") << QByteArray(R"({"kind": })") << 10 << 1;
    QTest::newRow("second line") << QByteArray("{\"kind\": \"x\",\n \"name\" \"y\"}") << 23 << 2;
    QTest::newRow("truncated") << QByteArray(R"({"kind": "x")") << 12 << 1;
}

void tst_ApiServer::malformedJson()
{
    QFETCH(QByteArray, body);
    QFETCH(int, offset);
    QFETCH(int, line);

    const ApiReply reply = m_server->request(QByteArrayLiteral("POST"),
                                             QStringLiteral("/api/v1/nodes"),
                                             m_server->operatorToken, body);
    QCOMPARE(reply.status, 400);
    const QJsonObject error = reply.json();
    QCOMPARE(error.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_json"));
    QCOMPARE(error.value(QStringLiteral("offset")).toInt(), offset);
    QCOMPARE(error.value(QStringLiteral("line")).toInt(), line);
    QVERIFY2(error.value(QStringLiteral("message")).toString().contains(QString::number(offset)),
             reply.body.constData());
}

void tst_ApiServer::bodyTooLarge()
{
    // The limit of this server is 4096 bytes.
    QJsonObject body{
            {QStringLiteral("kind"), QStringLiteral("thing")},
            {QStringLiteral("name"), QStringLiteral("big")},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("blob"), QString(5000, u'x')}}}};
    ApiReply reply = m_server->post(QStringLiteral("/api/v1/nodes"), m_server->operatorToken, body);
    QCOMPARE(reply.status, 413);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("payload_too_large"));
    // Nothing was made of it.
    reply = m_server->get(QStringLiteral("/api/v1/nodes?name=big"), m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("total")).toInt(), 0);
}

void tst_ApiServer::notFoundAndMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("expected");
    QTest::addColumn<QByteArray>("allow");

    QTest::newRow("unknown path") << QByteArray("GET") << QStringLiteral("/api/v1/nothing") << 404
                                  << QByteArray();
    QTest::newRow("unknown node") << QByteArray(
            "GET") << QStringLiteral("/api/v1/nodes/0190a000-0000-7000-8000-000000000000")
                                  << 404 << QByteArray();
    QTest::newRow("unknown run") << QByteArray("GET") << QStringLiteral("/api/v1/runs/nope") << 404
                                 << QByteArray();
    QTest::newRow("unknown pipeline")
            << QByteArray("GET") << QStringLiteral("/api/v1/pipelines/nope") << 404 << QByteArray();
    QTest::newRow("delete the collection")
            << QByteArray("DELETE") << QStringLiteral("/api/v1/nodes") << 405
            << QByteArray("GET, POST");
    QTest::newRow("post to a node") << QByteArray("POST") << QStringLiteral("/api/v1/nodes/x")
                                    << 405 << QByteArray("GET, PUT, PATCH, DELETE");
    QTest::newRow("put events") << QByteArray("PUT") << QStringLiteral("/api/v1/events") << 405
                                << QByteArray("GET, POST");
    QTest::newRow("get a cancel") << QByteArray("GET") << QStringLiteral("/api/v1/runs/x/cancel")
                                  << 405 << QByteArray("POST");
    QTest::newRow("stream without upgrade")
            << QByteArray("GET") << QStringLiteral("/api/v1/events/stream") << 426 << QByteArray();
}

void tst_ApiServer::notFoundAndMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, expected);
    QFETCH(QByteArray, allow);

    const ApiReply reply = m_server->request(method, path, m_server->admin);
    QVERIFY2(reply.status == expected, qPrintable(reply.describe()));
    QCOMPARE(reply.header("Allow"), allow);
    QVERIFY(!reply.json().value(QStringLiteral("error")).toString().isEmpty());
}

void tst_ApiServer::unsupportedMediaType()
{
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("POST"), QStringLiteral("/api/v1/nodes"), m_server->operatorToken,
            "kind=thing&name=x", QByteArrayLiteral("application/x-www-form-urlencoded"));
    QCOMPARE(reply.status, 415);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(),
             QStringLiteral("unsupported_media_type"));
}

void tst_ApiServer::nodeLifecycle()
{
    const QString root = createNode(QStringLiteral("site"),
                                    {{QStringLiteral("city"), QStringLiteral("Oslo")}});
    QVERIFY(!root.isEmpty());
    const QString child = createNode(QStringLiteral("sensor"), {}, root);
    const QString grandchild = createNode(QStringLiteral("probe"), {}, child);
    QVERIFY(!grandchild.isEmpty());

    ApiReply reply = m_server->get(QStringLiteral("/api/v1/nodes/") + child, m_server->viewer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("path")).toArray(),
             (QJsonArray{QStringLiteral("site"), QStringLiteral("sensor")}));

    reply = m_server->get(QStringLiteral("/api/v1/nodes/%1/subtree").arg(root), m_server->viewer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(names(reply.json().value(QStringLiteral("items")).toArray()),
             (QStringList{QStringLiteral("site"), QStringLiteral("sensor"),
                          QStringLiteral("probe")}));
    reply = m_server->get(QStringLiteral("/api/v1/nodes/%1/subtree?depth=1").arg(root),
                          m_server->viewer);
    QCOMPARE(names(reply.json().value(QStringLiteral("items")).toArray()),
             (QStringList{QStringLiteral("site"), QStringLiteral("sensor")}));
    reply = m_server->get(QStringLiteral("/api/v1/nodes/%1/subtree?depth=x").arg(root),
                          m_server->viewer);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("depth"));

    // PATCH merges: one key of data changes, the other stays; null removes one.
    reply = m_server->request(
            QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/nodes/") + root,
            m_server->operatorToken,
            json({{QStringLiteral("revision"), 1},
                  {QStringLiteral("data"),
                   QJsonObject{{QStringLiteral("country"), QStringLiteral("NO")}}}}));
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("revision")).toInt(), 2);
    QCOMPARE(reply.json().value(QStringLiteral("data")).toObject(),
             (QJsonObject{{QStringLiteral("city"), QStringLiteral("Oslo")},
                          {QStringLiteral("country"), QStringLiteral("NO")}}));
    reply = m_server->request(
            QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/nodes/") + root,
            m_server->operatorToken,
            json({{QStringLiteral("revision"), 2},
                  {QStringLiteral("data"), QJsonObject{{QStringLiteral("city"), QJsonValue()}}}}),
            QByteArrayLiteral("application/merge-patch+json"));
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("data")).toObject(),
             (QJsonObject{{QStringLiteral("country"), QStringLiteral("NO")}}));

    // PUT replaces what may change: data not given is data no more.
    reply = m_server->request(QByteArrayLiteral("PUT"), QStringLiteral("/api/v1/nodes/") + root,
                              m_server->operatorToken,
                              json({{QStringLiteral("revision"), 3},
                                    {QStringLiteral("state"), QStringLiteral("done")},
                                    {QStringLiteral("result"), QStringLiteral("pass")}}));
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(reply.json().value(QStringLiteral("data")).toObject(), QJsonObject());

    // Fields that cannot change are named.
    reply = m_server->request(QByteArrayLiteral("PUT"), QStringLiteral("/api/v1/nodes/") + child,
                              m_server->operatorToken,
                              json({{QStringLiteral("revision"), 1},
                                    {QStringLiteral("kind"), QStringLiteral("other")}}));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("kind"));
    // A write needs the revision it was made on.
    reply = m_server->request(QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/nodes/") + child,
                              m_server->operatorToken,
                              json({{QStringLiteral("owner"), QStringLiteral("me")}}));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("revision"));
    // An unknown field is refused by name.
    reply = m_server->post(QStringLiteral("/api/v1/nodes"), m_server->operatorToken,
                           {{QStringLiteral("kind"), QStringLiteral("thing")},
                            {QStringLiteral("name"), QStringLiteral("x")},
                            {QStringLiteral("colour"), QStringLiteral("red")}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("colour"));

    reply = m_server->request(QByteArrayLiteral("DELETE"), QStringLiteral("/api/v1/nodes/") + child,
                              m_server->operatorToken);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("deleted")).toInt(), 2);
    reply = m_server->get(QStringLiteral("/api/v1/nodes/") + grandchild, m_server->viewer);
    QCOMPARE(reply.status, 404);
    reply = m_server->request(QByteArrayLiteral("DELETE"), QStringLiteral("/api/v1/nodes/") + child,
                              m_server->operatorToken);
    QCOMPARE(reply.status, 404);
}

void tst_ApiServer::staleRevision()
{
    const QString id = createNode(QStringLiteral("contended"));
    const QJsonObject first{{QStringLiteral("revision"), 1},
                            {QStringLiteral("owner"), QStringLiteral("alice")}};
    const QJsonObject second{{QStringLiteral("revision"), 1},
                             {QStringLiteral("owner"), QStringLiteral("bob")}};
    ApiReply reply = m_server->request(QByteArrayLiteral("PATCH"),
                                       QStringLiteral("/api/v1/nodes/") + id,
                                       m_server->operatorToken, json(first));
    QCOMPARE(reply.status, 200);
    reply = m_server->request(QByteArrayLiteral("PATCH"), QStringLiteral("/api/v1/nodes/") + id,
                              m_server->operatorToken, json(second));
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("conflict"));
    reply = m_server->request(QByteArrayLiteral("PUT"), QStringLiteral("/api/v1/nodes/") + id,
                              m_server->operatorToken, json(second));
    QCOMPARE(reply.status, 409);
    reply = m_server->get(QStringLiteral("/api/v1/nodes/") + id, m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("owner")).toString(), QStringLiteral("alice"));
    QCOMPARE(reply.json().value(QStringLiteral("revision")).toInt(), 2);
}

void tst_ApiServer::nodeQuery()
{
    const QString parent = createNode(QStringLiteral("readings"));
    for (int i = 0; i < 12; ++i)
        QVERIFY(!createNode(QStringLiteral("r%1").arg(i, 2, 10, QLatin1Char('0')),
                            {{QStringLiteral("temp"), 15 + i},
                             {QStringLiteral("room"),
                              i % 2 ? QStringLiteral("hall") : QStringLiteral("lab")}},
                            parent)
                         .isEmpty());

    ApiReply reply = m_server->get(
            QStringLiteral(
                    "/api/v1/nodes?parent=%1&data.temp__gte=20&data.room=lab&sort=-name&limit=2")
                    .arg(parent),
            m_server->viewer);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QJsonObject page = reply.json();
    // temp 20..26 in the lab: r06 (21? no) - the even ones from r05 on: r06, r08, r10.
    QCOMPARE(page.value(QStringLiteral("total")).toInt(), 3);
    QCOMPARE(page.value(QStringLiteral("limit")).toInt(), 2);
    QCOMPARE(names(page.value(QStringLiteral("items")).toArray()),
             (QStringList{QStringLiteral("r10"), QStringLiteral("r08")}));

    reply = m_server->get(
            QStringLiteral(
                    "/api/v1/"
                    "nodes?parent=%1&data.temp__gte=20&data.room=lab&sort=-name&limit=2&offset=2")
                    .arg(parent),
            m_server->viewer);
    page = reply.json();
    QCOMPARE(page.value(QStringLiteral("offset")).toInt(), 2);
    QCOMPARE(names(page.value(QStringLiteral("items")).toArray()),
             QStringList{QStringLiteral("r06")});

    reply = m_server->get(QStringLiteral("/api/v1/nodes?name__in=r01,r03&sort=name"),
                          m_server->viewer);
    QCOMPARE(names(reply.json().value(QStringLiteral("items")).toArray()),
             (QStringList{QStringLiteral("r01"), QStringLiteral("r03")}));
    // Percent-encoded values arrive decoded.
    reply = m_server->get(QStringLiteral("/api/v1/nodes?name__re=%5Er1%5B01%5D%24&sort=name"),
                          m_server->viewer);
    QCOMPARE(names(reply.json().value(QStringLiteral("items")).toArray()),
             (QStringList{QStringLiteral("r10"), QStringLiteral("r11")}));
}

void tst_ApiServer::nodeQueryErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown field") << QStringLiteral("colour=red") << QStringLiteral("colour");
    QTest::newRow("unknown operator")
            << QStringLiteral("name__like=x") << QStringLiteral("name__like");
    QTest::newRow("bad limit") << QStringLiteral("limit=many") << QStringLiteral("limit");
    QTest::newRow("bad sort") << QStringLiteral("sort=colour") << QStringLiteral("sort");
}

void tst_ApiServer::nodeQueryErrors()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/nodes?") + query,
                                         m_server->viewer);
    QVERIFY2(reply.status == 422, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
}

void tst_ApiServer::events()
{
    const Result<qint64> start = m_server->bus().lastSequence();
    QVERIFY(start);
    QList<qint64> sequences;
    for (int i = 0; i < 5; ++i) {
        const ApiReply reply = m_server->post(
                QStringLiteral("/api/v1/events"), m_server->operatorToken,
                {{QStringLiteral("type"),
                  i % 2 ? QStringLiteral("demo.odd") : QStringLiteral("demo.even")},
                 {QStringLiteral("subject"), QStringLiteral("s%1").arg(i)},
                 {QStringLiteral("data"), QJsonObject{{QStringLiteral("n"), i}}}});
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        const QJsonObject event = reply.json();
        QCOMPARE(event.value(QStringLiteral("specversion")).toString(), QStringLiteral("1.0"));
        QVERIFY(event.value(QStringLiteral("source")).toString().endsWith(QStringLiteral("/api")));
        sequences.append(event.value(QStringLiteral("sequence")).toString().toLongLong());
    }

    ApiReply reply = m_server->get(
            QStringLiteral("/api/v1/events?since=%1&type=demo.*").arg(*start), m_server->viewer);
    QCOMPARE(reply.status, 200);
    QJsonArray items = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 5);
    QCOMPARE(reply.json().value(QStringLiteral("next_since")).toInteger(), sequences.last());

    // since is exclusive; the filter terms combine.
    reply = m_server->get(QStringLiteral("/api/v1/events?since=%1&type=demo.even&data.n__gte=2")
                                  .arg(sequences.at(0)),
                          m_server->viewer);
    items = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("subject")).toString(),
             QStringLiteral("s2"));
    QCOMPARE(items.at(1).toObject().value(QStringLiteral("subject")).toString(),
             QStringLiteral("s4"));

    reply = m_server->get(QStringLiteral("/api/v1/events?since=%1&subject=s3").arg(*start),
                          m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("items")).toArray().size(), 1);
    reply = m_server->get(QStringLiteral("/api/v1/events?since=%1&limit=2&type=demo.*").arg(*start),
                          m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("items")).toArray().size(), 2);
    QCOMPARE(reply.json().value(QStringLiteral("next_since")).toInteger(), sequences.at(1));
    // Whatever the page, the newest event's sequence.
    QCOMPARE(reply.json().value(QStringLiteral("last_sequence")).toInteger(), sequences.last());
}

void tst_ApiServer::eventErrors()
{
    ApiReply reply = m_server->post(QStringLiteral("/api/v1/events"), m_server->operatorToken,
                                    {{QStringLiteral("data"), 1}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("type"));
    reply = m_server->post(QStringLiteral("/api/v1/events"), m_server->operatorToken,
                           {{QStringLiteral("type"), QStringLiteral("x.y")},
                            {QStringLiteral("specversion"), QStringLiteral("0.3")}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("specversion"));
    reply = m_server->get(QStringLiteral("/api/v1/events?since=-1"), m_server->viewer);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("since"));
    reply = m_server->get(QStringLiteral("/api/v1/events?limit=0"), m_server->viewer);
    QCOMPARE(reply.status, 422);
    // The same id twice is a conflict.
    const QJsonObject event{{QStringLiteral("type"), QStringLiteral("x.y")},
                            {QStringLiteral("id"), QStringLiteral("fixed-id-1")}};
    QCOMPARE(
            m_server->post(QStringLiteral("/api/v1/events"), m_server->operatorToken, event).status,
            201);
    QCOMPARE(
            m_server->post(QStringLiteral("/api/v1/events"), m_server->operatorToken, event).status,
            409);
}

void tst_ApiServer::tokens()
{
    ApiReply reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                                    {{QStringLiteral("name"), QStringLiteral("ci-bot")},
                                     {QStringLiteral("role"), QStringLiteral("operator")},
                                     {QStringLiteral("priority"), 3},
                                     {QStringLiteral("queue_size"), 20}});
    QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
    const QString secret = reply.json().value(QStringLiteral("token")).toString();
    const QString id = reply.json().value(QStringLiteral("id")).toString();
    QVERIFY(QRegularExpression(QStringLiteral("^cairn_[A-Za-z0-9_-]{43}$"))
                    .match(secret)
                    .hasMatch());
    QCOMPARE(reply.json().value(QStringLiteral("client")).toObject(),
             (QJsonObject{{QStringLiteral("priority"), 3}, {QStringLiteral("queue_size"), 20}}));

    // The new token works, with its role.
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/nodes"), secret).status, 200);
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/tokens"), secret).status, 403);

    // Listed without any secret or hash.
    reply = m_server->get(QStringLiteral("/api/v1/tokens"), m_server->admin);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.body.contains(secret.toUtf8()));
    QVERIFY(!reply.body.contains(TokenStore::hash(secret)));
    QStringList listed;
    for (const QJsonValue &token : reply.json().value(QStringLiteral("items")).toArray())
        listed.append(token.toObject().value(QStringLiteral("name")).toString());
    QVERIFY(listed.contains(QStringLiteral("ci-bot")));
    QVERIFY(listed.contains(QStringLiteral("revoked")));

    // A second valid token of the same name is refused; bad roles and names are named.
    reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                           {{QStringLiteral("name"), QStringLiteral("ci-bot")},
                            {QStringLiteral("role"), QStringLiteral("viewer")}});
    QCOMPARE(reply.status, 409);
    reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                           {{QStringLiteral("name"), QStringLiteral("x")},
                            {QStringLiteral("role"), QStringLiteral("root")}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("role"));
    reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                           {{QStringLiteral("name"), QStringLiteral("no spaces")},
                            {QStringLiteral("role"), QStringLiteral("viewer")}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("name"));

    // Revoked by id: refused from then on.
    reply = m_server->request(QByteArrayLiteral("DELETE"), QStringLiteral("/api/v1/tokens/") + id,
                              m_server->admin);
    QCOMPARE(reply.status, 200);
    QVERIFY(!reply.json().value(QStringLiteral("revoked")).isNull());
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/nodes"), secret).status, 401);
    // Its name is free again.
    reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                           {{QStringLiteral("name"), QStringLiteral("ci-bot")},
                            {QStringLiteral("role"), QStringLiteral("viewer")}});
    QCOMPARE(reply.status, 201);
}

void tst_ApiServer::health()
{
    const ApiReply reply = m_server->get(QStringLiteral("/health"), QString());
    QCOMPARE(reply.status, 200);
    const QJsonObject health = reply.json();
    QCOMPARE(health.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QCOMPARE(health.value(QStringLiteral("version")).toString(), ApiServer::version());
    QCOMPARE(health.value(QStringLiteral("database")).toObject().value(QStringLiteral("reachable")),
             QJsonValue(true));
}

void tst_ApiServer::metrics()
{
    // Some traffic of known statuses first, and an event.
    QVERIFY(m_server->bus().publish(QStringLiteral("metrics.test"), {}, 1));
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/nodes"), QString()).status, 401);
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/nope"), m_server->viewer).status, 404);
    m_server->api().setMqttConnected(true);

    const ApiReply reply = m_server->get(QStringLiteral("/metrics"), m_server->viewer);
    QCOMPARE(reply.status, 200);
    QVERIFY(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"));
    const QString text = QString::fromUtf8(reply.body);

    // Every line is a comment or "name{labels} value", and every family is typed before use.
    static const QRegularExpression sample(
            QStringLiteral("^([a-z_]+)(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? "
                           "(-?[0-9]+(\\.[0-9]+)?)$"));
    static const QRegularExpression typeLine(QStringLiteral("^# TYPE ([a-z_]+) (counter|gauge)$"));
    QSet<QString> typed;
    QHash<QString, double> values;
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.startsWith(QStringLiteral("# HELP ")))
            continue;
        if (const QRegularExpressionMatch type = typeLine.match(line); type.hasMatch()) {
            typed.insert(type.captured(1));
            continue;
        }
        const QRegularExpressionMatch match = sample.match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY2(typed.contains(match.captured(1)), qPrintable(line));
        values.insert(match.captured(1) + match.captured(2), match.captured(4).toDouble());
    }
    for (const char *state : {"READY", "IN_PROGRESS", "DONE", "CANCELLED", "ERROR"})
        QVERIFY2(values.contains(
                         QStringLiteral("cairn_jobs{state=\"%1\"}").arg(QLatin1String(state))),
                 qPrintable(text));
    for (const char *name :
         {"cairn_jobs_started_total", "cairn_jobs_finished_total", "cairn_jobs_failed_total",
          "cairn_events_total", "cairn_events_per_second"})
        QVERIFY2(values.contains(QLatin1String(name)), name);
    QCOMPARE(values.value(QStringLiteral("cairn_mqtt_connected")), 1.0);
    QVERIFY(values.value(QStringLiteral("cairn_http_requests_total{status=\"401\"}")) >= 1);
    QVERIFY(values.value(QStringLiteral("cairn_http_requests_total{status=\"404\"}")) >= 1);
    QVERIFY(values.value(QStringLiteral("cairn_http_requests_total{status=\"200\"}")) >= 1);
    const Result<qint64> last = m_server->bus().lastSequence();
    QVERIFY(last);
    QCOMPARE(values.value(QStringLiteral("cairn_events_total")), double(*last));
    // Events were published within the last minute.
    QVERIFY(values.value(QStringLiteral("cairn_events_per_second")) > 0);
}

void tst_ApiServer::noSecretsInLog()
{
    QStringList lines;
    capturedLog = &lines;
    previousHandler = qInstallMessageHandler(captureMessage);
    const QString secret = m_server->viewer;
    m_server->get(QStringLiteral("/api/v1/nodes?kind=secret-query-value"), secret);
    m_server->get(QStringLiteral("/api/v1/nodes"), QStringLiteral("cairn_wrongwrongwrong"));
    ApiReply created = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                                      {{QStringLiteral("name"), QStringLiteral("logged")},
                                       {QStringLiteral("role"), QStringLiteral("viewer")}});
    qInstallMessageHandler(previousHandler);
    capturedLog = nullptr;

    QCOMPARE(created.status, 201);
    const QString newSecret = created.json().value(QStringLiteral("token")).toString();
    QVERIFY(lines.size() >= 3);
    bool sawPath = false;
    for (const QString &line : std::as_const(lines)) {
        QVERIFY2(!line.contains(secret), qPrintable(line));
        QVERIFY2(!line.contains(newSecret), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("wrongwrong")), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("secret-query-value")), qPrintable(line));
        if (line.startsWith(QStringLiteral("GET /api/v1/nodes 200")))
            sawPath = true;
    }
    QVERIFY2(sawPath, qPrintable(lines.join(u'\n')));
}

QTEST_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
