// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <joblistmodel.h>
#include <jobqueue.h>
#include <nodestore.h>
#include <testbackends.h>
#include <uuid7.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;

namespace {

const QString Owner = QStringLiteral("owner-a");
const QString Kind = QStringLiteral("fake");

RunPlan::Job job(const QString &name, int stage, int retries = 0)
{
    RunPlan::Job job;
    job.name = name;
    job.stage = QStringLiteral("s%1").arg(stage);
    job.stageIndex = stage;
    job.kind = Kind;
    job.version = QStringLiteral("1");
    job.retryAttempt = retries;
    return job;
}

RunPlan plan(const QString &name, const QList<RunPlan::Job> &jobs)
{
    RunPlan plan;
    plan.name = name;
    plan.stages = {QStringLiteral("s0"), QStringLiteral("s1")};
    plan.jobs = jobs;
    return plan;
}

JobOutcome outcome(JobOutcome::Status status, int exitCode, const QString &message = {})
{
    JobOutcome o;
    o.status = status;
    o.exitCode = exitCode;
    o.message = message;
    return o;
}

} // namespace

class tst_JobListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void jobsOfARun();
    void followsTheQueue();
    void otherRuns();
    void deletedRun();

private:
    QString enqueue(const RunPlan &plan);
    QList<ClaimedJob> claim(int limit);
    std::unique_ptr<JobListModel> makeModel();
    QVariant at(int row, int role) const { return m_model->index(row).data(role); }

    CairnTest::TestBackends m_backends;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<JobQueue> m_queue;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    JobListModel *m_model = nullptr;
};

void tst_JobListModel::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_queue = std::make_unique<JobQueue>(*m_db);
}

void tst_JobListModel::cleanup()
{
    m_tester.reset();
    m_queue.reset();
    m_bus.reset();
    m_db.reset();
    m_model = nullptr;
}

QString tst_JobListModel::enqueue(const RunPlan &plan)
{
    Result<QueueChange> change = m_queue->enqueue(plan);
    if (!change)
        qFatal("enqueue failed: %s", qPrintable(change.error().toString()));
    return change->startedRuns.first().id;
}

QList<ClaimedJob> tst_JobListModel::claim(int limit)
{
    ClaimRequest request;
    request.owner = Owner;
    request.kinds = {Kind};
    request.limit = limit;
    request.dataDir = m_dir.path();
    Result<QList<ClaimedJob>> claimed = m_queue->claim(request);
    if (!claimed)
        qFatal("claim failed: %s", qPrintable(claimed.error().toString()));
    return *claimed;
}

std::unique_ptr<JobListModel> tst_JobListModel::makeModel()
{
    auto model = std::make_unique<JobListModel>();
    model->setBatchInterval(std::chrono::milliseconds(20));
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setDatabase(m_db.get());
    model->setBus(m_bus.get());
    m_model = model.get();
    return model;
}

