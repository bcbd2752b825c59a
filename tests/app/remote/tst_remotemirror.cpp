// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "daemonprocess.h"
#include "freeport.h"

#include <apiclient.h>
#include <database.h>
#include <eventbus.h>
#include <eventlistmodel.h>
#include <joblistmodel.h>
#include <mirrorstore.h>
#include <nodestore.h>
#include <nodetreemodel.h>
#include <remotejoblog.h>
#include <remotemirror.h>
#include <runlistmodel.h>
#include <tokenstore.h>
#include <uuid7.h>

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

constexpr int Timeout = 30000;

// Every message logged while the test runs, to check that the token is never among them.
QStringList &logged()
{
    static QStringList messages;
    return messages;
}

QtMessageHandler previousHandler = nullptr;

// The message of a failed result, for a failed check; empty for a result that is fine.
template<typename T>
QString why(const Result<T> &result)
{
    return result ? QString() : result.error().toString();
}

void keepMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    logged().append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

/*
 * RemoteMirror on a real cairnd on loopback, with a scheduler that runs process jobs: what
 * the remote holds and does shows in the cache, its bus and the item models on them.
 */
class tst_RemoteMirror : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void copiesNodesAndFollows();
    void eventsOnTheLocalBus();
    void runsAndJobs();
    void followsAJobLog();
    void refusedToken();
    void unreadableAnswers_data();
    void unreadableAnswers();
    void reopeningIsIncremental();
    void copiesAgainWhenTheHistoryIsGone();
    void resumesWhenTheRemoteComesBack();

private:
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    QString cache(const QString &name) const { return m_dir.filePath(name + u".db"); }
    // Opens a mirror on cairnd and waits until it is Live.
    std::unique_ptr<RemoteMirror> openMirror(const QString &cacheName);
    QJsonObject api(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    Node createRemote(const QString &name, const QString &parent = {});
    static Result<Node> cached(RemoteMirror &mirror, const QString &id);
    static QString jobOf(RemoteMirror &mirror, const QString &runId);

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_token;
    std::unique_ptr<Database> m_remoteDb; // cairnd's, written directly while it is down
    std::unique_ptr<DaemonProcess> m_daemon;
    std::unique_ptr<ApiClient> m_api;
    qint64 m_seeded = 0; // nodes on the remote before the first test
};

void tst_RemoteMirror::initTestCase()
{
    previousHandler = qInstallMessageHandler(keepMessage);
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.debug=true"));
    QVERIFY(m_dir.isValid());
    m_remoteDb = std::make_unique<Database>();
    QVERIFY(m_remoteDb->open(QStringLiteral("sqlite:")
                             + m_dir.filePath(QStringLiteral("cairn.db"))));
    TokenStore tokens(*m_remoteDb);
    const Result<IssuedToken> issued = tokens.create(QStringLiteral("desk"),
                                                     ApiToken::Role::Operator);
    QVERIFY(issued);
    m_token = issued->secret;

    // More than two pages of nodes, and a parent whose id comes after its children's: ids
    // given by a client need not follow creation order.
    NodeStore store(*m_remoteDb);
    const QString childFirst = createUuid7();
    Node parent;
    parent.id = createUuid7();
    parent.kind = QStringLiteral("folder");
    parent.name = QStringLiteral("late");
    Node child;
    child.id = childFirst;
    child.parent = parent.id;
    child.kind = QStringLiteral("note");
    child.name = QStringLiteral("early");
    QVERIFY(store.createBatch({parent, child}));
    QList<Node> nodes;
    Node lab;
    lab.id = createUuid7();
    lab.kind = QStringLiteral("lab");
    lab.name = QStringLiteral("lab");
    nodes.append(lab);
    for (int i = 0; i < 1200; ++i) {
        Node reading;
        reading.parent = lab.id;
        reading.kind = QStringLiteral("reading");
        reading.name = QStringLiteral("r%1").arg(i);
        reading.data = {{QStringLiteral("value"), i}};
        nodes.append(reading);
    }
    QVERIFY(store.createBatch(nodes));
    const Result<qint64> count = store.count();
    QVERIFY(count);
    m_seeded = *count;

    m_port = CairnTest::freePort();
    const QString project = m_dir.filePath(QStringLiteral("project.yaml"));
    QFile file(project);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"(name: remote
database: sqlite:cairn.db
scheduler: {lease: 1s, heartbeat: 200ms, poll: 100ms, supervisor_interval: 200ms, stop_grace: 1s}
api: {listen: "127.0.0.1:%1"}
pipelines:
  slow:
    stages: [s]
    jobs:
      - {name: wait, stage: s, kind: process, version: "1", params: {command: sleep, args: ["60"]}}
  quick:
    stages: [s]
    jobs:
      - {name: hello, stage: s, kind: process, version: "1", params: {command: echo, args: ["hello from ${run.inputs.who}"]}}
    inputs:
      who: {}
)")
                       .arg(m_port)
                       .toUtf8());
    file.close();
    m_daemon = std::make_unique<DaemonProcess>(project);
    m_daemon->start();
    QVERIFY2(m_daemon->waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(m_daemon->errorOutput()));
    m_api = std::make_unique<ApiClient>(url(), m_token, QList<QSslCertificate>());
}

