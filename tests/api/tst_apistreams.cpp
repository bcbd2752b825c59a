// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QWebSocket>

#include <memory>

using namespace Cairn;
using namespace CairnTest;

namespace {

constexpr int Patience = 30000;

// Prints numbered lines with pauses, so that its log grows while a stream follows it.
const QByteArray Ticker = R"(name: ticker
inputs:
  lines: {default: "5"}
  pause: {default: "0.1"}
stages: [only]
jobs:
  - name: tick
    stage: only
    kind: process
    version: "1"
    params:
      command: 'i=1; while [ $i -le $1 ]; do echo "line $i"; i=$((i+1)); sleep $2; done'
      shell: true
      args: ["${run.inputs.lines}", "${run.inputs.pause}"]
)";

// The events a WebSocket client got, in order.
struct EventClient
{
    QWebSocket socket;
    QList<QJsonObject> events;

    EventClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) {
                             events.append(QJsonDocument::fromJson(message.toUtf8()).object());
                         });
    }
    QList<qint64> sequences() const
    {
        QList<qint64> list;
        for (const QJsonObject &event : events)
            list.append(event.value(QStringLiteral("sequence")).toString().toLongLong());
        return list;
    }
};

// What a WebSocket client got of a log, and how the stream ended.
struct LogClient
{
    QWebSocket socket;
    QByteArray log;
    int messages = 0;
    bool closed = false;

    LogClient()
    {
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &socket,
                         [this](const QByteArray &data) {
                             log += data;
                             ++messages;
                         });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { closed = true; });
    }
};

// Waits for socket to be closed by the server and gives the close code; -1 if it was not.
int closeCode(QWebSocket &socket)
{
    if (socket.state() != QAbstractSocket::UnconnectedState) {
        QSignalSpy closed(&socket, &QWebSocket::disconnected);
        if (!closed.wait(Patience))
            return -1;
    }
    return int(socket.closeCode());
}

} // namespace

class tst_ApiStreams : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void refused_data();
    void refused();
    void tokenInQuery();
    void historyThenLive();
    void resumeAfterDrop();
    void slowClient();
    void logStream();
    void logStreamFromOffset();
    void logStreamWaitsForStart();

private:
    // Publishes an event of type and gives its sequence number.
    qint64 publish(const QString &type, int n);
    QString startTicker(int lines, const QString &pause);
    QString onlyJob(const QString &run);

    std::unique_ptr<ApiTestServer> m_server;
};

void tst_ApiStreams::initTestCase()
{
    // Small pages and a small backlog, so that catching up takes several turns and a client
    // that does not read at once is sent events from the history again.
    ApiOptions options;
    options.streamPageSize = 3;
    options.logChunkBytes = 8;
    options.logPollInterval = std::chrono::milliseconds(50);
    m_server = std::make_unique<ApiTestServer>(options);
    m_server->setPipelines({{QStringLiteral("ticker"), ApiTestServer::pipelineFromYaml(Ticker)}});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

qint64 tst_ApiStreams::publish(const QString &type, int n)
{
    const Result<CloudEvent> event = m_server->bus().publish(type, QString(),
                                                             QJsonObject{{QStringLiteral("n"), n}});
    return event ? event->sequence : -1;
}

QString tst_ApiStreams::startTicker(int lines, const QString &pause)
{
    const ApiReply reply = m_server->post(
            QStringLiteral("/api/v1/pipelines/ticker/runs"), m_server->operatorToken,
            {{QStringLiteral("params"),
              QJsonObject{{QStringLiteral("lines"), QString::number(lines)},
                          {QStringLiteral("pause"), pause}}}});
    if (reply.status != 201)
        qWarning("%s", qPrintable(reply.describe()));
    return reply.json().value(QStringLiteral("id")).toString();
}

QString tst_ApiStreams::onlyJob(const QString &run)
{
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/runs/") + run, m_server->viewer);
    return reply.json()
            .value(QStringLiteral("jobs"))
            .toArray()
            .at(0)
            .toObject()
            .value(QStringLiteral("id"))
            .toString();
}

void tst_ApiStreams::refused_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("who");
    QTest::addColumn<int>("code");

    QTest::newRow("no token") << QStringLiteral("/api/v1/events/stream") << QString() << 4401;
    QTest::newRow("revoked token")
            << QStringLiteral("/api/v1/events/stream") << QStringLiteral("revoked") << 4401;
    QTest::newRow("no such stream")
            << QStringLiteral("/api/v1/nodes") << QStringLiteral("viewer") << 4404;
    QTest::newRow("bad since") << QStringLiteral("/api/v1/events/stream?since=x")
                               << QStringLiteral("viewer") << 4422;
    QTest::newRow("bad filter") << QStringLiteral("/api/v1/events/stream?data.x__like=1")
                                << QStringLiteral("viewer") << 4422;
    QTest::newRow("log of no job") << QStringLiteral("/api/v1/jobs/nothing/log/stream")
                                   << QStringLiteral("viewer") << 4404;
}

