// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "daemonprocess.h"

#include "freeport.h"
#include "mosquittoserver.h"
#include "postgresserver.h"
#include "tokenstore.h"

#include "database.h"
#include "eventbus.h"
#include "jobqueue.h"
#include "jobstate.h"
#include "nodequery.h"
#include "nodestore.h"
#include "pipeline.h"
#include "scheduler.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace Cairn;
using namespace std::chrono_literals;

/*
 * cairnd as an operator runs it: configuration errors, the crash safety promise under
 * repeated kill -9, SIGTERM with a running job, and SIGHUP.
 */
class tst_Cairnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void configurationErrors_data();
    void configurationErrors();
    void checkOption();
    void killedRepeatedlyDuringAPipeline();
    void sigtermLetsTheRunningJobFinish();
    void sigtermAfterTheGraceStopsTheJob();
    void sighupReloadsRules();
    void twoDaemonsOnOnePostgres();
    void apiOverHttps();

private:
    QString write(const QString &name, const QByteArray &text);
    QString project(const QByteArray &body);
    Node startRun(const QString &pipelineFile, std::unique_ptr<Database> &db);
    Node waitForRunEnd(Database &db, const QString &runId, std::chrono::milliseconds timeout);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Cairnd::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString tst_Cairnd::write(const QString &name, const QByteArray &text)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// A project on a SQLite file of the test's folder, with short leases so recovery is quick.
QString tst_Cairnd::project(const QByteArray &body)
{
    return write(QStringLiteral("project.yaml"),
                 "name: test\n"
                 "database: sqlite:cairn.db\n"
                 "scheduler: {lease: 1s, heartbeat: 200ms, poll: 100ms, "
                 "supervisor_interval: 200ms, stop_grace: 2s}\n"
                         + body);
}

Node tst_Cairnd::startRun(const QString &pipelineFile, std::unique_ptr<Database> &db)
{
    db = std::make_unique<Database>();
    if (!db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"))))
        qFatal("cannot open the database: %s", qPrintable(db->errorString()));
    Result<Pipeline> pipeline = Pipeline::load(pipelineFile);
    if (!pipeline)
        qFatal("%s", qPrintable(pipeline.error().toString()));
    // Queued by a scheduler that never runs anything: cairnd has to.
    SchedulerOptions options;
    options.dataDir = m_dir->filePath(QStringLiteral(".cairn"));
    Scheduler queueing(*db, options);
    Result<Node> run = queueing.startRun(*pipeline, {});
    if (!run)
        qFatal("%s", qPrintable(run.error().toString()));
    return *run;
}

Node tst_Cairnd::waitForRunEnd(Database &db, const QString &runId,
                               std::chrono::milliseconds timeout)
{
    NodeStore store(db);
    const QDeadlineTimer deadline(timeout);
    for (;;) {
        Result<Node> run = store.get(runId);
        if (run && run->state == Node::State::Done)
            return *run;
        if (deadline.hasExpired())
            return run ? *run : Node();
        QTest::qWait(100);
    }
}

void tst_Cairnd::configurationErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown section")
            << QByteArray("name: x\ncolour: red\n") << "project.yaml:2:1: colour: unknown setting";
    QTest::newRow("not yaml") << QByteArray("name: [x\n") << "project.yaml:";
    QTest::newRow("bad database") << QByteArray("database: mysql://x\n")
                                  << "project.yaml:1:1: database: write sqlite:FILE or";
    QTest::newRow("rule without pipeline")
            << QByteArray("rules:\n  - {name: r, on: {type: x}, run: nowhere}\n")
            << "project.yaml:2:30: rules[0].run: there is no pipeline nowhere";
    QTest::newRow("unknown kind")
            << QByteArray("pipelines:\n  p:\n    stages: [s]\n    jobs:\n"
                          "      - {name: j, stage: s, kind: teleport, version: \"1\"}\n")
            << "project.yaml:5:29: pipelines.p.jobs[0].kind: unknown job kind \"teleport\"";
    QTest::newRow("bad listen") << QByteArray("api: {listen: \"host:port\"}\n")
                                << "project.yaml:1:7: api.listen: \"host:port\" is not an address";
    QTest::newRow("negative capacity")
            << QByteArray("runtimes: {process: {capacity: -1}}\n")
            << "project.yaml:1:22: runtimes.process.capacity: must be between 0";
    QTest::newRow("devices without broker")
            << QByteArray("devices:\n  - {id: d, topics: [{topic: a/b}]}\n") << "project.yaml:2:";
}