void tst_JobListModel::jobsOfARun()
{
    const QString runId = enqueue(
            plan(QStringLiteral("pipe"),
                 {job(QStringLiteral("build"), 0), job(QStringLiteral("test"), 1, 1),
                  job(QStringLiteral("lint"), 0)}));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 0);
    QSignalSpy runIdChanged(model.get(), &JobListModel::runIdChanged);
    model->setRunId(runId);
    QCOMPARE(runIdChanged.size(), 1);
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->count(), 3);

    // Stage order, then the pipeline's order.
    QCOMPARE(at(0, JobListModel::NameRole).toString(), QStringLiteral("build"));
    QCOMPARE(at(1, JobListModel::NameRole).toString(), QStringLiteral("lint"));
    QCOMPARE(at(2, JobListModel::NameRole).toString(), QStringLiteral("test"));
    QCOMPARE(at(2, JobListModel::StageRole).toString(), QStringLiteral("s1"));
    QCOMPARE(at(2, JobListModel::StageIndexRole).toInt(), 1);
    QCOMPARE(at(0, JobListModel::StateRole).toString(), QStringLiteral("READY"));
    QCOMPARE(at(0, JobListModel::ResultRole).toString(), QString());
    QCOMPARE(at(0, JobListModel::AttemptRole).toInt(), 0);
    QCOMPARE(at(0, JobListModel::MaxAttemptsRole).toInt(), 1);
    QCOMPARE(at(2, JobListModel::MaxAttemptsRole).toInt(), 2);
    QVERIFY(!at(0, JobListModel::ExitCodeRole).isValid());
    QVERIFY(!at(0, JobListModel::StartedRole).toDateTime().isValid());
    QCOMPARE(at(0, JobListModel::DurationMsRole).toLongLong(), -1);
    QCOMPARE(at(0, JobListModel::LogUrlRole).toString(), QString());
    QVERIFY(!at(0, JobListModel::IdRole).toString().isEmpty());

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role :
         {"id", "name", "stage", "stageIndex", "state", "result", "attempt", "maxAttempts",
          "exitCode", "started", "ended", "durationMs", "failure", "logUrl"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_JobListModel::followsTheQueue()
{
    const QString runId = enqueue(
            plan(QStringLiteral("pipe"),
                 {job(QStringLiteral("build"), 0), job(QStringLiteral("lint"), 0),
                  job(QStringLiteral("test"), 1)}));
    auto model = makeModel();
    model->setRunId(runId);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);

    const QList<ClaimedJob> claimed = claim(2);
    QCOMPARE(claimed.size(), 2);
    QTRY_COMPARE(at(1, JobListModel::StateRole).toString(), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(at(0, JobListModel::StateRole).toString(), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(at(0, JobListModel::AttemptRole).toInt(), 1);
    QVERIFY(at(0, JobListModel::StartedRole).toDateTime().isValid());
    QVERIFY(at(0, JobListModel::DurationMsRole).toLongLong() >= 0);
    QVERIFY(at(0, JobListModel::LogUrlRole).toString().endsWith(QStringLiteral("log.txt")));
    QCOMPARE(at(2, JobListModel::StateRole).toString(), QStringLiteral("READY"));

    const ClaimedJob &build = claimed.at(0).row.name == QLatin1String("build") ? claimed.at(0)
                                                                               : claimed.at(1);
    const ClaimedJob &lint = &build == &claimed.at(0) ? claimed.at(1) : claimed.at(0);
    QVERIFY(m_queue->finish(build.row.id, Owner, build.row.attempt,
                            outcome(JobOutcome::Passed, 0)));
    QTRY_COMPARE(at(0, JobListModel::StateRole).toString(), QStringLiteral("DONE"));
    QCOMPARE(at(0, JobListModel::ResultRole).toString(), QStringLiteral("pass"));
    QCOMPARE(at(0, JobListModel::ExitCodeRole).toInt(), 0);
    QVERIFY(at(0, JobListModel::EndedRole).toDateTime().isValid());

    // A failure stops the run: the next stage's job is cancelled.
    QVERIFY(m_queue->finish(lint.row.id, Owner, lint.row.attempt,
                            outcome(JobOutcome::Failed, 2, QStringLiteral("exited with code 2"))));
    QTRY_COMPARE(at(2, JobListModel::StateRole).toString(), QStringLiteral("CANCELLED"));
    QCOMPARE(at(1, JobListModel::StateRole).toString(), QStringLiteral("DONE"));
    QCOMPARE(at(1, JobListModel::ResultRole).toString(), QStringLiteral("fail"));
    QCOMPARE(at(1, JobListModel::ExitCodeRole).toInt(), 2);
    QCOMPARE(at(1, JobListModel::FailureRole).toString(), QStringLiteral("exited with code 2"));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);

    // A retry starts the job over.
    QVERIFY(m_queue->retryJob(lint.row.id));
    QTRY_COMPARE(at(1, JobListModel::StateRole).toString(), QStringLiteral("READY"));
}

void tst_JobListModel::otherRuns()
{
    const QString first = enqueue(plan(QStringLiteral("one"), {job(QStringLiteral("a"), 0)}));
    auto model = makeModel();
    model->setRunId(first);
    QCOMPARE(model->rowCount(), 1);

    // Jobs of other runs change nothing; a run given before it exists fills in when it does.
    const QString later = enqueue(plan(QStringLiteral("two"),
                                       {job(QStringLiteral("b"), 0), job(QStringLiteral("c"), 1)}));
    QTest::qWait(100);
    QCOMPARE(model->rowCount(), 1);
    model->setRunId(later);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(at(0, JobListModel::NameRole).toString(), QStringLiteral("b"));

    model->setRunId(QString());
    QCOMPARE(model->rowCount(), 0);
    const QString future = createUuid7();
    model->setRunId(future);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(model->error().isEmpty());
    RunPlan p = plan(QStringLiteral("three"),
                     {job(QStringLiteral("x"), 0), job(QStringLiteral("y"), 0)});
    p.runId = future;
    enqueue(p);
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(at(1, JobListModel::NameRole).toString(), QStringLiteral("y"));
}

void tst_JobListModel::deletedRun()
{
    const QString runId = enqueue(plan(QStringLiteral("pipe"),
                                       {job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 1)}));
    auto model = makeModel();
    model->setRunId(runId);
    QCOMPARE(model->rowCount(), 2);
    NodeStore store(*m_db);
    QVERIFY(store.remove(runId));
    QTRY_COMPARE(model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_JobListModel)
#include "tst_joblistmodel.moc"
