// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <jobqueue.h>
#include <nodestore.h>
#include <runlistmodel.h>
#include <testbackends.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;

namespace {

const QString Owner = QStringLiteral("owner-a");
const QString Kind = QStringLiteral("fake");

RunPlan plan(const QString &name, int jobs = 2, const QString &client = {})
{
    RunPlan plan;
    plan.name = name;
    plan.stages = {QStringLiteral("build"), QStringLiteral("test")};
    plan.client = client;
    for (int i = 0; i < jobs; ++i) {
        RunPlan::Job job;
        job.name = QStringLiteral("j%1").arg(i);
        job.stageIndex = i % 2;
        job.stage = plan.stages.at(job.stageIndex);
        job.kind = Kind;
        plan.jobs.append(job);
    }
    return plan;
}

} // namespace

class tst_RunListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newestFirst();
    void pages();
    void live();

private:
    Node enqueue(const RunPlan &plan);
    std::unique_ptr<RunListModel> makeModel(int pageSize = RunListModel::DefaultPageSize);
    QVariant at(int row, int role) const { return m_model->index(row).data(role); }

    CairnTest::TestBackends m_backends;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<JobQueue> m_queue;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    RunListModel *m_model = nullptr;
};

void tst_RunListModel::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_queue = std::make_unique<JobQueue>(*m_db);
}

void tst_RunListModel::cleanup()
{
    m_tester.reset();
    m_queue.reset();
    m_bus.reset();
    m_db.reset();
    m_model = nullptr;
}

Node tst_RunListModel::enqueue(const RunPlan &plan)
{
    Result<QueueChange> change = m_queue->enqueue(plan);
    if (!change)
        qFatal("enqueue failed: %s", qPrintable(change.error().toString()));
    return change->startedRuns.first();
}

std::unique_ptr<RunListModel> tst_RunListModel::makeModel(int pageSize)
{
    auto model = std::make_unique<RunListModel>();
    model->setPageSize(pageSize);
    model->setBatchInterval(std::chrono::milliseconds(20));
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setBus(m_bus.get());
    model->setDatabase(m_db.get());
    m_model = model.get();
    return model;
}

void tst_RunListModel::newestFirst()
{
    enqueue(plan(QStringLiteral("p0")));
    enqueue(plan(QStringLiteral("p1"), 3, QStringLiteral("lab")));
    const Node newest = enqueue(plan(QStringLiteral("p2"), 1));
    // Not a run: left out.
    NodeStore store(*m_db);
    Node other;
    other.kind = QStringLiteral("device");
    other.name = QStringLiteral("d");
    QVERIFY(store.create(other));

    auto model = makeModel();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(at(0, RunListModel::PipelineRole).toString(), QStringLiteral("p2"));
    QCOMPARE(at(1, RunListModel::PipelineRole).toString(), QStringLiteral("p1"));
    QCOMPARE(at(2, RunListModel::PipelineRole).toString(), QStringLiteral("p0"));
    QCOMPARE(at(0, RunListModel::IdRole).toString(), newest.id);
    QCOMPARE(at(0, RunListModel::StateRole).toString(), QStringLiteral("running"));
    QCOMPARE(at(0, RunListModel::ResultRole).toString(), QString());
    QCOMPARE(at(1, RunListModel::ClientRole).toString(), QStringLiteral("lab"));
    QCOMPARE(at(0, RunListModel::CreatedRole).toDateTime(), newest.created);
    QVERIFY(at(0, RunListModel::DurationRole).toLongLong() >= 0);
    QCOMPARE(at(0, RunListModel::StageRole).toString(), QStringLiteral("build"));
    QCOMPARE(at(1, RunListModel::JobCountRole).toInt(), 3);
    QCOMPARE(at(1, RunListModel::FailedCountRole).toInt(), 0);

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role : {"id", "pipeline", "state", "result", "client", "created", "duration",
                             "stage", "jobCount", "failedCount"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_RunListModel::pages()
{
    for (int i = 0; i < 7; ++i)
        enqueue(plan(QStringLiteral("p%1").arg(i), 1));
    auto model = makeModel(3);
    QCOMPARE(model->rowCount(), 3);
    QVERIFY(model->canFetchMore({}));
    model->fetchMore({});
    QCOMPARE(model->rowCount(), 6);
    model->fetchMore({});
    QCOMPARE(model->rowCount(), 7);
    QVERIFY(!model->canFetchMore({}));
    for (int row = 0; row < 7; ++row)
        QCOMPARE(at(row, RunListModel::PipelineRole).toString(),
                 QStringLiteral("p%1").arg(6 - row));
}

void tst_RunListModel::live()
{
    const Node first = enqueue(plan(QStringLiteral("first")));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 1);

    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    enqueue(plan(QStringLiteral("second")));
    enqueue(plan(QStringLiteral("third")));
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(at(0, RunListModel::PipelineRole).toString(), QStringLiteral("third"));
    QCOMPARE(at(2, RunListModel::PipelineRole).toString(), QStringLiteral("first"));

    // A run that ends is updated in place.
    QVERIFY(m_queue->cancelRun(first.id, QStringLiteral("not needed")));
    QTRY_COMPARE(at(2, RunListModel::StateRole).toString(), QStringLiteral("done"));
    QVERIFY(!at(2, RunListModel::ResultRole).toString().isEmpty());
    QVERIFY(at(2, RunListModel::EndedRole).toDateTime().isValid());
    QVERIFY(at(2, RunListModel::DurationRole).toLongLong() >= 0);
    QCOMPARE(at(2, RunListModel::FailedCountRole).toInt(), 0);

    // A failed job counts.
    RunPlan failingPlan = plan(QStringLiteral("failing"), 1);
    failingPlan.jobs[0].kind = QStringLiteral("flaky"); // the only job of that kind
    const Node failing = enqueue(failingPlan);
    ClaimRequest request;
    request.owner = Owner;
    request.kinds = {QStringLiteral("flaky")};
    request.dataDir = m_dir.path();
    Result<QList<ClaimedJob>> claimed = m_queue->claim(request);
    QVERIFY(claimed);
    QCOMPARE(claimed->size(), 1);
    JobOutcome failed;
    failed.status = JobOutcome::Failed;
    failed.exitCode = 1;
    QVERIFY(m_queue->finish(claimed->first().row.id, Owner, 1, failed));
    QTRY_COMPARE(at(0, RunListModel::ResultRole).toString(), QStringLiteral("fail"));
    QCOMPARE(at(0, RunListModel::IdRole).toString(), failing.id);
    QCOMPARE(at(0, RunListModel::FailedCountRole).toInt(), 1);

    NodeStore store(*m_db);
    QVERIFY(store.remove(first.id));
    QTRY_COMPARE(model->rowCount(), 3);
    for (int row = 0; row < 3; ++row)
        QVERIFY(at(row, RunListModel::IdRole).toString() != first.id);
}

QTEST_GUILESS_MAIN(tst_RunListModel)
#include "tst_runlistmodel.moc"