void tst_RemoteMirror::cleanupTestCase()
{
    m_api.reset();
    if (m_daemon) {
        m_daemon->signal(SIGTERM);
        QVERIFY(m_daemon->waitForExit(20s));
        QVERIFY(!m_daemon->errorOutput().contains(m_token));
    }
    for (const QString &message : std::as_const(logged()))
        QVERIFY2(!message.contains(m_token), qPrintable(message));
}

std::unique_ptr<RemoteMirror> tst_RemoteMirror::openMirror(const QString &cacheName)
{
    auto mirror = std::make_unique<RemoteMirror>();
    mirror->setReconnectDelays(100ms, 1s);
    mirror->open(url(), m_token, {}, cache(cacheName));
    [&] {
        QTRY_COMPARE_WITH_TIMEOUT(mirror->state(), RemoteMirror::State::Live, Timeout);
    }();
    return mirror;
}

QJsonObject tst_RemoteMirror::api(const QByteArray &method, const QString &path,
                                  const QJsonObject &body)
{
    const Result<QJsonObject> answer = m_api->json(method, path, {}, body);
    if (!answer)
        qFatal("%s %s: %s", method.constData(), qPrintable(path),
               qPrintable(answer.error().toString()));
    return *answer;
}

Node tst_RemoteMirror::createRemote(const QString &name, const QString &parent)
{
    QJsonObject body{{QStringLiteral("kind"), QStringLiteral("note")},
                     {QStringLiteral("name"), name}};
    if (!parent.isEmpty())
        body.insert(QStringLiteral("parent"), parent);
    return Node::fromJson(api("POST", QStringLiteral("/api/v1/nodes"), body)).value();
}

Result<Node> tst_RemoteMirror::cached(RemoteMirror &mirror, const QString &id)
{
    return NodeStore(*mirror.database()).get(id);
}

// The id of the first job of a run, once the cache holds it.
QString tst_RemoteMirror::jobOf(RemoteMirror &mirror, const QString &runId)
{
    QString id;
    // An empty id when the job did not come: the caller checks.
    [[maybe_unused]] const bool found = QTest::qWaitFor(
            [&] {
                const Result<QList<Node>> children = NodeStore(*mirror.database()).children(runId);
                for (const Node &node : children ? *children : QList<Node>()) {
                    if (node.kind == u"job")
                        id = node.id;
                }
                return !id.isEmpty();
            },
            Timeout);
    return id;
}

/*
 * The first opening copies every node in pages; then nodes made, changed and deleted on the
 * remote follow, in the cache and in the models on it.
 */
