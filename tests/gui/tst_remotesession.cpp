// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The app's session attached to a real cairnd on loopback: it opens once the cache holds the
// server's nodes, lists its pipelines, starts, cancels and retries runs there, shows a job's
// log from the API, keeps the token for the next time, and says why a refused token fails.

#include "daemonprocess.h"
#include "freeport.h"
#include "session.h"

#include <apitoken.h>
#include <database.h>
#include <loginstore.h>
#include <nodestore.h>
#include <runlistmodel.h>
#include <tokenstore.h>

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class TestRemoteSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void attachesAndOperates();
    void keptTokenIsUsed();
    void refusedToken();
    void notAUrl();

private:
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    // The last operationFinished of spy: (ok, message).
    static std::pair<bool, QString> last(const QSignalSpy &spy)
    {
        const QList<QVariant> args = spy.constLast();
        return {args.at(1).toBool(), args.at(2).toString()};
    }

    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QString m_token;
    std::unique_ptr<DaemonProcess> m_daemon;
};

void TestRemoteSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Tokens go to a secrets file of the test's own, not to the user's keychain.
    qputenv("CAIRN_SECRETS", "file:" + m_dir.filePath(QStringLiteral("secrets")).toUtf8());
    {
        Database db;
        QVERIFY(db.open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("cairn.db"))));
        TokenStore tokens(db);
        const Result<IssuedToken> issued = tokens.create(QStringLiteral("desk"),
                                                         ApiToken::Role::Operator);
        QVERIFY(issued);
        m_token = issued->secret;
        Node site;
        site.kind = QStringLiteral("site");
        site.name = QStringLiteral("roof");
        QVERIFY(NodeStore(db).create(site));
    }
    m_port = CairnTest::freePort();
    const QString project = m_dir.filePath(QStringLiteral("project.yaml"));
    QFile file(project);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"yaml(name: remote
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
    inputs:
      who: {}
    jobs:
      - {name: hello, stage: s, kind: process, version: "1", params: {command: echo, args: ["hello from ${run.inputs.who}"]}}
)yaml")
                       .arg(m_port)
                       .toUtf8());
    file.close();
    m_daemon = std::make_unique<DaemonProcess>(project);
    m_daemon->start();
    QVERIFY2(m_daemon->waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(m_daemon->errorOutput()));
}

void TestRemoteSession::cleanupTestCase()
{
    m_daemon.reset();
}

