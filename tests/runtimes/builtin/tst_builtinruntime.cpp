// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <builtinruntime.h>
#include <database.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <freeport.h>
#include <jsonschema.h>
#include <mosquittoserver.h>
#include <mqttclient.h>
#include <nodestore.h>

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <utility>
#include <vector>

using namespace Cairn;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(Cairn::JobOutcome)

// The builtin kinds against the real things: a QHttpServer, SQLite and mosquitto on loopback.
class tst_BuiltinRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void schemas();
    void unknownKind();

    void httpStatus_data();
    void httpStatus();
    void httpPostBody();
    void httpRefused();
    void httpRequestTimeout();
    void httpJobTimeout();
    void httpCancel();

    void nodeCreate();
    void nodeCreateBadNode();

    void mqttTopic();
    void mqttDevice();
    void mqttUnknownDevice();
    void mqttNoBroker();
    void mqttNoAcknowledgement();

private:
    QUrl url(const QString &path) const;
    JobSpec spec(const QString &kind, const QJsonObject &params) const;
    // Starts spec and waits for its outcome, checking finished() comes exactly once.
    JobOutcome run(const JobSpec &spec, RuntimeJob **started = nullptr);
    MqttOptions options(const QString &clientId) const;
    QByteArray log() const;

    CairnTest::MosquittoServer m_broker;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<QHttpServer> m_server;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_hanging;
    quint16 m_port = 0;
    QByteArray m_received; // the last body the server got
    QByteArray m_receivedMethod;
    QByteArray m_receivedHeader;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<BuiltinRuntime> m_runtime;
    QString m_runId;
    QStringList m_problems; // what run() saw go wrong, checked in cleanup()
    int m_round = 0;
};

void tst_BuiltinRuntime::initTestCase()
{
    qRegisterMetaType<JobOutcome>();
    QVERIFY2(m_broker.start(), qPrintable(m_broker.errorString()));
}

void tst_BuiltinRuntime::init()
{
    ++m_round;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("c.db"))));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_store = std::make_unique<NodeStore>(*m_db);
    Node runNode;
    runNode.kind = QStringLiteral("run");
    runNode.name = QStringLiteral("run-%1").arg(m_round);
    Result<Node> created = m_store->create(runNode);
    QVERIFY(created);
    m_runId = created->id;

    m_server = std::make_unique<QHttpServer>();
    m_server->route(QStringLiteral("/ok"), [] {
        return QHttpServerResponse(QJsonObject{{QStringLiteral("answer"), 42}});
    });
    m_server->route(QStringLiteral("/text"), [] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("hello"));
    });
    m_server->route(QStringLiteral("/broken"), [] {
        return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), 1}},
                                   QHttpServerResponder::StatusCode::InternalServerError);
    });
    m_server->route(QStringLiteral("/created"),
                    [] { return QHttpServerResponse(QHttpServerResponder::StatusCode::Created); });
    m_server->route(QStringLiteral("/echo"), [this](const QHttpServerRequest &request) {
        m_received = request.body();
        m_receivedHeader = request.value("X-Token");
        switch (request.method()) {
        case QHttpServerRequest::Method::Post:
            m_receivedMethod = "POST";
            break;
        case QHttpServerRequest::Method::Put:
            m_receivedMethod = "PUT";
            break;
        default:
            m_receivedMethod = "OTHER";
            break;
        }
        return QHttpServerResponse(QJsonObject{{QStringLiteral("got"), true}});
    });
    m_server->route(QStringLiteral("/hang"),
                    [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                        // Never answered: kept until the server goes.
                        m_hanging.push_back(
                                std::make_unique<QHttpServerResponder>(std::move(responder)));
                    });
    m_port = 0;
    for (int attempt = 0; attempt < 5 && m_port == 0; ++attempt)
        m_port = m_server->listen(QHostAddress::LocalHost, CairnTest::freePort());
    QVERIFY(m_port != 0);

    m_network = std::make_unique<QNetworkAccessManager>();
    m_runtime = std::make_unique<BuiltinRuntime>(*m_store, nullptr, nullptr, m_network.get());
}

void tst_BuiltinRuntime::cleanup()
{
    m_runtime.reset();
    m_network.reset();
    m_hanging.clear();
    m_server.reset();
    m_store.reset();
    m_bus.reset();
    m_db.reset();
    m_dir.reset();
    const QStringList problems = std::exchange(m_problems, {});
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u"; ")));
}

QUrl tst_BuiltinRuntime::url(const QString &path) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    return url;
}