void tst_RemoteMirror::copiesNodesAndFollows()
{
    QList<RemoteMirror::State> states; // outlives the mirror, which tells it that it closed
    auto mirror = std::make_unique<RemoteMirror>();
    QSignalSpy synced(mirror.get(), &RemoteMirror::synced);
    connect(mirror.get(), &RemoteMirror::stateChanged, this,
            [&] { states.append(mirror->state()); });
    mirror->open(url(), m_token, {}, cache(QStringLiteral("copy")));
    QVERIFY(mirror->database());
    QVERIFY(mirror->bus());
    QTRY_COMPARE_WITH_TIMEOUT(mirror->state(), RemoteMirror::State::Live, Timeout);
    QCOMPARE(synced.size(), 1);
    QCOMPARE(states,
             (QList<RemoteMirror::State>{RemoteMirror::State::Connecting,
                                         RemoteMirror::State::Syncing, RemoteMirror::State::Live}));
    QVERIFY(mirror->error().isEmpty());
    QVERIFY(mirror->lastSync().fullCopy);
    QVERIFY(mirror->lastSync().nodesWritten >= m_seeded);

    NodeStore local(*mirror->database());
    NodeStore remote(*m_remoteDb);
    QCOMPARE(local.count().value(), remote.count().value());
    NodeQuery early;
    QVERIFY(early.addCondition(QStringLiteral("name"), QStringLiteral("eq"),
                               QStringLiteral("early")));
    const Node copied = local.find(early).value().nodes.value(0);
    QCOMPARE(copied.path, (QStringList{QStringLiteral("late"), QStringLiteral("early")}));
    QCOMPARE(copied, remote.get(copied.id).value());

    NodeTreeModel tree;
    QAbstractItemModelTester treeTester(&tree,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    tree.setDatabase(mirror->database());
    tree.setBus(mirror->bus());
    RunListModel runs;
    QAbstractItemModelTester runsTester(&runs,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    runs.setDatabase(mirror->database());
    runs.setBus(mirror->bus());

    // Made on the remote: in the cache, at the root of the tree.
    const Node made = createRemote(QStringLiteral("made-remotely"));
    QTRY_VERIFY_WITH_TIMEOUT(cached(*mirror, made.id), Timeout);
    QCOMPARE(cached(*mirror, made.id).value(), made);
    QTRY_VERIFY_WITH_TIMEOUT(tree.indexOf(made.id).isValid(), Timeout);

    // Changed on the remote: the same revision in the cache.
    const QJsonObject patched = api(
            "PATCH", QStringLiteral("/api/v1/nodes/") + made.id,
            {{QStringLiteral("revision"), made.revision},
             {QStringLiteral("data"),
              QJsonObject{{QStringLiteral("colour"), QStringLiteral("red")}}}});
    QTRY_COMPARE_WITH_TIMEOUT(cached(*mirror, made.id).value().revision, made.revision + 1,
                              Timeout);
    QCOMPARE(cached(*mirror, made.id).value(), Node::fromJson(patched).value());
    QTRY_COMPARE_WITH_TIMEOUT(tree.data(tree.indexOf(made.id), NodeTreeModel::DataRole)
                                      .toMap()
                                      .value(QStringLiteral("colour")),
                              QVariant(QStringLiteral("red")), Timeout);

    // A run started on the remote: in the run list.
    const QJsonObject run = api("POST", QStringLiteral("/api/v1/pipelines/quick/runs"),
                                {{QStringLiteral("params"),
                                  QJsonObject{{QStringLiteral("who"), QStringLiteral("copy")}}}});
    const QString runId = run.value(QStringLiteral("id")).toString();
    QTRY_VERIFY_WITH_TIMEOUT(
            runs.count() > 0 && runs.data(runs.index(0), RunListModel::IdRole).toString() == runId,
            Timeout);

    // Deleted on the remote: gone from the cache and the tree.
    api("DELETE", QStringLiteral("/api/v1/nodes/") + made.id);
    QTRY_VERIFY_WITH_TIMEOUT(!cached(*mirror, made.id), Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!tree.indexOf(made.id).isValid(), Timeout);

    // The models let go of the cache before it closes.
    tree.setBus(nullptr);
    tree.setDatabase(nullptr);
    runs.setBus(nullptr);
    runs.setDatabase(nullptr);
    mirror->close();
    QCOMPARE(mirror->state(), RemoteMirror::State::Closed);
    QVERIFY(!mirror->database());
}

/*
 * Every event of the remote comes on the local bus, as it is published, and in the event list.
 */
void tst_RemoteMirror::eventsOnTheLocalBus()
{
    auto mirror = openMirror(QStringLiteral("events"));
    QList<CloudEvent> received;
    mirror->bus()->subscribe(EventFilter::parse({QStringLiteral("type=test.ping")}).value(), this,
                             [&](const CloudEvent &event) { received.append(event); });
    EventListModel list;
    QAbstractItemModelTester tester(&list, QAbstractItemModelTester::FailureReportingMode::QtTest);
    list.setBus(mirror->bus());
    list.setFilter(QStringLiteral("type=test.ping"));

    const QJsonObject published = api(
            "POST", QStringLiteral("/api/v1/events"),
            {{QStringLiteral("type"), QStringLiteral("test.ping")},
             {QStringLiteral("source"), QStringLiteral("test://desk")},
             {QStringLiteral("subject"), QStringLiteral("bell")},
             {QStringLiteral("data"), QJsonObject{{QStringLiteral("n"), 1}}}});
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, Timeout);
    const CloudEvent sent = CloudEvent::fromJson(published).value();
    QCOMPARE(received.first().id, sent.id);
    QCOMPARE(received.first().source, sent.source);
    QCOMPARE(received.first().subject, sent.subject);
    QCOMPARE(received.first().time, sent.time);
    QCOMPARE(received.first().data, sent.data);
    QTRY_COMPARE_WITH_TIMEOUT(list.count(), 1, Timeout);
    QCOMPARE(list.data(list.index(0), EventListModel::IdRole).toString(), sent.id);
}

/*
 * Operations reach the remote; their effect comes back through the stream. A refusal
 * carries the API's message.
 */
void tst_RemoteMirror::runsAndJobs()
{
    auto mirror = openMirror(QStringLiteral("runs"));

    std::optional<Result<QStringList>> names;
    mirror->pipelines([&](Result<QStringList> answer) { names = std::move(answer); });
    QTRY_VERIFY_WITH_TIMEOUT(names, Timeout);
    QVERIFY2(*names, qPrintable(why(*names)));
    QCOMPARE(names->value(), (QStringList{QStringLiteral("quick"), QStringLiteral("slow")}));

    std::optional<Result<QString>> started;
    mirror->startRun(QStringLiteral("slow"), {},
                     [&](Result<QString> id) { started = std::move(id); });
    QTRY_VERIFY_WITH_TIMEOUT(started, Timeout);
    QVERIFY2(*started, qPrintable(why(*started)));
    const QString runId = started->value();
    const QString jobId = jobOf(*mirror, runId);
    QVERIFY(!jobId.isEmpty());
    const auto jobState = [&] {
        return cached(*mirror, jobId).value().data.value(QStringLiteral("state")).toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("IN_PROGRESS"), Timeout);

    // The jobs of the run, as the job list reads them from the queue.
    JobListModel jobs;
    QAbstractItemModelTester tester(&jobs, QAbstractItemModelTester::FailureReportingMode::QtTest);
    jobs.setDatabase(mirror->database());
    jobs.setBus(mirror->bus());
    jobs.setRunId(runId);
    QCOMPARE(jobs.count(), 1);
    QCOMPARE(jobs.data(jobs.index(0), JobListModel::IdRole).toString(), jobId);
    QCOMPARE(jobs.data(jobs.index(0), JobListModel::NameRole).toString(), QStringLiteral("wait"));
    QCOMPARE(jobs.data(jobs.index(0), JobListModel::StateRole).toString(),
             QStringLiteral("IN_PROGRESS"));

    const auto call = [](auto operation) {
        std::optional<Status> outcome;
        operation([&](Status status) { outcome = std::move(status); });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(outcome, Timeout);
        }();
        return outcome.value_or(Status(Error::database(QStringLiteral("no answer"))));
    };
    using Reply = std::function<void(Status)>;
    Status status = call([&](Reply done) { mirror->cancelRun(runId, std::move(done)); });
    QVERIFY2(status, qPrintable(why(status)));
    QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("CANCELLED"), Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(cached(*mirror, runId).value().state, Node::State::Done, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(jobs.data(jobs.index(0), JobListModel::StateRole).toString(),
                              QStringLiteral("CANCELLED"), Timeout);

    status = call([&](Reply done) { mirror->retryRun(runId, std::move(done)); });
    QVERIFY2(status, qPrintable(why(status)));
    QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("IN_PROGRESS"), Timeout);

    status = call([&](Reply done) { mirror->cancelJob(jobId, std::move(done)); });
    QVERIFY2(status, qPrintable(why(status)));
    QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("CANCELLED"), Timeout);

    status = call([&](Reply done) { mirror->retryJob(jobId, std::move(done)); });
    QVERIFY2(status, qPrintable(why(status)));
    QTRY_COMPARE_WITH_TIMEOUT(jobState(), QStringLiteral("IN_PROGRESS"), Timeout);
    status = call([&](Reply done) { mirror->cancelJob(jobId, std::move(done)); });
    QVERIFY(status);

    // Refusals, with the API's message.
    status = call(
            [&](Reply done) { mirror->cancelRun(QStringLiteral("no-such-run"), std::move(done)); });
    QVERIFY(!status);
    QCOMPARE(status.error().code, Error::NotFound);
    QVERIFY2(status.error().message.contains(QStringLiteral("no-such-run")),
             qPrintable(status.error().message));
    status = call([&](Reply done) {
        mirror->sendCommand(QStringLiteral("fridge"), {{QStringLiteral("on"), true}},
                            std::move(done));
    });
    QVERIFY(!status);
    QVERIFY2(status.error().message.contains(QStringLiteral("fridge")),
             qPrintable(status.error().message));
    started.reset();
    mirror->startRun(QStringLiteral("nope"), {},
                     [&](Result<QString> id) { started = std::move(id); });
    QTRY_VERIFY_WITH_TIMEOUT(started, Timeout);
    QVERIFY(!*started);
    QCOMPARE(started->error().code, Error::NotFound);

    // Closed: the operations say so, later.
    mirror->close();
    status = call([&](Reply done) { mirror->retryRun(runId, std::move(done)); });
    QVERIFY(!status);
}