void tst_Cairnd::configurationErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, error);
    const QString file = write(QStringLiteral("project.yaml"), yaml);
    DaemonProcess daemon(file);
    daemon.start();
    QVERIFY(daemon.waitForExit(20s));
    const QString output = daemon.errorOutput();
    QVERIFY2(daemon.exitCode() == 2, qPrintable(output));
    QVERIFY2(output.contains(error), qPrintable(output));
    // Nothing was created: a configuration error stops before the database is opened.
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral(".cairn"))));
}

void tst_Cairnd::checkOption()
{
    const QString file = project("pipelines:\n  p:\n    stages: [s]\n    jobs:\n"
                                 "      - {name: j, stage: s, kind: process, version: \"1\", "
                                 "params: {command: /bin/true}}\n");
    QProcess check;
    check.start(QStringLiteral(CAIRND_PATH),
                {QStringLiteral("--check"), QStringLiteral("-p"), file});
    QVERIFY(check.waitForFinished(20000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
    QCOMPARE(QString::fromUtf8(check.readAllStandardOutput()).trimmed(), file + u": ok");
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("cairn.db"))));
}

/*
 * The promise of the scheduler: kill -9 at any moment, restart, and every run still reaches
 * its end with each job's completion recorded once. 200 jobs, killed again and again while
 * they run; each job may run more than once (at least once), but is recorded DONE once.
 */