JobSpec tst_BuiltinRuntime::spec(const QString &kind, const QJsonObject &params) const
{
    JobSpec spec;
    spec.jobId = QStringLiteral("job-%1").arg(m_round);
    spec.runId = m_runId;
    spec.name = QStringLiteral("step");
    spec.kind = kind;
    spec.params = params;
    spec.workDir = m_dir->path();
    spec.logPath = m_dir->filePath(QStringLiteral("logs/job.log"));
    return spec;
}

JobOutcome tst_BuiltinRuntime::run(const JobSpec &spec, RuntimeJob **started)
{
    Result<RuntimeJob *> job = m_runtime->start(spec, this);
    if (!job) {
        m_problems.append(QStringLiteral("start failed: ") + job.error().toString());
        return {};
    }
    RuntimeJob *j = *job;
    QSignalSpy finished(j, &RuntimeJob::finished);
    // Queued: nothing may come from inside start().
    if (!finished.isEmpty())
        m_problems.append(QStringLiteral("finished() from inside start()"));
    if (started)
        *started = j;
    if (!finished.wait(15000)) {
        m_problems.append(QStringLiteral("no finished() within 15 s"));
        return {};
    }
    QTest::qWait(50); // a second finished() would come by now
    if (finished.size() != 1)
        m_problems.append(QStringLiteral("finished() came %1 times").arg(finished.size()));
    const JobOutcome outcome = finished.first().first().value<JobOutcome>();
    j->deleteLater();
    return outcome;
}

MqttOptions tst_BuiltinRuntime::options(const QString &clientId) const
{
    MqttOptions o;
    o.host = QStringLiteral("127.0.0.1");
    o.port = m_broker.port();
    o.clientId = clientId;
    o.cleanSession = true;
    o.minReconnectDelay = 100ms;
    return o;
}