/*
 * A job's log as stored, then to its end, through the log stream.
 */
void tst_RemoteMirror::followsAJobLog()
{
    auto mirror = openMirror(QStringLiteral("log"));
    std::optional<Result<QString>> started;
    mirror->startRun(QStringLiteral("quick"), {{QStringLiteral("who"), QStringLiteral("the log")}},
                     [&](Result<QString> id) { started = std::move(id); });
    QTRY_VERIFY_WITH_TIMEOUT(started && *started, Timeout);
    const QString jobId = jobOf(*mirror, started->value());
    QVERIFY(!jobId.isEmpty());

    RemoteJobLog *log = mirror->followLog(jobId, this);
    QVERIFY(log);
    QSignalSpy finished(log, &RemoteJobLog::finished);
    QSignalSpy failed(log, &RemoteJobLog::failed);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size() + failed.size(), 1, Timeout);
    QVERIFY2(failed.isEmpty(),
             failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
    QVERIFY2(log->text().contains("hello from the log"), log->text().constData());
    QCOMPARE(log->attempt(), 1);
    QVERIFY(!log->isActive());

    // A job that does not exist: the stream is refused, and says why.
    RemoteJobLog *missing = mirror->followLog(QStringLiteral("no-such-job"), this);
    QSignalSpy refused(missing, &RemoteJobLog::failed);
    QTRY_COMPARE_WITH_TIMEOUT(refused.size(), 1, Timeout);
    QVERIFY2(refused.first().first().toString().contains(QStringLiteral("no-such-job")),
             qPrintable(refused.first().first().toString()));
}