void tst_Cairnd::killedRepeatedlyDuringAPipeline()
{
    const QString doneFile = m_dir->filePath(QStringLiteral("done.txt"));
    QByteArray pipeline = "name: big\nstages: [a, b, c, d]\njobs:\n";
    for (int i = 0; i < 200; ++i) {
        pipeline += QStringLiteral("  - {name: job-%1, stage: %2, kind: process, version: \"1\", "
                                   "retry_attempt: 50, params: {command: /bin/sh, args: [-c, "
                                   "\"sleep 0.1 && echo ${job.name} >> '%3'\"]}}\n")
                            .arg(i, 3, 10, QLatin1Char('0'))
                            .arg(QChar(u'a' + i % 4))
                            .arg(doneFile)
                            .toUtf8();
    }
    const QString pipelineFile = write(QStringLiteral("big.yaml"), pipeline);
    const QString file = project("runtimes: {process: {capacity: 8, grace: 500ms}}\n"
                                 "pipelines: {big: big.yaml}\n");
    std::unique_ptr<Database> db;
    const Node run = startRun(pipelineFile, db);

    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("kill timings from seed %u", seed);
    QRandomGenerator random(seed);
    DaemonProcess daemon(file);
    int kills = 0;
    for (; kills < 8; ++kills) {
        daemon.start();
        QVERIFY2(daemon.waitForOutput(QStringLiteral("running on"), 20s),
                 qPrintable(daemon.errorOutput()));
        QTest::qWait(int(random.bounded(300, 1500)));
        QVERIFY2(daemon.isRunning(), qPrintable(daemon.errorOutput()));
        daemon.kill9();
        QVERIFY(daemon.waitForExit(10s));
        QCOMPARE(daemon.exitStatus(), QProcess::CrashExit);
    }
    daemon.start();
    QVERIFY2(daemon.waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(daemon.errorOutput()));
    const Node ended = waitForRunEnd(*db, run.id, 180s);
    QVERIFY2(ended.state == Node::State::Done, qPrintable(daemon.errorOutput()));
    QCOMPARE(ended.result, Node::Outcome::Pass);

    JobQueue queue(*db);
    Result<QList<QueuedJob>> jobs = queue.jobsOfRun(run.id);
    QVERIFY(jobs);
    QCOMPARE(jobs->size(), 200);
    int interrupted = 0;
    QSet<QString> ids;
    for (const QueuedJob &job : std::as_const(*jobs)) {
        QVERIFY2(job.state == JobState::Done, qPrintable(job.name));
        interrupted += job.attempt > 1 ? 1 : 0;
        ids.insert(job.id);
    }
    // The kills did land on running jobs; otherwise this test proved nothing.
    QVERIFY2(interrupted > 0, "no kill interrupted a job");

    // Each job's completion is recorded once: one update of its node into done.
    EventBus bus(*db);
    QHash<QString, int> completions;
    EventHistoryQuery query;
    query.limit = EventHistoryQuery::MaxLimit;
    for (;;) {
        Result<QList<CloudEvent>> page = bus.history(query);
        QVERIFY(page);
        for (const CloudEvent &event : std::as_const(*page)) {
            if (event.type == QStringLiteral("cairn.node.updated") && ids.contains(event.subject)
                && event.data.toObject().value(QStringLiteral("state")).toString()
                        == QStringLiteral("done"))
                ++completions[event.subject];
        }
        if (page->size() < query.limit)
            break;
        query.since = page->last().sequence;
    }
    QCOMPARE(completions.size(), 200);
    for (auto it = completions.cbegin(); it != completions.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(it.key()));

    // And each ran to its end at least once.
    QFile done(doneFile);
    QVERIFY(done.open(QIODevice::ReadOnly));
    const QSet<QString> names = [&] {
        QSet<QString> set;
        for (const QByteArray &line : done.readAll().split('\n'))
            if (!line.isEmpty())
                set.insert(QString::fromUtf8(line));
        return set;
    }();
    QCOMPARE(names.size(), 200);
    qInfo("%d kills; %d of 200 jobs needed more than one attempt", kills, interrupted);

    daemon.signal(SIGTERM);
    QVERIFY(daemon.waitForExit(20s));
    QCOMPARE(daemon.exitCode(), 0);
}

void tst_Cairnd::sigtermLetsTheRunningJobFinish()
{
    const QString pipelineFile = write(
            QStringLiteral("slow.yaml"),
            "name: slow\nstages: [s]\njobs:\n"
            "  - {name: j, stage: s, kind: process, version: \"1\", params: {command: /bin/sh, "
            "args: [-c, \"sleep 1.5 && echo finished\"]}}\n");
    const QString file = project("pipelines: {slow: slow.yaml}\nshutdown_grace: 20s\n");
    std::unique_ptr<Database> db;
    const Node run = startRun(pipelineFile, db);
    DaemonProcess daemon(file);
    daemon.start();
    QVERIFY2(daemon.waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(daemon.errorOutput()));
    JobQueue queue(*db);
    QTRY_VERIFY_WITH_TIMEOUT(queue.jobsOfRun(run.id)->constFirst().state == JobState::InProgress,
                             20000);
    daemon.signal(SIGTERM);
    QVERIFY(daemon.waitForExit(30s));
    QVERIFY2(daemon.exitCode() == 0, qPrintable(daemon.errorOutput()));
    QVERIFY(daemon.errorOutput().contains(QStringLiteral("1 running jobs get up to 20 s")));
    const QueuedJob job = queue.jobsOfRun(run.id)->constFirst();
    QCOMPARE(job.state, JobState::Done);
    QCOMPARE(job.result, Node::Outcome::Pass);
}

