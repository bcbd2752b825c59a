// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <joblogmodel.h>
#include <joblogpublisher.h>
#include <jobqueue.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Cairn;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

const QString Owner = QStringLiteral("owner-a");
const QString Kind = QStringLiteral("fake");

RunPlan plan(int retries = 0)
{
    RunPlan plan;
    plan.name = QStringLiteral("pipe");
    plan.stages = {QStringLiteral("s0")};
    RunPlan::Job job;
    job.name = QStringLiteral("build");
    job.stage = QStringLiteral("s0");
    job.kind = Kind;
    job.version = QStringLiteral("1");
    job.retryAttempt = retries;
    plan.jobs = {job};
    return plan;
}

} // namespace

class tst_JobLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void storedThenLive();
    void lineCutByTheFile();
    void streams();
    void missingLog();
    void notStartedYet();
    void find();
    void maxLines();
    void attempts();
    void batches();
    void droppedOutput();

private:
    ClaimedJob start(int retries = 0);
    ClaimedJob claimAgain();
    // What the process runtime does with output: append it to the attempt's log file, then
    // hand it to the publisher, which sends it as events when flushed.
    void write(const ClaimedJob &job, const QByteArray &bytes, bool isError = false);
    std::unique_ptr<JobLogModel> makeModel(const QString &jobId, int attempt = -1,
                                           int maxLines = JobLogModel::DefaultMaxLines);
    QStringList texts() const;
    QVariant at(int row, int role) const { return m_model->index(row).data(role); }

    CairnTest::TestBackends m_backends;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<JobQueue> m_queue;
    std::unique_ptr<JobLogPublisher> m_publisher;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    JobLogModel *m_model = nullptr;
};

void tst_JobLogModel::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_JobLogModel::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_JobLogModel::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_db = m_backends.open(backend);
    QVERIFY2(m_db, qPrintable(m_backends.errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_queue = std::make_unique<JobQueue>(*m_db);
    m_publisher = std::make_unique<JobLogPublisher>(*m_db);
    m_publisher->setInterval(24h); // flushed by the tests, when they mean to
}

void tst_JobLogModel::cleanup()
{
    m_testers.clear();
    m_publisher.reset();
    m_queue.reset();
    m_bus.reset();
    m_db.reset();
    m_model = nullptr;
}

ClaimedJob tst_JobLogModel::start(int retries)
{
    Result<QueueChange> change = m_queue->enqueue(plan(retries));
    if (!change)
        qFatal("enqueue failed: %s", qPrintable(change.error().toString()));
    return claimAgain();
}

ClaimedJob tst_JobLogModel::claimAgain()
{
    ClaimRequest request;
    request.owner = Owner;
    request.kinds = {Kind};
    request.limit = 1;
    request.dataDir = m_dir.path();
    Result<QList<ClaimedJob>> claimed = m_queue->claim(request);
    if (!claimed || claimed->size() != 1)
        qFatal("claim failed");
    return claimed->first();
}

void tst_JobLogModel::write(const ClaimedJob &job, const QByteArray &bytes, bool isError)
{
    const QString path =
            QUrl(job.node.artifacts.value(QStringLiteral("log")).toString()).toLocalFile();
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    m_publisher->append(job.row.id, job.row.runId, job.row.attempt, bytes, isError);
}

std::unique_ptr<JobLogModel> tst_JobLogModel::makeModel(const QString &jobId, int attempt,
                                                        int maxLines)
{
    auto model = std::make_unique<JobLogModel>();
    model->setBatchInterval(20ms);
    m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::Fatal));
    model->setMaxLines(maxLines);
    model->setAttempt(attempt);
    model->setBus(m_bus.get());
    model->setDatabase(m_db.get());
    model->setJobId(jobId);
    m_model = model.get();
    return model;
}

QStringList tst_JobLogModel::texts() const
{
    QStringList lines;
    for (int row = 0; row < m_model->rowCount(); ++row)
        lines.append(at(row, JobLogModel::TextRole).toString());
    return lines;
}