/*
 * A token cairnd does not know: Failed, saying what was refused where.
 */
void tst_RemoteMirror::refusedToken()
{
    RemoteMirror mirror;
    mirror.setReconnectDelays(100ms, 100ms);
    const QString wrong = QStringLiteral("cairn_notatokenthatexists");
    mirror.open(url(), wrong, {}, cache(QStringLiteral("refused")));
    QTRY_COMPARE_WITH_TIMEOUT(mirror.state(), RemoteMirror::State::Failed, Timeout);
    const QString error = mirror.error();
    QVERIFY2(error.contains(QStringLiteral("401")), qPrintable(error));
    QVERIFY2(error.contains(url().toString() + QStringLiteral("/api/v1/events")),
             qPrintable(error));
    QVERIFY2(!error.contains(wrong), qPrintable(error));
    // What the cache held stays readable.
    QVERIFY(mirror.database() && mirror.database()->isOpen());
    for (const QString &message : std::as_const(logged()))
        QVERIFY2(!message.contains(wrong), qPrintable(message));

    // Nor can an address that is no URL of cairnd be opened.
    mirror.open(QUrl(QStringLiteral("ftp://127.0.0.1:21")), m_token, {},
                cache(QStringLiteral("refused")));
    QCOMPARE(mirror.state(), RemoteMirror::State::Failed);
    QVERIFY2(mirror.error().contains(QStringLiteral("ftp://127.0.0.1:21")),
             qPrintable(mirror.error()));
}