QByteArray tst_BuiltinRuntime::log() const
{
    QFile file(m_dir->filePath(QStringLiteral("logs/job.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_BuiltinRuntime::schemas()
{
    QCOMPARE(m_runtime->name(), QStringLiteral("builtin"));
    QCOMPARE(m_runtime->capacity(), 64);
    const QList<JobKind> kinds = m_runtime->kinds();
    QStringList names;
    for (const JobKind &kind : kinds) {
        names.append(kind.name);
        QCOMPARE(kind.version, QStringLiteral("1.0.0"));
        const Status checked = JsonSchema::check(kind.schema);
        QVERIFY2(checked,
                 qPrintable(kind.name + QStringLiteral(": ")
                            + (checked ? QString() : checked.error().toString())));
        QVERIFY(!kind.description.isEmpty());
    }
    QCOMPARE(names,
             (QStringList{QStringLiteral("mqtt.publish"), QStringLiteral("http.request"),
                          QStringLiteral("node.create")}));

    // Valid params pass, wrong ones are caught before anything runs.
    const JsonSchema http(kinds.at(1).schema);
    QVERIFY(http.validate(QJsonObject{{QStringLiteral("url"), QStringLiteral("http://x/")},
                                      {QStringLiteral("method"), QStringLiteral("POST")},
                                      {QStringLiteral("body"), QJsonArray{1, 2}},
                                      {QStringLiteral("expect"), QJsonArray{200, 404}}}));
    QVERIFY(!http.validate(QJsonObject{{QStringLiteral("url"), QStringLiteral("http://x/")},
                                       {QStringLiteral("method"), QStringLiteral("TRACE")}}));
    const JsonSchema mqtt(kinds.at(0).schema);
    QVERIFY(mqtt.validate(QJsonObject{{QStringLiteral("topic"), QStringLiteral("a/b")},
                                      {QStringLiteral("payload"), 3},
                                      {QStringLiteral("qos"), 2}}));
    QVERIFY(!mqtt.validate(QJsonObject{{QStringLiteral("topic"), QStringLiteral("a/b")},
                                       {QStringLiteral("qos"), 3}}));
    const JsonSchema node(kinds.at(2).schema);
    QVERIFY(!node.validate(QJsonObject{{QStringLiteral("kind"), QStringLiteral("report")}}));
}

void tst_BuiltinRuntime::unknownKind()
{
    QVERIFY(!m_runtime->start(spec(QStringLiteral("process"), {}), this));
    QVERIFY(!m_runtime->start(spec(QStringLiteral("http.request"),
                                   {{QStringLiteral("url"), QStringLiteral("ftp://x/")}}),
                              this));
    QVERIFY(!m_runtime->start(spec(QStringLiteral("mqtt.publish"), {}), this));
}

void tst_BuiltinRuntime::httpStatus_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonArray>("expect");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("outcome");

    QTest::newRow("200") << QStringLiteral("/ok") << QJsonArray() << 200 << int(JobOutcome::Passed);
    QTest::newRow("201") << QStringLiteral("/created") << QJsonArray() << 201
                         << int(JobOutcome::Passed);
    QTest::newRow("500") << QStringLiteral("/broken") << QJsonArray() << 500
                         << int(JobOutcome::Failed);
    QTest::newRow("404") << QStringLiteral("/nowhere") << QJsonArray() << 404
                         << int(JobOutcome::Failed);
    QTest::newRow("404 expected") << QStringLiteral("/nowhere") << QJsonArray{404, 410} << 404
                                  << int(JobOutcome::Passed);
    QTest::newRow("200 unexpected")
            << QStringLiteral("/ok") << QJsonArray{201} << 200 << int(JobOutcome::Failed);
    QTest::newRow("text") << QStringLiteral("/text") << QJsonArray() << 200
                          << int(JobOutcome::Passed);
}

void tst_BuiltinRuntime::httpStatus()
{
    QFETCH(QString, path);
    QFETCH(QJsonArray, expect);
    QFETCH(int, status);
    QFETCH(int, outcome);

    QJsonObject params{{QStringLiteral("url"), url(path).toString()}};
    if (!expect.isEmpty())
        params.insert(QStringLiteral("expect"), expect);
    const JobOutcome result = run(spec(QStringLiteral("http.request"), params));
    QCOMPARE(int(result.status), outcome);
    QCOMPARE(result.data.value(QStringLiteral("status")).toInt(), status);
    if (outcome == JobOutcome::Failed)
        QCOMPARE(result.message, QStringLiteral("HTTP %1").arg(status));
    if (path == QStringLiteral("/ok"))
        QCOMPARE(result.data.value(QStringLiteral("body")).toObject(),
                 (QJsonObject{{QStringLiteral("answer"), 42}}));
    if (path == QStringLiteral("/text")) {
        QCOMPARE(result.data.value(QStringLiteral("body")).toString(), QStringLiteral("hello"));
        QVERIFY(log().contains("hello"));
    }
    QVERIFY(log().contains(QByteArray("HTTP " + QByteArray::number(status))));
}

void tst_BuiltinRuntime::httpPostBody()
{
    const QJsonObject body{{QStringLiteral("temperature"), 21.5},
                           {QStringLiteral("unit"), QStringLiteral("C")}};
    const JobOutcome result = run(
            spec(QStringLiteral("http.request"),
                 {{QStringLiteral("url"), url(QStringLiteral("/echo")).toString()},
                  {QStringLiteral("method"), QStringLiteral("POST")},
                  {QStringLiteral("headers"),
                   QJsonObject{{QStringLiteral("X-Token"), QStringLiteral("secret")}}},
                  {QStringLiteral("body"), body}}));
    QCOMPARE(result.status, JobOutcome::Passed);
    QCOMPARE(m_receivedMethod, QByteArray("POST"));
    QCOMPARE(m_receivedHeader, QByteArray("secret"));
    QCOMPARE(QJsonDocument::fromJson(m_received).object(), body);
    QCOMPARE(result.data.value(QStringLiteral("body")).toObject(),
             (QJsonObject{{QStringLiteral("got"), true}}));
}

void tst_BuiltinRuntime::httpRefused()
{
    QUrl closed = url(QStringLiteral("/ok"));
    closed.setPort(CairnTest::freePort());
    const JobOutcome result = run(
            spec(QStringLiteral("http.request"), {{QStringLiteral("url"), closed.toString()}}));
    QCOMPARE(result.status, JobOutcome::Error);
    QVERIFY(!result.data.contains(QStringLiteral("status")));
    QVERIFY(!result.message.isEmpty());
}

void tst_BuiltinRuntime::httpRequestTimeout()
{
    const JobOutcome result = run(
            spec(QStringLiteral("http.request"),
                 {{QStringLiteral("url"), url(QStringLiteral("/hang")).toString()},
                  {QStringLiteral("timeout_ms"), 200}}));
    QCOMPARE(result.status, JobOutcome::TimedOut);
}

void tst_BuiltinRuntime::httpJobTimeout()
{
    JobSpec s = spec(QStringLiteral("http.request"),
                     {{QStringLiteral("url"), url(QStringLiteral("/hang")).toString()}});
    s.timeout = 300ms;
    const JobOutcome result = run(s);
    QCOMPARE(result.status, JobOutcome::TimedOut);
    QVERIFY(log().contains("timed out"));
}

void tst_BuiltinRuntime::httpCancel()
{
    Result<RuntimeJob *> job = m_runtime->start(
            spec(QStringLiteral("http.request"),
                 {{QStringLiteral("url"), url(QStringLiteral("/hang")).toString()}}),
            this);
    QVERIFY(job);
    QSignalSpy started((*job), &RuntimeJob::started);
    QSignalSpy finished((*job), &RuntimeJob::finished);
    QVERIFY(started.wait(5000));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_hanging.size()), 1, 5000);
    (*job)->cancel(QStringLiteral("stop it"));
    QCOMPARE(finished.size(), 0); // queued
    QVERIFY(finished.wait(5000));
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    const JobOutcome outcome = finished.first().first().value<JobOutcome>();
    QCOMPARE(outcome.status, JobOutcome::Cancelled);
    QCOMPARE(outcome.message, QStringLiteral("stop it"));
    (*job)->cancel(QStringLiteral("again")); // ignored
    QTest::qWait(50);
    QCOMPARE(finished.size(), 1);
    delete *job;
}

void tst_BuiltinRuntime::nodeCreate()
{
    const JobOutcome result = run(
            spec(QStringLiteral("node.create"),
                 {{QStringLiteral("kind"), QStringLiteral("report")},
                  {QStringLiteral("name"), QStringLiteral("summary")},
                  {QStringLiteral("result"), QStringLiteral("pass")},
                  {QStringLiteral("data"), QJsonObject{{QStringLiteral("passed"), 12}}}}));
    QCOMPARE(result.status, JobOutcome::Passed);
    const QString id = result.data.value(QStringLiteral("node_id")).toString();
    QVERIFY(!id.isEmpty());
    Result<Node> node = m_store->get(id);
    QVERIFY(node);
    QCOMPARE(node->parent, m_runId); // the run by default
    QCOMPARE(node->kind, QStringLiteral("report"));
    QCOMPARE(node->name, QStringLiteral("summary"));
    QCOMPARE(node->result, Node::Outcome::Pass);
    QCOMPARE(node->data.value(QStringLiteral("passed")).toInt(), 12);
    QVERIFY(log().contains(id.toUtf8()));

    // An explicit parent: under the report just made.
    const JobOutcome child = run(spec(QStringLiteral("node.create"),
                                      {{QStringLiteral("kind"), QStringLiteral("detail")},
                                       {QStringLiteral("name"), QStringLiteral("one")},
                                       {QStringLiteral("parent"), id},
                                       {QStringLiteral("state"), QStringLiteral("available")}}));
    QCOMPARE(child.status, JobOutcome::Passed);
    Result<Node> childNode = m_store->get(child.data.value(QStringLiteral("node_id")).toString());
    QVERIFY(childNode);
    QCOMPARE(childNode->parent, id);
    QCOMPARE(childNode->state, Node::State::Available);
}

void tst_BuiltinRuntime::nodeCreateBadNode()
{
    const JobOutcome result = run(spec(QStringLiteral("node.create"),
                                       {{QStringLiteral("kind"), QStringLiteral("Not A Kind")},
                                        {QStringLiteral("name"), QStringLiteral("x")}}));
    QCOMPARE(result.status, JobOutcome::Failed);
    QVERIFY2(result.message.contains(QStringLiteral("kind")), qPrintable(result.message));
    QVERIFY(!result.data.contains(QStringLiteral("node_id")));
}

void tst_BuiltinRuntime::mqttTopic()
{
    MqttClient client(options(QStringLiteral("cairn-%1").arg(m_round)));
    MqttClient listener(options(QStringLiteral("listener-%1").arg(m_round)));
    QList<MqttMessage> heard;
    connect(&listener, &MqttClient::messageReceived, this,
            [&](const MqttMessage &m) { heard.append(m); });
    QSignalSpy subscribed(&listener, &MqttClient::subscribed);
    QVERIFY(listener.subscribe(QStringLiteral("lab/+/set"), 1));
    QVERIFY(listener.connectToBroker());
    QVERIFY(subscribed.wait(10000));
    QSignalSpy up(&client, &MqttClient::connected);
    QVERIFY(client.connectToBroker());
    QVERIFY(up.wait(10000));

    m_runtime = std::make_unique<BuiltinRuntime>(*m_store, nullptr, &client, m_network.get());
    const JobOutcome text = run(spec(QStringLiteral("mqtt.publish"),
                                     {{QStringLiteral("topic"), QStringLiteral("lab/1/set")},
                                      {QStringLiteral("payload"), QStringLiteral("on")}}));
    QCOMPARE(text.status, JobOutcome::Passed);
    QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 1, 10000);
    QCOMPARE(heard.at(0).payload, QByteArray("on"));

    const JobOutcome json = run(
            spec(QStringLiteral("mqtt.publish"),
                 {{QStringLiteral("topic"), QStringLiteral("lab/2/set")},
                  {QStringLiteral("payload"), QJsonObject{{QStringLiteral("level"), 3}}},
                  {QStringLiteral("qos"), 0}}));
    QCOMPARE(json.status, JobOutcome::Passed);
    QTRY_COMPARE_WITH_TIMEOUT(heard.size(), 2, 10000);
    QCOMPARE(heard.at(1).payload, QByteArray(R"({"level":3})"));
    QCOMPARE(heard.at(1).topic, QStringLiteral("lab/2/set"));
}