void TestRemoteSession::attachesAndOperates()
{
    Session session;
    session.setCacheDir(m_dir.filePath(QStringLiteral("cache")));
    QSignalSpy operations(&session, &Session::operationFinished);
    QSignalSpy started(&session, &Session::runStarted);
    session.openRemote(url(), m_token, {});
    QCOMPARE(session.state(), Session::Opening);
    QVERIFY(session.isRemote());
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::Open, 20000);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    QCOMPARE(session.location(), url());
    QVERIFY(session.database());
    QVERIFY(session.bus());
    QTRY_COMPARE_WITH_TIMEOUT(session.pipelines(),
                              QStringList({QStringLiteral("quick"), QStringLiteral("slow")}), 5000);
    // The server has no broker: its link is down.
    QTRY_COMPARE_WITH_TIMEOUT(session.brokerState(), QStringLiteral("disconnected"), 5000);

    // The token given is kept, for the next time and for cairnctl.
    const Result<QString> kept = LoginStore::token(QUrl(url()));
    if (!kept)
        QFAIL(qPrintable(kept.error().toString()));
    QCOMPARE(*kept, m_token);

    // A run started here runs there, and shows in the models on the cache.
    RunListModel runs;
    runs.setDatabase(session.database());
    runs.setBus(session.bus());
    session.startRun(QStringLiteral("quick"), QStringLiteral(R"({"who": "the desk"})"));
    QTRY_COMPARE_WITH_TIMEOUT(operations.count(), 1, 10000);
    QVERIFY2(last(operations).first, qPrintable(last(operations).second));
    QCOMPARE(started.count(), 1);
    const QString quickRun = started.constLast().constFirst().toString();
    QTRY_VERIFY_WITH_TIMEOUT(runs.rowCount() >= 1, 10000);

    // Its job's log, from the API.
    NodeStore cache(*session.database());
    QString jobId;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto children = cache.children(quickRun);
                if (!children || children->isEmpty())
                    return false;
                jobId = children->constFirst().id;
                return true;
            }(),
            10000);
    std::unique_ptr<QAbstractItemModel> log(session.remoteJobLog(nullptr));
    QVERIFY(log);
    QAbstractItemModelTester tester(log.get(),
                                    QAbstractItemModelTester::FailureReportingMode::Fatal);
    QVERIFY(log->setProperty("jobId", jobId));
    QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() >= 1, 15000);
    int found = -1;
    QVERIFY(QMetaObject::invokeMethod(log.get(), "find", Q_RETURN_ARG(int, found),
                                      Q_ARG(QString, QStringLiteral("hello from the desk")),
                                      Q_ARG(int, 0), Q_ARG(bool, false)));
    QVERIFY(found >= 0);

    // Cancel and retry reach the server.
    session.startRun(QStringLiteral("slow"), {});
    QTRY_COMPARE_WITH_TIMEOUT(started.count(), 2, 10000);
    const QString slowRun = started.constLast().constFirst().toString();
    operations.clear();
    session.cancelRun(slowRun);
    QTRY_COMPARE_WITH_TIMEOUT(operations.count(), 1, 10000);
    QVERIFY2(last(operations).first, qPrintable(last(operations).second));
    QTRY_VERIFY_WITH_TIMEOUT(cache.get(slowRun) && cache.get(slowRun)->state == Node::State::Done,
                             15000);
    operations.clear();
    session.retryRun(slowRun);
    QTRY_COMPARE_WITH_TIMEOUT(operations.count(), 1, 10000);
    QVERIFY2(last(operations).first, qPrintable(last(operations).second));
    operations.clear();
    session.cancelRun(slowRun);
    QTRY_COMPARE_WITH_TIMEOUT(operations.count(), 1, 10000);

    // What the server refuses is told with its reason.
    operations.clear();
    session.startRun(QStringLiteral("no-such-pipeline"), {});
    QTRY_COMPARE_WITH_TIMEOUT(operations.count(), 1, 10000);
    QVERIFY(!last(operations).first);
    QVERIFY2(last(operations).second.contains(QStringLiteral("no-such-pipeline")),
             qPrintable(last(operations).second));
    operations.clear();
    session.sendCommand(QStringLiteral("fan"), QStringLiteral("on"));
    QCOMPARE(operations.count(), 1);
    QVERIFY(!last(operations).first);

    session.close();
    QCOMPARE(session.state(), Session::Closed);
    QVERIFY(!session.database());
    QVERIFY(!session.isRemote());
}

void TestRemoteSession::keptTokenIsUsed()
{
    QVERIFY(LoginStore::save(QUrl(url()), m_token));
    Session session;
    session.setCacheDir(m_dir.filePath(QStringLiteral("cache")));
    session.openRemote(url(), QString(), {});
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::Open, 20000);
}

void TestRemoteSession::refusedToken()
{
    Session session;
    session.setCacheDir(m_dir.filePath(QStringLiteral("cache")));
    session.openRemote(url(), QStringLiteral("cairn_notatoken"), {});
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), Session::Failed, 20000);
    QVERIFY2(session.error().contains(QStringLiteral("401")), qPrintable(session.error()));
    QVERIFY(!session.error().contains(QStringLiteral("cairn_notatoken")));
    QVERIFY(!session.database());
    // The refused token is not kept: the good one stays.
    const Result<QString> kept = LoginStore::token(QUrl(url()));
    QVERIFY(kept);
    QCOMPARE(*kept, m_token);
}

void TestRemoteSession::notAUrl()
{
    Session session;
    session.openRemote(QStringLiteral("ftp://127.0.0.1:21"), m_token, {});
    QCOMPARE(session.state(), Session::Failed);
    QVERIFY2(session.error().contains(QStringLiteral("ftp://127.0.0.1:21")),
             qPrintable(session.error()));
}

QTEST_MAIN(TestRemoteSession)
#include "tst_remotesession.moc"