void tst_RemoteMirror::unreadableAnswers_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("not json") << QByteArray("<html>It works!</html>");
    QTest::newRow("no list") << QByteArray(R"({"items": 5, "last_sequence": 3})");
    QTest::newRow("no sequence") << QByteArray(R"({"items": [], "last_sequence": "many"})");
    QTest::newRow("array") << QByteArray(R"([1, 2, 3])");
}

/*
 * Something that answers HTTP but not as cairnd does: Failed, naming the request, and
 * nothing else happens.
 */
void tst_RemoteMirror::unreadableAnswers()
{
    QFETCH(QByteArray, body);
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    connect(&server, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = server.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, body] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: "
                          "close\r\nContent-Length: "
                          + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->disconnectFromHost();
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    });
    RemoteMirror mirror;
    const QUrl address(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort()));
    mirror.open(address, m_token, {}, cache(QStringLiteral("unreadable")));
    QTRY_COMPARE_WITH_TIMEOUT(mirror.state(), RemoteMirror::State::Failed, Timeout);
    QVERIFY2(mirror.error().contains(address.toString() + QStringLiteral("/api/v1/events")),
             qPrintable(mirror.error()));
    QVERIFY2(mirror.error().contains(QStringLiteral("cannot be read"))
                     || mirror.error().contains(QStringLiteral("not a JSON object")),
             qPrintable(mirror.error()));
}

/*
 * A cache opened again replays the events it missed: no page of nodes is read.
 */
void tst_RemoteMirror::reopeningIsIncremental()
{
    auto mirror = openMirror(QStringLiteral("reopen"));
    QVERIFY(mirror->lastSync().fullCopy);
    const Node kept = createRemote(QStringLiteral("kept"));
    const Node doomed = createRemote(QStringLiteral("doomed"));
    QTRY_VERIFY_WITH_TIMEOUT(cached(*mirror, doomed.id), Timeout);
    mirror->close();

    // While the app was closed.
    const Node added = createRemote(QStringLiteral("added"), kept.id);
    api("PATCH", QStringLiteral("/api/v1/nodes/") + kept.id,
        {{QStringLiteral("revision"), kept.revision},
         {QStringLiteral("owner"), QStringLiteral("ada")}});
    api("DELETE", QStringLiteral("/api/v1/nodes/") + doomed.id);

    mirror = openMirror(QStringLiteral("reopen"));
    QVERIFY(!mirror->lastSync().fullCopy);
    QCOMPARE(mirror->lastSync().nodesWritten, qint64(0));
    QVERIFY2(mirror->lastSync().eventsReplayed >= 3,
             qPrintable(QString::number(mirror->lastSync().eventsReplayed)));
    QCOMPARE(cached(*mirror, added.id).value().path,
             (QStringList{QStringLiteral("kept"), QStringLiteral("added")}));
    QCOMPARE(cached(*mirror, kept.id).value().owner, QStringLiteral("ada"));
    QVERIFY(!cached(*mirror, doomed.id));
    QCOMPARE(NodeStore(*mirror->database()).count().value(),
             NodeStore(*m_remoteDb).count().value());
}