void tst_JobLogModel::storedThenLive()
{
    const ClaimedJob job = start();
    // In the file, and on their way as events that are not sent yet.
    write(job, "first\nsecond\n");
    write(job, "third\n", true);
    auto model = makeModel(job.row.id);
    QCOMPARE(model->error(), QString());
    QCOMPARE(model->shownAttempt(), 1);
    QCOMPARE(texts(), QStringList({u"first"_s, u"second"_s, u"third"_s}));
    QCOMPARE(model->count(), 3);
    QCOMPARE(model->lineCount(), 3);
    QCOMPARE(at(0, JobLogModel::LineNumberRole).toLongLong(), 1);
    QCOMPARE(at(2, JobLogModel::LineNumberRole).toLongLong(), 3);

    // Their events come after the file was read: nothing twice.
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    m_publisher->flush();
    write(job, "fourth\nfifth\n");
    m_publisher->flush();
    QTRY_COMPARE(model->count(), 5);
    QCOMPARE(texts(), QStringList({u"first"_s, u"second"_s, u"third"_s, u"fourth"_s, u"fifth"_s}));
    QCOMPARE(at(4, JobLogModel::LineNumberRole).toLongLong(), 5);
    QCOMPARE(at(4, JobLogModel::StreamRole).toString(), QStringLiteral("stdout"));
    QCOMPARE(model->lineCount(), 5);
    QCOMPARE(model->allText(), QStringLiteral("first\nsecond\nthird\nfourth\nfifth\n"));

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role : {"text", "stream", "lineNumber"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_JobLogModel::lineCutByTheFile()
{
    const ClaimedJob job = start();
    write(job, "one\ntw");
    auto model = makeModel(job.row.id);
    QCOMPARE(texts(), QStringList({u"one"_s, u"tw"_s}));
    QCOMPARE(model->allText(), QStringLiteral("one\ntw"));

    // The event that brings the rest starts inside what the file gave: it is cut there, and
    // the line that was open grows in place.
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    write(job, "o\nthr");
    write(job, "ee\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"one"_s, u"two"_s, u"three"_s}));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model->lineCount(), 3);
    QCOMPARE(model->allText(), QStringLiteral("one\ntwo\nthree\n"));

    // Text that is not whole lines, in UTF-8 cut inside a character.
    const QByteArray accented = QStringLiteral("caf\u00e9\n").toUtf8();
    write(job, accented.left(4));
    m_publisher->flush();
    write(job, accented.mid(4));
    m_publisher->flush();
    QTRY_COMPARE(model->count(), 4);
    QTRY_COMPARE(at(3, JobLogModel::TextRole).toString(), QStringLiteral("caf\u00e9"));
}

void tst_JobLogModel::streams()
{
    const ClaimedJob job = start();
    write(job, "out\n");
    write(job, "err\n", true);
    write(job, "out again\r\n");
    m_publisher->flush();
    // The file does not tell the streams apart; the events still on the bus do.
    auto model = makeModel(job.row.id);
    QCOMPARE(texts(), QStringList({u"out"_s, u"err"_s, u"out again"_s}));
    QCOMPARE(at(0, JobLogModel::StreamRole).toString(), QStringLiteral("stdout"));
    QCOMPARE(at(1, JobLogModel::StreamRole).toString(), QStringLiteral("stderr"));
    QCOMPARE(at(2, JobLogModel::StreamRole).toString(), QStringLiteral("stdout"));

    write(job, "late error\n", true);
    m_publisher->flush();
    QTRY_COMPARE(model->count(), 4);
    QCOMPARE(at(3, JobLogModel::StreamRole).toString(), QStringLiteral("stderr"));
    QCOMPARE(at(3, Qt::DisplayRole).toString(), QStringLiteral("late error"));
}

void tst_JobLogModel::missingLog()
{
    const ClaimedJob job = start();
    // Started, but nothing written yet: no file.
    auto model = makeModel(job.row.id);
    QCOMPARE(model->error(), QString());
    QCOMPARE(model->count(), 0);
    QCOMPARE(model->shownAttempt(), 1);
    QCOMPARE(model->allText(), QString());
    QCOMPARE(model->find(QStringLiteral("x")), -1);

    write(job, "hello\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"hello"_s}));

    // A job that does not exist is an error.
    QSignalSpy errorChanged(model.get(), &JobLogModel::errorChanged);
    model->setJobId(QStringLiteral("no-such-job"));
    QCOMPARE(errorChanged.size(), 1);
    QVERIFY(!model->error().isEmpty());
    QCOMPARE(model->count(), 0);
}

void tst_JobLogModel::notStartedYet()
{
    Result<QueueChange> change = m_queue->enqueue(plan());
    QVERIFY(change);
    Result<QList<QueuedJob>> jobs = m_queue->jobsOfRun(change->startedRuns.first().id);
    QVERIFY(jobs && jobs->size() == 1);
    auto model = makeModel(jobs->first().id);
    QCOMPARE(model->error(), QString());
    QCOMPARE(model->shownAttempt(), 0);
    QCOMPARE(model->count(), 0);

    // Its first attempt's output shows as it comes.
    const ClaimedJob job = claimAgain();
    write(job, "started\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"started"_s}));
    QCOMPARE(model->shownAttempt(), 1);
}

void tst_JobLogModel::find()
{
    const ClaimedJob job = start();
    write(job, "Alpha\nbeta\nALPHA beta\ngamma\n");
    auto model = makeModel(job.row.id);
    QCOMPARE(model->find(QStringLiteral("alpha")), 0);
    QCOMPARE(model->find(QStringLiteral("alpha"), 1), 2);
    QCOMPARE(model->find(QStringLiteral("alpha"), 3), -1);
    QCOMPARE(model->find(QStringLiteral("alpha"), 3, true), 2);
    QCOMPARE(model->find(QStringLiteral("BETA"), 3, true), 2);
    QCOMPARE(model->find(QStringLiteral("alpha"), 1, true), 0);
    QCOMPARE(model->find(QStringLiteral("delta")), -1);
    QCOMPARE(model->find(QString()), -1);
    // Rows out of range start at the nearest end.
    QCOMPARE(model->find(QStringLiteral("gam"), 99, true), 3);
    QCOMPARE(model->find(QStringLiteral("alp"), -5), 0);
}

void tst_JobLogModel::maxLines()
{
    const ClaimedJob job = start();
    write(job, "1\n2\n3\n4\n5\n");
    auto model = makeModel(job.row.id, -1, 3);
    QCOMPARE(texts(), QStringList({u"3"_s, u"4"_s, u"5"_s}));
    QCOMPARE(model->lineCount(), 5);
    QCOMPARE(at(0, JobLogModel::LineNumberRole).toLongLong(), 3);

    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    write(job, "6\n7\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"5"_s, u"6"_s, u"7"_s}));
    QCOMPARE(model->lineCount(), 7);
    QCOMPARE(at(0, JobLogModel::LineNumberRole).toLongLong(), 5);
    QCOMPARE(removed.size(), 1);

    // More in one batch than the model keeps.
    write(job, "8\n9\n10\n11\n12\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"10"_s, u"11"_s, u"12"_s}));
    QCOMPARE(model->lineCount(), 12);

    model->setMaxLines(1);
    QCOMPARE(texts(), QStringList({u"12"_s}));
}

void tst_JobLogModel::attempts()
{
    const ClaimedJob first = start(1);
    write(first, "attempt one\n");
    m_publisher->finish(first.row.id);
    JobOutcome failed;
    failed.status = JobOutcome::Failed;
    failed.exitCode = 1;

    auto latest = makeModel(first.row.id);
    JobLogModel *latestModel = m_model;
    QCOMPARE(latest->shownAttempt(), 1);
    QCOMPARE(texts(), QStringList({u"attempt one"_s}));

    QVERIFY(m_queue->finish(first.row.id, Owner, first.row.attempt, failed));
    const ClaimedJob second = claimAgain();
    QCOMPARE(second.row.attempt, 2);
    QSignalSpy shownChanged(latest.get(), &JobLogModel::shownAttemptChanged);
    write(second, "attempt two\n");
    m_publisher->flush();
    // Following the latest: the new attempt's log replaces the old one.
    QTRY_COMPARE(latest->shownAttempt(), 2);
    QCOMPARE(shownChanged.size(), 1);
    QTRY_COMPARE(texts(), QStringList({u"attempt two"_s}));

    // An attempt asked for by number stays.
    auto one = makeModel(first.row.id, 1);
    QCOMPARE(one->shownAttempt(), 1);
    QCOMPARE(texts(), QStringList({u"attempt one"_s}));
    write(second, "more of two\n");
    m_publisher->flush();
    m_model = latestModel;
    QTRY_COMPARE(texts(), QStringList({u"attempt two"_s, u"more of two"_s}));
    m_model = one.get();
    QCOMPARE(texts(), QStringList({u"attempt one"_s}));

    // And the latest again, read from the files.
    one->setAttempt(-1);
    QCOMPARE(one->shownAttempt(), 2);
    QCOMPARE(texts(), QStringList({u"attempt two"_s, u"more of two"_s}));
    // An attempt still to come is empty until it comes.
    one->setAttempt(3);
    QCOMPARE(one->count(), 0);
    QCOMPARE(one->error(), QString());
}

void tst_JobLogModel::batches()
{
    const ClaimedJob job = start();
    auto model = makeModel(job.row.id);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy countChanged(model.get(), &JobLogModel::countChanged);
    // Ten events, each its own transaction.
    for (int i = 0; i < 10; ++i) {
        write(job, QByteArray::number(i) + '\n');
        m_publisher->flush();
    }
    QTRY_COMPARE(model->count(), 10);
    QVERIFY2(inserted.size() < 10, qPrintable(QString::number(inserted.size())));
    QCOMPARE(countChanged.size(), inserted.size());
    QCOMPARE(at(9, JobLogModel::TextRole).toString(), QStringLiteral("9"));
}

void tst_JobLogModel::droppedOutput()
{
    const ClaimedJob job = start();
    auto model = makeModel(job.row.id);
    // The publisher sends at most 8 bytes a flush; the file has all of it.
    m_publisher->setMaxBytesPerFlush(8);
    write(job, "abcdef\n0123456789\nxyz\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"abcdef"_s, u"0123456789"_s, u"xyz"_s}));
    write(job, "next\n");
    m_publisher->flush();
    QTRY_COMPARE(texts(), QStringList({u"abcdef"_s, u"0123456789"_s, u"xyz"_s, u"next"_s}));
}

QTEST_MAIN(tst_JobLogModel)
#include "tst_joblogmodel.moc"