void tst_Cairnd::sigtermAfterTheGraceStopsTheJob()
{
    const QString pipelineFile = write(
            QStringLiteral("stuck.yaml"),
            "name: stuck\nstages: [s]\njobs:\n"
            "  - {name: j, stage: s, kind: process, version: \"1\", retry_attempt: 1, "
            "params: {command: /bin/sleep, args: [\"60\"]}}\n");
    const QString file = project("pipelines: {stuck: stuck.yaml}\nshutdown_grace: 500ms\n");
    std::unique_ptr<Database> db;
    const Node run = startRun(pipelineFile, db);
    DaemonProcess daemon(file);
    daemon.start();
    JobQueue queue(*db);
    QTRY_VERIFY_WITH_TIMEOUT(queue.jobsOfRun(run.id)->constFirst().state == JobState::InProgress,
                             20000);
    QElapsedTimer clock;
    clock.start();
    daemon.signal(SIGTERM);
    QVERIFY(daemon.waitForExit(20s));
    QVERIFY2(daemon.exitCode() == 0, qPrintable(daemon.errorOutput()));
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    // Back in the queue for its second attempt, the interruption recorded as its failure.
    const QueuedJob job = queue.jobsOfRun(run.id)->constFirst();
    QCOMPARE(job.state, JobState::Ready);
    QCOMPARE(job.attempt, 1);
    QCOMPARE(job.failure, QStringLiteral("Cairn stopped before the job finished."));
}