/*
 * The remote pruned the events the cache had not read: the nodes are copied again, and only
 * those that changed are written, those gone deleted.
 */
void tst_RemoteMirror::copiesAgainWhenTheHistoryIsGone()
{
    auto mirror = openMirror(QStringLiteral("pruned"));
    const Node doomed = createRemote(QStringLiteral("pruned-away"));
    QTRY_VERIFY_WITH_TIMEOUT(cached(*mirror, doomed.id), Timeout);
    const qint64 cursor = MirrorStore(*mirror->database(), {}).cursor().value().sequence;
    mirror->close();

    const Node added = createRemote(QStringLiteral("added-unseen"));
    api("DELETE", QStringLiteral("/api/v1/nodes/") + doomed.id);
    api("POST", QStringLiteral("/api/v1/events"),
        {{QStringLiteral("type"), QStringLiteral("test.newest")},
         {QStringLiteral("source"), QStringLiteral("test://desk")}});
    QSqlQuery prune(m_remoteDb->connection());
    prune.prepare(QStringLiteral("DELETE FROM events WHERE seq > ? AND seq < (SELECT MAX(seq) "
                                 "FROM events)"));
    prune.addBindValue(cursor);
    QVERIFY(prune.exec());
    QVERIFY(prune.numRowsAffected() >= 2);

    mirror = openMirror(QStringLiteral("pruned"));
    QVERIFY(mirror->lastSync().fullCopy);
    QVERIFY2(mirror->lastSync().nodesWritten >= 1 && mirror->lastSync().nodesWritten < m_seeded,
             qPrintable(QString::number(mirror->lastSync().nodesWritten)));
    QCOMPARE(mirror->lastSync().nodesRemoved, qint64(1));
    QVERIFY(cached(*mirror, added.id));
    QVERIFY(!cached(*mirror, doomed.id));
    QCOMPARE(NodeStore(*mirror->database()).count().value(),
             NodeStore(*m_remoteDb).count().value());
}

/*
 * cairnd killed and started again: the mirror says it is reconnecting, then resumes the
 * stream after the last event it applied, what happened meanwhile included.
 */
void tst_RemoteMirror::resumesWhenTheRemoteComesBack()
{
    auto mirror = openMirror(QStringLiteral("resume"));
    QSignalSpy synced(mirror.get(), &RemoteMirror::synced);
    m_daemon->kill9();
    QVERIFY(m_daemon->waitForExit(20s));
    QTRY_COMPARE_WITH_TIMEOUT(mirror->state(), RemoteMirror::State::Connecting, Timeout);
    QVERIFY(!mirror->error().isEmpty());
    QVERIFY2(mirror->error().contains(url().toString()), qPrintable(mirror->error()));

    // Written while cairnd is down: in its history when it comes back.
    Node offline;
    offline.kind = QStringLiteral("note");
    offline.name = QStringLiteral("while-down");
    const Result<Node> written = NodeStore(*m_remoteDb).create(offline);
    QVERIFY(written);
    // It keeps trying: the next attempts find nothing listening.
    QTRY_VERIFY_WITH_TIMEOUT(mirror->error().contains(QStringLiteral("cannot reach")), Timeout);
    QCOMPARE(mirror->state(), RemoteMirror::State::Connecting);

    m_daemon->start();
    QVERIFY2(m_daemon->waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(m_daemon->errorOutput()));
    QTRY_COMPARE_WITH_TIMEOUT(mirror->state(), RemoteMirror::State::Live, Timeout);
    QCOMPARE(synced.size(), 1);
    QVERIFY(mirror->error().isEmpty());
    QVERIFY(!mirror->lastSync().fullCopy);
    QCOMPARE(cached(*mirror, written->id).value(), *written);

    const Node after = createRemote(QStringLiteral("after"));
    QTRY_VERIFY_WITH_TIMEOUT(cached(*mirror, after.id), Timeout);
}

QTEST_GUILESS_MAIN(tst_RemoteMirror)
#include "tst_remotemirror.moc"