void tst_BuiltinRuntime::mqttDevice()
{
    MqttClient client(options(QStringLiteral("cairn-%1").arg(m_round)));
    DeviceRegistry registry(*m_bus, *m_store);
    DeviceConfig fan;
    fan.id = QStringLiteral("fan");
    fan.commandTopic = QStringLiteral("fans/%1/set").arg(m_round);
    QVERIFY(registry.setDevices({fan}));
    registry.attach(&client);
    QSignalSpy up(&client, &MqttClient::connected);
    QVERIFY(client.connectToBroker());
    QVERIFY(up.wait(10000));

    MqttClient listener(options(QStringLiteral("listener-%1").arg(m_round)));
    QList<QByteArray> heard;
    connect(&listener, &MqttClient::messageReceived, this,
            [&](const MqttMessage &m) { heard.append(m.payload); });
    QSignalSpy subscribed(&listener, &MqttClient::subscribed);
    QVERIFY(listener.subscribe(fan.commandTopic, 1));
    QVERIFY(listener.connectToBroker());
    QVERIFY(subscribed.wait(10000));

    m_runtime = std::make_unique<BuiltinRuntime>(*m_store, &registry, &client, m_network.get());
    const JobOutcome result = run(spec(QStringLiteral("mqtt.publish"),
                                       {{QStringLiteral("device"), QStringLiteral("fan")},
                                        {QStringLiteral("payload"), 42},
                                        {QStringLiteral("qos"), 2}}));
    QCOMPARE(result.status, JobOutcome::Passed);
    QTRY_COMPARE_WITH_TIMEOUT(heard, QList<QByteArray>{QByteArray("42")}, 10000);
}