void tst_Cairnd::sighupReloadsRules()
{
    const QByteArray pipelines =
            "pipelines:\n"
            "  slow:\n    stages: [s]\n    jobs:\n"
            "      - {name: j, stage: s, kind: process, version: \"1\", params: {command: "
            "/bin/sleep, args: [\"2\"]}}\n"
            "  quick:\n    stages: [s]\n    jobs:\n"
            "      - {name: k, stage: s, kind: process, version: \"1\", params: {command: "
            "/bin/true}}\n";
    const QString file = project(pipelines
                                 + "rules:\n  - {name: first, on: {type: test.slow}, run: slow}\n");
    DaemonProcess daemon(file);
    daemon.start();
    QVERIFY2(daemon.waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(daemon.errorOutput()));
    Database db;
    QVERIFY(db.open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"))));
    EventBus bus(db);
    NodeStore store(db);
    QVERIFY(bus.publish(QStringLiteral("test.slow"), QString(), QJsonValue()));
    QTRY_COMPARE_WITH_TIMEOUT(
            *store.count(*NodeQuery::parse({QStringLiteral("kind=job"), QStringLiteral("name=j"),
                                            QStringLiteral("state=running")})),
            qint64(1), 20000);

    // A new rule while j runs: it fires after SIGHUP, and j is not disturbed.
    project(pipelines
            + "rules:\n  - {name: first, on: {type: test.slow}, run: slow}\n"
              "  - {name: second, on: {type: test.quick}, run: quick}\n");
    daemon.signal(SIGHUP);
    QVERIFY2(daemon.waitForOutput(QStringLiteral("reloaded"), 20s),
             qPrintable(daemon.errorOutput()));
    QVERIFY(bus.publish(QStringLiteral("test.quick"), QString(), QJsonValue()));
    QTRY_COMPARE_WITH_TIMEOUT(
            *store.count(*NodeQuery::parse({QStringLiteral("kind=job"), QStringLiteral("name=k"),
                                            QStringLiteral("result=pass")})),
            qint64(1), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(
            *store.count(*NodeQuery::parse({QStringLiteral("kind=job"), QStringLiteral("name=j"),
                                            QStringLiteral("result=pass")})),
            qint64(1), 20000);

    // A broken file is refused and the running rules stay.
    write(QStringLiteral("project.yaml"), "name: [broken\n");
    daemon.signal(SIGHUP);
    QVERIFY(daemon.waitForOutput(QStringLiteral("the project file was not reloaded"), 20s));
    QVERIFY(bus.publish(QStringLiteral("test.quick"), QString(), QJsonValue()));
    QTRY_COMPARE_WITH_TIMEOUT(
            *store.count(*NodeQuery::parse({QStringLiteral("kind=job"), QStringLiteral("name=k"),
                                            QStringLiteral("result=pass")})),
            qint64(2), 20000);

    daemon.signal(SIGTERM);
    QVERIFY(daemon.waitForExit(20s));
    QCOMPARE(daemon.exitCode(), 0);
}

/*
 * Two cairnd on one PostgreSQL: both run jobs, none runs a job twice, one at a time leads (runs
 * the rules), and when the leader dies the other takes over.
 */
void tst_Cairnd::twoDaemonsOnOnePostgres()
{
    CairnTest::PostgresServer postgres;
    QVERIFY2(postgres.start(), qPrintable(postgres.errorString()));
    const QString url = postgres.createDatabase(QStringLiteral("two"));
    QVERIFY(!url.isEmpty());

    const QString ranFile = m_dir->filePath(QStringLiteral("ran.txt"));
    QByteArray pipeline = "name: wide\nstages: [a]\njobs:\n";
    for (int i = 0; i < 200; ++i)
        pipeline += QStringLiteral("  - {name: job-%1, stage: a, kind: process, version: \"1\", "
                                   "params: {command: /bin/sh, args: [-c, \"sleep 0.02 && echo "
                                   "${job.name} >> '%2'\"]}}\n")
                            .arg(i, 3, 10, QLatin1Char('0'))
                            .arg(ranFile)
                            .toUtf8();
    write(QStringLiteral("wide.yaml"), pipeline);
    const QByteArray common = "scheduler: {lease: 1s, heartbeat: 200ms, poll: 100ms, "
                              "supervisor_interval: 200ms}\n"
                              "runtimes: {process: {capacity: 4}}\n"
                              "pipelines: {wide: wide.yaml}\n"
                              "rules: [{name: go, on: {type: test.go}, run: wide, "
                              "mode: parallel}]\n";
    const QString fileA = write(QStringLiteral("a.yaml"),
                                "name: a\ndatabase: " + url.toUtf8() + "\ndata_dir: a\n" + common);
    const QString fileB = write(QStringLiteral("b.yaml"),
                                "name: b\ndatabase: " + url.toUtf8() + "\ndata_dir: b\n" + common);
    DaemonProcess a(fileA);
    DaemonProcess b(fileB);
    a.start();
    QVERIFY2(a.waitForOutput(QStringLiteral("running on"), 30s), qPrintable(a.errorOutput()));
    b.start();
    QVERIFY2(b.waitForOutput(QStringLiteral("running on"), 30s), qPrintable(b.errorOutput()));
    QVERIFY2(a.errorOutput().contains(QStringLiteral("leading cairn.leader")),
             qPrintable(a.errorOutput()));
    QVERIFY2(!b.errorOutput().contains(QStringLiteral("leading cairn.leader")),
             qPrintable(b.errorOutput()));

    Database db;
    QVERIFY2(db.open(url), qPrintable(db.errorString()));
    EventBus bus(db);
    NodeStore store(db);
    QVERIFY(bus.publish(QStringLiteral("test.go"), QString(), QJsonValue()));
    const auto runs = [&](const QString &state) {
        return *store.count(
                *NodeQuery::parse({QStringLiteral("kind=run"), QStringLiteral("state=") + state}));
    };
    QTRY_COMPARE_WITH_TIMEOUT(runs(QStringLiteral("done")), qint64(1), 120000);
    QCOMPARE(*store.count(*NodeQuery::parse({QStringLiteral("kind=run")})), qint64(1));

    // Every job ran exactly once, and both daemons took a share.
    QFile ran(ranFile);
    QVERIFY(ran.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(ran.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 200);
    lines.removeDuplicates();
    QCOMPARE(lines.size(), 200);
    JobQueue queue(db);
    Result<QList<QueuedJob>> jobs = queue.jobsOfRun(
            store.find(*NodeQuery::parse({QStringLiteral("kind=run")}))->nodes.constFirst().id);
    QVERIFY(jobs);
    QSet<QString> folders;
    for (const QueuedJob &job : std::as_const(*jobs))
        folders.insert(QDir(m_dir->filePath(QStringLiteral("a/jobs"))).exists(job.id)
                               ? QStringLiteral("a")
                               : QStringLiteral("b"));
    QCOMPARE(folders.size(), 2);

    // The leader dies: the other leads within a lease and fires the next run itself.
    a.kill9();
    QVERIFY(a.waitForExit(10s));
    QVERIFY2(b.waitForOutput(QStringLiteral("leading cairn.leader"), 20s),
             qPrintable(b.errorOutput()));
    QVERIFY(bus.publish(QStringLiteral("test.go"), QString(), QJsonValue()));
    QTRY_COMPARE_WITH_TIMEOUT(runs(QStringLiteral("done")), qint64(2), 120000);
    b.signal(SIGTERM);
    QVERIFY(b.waitForExit(20s));
    QCOMPARE(b.exitCode(), 0);
}

/*
 * The API as cairnd serves it: HTTPS with the configured certificate, a token made in the
 * database beforehand, 401 without it, and nothing answered over plain HTTP.
 */
void tst_Cairnd::apiOverHttps()
{
    CairnTest::TestCertificates certificates;
    QString why;
    QVERIFY2(CairnTest::makeTestCertificates(m_dir->path(), &certificates, &why), qPrintable(why));
    QByteArray token;
    {
        Database db;
        QVERIFY(db.open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"))));
        TokenStore tokens(db);
        const Result<IssuedToken> issued = tokens.create(QStringLiteral("ops"),
                                                         ApiToken::Role::Viewer);
        QVERIFY(issued);
        token = issued->secret.toLatin1();
    }
    const quint16 port = CairnTest::freePort();
    const QString file = project(
            QStringLiteral("api: {listen: \"127.0.0.1:%1\", tls: "
                           "{certificate: \"%2\", key: \"%3\"}}\n")
                    .arg(port)
                    .arg(certificates.serverCertificate, certificates.serverKey)
                    .toUtf8());
    DaemonProcess daemon(file);
    daemon.start();
    QVERIFY2(daemon.waitForOutput(QStringLiteral("running on"), 20s),
             qPrintable(daemon.errorOutput()));
    QVERIFY2(daemon.errorOutput().contains(QStringLiteral("(HTTPS)")),
             qPrintable(daemon.errorOutput()));

    QNetworkAccessManager network;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(certificates.caCertificate));
    const auto get = [&](const QString &url, const QByteArray &bearer) {
        QNetworkRequest request{QUrl(url)};
        request.setSslConfiguration(tls);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer);
        QNetworkReply *reply = network.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool failed = reply->error() != QNetworkReply::NoError;
        reply->deleteLater();
        return std::pair{status, failed};
    };
    const QString https = QStringLiteral("https://127.0.0.1:%1").arg(port);
    QCOMPARE(get(https + QStringLiteral("/health"), {}).first, 200);
    QCOMPARE(get(https + QStringLiteral("/api/v1/nodes"), token).first, 200);
    QCOMPARE(get(https + QStringLiteral("/api/v1/nodes"), {}).first, 401);
    QCOMPARE(get(https + QStringLiteral("/api/v1/nodes"), "cairn_wrong").first, 401);
    // Plain HTTP to the TLS port gets no answer.
    const auto plain = get(QStringLiteral("http://127.0.0.1:%1/health").arg(port), {});
    QVERIFY(plain.second);
    QCOMPARE(plain.first, 0);
    // The token never reaches the log.
    daemon.signal(SIGTERM);
    QVERIFY(daemon.waitForExit(20s));
    QCOMPARE(daemon.exitCode(), 0);
    QVERIFY(!daemon.errorOutput().contains(QString::fromLatin1(token)));
}

QTEST_GUILESS_MAIN(tst_Cairnd)
#include "tst_cairnd.moc"