void tst_ApiStreams::refused()
{
    QFETCH(QString, path);
    QFETCH(QString, who);
    QFETCH(int, code);
    const QString token = who == u"viewer" ? m_server->viewer
            : who == u"revoked"            ? m_server->revoked
                                           : QString();
    QWebSocket socket;
    m_server->openWebSocket(socket, path, token);
    QCOMPARE(closeCode(socket), code);
    QVERIFY(!socket.closeReason().isEmpty());
}

void tst_ApiStreams::tokenInQuery()
{
    const qint64 before = publish(QStringLiteral("query.token"), 0);
    EventClient client;
    // Browsers cannot set headers: the token may be a query parameter.
    QVERIFY(m_server->openWebSocket(
            client.socket,
            QStringLiteral("/api/v1/events/stream?since=%1&type=query.*&token=%2")
                    .arg(before - 1)
                    .arg(m_server->viewer),
            QString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.events.size(), 1, Patience);
    QCOMPARE(client.sequences(), QList<qint64>{before});
    QCOMPARE(client.events.at(0).value(QStringLiteral("type")).toString(),
             QStringLiteral("query.token"));
    client.socket.close();
}

void tst_ApiStreams::historyThenLive()
{
    const Result<qint64> start = m_server->bus().lastSequence();
    QVERIFY(start);
    QList<qint64> expected;
    for (int i = 0; i < 10; ++i) {
        expected.append(publish(QStringLiteral("flow.old"), i));
        publish(QStringLiteral("other.noise"), i);
    }

    // Events keep coming while the client catches up on the history a page at a time.
    QTimer publisher;
    int n = 0;
    QObject::connect(&publisher, &QTimer::timeout, &publisher, [&] {
        expected.append(publish(QStringLiteral("flow.new"), n));
        publish(QStringLiteral("other.noise"), n);
        if (++n == 20)
            publisher.stop();
    });
    publisher.start(1);
    EventClient client;
    QVERIFY(m_server->openWebSocket(
            client.socket, QStringLiteral("/api/v1/events/stream?since=%1&type=flow.*").arg(*start),
            m_server->viewer));
    QTRY_VERIFY_WITH_TIMEOUT(!publisher.isActive(), Patience);
    QTRY_COMPARE_WITH_TIMEOUT(client.events.size(), 30, Patience);
    QTest::qWait(200);
    QCOMPARE(client.sequences(), expected);
    client.socket.close();
}

void tst_ApiStreams::resumeAfterDrop()
{
    const Result<qint64> start = m_server->bus().lastSequence();
    QVERIFY(start);
    QList<qint64> published;
    auto client = std::make_unique<EventClient>();
    QVERIFY(m_server->openWebSocket(
            client->socket,
            QStringLiteral("/api/v1/events/stream?since=%1&type=resume.*").arg(*start),
            m_server->viewer));
    for (int i = 0; i < 3; ++i)
        published.append(publish(QStringLiteral("resume.a"), i));
    QTRY_COMPARE_WITH_TIMEOUT(client->events.size(), 3, Patience);
    QList<qint64> received = client->sequences();

    // The client drops the connection without a close handshake, as a network would.
    client->socket.abort();
    client.reset();
    for (int i = 0; i < 4; ++i) {
        published.append(publish(QStringLiteral("resume.b"), i));
        publish(QStringLiteral("unrelated"), i);
    }

    client = std::make_unique<EventClient>();
    QVERIFY(m_server->openWebSocket(client->socket,
                                    QStringLiteral("/api/v1/events/stream?since=%1&type=resume.*")
                                            .arg(received.constLast()),
                                    m_server->viewer));
    QTRY_COMPARE_WITH_TIMEOUT(client->events.size(), 4, Patience);
    for (int i = 0; i < 2; ++i)
        published.append(publish(QStringLiteral("resume.c"), i));
    QTRY_COMPARE_WITH_TIMEOUT(client->events.size(), 6, Patience);
    QTest::qWait(200);
    received += client->sequences();
    // Every event exactly once, in order.
    QCOMPARE(received, published);
    QCOMPARE(client->events.at(0).value(QStringLiteral("type")).toString(),
             QStringLiteral("resume.b"));
    QCOMPARE(client->events.at(0).value(QStringLiteral("specversion")).toString(),
             QStringLiteral("1.0"));
}

void tst_ApiStreams::slowClient()
{
    // A backlog of one byte: every live event finds the client behind, so the stream goes back
    // to the history each time, and still sends everything once.
    ApiOptions options;
    options.streamBacklogBytes = 1;
    options.streamPageSize = 2;
    ApiTestServer server(options);
    QVERIFY2(server.start(false), qPrintable(server.errorString()));
    QList<qint64> published;
    for (int i = 0; i < 5; ++i)
        published.append(server.bus().publish(QStringLiteral("slow.x"), {}, i)->sequence);
    EventClient client;
    QVERIFY(server.openWebSocket(client.socket,
                                 QStringLiteral("/api/v1/events/stream?since=0&type=slow.*"),
                                 server.viewer));
    for (int i = 0; i < 25; ++i) {
        published.append(server.bus().publish(QStringLiteral("slow.x"), {}, i)->sequence);
        QTest::qWait(1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(client.events.size(), 30, Patience);
    QTest::qWait(200);
    QCOMPARE(client.sequences(), published);
}

void tst_ApiStreams::logStream()
{
    const QString run = startTicker(6, QStringLiteral("0.15"));
    QVERIFY(!run.isEmpty());
    const QString job = onlyJob(run);
    LogClient client;
    QVERIFY(m_server->openWebSocket(client.socket,
                                    QStringLiteral("/api/v1/jobs/%1/log/stream").arg(job),
                                    m_server->viewer));
    // The stream ends by itself, normally, once the job has finished and all was sent.
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, Patience);
    QCOMPARE(int(client.socket.closeCode()), 1000);
    QCOMPARE(client.log, QByteArray("line 1\nline 2\nline 3\nline 4\nline 5\nline 6\n"));
    // It came in pieces as it grew (chunks of at most 8 bytes here).
    QVERIFY(client.messages >= 6);

    // The same log by range agrees.
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/jobs/%1/log").arg(job),
                                         m_server->viewer);
    QCOMPARE(reply.body, client.log);
}

void tst_ApiStreams::logStreamFromOffset()
{
    const QString run = startTicker(3, QStringLiteral("0"));
    const QString job = onlyJob(run);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->get(QStringLiteral("/api/v1/jobs/") + job, m_server->viewer)
                                      .json()
                                      .value(QStringLiteral("data"))
                                      .toObject()
                                      .value(QStringLiteral("state"))
                                      .toString(),
                              QStringLiteral("DONE"), Patience);
    // A finished job: what is left after the offset, then a normal close.
    LogClient client;
    QVERIFY(m_server->openWebSocket(client.socket,
                                    QStringLiteral("/api/v1/jobs/%1/log/stream?offset=7").arg(job),
                                    m_server->viewer));
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, Patience);
    QCOMPARE(int(client.socket.closeCode()), 1000);
    QCOMPARE(client.log, QByteArray("line 2\nline 3\n"));

    // Asked for, the attempt comes first, as text.
    LogClient announced;
    QStringList texts;
    QObject::connect(&announced.socket, &QWebSocket::textMessageReceived, &announced.socket,
                     [&texts](const QString &text) { texts.append(text); });
    QVERIFY(m_server->openWebSocket(
            announced.socket,
            QStringLiteral("/api/v1/jobs/%1/log/stream?attempts=true&offset=14").arg(job),
            m_server->viewer));
    QTRY_VERIFY_WITH_TIMEOUT(announced.closed, Patience);
    QCOMPARE(texts, QStringList{QStringLiteral("{\"attempt\":1}")});
    QCOMPARE(announced.log, QByteArray("line 3\n"));

    // Past the end: nothing, and closed.
    LogClient late;
    QVERIFY(m_server->openWebSocket(
            late.socket, QStringLiteral("/api/v1/jobs/%1/log/stream?offset=500").arg(job),
            m_server->viewer));
    QTRY_VERIFY_WITH_TIMEOUT(late.closed, Patience);
    QCOMPARE(int(late.socket.closeCode()), 1000);
    QVERIFY(late.log.isEmpty());
}

void tst_ApiStreams::logStreamWaitsForStart()
{
    // The scheduler stops claiming: the job stays READY, with no log yet.
    m_server->scheduler()->stop();
    const QString run = startTicker(2, QStringLiteral("0"));
    const QString job = onlyJob(run);
    LogClient client;
    QVERIFY(m_server->openWebSocket(client.socket,
                                    QStringLiteral("/api/v1/jobs/%1/log/stream").arg(job),
                                    m_server->viewer));
    QTest::qWait(300);
    QVERIFY(!client.closed);
    QVERIFY(client.log.isEmpty());
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/jobs/%1/log").arg(job), m_server->viewer).status,
             404);

    m_server->scheduler()->start();
    QTRY_VERIFY_WITH_TIMEOUT(client.closed, Patience);
    QCOMPARE(int(client.socket.closeCode()), 1000);
    QCOMPARE(client.log, QByteArray("line 1\nline 2\n"));
}

QTEST_MAIN(tst_ApiStreams)
#include "tst_apistreams.moc"