void tst_BuiltinRuntime::mqttUnknownDevice()
{
    MqttClient client(options(QStringLiteral("cairn-%1").arg(m_round)));
    DeviceRegistry registry(*m_bus, *m_store);
    registry.attach(&client);
    m_runtime = std::make_unique<BuiltinRuntime>(*m_store, &registry, &client, m_network.get());
    const JobOutcome result = run(spec(QStringLiteral("mqtt.publish"),
                                       {{QStringLiteral("device"), QStringLiteral("nobody")},
                                        {QStringLiteral("payload"), QStringLiteral("on")}}));
    QCOMPARE(result.status, JobOutcome::Error);
    QVERIFY2(result.message.contains(QStringLiteral("nobody")), qPrintable(result.message));
}

void tst_BuiltinRuntime::mqttNoBroker()
{
    const JobOutcome topic = run(spec(QStringLiteral("mqtt.publish"),
                                      {{QStringLiteral("topic"), QStringLiteral("a/b")},
                                       {QStringLiteral("payload"), QStringLiteral("x")}}));
    QCOMPARE(topic.status, JobOutcome::Error);
    const JobOutcome device = run(spec(QStringLiteral("mqtt.publish"),
                                       {{QStringLiteral("device"), QStringLiteral("fan")},
                                        {QStringLiteral("payload"), QStringLiteral("x")}}));
    QCOMPARE(device.status, JobOutcome::Error);
}

void tst_BuiltinRuntime::mqttNoAcknowledgement()
{
    // Never connected: a QoS 1 message waits in the client, so no broker acknowledges it.
    MqttClient client(options(QStringLiteral("cairn-%1").arg(m_round)));
    m_runtime = std::make_unique<BuiltinRuntime>(*m_store, nullptr, &client, m_network.get());
    m_runtime->setPublishTimeout(200ms);
    const JobOutcome result = run(spec(QStringLiteral("mqtt.publish"),
                                       {{QStringLiteral("topic"), QStringLiteral("a/b")},
                                        {QStringLiteral("payload"), QStringLiteral("x")},
                                        {QStringLiteral("qos"), 1}}));
    QCOMPARE(result.status, JobOutcome::Error);
    QVERIFY2(result.message.contains(QStringLiteral("acknowledge")), qPrintable(result.message));
}

QTEST_MAIN(tst_BuiltinRuntime)
#include "tst_builtinruntime.moc"
