// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <jobqueue.h>
#include <jobstate.h>
#include <nodestore.h>
#include <runstate.h>
#include <testbackends.h>

#include <QJsonArray>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

const QString Owner = QStringLiteral("owner-a");
const QString Kind = QStringLiteral("fake");

RunPlan::Job job(const QString &name, int stage, int priority = 10)
{
    RunPlan::Job job;
    job.name = name;
    job.stage = QStringLiteral("s%1").arg(stage);
    job.stageIndex = stage;
    job.kind = Kind;
    job.version = QStringLiteral("1");
    job.priority = priority;
    job.params = {{QStringLiteral("name"), name}};
    return job;
}

RunPlan plan(const QList<RunPlan::Job> &jobs, int stages = 2)
{
    RunPlan plan;
    plan.name = QStringLiteral("pipe");
    for (int i = 0; i < stages; ++i)
        plan.stages.append(QStringLiteral("s%1").arg(i));
    plan.jobs = jobs;
    return plan;
}

JobOutcome outcome(JobOutcome::Status status, int exitCode = -1, const QString &message = {})
{
    JobOutcome o;
    o.status = status;
    o.exitCode = exitCode;
    o.message = message;
    return o;
}

} // namespace

class tst_JobQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jobStates();
    void decide_data();
    void decide();

    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void enqueueWritesRunJobsAndEvents();
    void claimOrder();
    void claimSetsLease();
    void claimFiltersKindsAndLimits();
    void finishIsGuarded();
    void stageBarrier();
    void failureStopsRun();
    void failureWaitsForRunningSiblings();
    void allowFailure();
    void retriesThenFail();
    void errorAfterLastAttempt();
    void cancelJobAndRun();
    void retryJobAndRun();
    void queueSizeLimits();
    void heartbeatAndOverdue();
    void concurrentClaimsNeverShareAJob();
    void finishManySkipsEndsNoLongerHeld();
    void settleWithoutReadingOpensStagesAndEnds();
    void retryOfAPassedJobWhileItsStageRuns();
    void failureInABatchStopsTheRun();
    void jobNodeWrittenByOthersMeanwhile();
    void endsAndClaimsInOneTransaction();
    void keptRowsAreStillGuarded();

private:
    QueueChange enqueue(const RunPlan &plan);
    QList<ClaimedJob> claim(int limit, const QString &owner = Owner,
                            std::chrono::milliseconds lease = 30s);
    QueueChange finish(const ClaimedJob &claimed, const JobOutcome &outcome,
                       const QString &owner = Owner);
    FinishedAttempts finishMany(const QList<AttemptEnd> &ends,
                                const QList<ClaimRequest> &claims = {});
    QueuedJob row(const QString &id);
    Node node(const QString &id);
    qint64 eventCount(const QString &type);

    CairnTest::TestBackends m_backends;
    QString m_url;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<JobQueue> m_queue;
};

void tst_JobQueue::jobStates()
{
    using S = JobState;
    for (S s : {S::Ready, S::InProgress, S::Done, S::Cancelled, S::Error})
        QCOMPARE(JobStates::fromName(JobStates::name(s)), s);
    QCOMPARE(JobStates::name(S::InProgress), QStringLiteral("IN_PROGRESS"));
    QVERIFY(!JobStates::fromName(u"RUNNING"));
    // The seed's diagram, plus IN_PROGRESS -> CANCELLED.
    QVERIFY(JobStates::canTransition(S::Ready, S::InProgress));
    QVERIFY(JobStates::canTransition(S::Ready, S::Cancelled));
    QVERIFY(JobStates::canTransition(S::InProgress, S::Done));
    QVERIFY(JobStates::canTransition(S::InProgress, S::Error));
    QVERIFY(JobStates::canTransition(S::InProgress, S::Ready));
    QVERIFY(JobStates::canTransition(S::InProgress, S::Cancelled));
    QVERIFY(!JobStates::canTransition(S::Ready, S::Done));
    QVERIFY(!JobStates::canTransition(S::Ready, S::Error));
    QVERIFY(!JobStates::canTransition(S::Done, S::Ready));
    QVERIFY(!JobStates::canTransition(S::Error, S::InProgress));
    QVERIFY(!JobStates::canTransition(S::Cancelled, S::Ready));
    QVERIFY(JobStates::canRetry(S::Done) && JobStates::canRetry(S::Error)
            && JobStates::canRetry(S::Cancelled));
    QVERIFY(!JobStates::canRetry(S::Ready) && !JobStates::canRetry(S::InProgress));
}

void tst_JobQueue::decide_data()
{
    // Each job: "stage:state[:fail][:allow]"
    QTest::addColumn<QStringList>("jobs");
    QTest::addColumn<int>("openStage");
    QTest::addColumn<bool>("finished");
    QTest::addColumn<QString>("result");
    QTest::addColumn<int>("cancelled");

    QTest::newRow("first stage open")
            << QStringList{QStringLiteral("0:READY"), QStringLiteral("1:READY")} << 0 << false
            << QString() << 0;
    QTest::newRow("stage still running")
            << QStringList{QStringLiteral("0:DONE"), QStringLiteral("0:IN_PROGRESS"),
                           QStringLiteral("1:READY")}
            << 0 << false << QString() << 0;
    QTest::newRow("barrier passed")
            << QStringList{QStringLiteral("0:DONE"), QStringLiteral("0:DONE"),
                           QStringLiteral("1:READY")}
            << 1 << false << QString() << 0;
    QTest::newRow("empty stage skipped")
            << QStringList{QStringLiteral("0:DONE"), QStringLiteral("2:READY")} << 2 << false
            << QString() << 0;
    QTest::newRow("all passed") << QStringList{QStringLiteral("0:DONE"), QStringLiteral("1:DONE")}
                                << -1 << true << QStringLiteral("pass") << 0;
    QTest::newRow("failure stops")
            << QStringList{QStringLiteral("0:DONE:fail"), QStringLiteral("0:READY"),
                           QStringLiteral("1:READY")}
            << -1 << true << QStringLiteral("fail") << 2;
    QTest::newRow("error stops") << QStringList{QStringLiteral("0:ERROR"),
                                                QStringLiteral("1:READY")}
                                 << -1 << true << QStringLiteral("fail") << 1;
    QTest::newRow("stopping waits for running")
            << QStringList{QStringLiteral("0:ERROR"), QStringLiteral("0:IN_PROGRESS"),
                           QStringLiteral("1:READY")}
            << -1 << false << QStringLiteral("fail") << 1;
    QTest::newRow("allowed failure")
            << QStringList{QStringLiteral("0:DONE:fail:allow"), QStringLiteral("0:DONE"),
                           QStringLiteral("1:READY")}
            << 1 << false << QString() << 0;
    QTest::newRow("allowed error ends pass")
            << QStringList{QStringLiteral("0:ERROR:allow"), QStringLiteral("1:DONE")} << -1 << true
            << QStringLiteral("pass") << 0;
}

void tst_JobQueue::decide()
{
    QFETCH(QStringList, jobs);
    QFETCH(int, openStage);
    QFETCH(bool, finished);
    QFETCH(QString, result);
    QFETCH(int, cancelled);

    QList<QueuedJob> rows;
    for (const QString &spec : jobs) {
        const QStringList parts = spec.split(QLatin1Char(':'));
        QueuedJob row;
        row.name = QStringLiteral("j%1").arg(rows.size());
        row.stageIndex = parts.at(0).toInt();
        row.state = *JobStates::fromName(parts.at(1));
        if (row.state == JobState::Done)
            row.result = parts.contains(QStringLiteral("fail")) ? Node::Outcome::Fail
                                                                : Node::Outcome::Pass;
        row.allowFailure = parts.contains(QStringLiteral("allow"));
        rows.append(row);
    }
    const RunState::Decision decision = RunState::decide(rows);
    QCOMPARE(decision.openStage, openStage);
    QCOMPARE(decision.finished, finished);
    QCOMPARE(decision.result == Node::Outcome::None ? QString()
                                                    : Node::outcomeName(decision.result),
             result);
    QCOMPARE(decision.cancel.size(), cancelled);
}

void tst_JobQueue::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_JobQueue::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_JobQueue::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_url = m_backends.freshUrl(backend);
    QVERIFY2(!m_url.isEmpty(), qPrintable(m_backends.errorString()));
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_url), qPrintable(m_db->errorString()));
    m_queue = std::make_unique<JobQueue>(*m_db);
}

void tst_JobQueue::cleanup()
{
    m_queue.reset();
    m_db.reset();
}

QueueChange tst_JobQueue::enqueue(const RunPlan &plan)
{
    Result<QueueChange> change = m_queue->enqueue(plan);
    if (!change)
        qFatal("enqueue failed: %s", qPrintable(change.error().toString()));
    return *change;
}

QList<ClaimedJob> tst_JobQueue::claim(int limit, const QString &owner,
                                      std::chrono::milliseconds lease)
{
    ClaimRequest request;
    request.owner = owner;
    request.kinds = {Kind};
    request.limit = limit;
    request.lease = lease;
    request.dataDir = m_dir.path();
    Result<QList<ClaimedJob>> claimed = m_queue->claim(request);
    if (!claimed)
        qFatal("claim failed: %s", qPrintable(claimed.error().toString()));
    return *claimed;
}

QueueChange tst_JobQueue::finish(const ClaimedJob &claimed, const JobOutcome &outcome,
                                 const QString &owner)
{
    Result<QueueChange> change = m_queue->finish(claimed.row.id, owner, claimed.row.attempt,
                                                 outcome);
    if (!change)
        qFatal("finish failed: %s", qPrintable(change.error().toString()));
    return *change;
}

FinishedAttempts tst_JobQueue::finishMany(const QList<AttemptEnd> &ends,
                                          const QList<ClaimRequest> &claims)
{
    Result<FinishedAttempts> finished = m_queue->finishMany(ends, claims);
    if (!finished)
        qFatal("finishMany failed: %s", qPrintable(finished.error().toString()));
    if (finished->results.size() != ends.size())
        qFatal("finishMany gave %d results for %d ends", int(finished->results.size()),
               int(ends.size()));
    return *finished;
}

QueuedJob tst_JobQueue::row(const QString &id)
{
    Result<QueuedJob> job = m_queue->job(id);
    if (!job)
        qFatal("no job: %s", qPrintable(job.error().toString()));
    return *job;
}

Node tst_JobQueue::node(const QString &id)
{
    NodeStore store(*m_db);
    Result<Node> node = store.get(id);
    if (!node)
        qFatal("no node: %s", qPrintable(node.error().toString()));
    return *node;
}

qint64 tst_JobQueue::eventCount(const QString &type)
{
    QSqlQuery query(m_db->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM events WHERE type = ?"));
    query.addBindValue(type);
    if (!query.exec() || !query.next())
        qFatal("cannot count events");
    return query.value(0).toLongLong();
}

void tst_JobQueue::enqueueWritesRunJobsAndEvents()
{
    RunPlan p = plan({job(QStringLiteral("build"), 0), job(QStringLiteral("test"), 1),
                      job(QStringLiteral("lint"), 0)});
    p.inputs = {{QStringLiteral("board"), QStringLiteral("x86")}};
    p.correlationId = QStringLiteral("event-1");
    const QueueChange change = enqueue(p);
    QCOMPARE(change.startedRuns.size(), 1);
    const Node run = change.startedRuns.first();
    QCOMPARE(run.kind, QStringLiteral("run"));
    QCOMPARE(run.name, QStringLiteral("pipe"));
    QCOMPARE(run.state, Node::State::Running);
    QCOMPARE(run.data.value(QStringLiteral("stage")).toString(), QStringLiteral("s0"));
    QCOMPARE(run.data.value(QStringLiteral("inputs")).toObject(), p.inputs);
    QCOMPARE(run.data.value(QStringLiteral("correlation_id")).toString(),
             QStringLiteral("event-1"));

    Result<QList<QueuedJob>> rows = m_queue->jobsOfRun(run.id);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 3);
    // Stage order, then declaration order.
    QCOMPARE(rows->at(0).name, QStringLiteral("build"));
    QCOMPARE(rows->at(1).name, QStringLiteral("lint"));
    QCOMPARE(rows->at(2).name, QStringLiteral("test"));
    for (const QueuedJob &r : std::as_const(*rows)) {
        QCOMPARE(r.state, JobState::Ready);
        QCOMPARE(r.stageOpen, r.stageIndex == 0);
        QCOMPARE(r.attempt, 0);
        QCOMPARE(r.correlationId, QStringLiteral("event-1"));
        QCOMPARE(r.spec.value(QStringLiteral("params"))
                         .toObject()
                         .value(QStringLiteral("name"))
                         .toString(),
                 r.name);
        const Node jobNode = node(r.id);
        QCOMPARE(jobNode.kind, QStringLiteral("job"));
        QCOMPARE(jobNode.parent, run.id);
        QCOMPARE(jobNode.name, r.name);
        QCOMPARE(jobNode.data.value(QStringLiteral("state")).toString(), QStringLiteral("READY"));
        QCOMPARE(jobNode.state, Node::State::Running);
    }
    QCOMPARE(eventCount(QStringLiteral("cairn.node.created")), 4);

    // A plan that is wrong writes nothing.
    Result<QueueChange> empty = m_queue->enqueue(plan({}));
    QVERIFY(!empty);
    QCOMPARE(empty.error().code, Error::Invalid);
    Result<QueueChange> badStage = m_queue->enqueue(plan({job(QStringLiteral("x"), 5)}));
    QVERIFY(!badStage);
    QCOMPARE(eventCount(QStringLiteral("cairn.node.created")), 4);
}

void tst_JobQueue::claimOrder()
{
    // Smaller first: client priority, run priority, stage, job priority, declaration order.
    QVERIFY(m_queue->setClient(QStringLiteral("vip"), 1, 0));
    QVERIFY(m_queue->setClient(QStringLiteral("bulk"), 20, 0));
    RunPlan bulk = plan({job(QStringLiteral("bulk-a"), 0)});
    bulk.client = QStringLiteral("bulk");
    bulk.priority = 1;
    RunPlan normal = plan(
            {job(QStringLiteral("n-late"), 0, 5), job(QStringLiteral("n-first"), 0, 1),
             job(QStringLiteral("n-second"), 0, 5), job(QStringLiteral("n-stage1"), 1, 0)});
    RunPlan urgent = plan({job(QStringLiteral("urgent"), 0, 99)});
    urgent.priority = 2;
    RunPlan vip = plan({job(QStringLiteral("vip"), 0, 50)});
    vip.client = QStringLiteral("vip");
    vip.priority = 50;
    enqueue(bulk);
    enqueue(normal);
    enqueue(urgent);
    enqueue(vip);

    QStringList order;
    for (;;) {
        const QList<ClaimedJob> one = claim(1);
        if (one.isEmpty())
            break;
        order.append(one.first().row.name);
        finish(one.first(), outcome(JobOutcome::Passed, 0));
    }
    const QStringList expected = {QStringLiteral("vip"),      QStringLiteral("urgent"),
                                  QStringLiteral("n-first"),  QStringLiteral("n-late"),
                                  QStringLiteral("n-second"), QStringLiteral("n-stage1"),
                                  QStringLiteral("bulk-a")};
    QCOMPARE(order, expected);

    // A batch comes back in the same order.
    enqueue(normal);
    const QList<ClaimedJob> batch = claim(10);
    QCOMPARE(batch.size(), 3);
    QCOMPARE(batch.at(0).row.name, QStringLiteral("n-first"));
    QCOMPARE(batch.at(1).row.name, QStringLiteral("n-late"));
    QCOMPARE(batch.at(2).row.name, QStringLiteral("n-second"));
}

void tst_JobQueue::claimSetsLease()
{
    RunPlan p = plan({job(QStringLiteral("timed"), 0), job(QStringLiteral("untimed"), 0)});
    p.jobs[0].timeoutMs = 90000;
    p.jobs[0].priority = 1;
    enqueue(p);
    const QDateTime before = Node::now();
    const QList<ClaimedJob> claimed = claim(2, Owner, 20s);
    const QDateTime after = Node::now();
    QCOMPARE(claimed.size(), 2);

    const QueuedJob timed = row(claimed.at(0).row.id);
    QCOMPARE(timed.name, QStringLiteral("timed"));
    QCOMPARE(timed.state, JobState::InProgress);
    QCOMPARE(timed.leaseOwner, Owner);
    QCOMPARE(timed.attempt, 1);
    QVERIFY(timed.started >= before && timed.started <= after);
    QCOMPARE(timed.heartbeat, timed.started);
    QCOMPARE(timed.completeBy, timed.started.addMSecs(90000));
    const QueuedJob untimed = row(claimed.at(1).row.id);
    QCOMPARE(untimed.completeBy, untimed.started.addMSecs(20000));
    QCOMPARE(claimed.at(1).row.completeBy, untimed.completeBy);

    const Node n = node(timed.id);
    QCOMPARE(n, claimed.at(0).node);
    QCOMPARE(n.data.value(QStringLiteral("state")).toString(), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(n.data.value(QStringLiteral("attempt")).toInt(), 1);
    QCOMPARE(n.data.value(QStringLiteral("lease_owner")).toString(), Owner);
    QCOMPARE(n.data.value(QStringLiteral("complete_by")).toString(),
             Node::timeToText(timed.completeBy));
    QCOMPARE(n.data.value(QStringLiteral("started")).toString(), Node::timeToText(timed.started));
    const QUrl log(n.artifacts.value(QStringLiteral("log")).toString());
    QVERIFY(log.isLocalFile());
    QCOMPARE(log.toLocalFile(),
             JobQueue::attemptDir(m_dir.path(), timed.id, 1) + QStringLiteral("/log.txt"));
}

void tst_JobQueue::claimFiltersKindsAndLimits()
{
    RunPlan p = plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                      job(QStringLiteral("c"), 0)});
    p.jobs[1].kind = QStringLiteral("other");
    enqueue(p);
    ClaimRequest request;
    request.owner = Owner;
    request.kinds = {QStringLiteral("nothing")};
    request.limit = 5;
    QVERIFY(m_queue->claim(request)->isEmpty());
    request.kinds = {QStringLiteral("other")};
    Result<QList<ClaimedJob>> other = m_queue->claim(request);
    QCOMPARE(other->size(), 1);
    QCOMPARE(other->first().row.name, QStringLiteral("b"));
    QCOMPARE(claim(1).size(), 1);
    QCOMPARE(claim(0).size(), 0);
    QCOMPARE(claim(5).size(), 1);
    QCOMPARE(claim(5).size(), 0);
}

void tst_JobQueue::finishIsGuarded()
{
    enqueue(plan({job(QStringLiteral("a"), 0)}));
    const ClaimedJob claimed = claim(1).first();
    Result<QueueChange> wrongOwner = m_queue->finish(claimed.row.id, QStringLiteral("someone-else"),
                                                     1, outcome(JobOutcome::Passed));
    QVERIFY(!wrongOwner);
    QCOMPARE(wrongOwner.error().code, Error::Conflict);
    Result<QueueChange> wrongAttempt = m_queue->finish(claimed.row.id, Owner, 2,
                                                       outcome(JobOutcome::Passed));
    QVERIFY(!wrongAttempt);

    const QueueChange done = finish(claimed, outcome(JobOutcome::Passed, 0));
    QCOMPARE(done.finishedJobs.size(), 1);
    QCOMPARE(done.finishedRuns.size(), 1);
    QCOMPARE(done.finishedRuns.first().result, Node::Outcome::Pass);
    // The same end a second time is refused and writes nothing.
    const qint64 events = eventCount(QStringLiteral("cairn.node.updated"));
    Result<QueueChange> again = m_queue->finish(claimed.row.id, Owner, 1,
                                                outcome(JobOutcome::Failed, 1));
    QVERIFY(!again);
    QCOMPARE(again.error().code, Error::Conflict);
    QCOMPARE(eventCount(QStringLiteral("cairn.node.updated")), events);

    const QueuedJob r = row(claimed.row.id);
    QCOMPARE(r.state, JobState::Done);
    QCOMPARE(r.result, Node::Outcome::Pass);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.leaseOwner.isEmpty());
    QVERIFY(r.ended.isValid());
    const Node n = node(r.id);
    QCOMPARE(n.state, Node::State::Done);
    QCOMPARE(n.result, Node::Outcome::Pass);
    QCOMPARE(n.data.value(QStringLiteral("exit_code")).toInt(), 0);
    QVERIFY(n.data.contains(QStringLiteral("duration_ms")));
    const QJsonArray attempts = n.data.value(QStringLiteral("attempts")).toArray();
    QCOMPARE(attempts.size(), 1);
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("passed"));
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("owner")).toString(), Owner);
}

void tst_JobQueue::stageBarrier()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                                   job(QStringLiteral("c"), 1)}))
                             .startedRuns.first();
    const QList<ClaimedJob> first = claim(10);
    QCOMPARE(first.size(), 2); // c waits for its stage
    finish(first.at(0), outcome(JobOutcome::Passed, 0));
    QVERIFY(claim(10).isEmpty()); // b still runs
    const QueueChange change = finish(first.at(1), outcome(JobOutcome::Passed, 0));
    QVERIFY(change.finishedRuns.isEmpty());
    QCOMPARE(node(run.id).data.value(QStringLiteral("stage")).toString(), QStringLiteral("s1"));
    const QList<ClaimedJob> second = claim(10);
    QCOMPARE(second.size(), 1);
    QCOMPARE(second.first().row.name, QStringLiteral("c"));
    const QueueChange last = finish(second.first(), outcome(JobOutcome::Passed, 0));
    QCOMPARE(last.finishedRuns.size(), 1);
    const Node ended = node(run.id);
    QCOMPARE(ended.state, Node::State::Done);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QVERIFY(ended.data.contains(QStringLiteral("ended")));
}

void tst_JobQueue::failureStopsRun()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0, 20),
                                   job(QStringLiteral("c"), 1)}))
                             .startedRuns.first();
    const ClaimedJob a = claim(1).first();
    const QueueChange change = finish(
            a, outcome(JobOutcome::Failed, 2, QStringLiteral("exited with code 2")));
    QCOMPARE(change.finishedJobs.size(), 3); // a, and b and c cancelled
    QCOMPARE(change.finishedRuns.size(), 1);
    const Node ended = node(run.id);
    QCOMPARE(ended.state, Node::State::Done);
    QCOMPARE(ended.result, Node::Outcome::Fail);
    QCOMPARE(ended.data.value(QStringLiteral("failures")).toArray(),
             QJsonArray{QStringLiteral("a")});
    const QueuedJob failed = row(a.row.id);
    QCOMPARE(failed.state, JobState::Done);
    QCOMPARE(failed.result, Node::Outcome::Fail);
    QCOMPARE(failed.exitCode, 2);
    QCOMPARE(failed.failure, QStringLiteral("exited with code 2"));
    QCOMPARE(node(a.row.id).result, Node::Outcome::Fail);
    const QList<QueuedJob> rows = *m_queue->jobsOfRun(run.id);
    for (const QueuedJob &r : rows) {
        if (r.id == a.row.id)
            continue;
        QCOMPARE(r.state, JobState::Cancelled);
        QCOMPARE(node(r.id).result, Node::Outcome::Skip);
    }
    QVERIFY(claim(10).isEmpty());
}

void tst_JobQueue::failureWaitsForRunningSiblings()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                                   job(QStringLiteral("c"), 1)}))
                             .startedRuns.first();
    const QList<ClaimedJob> both = claim(2);
    QCOMPARE(both.size(), 2);
    QueueChange change = finish(both.at(0),
                                outcome(JobOutcome::Error, -1, QStringLiteral("no such host")));
    QVERIFY(change.finishedRuns.isEmpty()); // b still runs
    QCOMPARE(row(both.at(0).row.id).state, JobState::Error);
    QCOMPARE(node(both.at(0).row.id).result, Node::Outcome::Incomplete);
    QCOMPARE(node(run.id).state, Node::State::Running);
    change = finish(both.at(1), outcome(JobOutcome::Passed, 0));
    QCOMPARE(change.finishedRuns.size(), 1);
    QCOMPARE(node(run.id).result, Node::Outcome::Fail);
    QCOMPARE(row(both.at(1).row.id).state, JobState::Done);
}

void tst_JobQueue::allowFailure()
{
    RunPlan p = plan({job(QStringLiteral("flaky"), 0), job(QStringLiteral("next"), 1)});
    p.jobs[0].allowFailure = true;
    const Node run = enqueue(p).startedRuns.first();
    finish(claim(1).first(), outcome(JobOutcome::Failed, 1, QStringLiteral("exited with code 1")));
    QCOMPARE(node(run.id).data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("flaky")});
    const QList<ClaimedJob> next = claim(1);
    QCOMPARE(next.size(), 1);
    QCOMPARE(next.first().row.name, QStringLiteral("next"));
    finish(next.first(), outcome(JobOutcome::Passed, 0));
    const Node ended = node(run.id);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QCOMPARE(ended.data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("flaky")});
}

void tst_JobQueue::retriesThenFail()
{
    RunPlan p = plan({job(QStringLiteral("flaky"), 0)});
    p.jobs[0].retryAttempt = 2;
    const Node run = enqueue(p).startedRuns.first();
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const QList<ClaimedJob> claimed = claim(1);
        QCOMPARE(claimed.size(), 1);
        QCOMPARE(claimed.first().row.attempt, attempt);
        QCOMPARE(claimed.first().row.maxAttempts, 3);
        const QueueChange change = finish(claimed.first(), outcome(JobOutcome::Failed, 1));
        QCOMPARE(change.requeuedJobs.size(), attempt < 3 ? 1 : 0);
        QCOMPARE(row(claimed.first().row.id).state, attempt < 3 ? JobState::Ready : JobState::Done);
    }
    QCOMPARE(node(run.id).result, Node::Outcome::Fail);
    const QueuedJob r = m_queue->jobsOfRun(run.id)->first();
    QCOMPARE(r.attempt, 3);
    QCOMPARE(node(r.id).data.value(QStringLiteral("attempts")).toArray().size(), 3);
}

void tst_JobQueue::errorAfterLastAttempt()
{
    RunPlan p = plan({job(QStringLiteral("slow"), 0)});
    p.jobs[0].retryAttempt = 1;
    enqueue(p);
    finish(claim(1).first(),
           outcome(JobOutcome::TimedOut, -1, QStringLiteral("timed out after 1 s")));
    const ClaimedJob second = claim(1).first();
    QCOMPARE(second.row.attempt, 2);
    finish(second, outcome(JobOutcome::Passed, 0));
    QCOMPARE(row(second.row.id).state, JobState::Done);

    enqueue(p);
    finish(claim(1).first(),
           outcome(JobOutcome::TimedOut, -1, QStringLiteral("timed out after 1 s")));
    const ClaimedJob last = claim(1).first();
    finish(last, outcome(JobOutcome::TimedOut, -1, QStringLiteral("timed out after 1 s")));
    const QueuedJob r = row(last.row.id);
    QCOMPARE(r.state, JobState::Error);
    QCOMPARE(r.failure, QStringLiteral("timed out after 1 s"));
    QCOMPARE(node(r.id).result, Node::Outcome::Incomplete);
}

void tst_JobQueue::cancelJobAndRun()
{
    // A READY job: cancelled; without allow_failure the run stops.
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0)}))
                             .startedRuns.first();
    const ClaimedJob a = claim(1).first();
    const QString b = m_queue->jobsOfRun(run.id)->at(1).id;
    Result<QueueChange> cancelled = m_queue->cancelJob(b, QStringLiteral("not needed"));
    QVERIFY(cancelled);
    QCOMPARE(row(b).state, JobState::Cancelled);
    QCOMPARE(row(b).failure, QStringLiteral("not needed"));
    QVERIFY(cancelled->stopped.isEmpty());
    QVERIFY(!m_queue->cancelJob(b)); // already finished
    // The running one: cancelled at once and handed back for its owner to stop.
    cancelled = m_queue->cancelJob(a.row.id);
    QVERIFY(cancelled);
    QCOMPARE(cancelled->stopped.size(), 1);
    QCOMPARE(cancelled->stopped.first().owner, Owner);
    QCOMPARE(cancelled->stopped.first().attempt, 1);
    QCOMPARE(cancelled->stopped.first().reason, QStringLiteral("Cancelled on request."));
    QCOMPARE(cancelled->finishedRuns.size(), 1);
    QCOMPARE(node(run.id).result, Node::Outcome::Fail);
    // Its late report is not recorded.
    QVERIFY(!m_queue->finish(a.row.id, Owner, 1, outcome(JobOutcome::Passed, 0)));
    QCOMPARE(row(a.row.id).state, JobState::Cancelled);

    // A whole run.
    const Node second = enqueue(plan({job(QStringLiteral("x"), 0), job(QStringLiteral("y"), 0),
                                      job(QStringLiteral("z"), 1)}))
                                .startedRuns.first();
    const ClaimedJob x = claim(1).first();
    cancelled = m_queue->cancelRun(second.id, QStringLiteral("operator"));
    QVERIFY(cancelled);
    QCOMPARE(cancelled->finishedJobs.size(), 3);
    QCOMPARE(cancelled->stopped.size(), 1);
    QCOMPARE(cancelled->stopped.first().jobId, x.row.id);
    QCOMPARE(cancelled->stopped.first().reason, QStringLiteral("operator"));
    const Node ended = node(second.id);
    QCOMPARE(ended.state, Node::State::Done);
    QCOMPARE(ended.result, Node::Outcome::Incomplete);
    QCOMPARE(ended.data.value(QStringLiteral("failure")).toString(), QStringLiteral("operator"));
    const QList<QueuedJob> rows = *m_queue->jobsOfRun(second.id);
    for (const QueuedJob &r : rows)
        QCOMPARE(r.state, JobState::Cancelled);
    QVERIFY(!m_queue->cancelRun(second.id));
    QVERIFY(claim(10).isEmpty());
}

void tst_JobQueue::retryJobAndRun()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                                   job(QStringLiteral("c"), 1)}))
                             .startedRuns.first();
    QList<ClaimedJob> first = claim(2);
    QVERIFY(!m_queue->retryJob(first.at(0).row.id)); // not finished
    finish(first.at(0), outcome(JobOutcome::Passed, 0));
    finish(first.at(1), outcome(JobOutcome::Failed, 1));
    QCOMPARE(node(run.id).result, Node::Outcome::Fail);
    QVERIFY(!m_queue->retryRun(QStringLiteral("no-such-run")));

    // Retrying b queues it and c, which the stop cancelled before it ran.
    Result<QueueChange> retried = m_queue->retryJob(first.at(1).row.id);
    QVERIFY2(retried, qPrintable(retried ? QString() : retried.error().toString()));
    QCOMPARE(retried->requeuedJobs.size(), 2);
    Node reopened = node(run.id);
    QCOMPARE(reopened.state, Node::State::Running);
    QCOMPARE(reopened.data.value(QStringLiteral("retries")).toInt(), 1);
    QVERIFY(!reopened.data.contains(QStringLiteral("failures")));
    QList<ClaimedJob> again = claim(10);
    QCOMPARE(again.size(), 1); // c waits for its stage again
    QCOMPARE(again.first().row.name, QStringLiteral("b"));
    QCOMPARE(again.first().row.attempt, 2); // attempts keep counting
    QCOMPARE(again.first().row.maxAttempts, 2);
    finish(again.first(), outcome(JobOutcome::Passed, 0));
    again = claim(10);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().row.name, QStringLiteral("c"));
    finish(again.first(), outcome(JobOutcome::Error, -1, QStringLiteral("broken")));
    QCOMPARE(node(run.id).result, Node::Outcome::Fail);

    // Retrying the run queues what did not pass: c.
    retried = m_queue->retryRun(run.id);
    QVERIFY(retried);
    QCOMPARE(retried->requeuedJobs.size(), 1);
    QVERIFY(!m_queue->retryRun(run.id)); // running again
    again = claim(10);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().row.name, QStringLiteral("c"));
    QCOMPARE(again.first().row.attempt, 2);
    finish(again.first(), outcome(JobOutcome::Passed, 0));
    const Node ended = node(run.id);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QCOMPARE(ended.data.value(QStringLiteral("retries")).toInt(), 2);
}

void tst_JobQueue::queueSizeLimits()
{
    m_queue->setQueueSize(5);
    enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                  job(QStringLiteral("c"), 0)}));
    Result<QueueChange> full = m_queue->enqueue(
            plan({job(QStringLiteral("d"), 0), job(QStringLiteral("e"), 0),
                  job(QStringLiteral("f"), 0)}));
    QVERIFY(!full);
    QCOMPARE(full.error().code, Error::Conflict);
    QCOMPARE(full.error().field, QStringLiteral("queue_size"));
    QVERIFY(full.error().message.contains(QStringLiteral("full")));
    QCOMPARE(*m_queue->unfinishedCount(), 3);
    // Finished jobs free their place.
    const QList<ClaimedJob> three = claim(3);
    for (const ClaimedJob &c : three)
        finish(c, outcome(JobOutcome::Passed, 0));
    QVERIFY(m_queue->enqueue(plan({job(QStringLiteral("d"), 0), job(QStringLiteral("e"), 0),
                                   job(QStringLiteral("f"), 0)})));

    // A client's own share.
    m_queue->setQueueSize(0);
    QVERIFY(m_queue->setClient(QStringLiteral("small"), 10, 2));
    RunPlan mine = plan({job(QStringLiteral("m1"), 0), job(QStringLiteral("m2"), 0)});
    mine.client = QStringLiteral("small");
    QVERIFY(m_queue->enqueue(mine));
    Result<QueueChange> over = m_queue->enqueue(mine);
    QVERIFY(!over);
    QCOMPARE(over.error().field, QStringLiteral("client"));
    QCOMPARE(*m_queue->unfinishedCount(QStringLiteral("small")), 2);
    QVERIFY(!m_queue->setClient(QStringLiteral("small"), 10, -1));
}

void tst_JobQueue::heartbeatAndOverdue()
{
    RunPlan p = plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0)});
    p.jobs[1].timeoutMs = 100000;
    enqueue(p);
    const QList<ClaimedJob> claimed = claim(2, Owner, 1s);
    const QDateTime later = Node::now().addSecs(5);
    Result<QList<QueuedJob>> overdue = m_queue->overdue(later, 10s);
    QVERIFY(overdue);
    QCOMPARE(overdue->size(), 1); // a's lease ran out; b has a long timeout
    QCOMPARE(overdue->first().name, QStringLiteral("a"));
    QCOMPARE(m_queue->overdue(later, 1s)->size(), 2); // b's heartbeat is old too

    const QList<std::pair<QString, int>> attempts = {{claimed.at(0).row.id, 1},
                                                     {claimed.at(1).row.id, 1}};
    QTest::qWait(20);
    Result<QStringList> lost = m_queue->heartbeat(Owner, attempts, 60s);
    QVERIFY(lost);
    QVERIFY(lost->isEmpty());
    const QueuedJob a = row(claimed.at(0).row.id);
    QVERIFY(a.heartbeat > a.started);
    QVERIFY(a.completeBy > a.started.addSecs(50)); // renewed by the lease
    QCOMPARE(row(claimed.at(1).row.id).completeBy, claimed.at(1).row.completeBy);
    QVERIFY(m_queue->overdue(later, 10s)->isEmpty());

    // Another owner's heartbeat renews nothing; a finished attempt is lost.
    QCOMPARE(m_queue->heartbeat(QStringLiteral("other"), attempts, 60s)->size(), 2);
    finish(claimed.at(0), outcome(JobOutcome::Passed, 0));
    QCOMPARE(*m_queue->heartbeat(Owner, attempts, 60s), QStringList{claimed.at(0).row.id});
}

void tst_JobQueue::concurrentClaimsNeverShareAJob()
{
    constexpr int Jobs = 60;
    QList<RunPlan::Job> jobs;
    for (int i = 0; i < Jobs; ++i)
        jobs.append(job(QStringLiteral("j%1").arg(i), 0, i % 7));
    enqueue(plan(jobs, 1));

    // Each claimer has its own Database, so its own connection, as another process would.
    std::atomic<int> failures = 0;
    QList<QStringList> got(2);
    QList<QThread *> threads;
    for (int t = 0; t < 2; ++t) {
        threads.append(QThread::create([this, t, &got, &failures] {
            Database db;
            if (!db.open(m_url)) {
                ++failures;
                return;
            }
            JobQueue queue(db);
            ClaimRequest request;
            request.owner = QStringLiteral("claimer-%1").arg(t);
            request.kinds = {Kind};
            request.limit = 3;
            request.dataDir = m_dir.path();
            for (;;) {
                Result<QList<ClaimedJob>> claimed = queue.claim(request);
                if (!claimed) {
                    qWarning("claim failed: %s", qPrintable(claimed.error().toString()));
                    ++failures;
                    return;
                }
                if (claimed->isEmpty())
                    return;
                for (const ClaimedJob &c : std::as_const(*claimed))
                    got[t].append(c.row.id);
            }
        }));
    }
    for (QThread *thread : std::as_const(threads))
        thread->start();
    for (QThread *thread : std::as_const(threads)) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(failures.load(), 0);
    const QSet<QString> first(got[0].cbegin(), got[0].cend());
    const QSet<QString> second(got[1].cbegin(), got[1].cend());
    QCOMPARE(first.size(), got[0].size());
    QCOMPARE(second.size(), got[1].size());
    QVERIFY(!first.intersects(second));
    QCOMPARE(first.size() + second.size(), Jobs);
    qDebug() << "claimed" << first.size() << "and" << second.size();
}

void tst_JobQueue::finishManySkipsEndsNoLongerHeld()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                                   job(QStringLiteral("c"), 0)},
                                  1))
                             .startedRuns.first();
    const QList<ClaimedJob> claimed = claim(3);
    QCOMPARE(claimed.size(), 3);
    const QString a = claimed.at(0).row.id;
    const QString b = claimed.at(1).row.id;
    const QString c = claimed.at(2).row.id;
    const qint64 updates = eventCount(QStringLiteral("cairn.node.updated"));

    // Only a's end is its holder's: b names another owner, c another attempt, and the last
    // a job that does not exist. Those write nothing and the others are still recorded.
    FinishedAttempts finished = finishMany({
            {a, Owner, 1, outcome(JobOutcome::Passed, 0), {}},
            {b, QStringLiteral("someone-else"), 1, outcome(JobOutcome::Passed, 0), {}},
            {c, Owner, 2, outcome(JobOutcome::Failed, 1), {}},
            {QStringLiteral("no-such-job"), Owner, 1, outcome(JobOutcome::Passed, 0), {}},
    });
    QVERIFY(finished.results.at(0));
    QCOMPARE(finished.results.at(1).error().code, Error::Conflict);
    QCOMPARE(finished.results.at(2).error().code, Error::Conflict);
    QCOMPARE(finished.results.at(3).error().code, Error::NotFound);
    QCOMPARE(finished.change.finishedJobs.size(), 1);
    QCOMPARE(finished.change.finishedJobs.first().id, a);
    QVERIFY(finished.change.finishedRuns.isEmpty());
    QCOMPARE(eventCount(QStringLiteral("cairn.node.updated")), updates + 1); // a's node only
    QCOMPARE(row(a).state, JobState::Done);
    for (const QString &id : {b, c}) {
        const QueuedJob held = row(id);
        QCOMPARE(held.state, JobState::InProgress);
        QCOMPARE(held.leaseOwner, Owner);
        QCOMPARE(held.attempt, 1);
        QVERIFY(!node(id).data.contains(QStringLiteral("attempts")));
    }

    // Nothing held: nothing written, nothing committed.
    QSignalSpy committed(m_db.get(), &Database::committed);
    finished = finishMany({{a, Owner, 1, outcome(JobOutcome::Passed, 0), {}}});
    QCOMPARE(finished.results.first().error().code, Error::Conflict);
    QCOMPARE(committed.size(), 0);
    QCOMPARE(eventCount(QStringLiteral("cairn.node.updated")), updates + 1);

    // The same end twice in one batch is recorded once, as it would be one by one; the run
    // ends once its last job is recorded.
    finished = finishMany({{b, Owner, 1, outcome(JobOutcome::Passed, 0), {}},
                           {c, Owner, 1, outcome(JobOutcome::Passed, 0), {}},
                           {c, Owner, 1, outcome(JobOutcome::Passed, 0), {}}});
    QVERIFY(finished.results.at(0));
    QVERIFY(finished.results.at(1));
    QCOMPARE(finished.results.at(2).error().code, Error::Conflict);
    QCOMPARE(committed.size(), 1);
    QCOMPARE(finished.change.finishedJobs.size(), 2);
    QCOMPARE(finished.change.finishedRuns.size(), 1);
    QCOMPARE(finished.change.finishedRuns.first().id, run.id);
    QCOMPARE(node(run.id).result, Node::Outcome::Pass);
    QCOMPARE(node(c).data.value(QStringLiteral("attempts")).toArray().size(), 1);
}

void tst_JobQueue::settleWithoutReadingOpensStagesAndEnds()
{
    RunPlan p = plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                      job(QStringLiteral("c"), 1), job(QStringLiteral("d"), 1),
                      job(QStringLiteral("e"), 2)},
                     3);
    p.jobs[2].allowFailure = true;
    const Node run = enqueue(p).startedRuns.first();
    const auto stageOpen = [&](const QString &name) {
        const QList<QueuedJob> rows = *m_queue->jobsOfRun(run.id);
        for (const QueuedJob &r : rows) {
            if (r.name == name)
                return r.stageOpen;
        }
        qFatal("no job %s", qPrintable(name));
        return false;
    };
    const QList<ClaimedJob> first = claim(10);
    QCOMPARE(first.size(), 2);

    // b still runs: nothing moves, and the run node stays as it was.
    const Node before = node(run.id);
    QueueChange change = finish(first.at(0), outcome(JobOutcome::Passed, 0));
    QVERIFY(change.finishedRuns.isEmpty());
    QCOMPARE(node(run.id).revision, before.revision);
    QVERIFY(claim(10).isEmpty());
    QVERIFY(!stageOpen(QStringLiteral("c")));

    // The stage's last job opens the next one, and only that one.
    change =
            finishMany({{first.at(1).row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}}}).change;
    QVERIFY(change.finishedRuns.isEmpty());
    Node current = node(run.id);
    QCOMPARE(current.data.value(QStringLiteral("stage")).toString(), QStringLiteral("s1"));
    QCOMPARE(current.data.value(QStringLiteral("stage_index")).toInt(), 1);
    QVERIFY(stageOpen(QStringLiteral("c")) && stageOpen(QStringLiteral("d")));
    QVERIFY(!stageOpen(QStringLiteral("e")));

    // An allowed failure is recorded on the run; the stage goes on.
    const QList<ClaimedJob> second = claim(10);
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.at(0).row.name, QStringLiteral("c"));
    finish(second.at(0), outcome(JobOutcome::Failed, 1));
    current = node(run.id);
    QCOMPARE(current.data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("c")});
    QCOMPARE(current.data.value(QStringLiteral("stage_index")).toInt(), 1);
    QVERIFY(claim(10).isEmpty());

    // d ends the stage: the failure counted is the one the run names, so e's stage opens
    // and the allowed failure stays named.
    finish(second.at(1), outcome(JobOutcome::Passed, 0));
    current = node(run.id);
    QCOMPARE(current.data.value(QStringLiteral("stage")).toString(), QStringLiteral("s2"));
    QCOMPARE(current.data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("c")});
    QVERIFY(stageOpen(QStringLiteral("e")));
    const QList<ClaimedJob> third = claim(10);
    QCOMPARE(third.size(), 1);
    QCOMPARE(third.first().row.name, QStringLiteral("e"));

    // The last job ends the run, once: it passes with the allowed failure named.
    change = finish(third.first(), outcome(JobOutcome::Passed, 0));
    QCOMPARE(change.finishedRuns.size(), 1);
    const Node ended = node(run.id);
    QCOMPARE(ended.state, Node::State::Done);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QCOMPARE(ended.data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("c")});
    QVERIFY(!ended.data.contains(QStringLiteral("failures")));
    QVERIFY(ended.data.contains(QStringLiteral("ended")));
}

void tst_JobQueue::retryOfAPassedJobWhileItsStageRuns()
{
    const Node run = enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                                   job(QStringLiteral("c"), 1)}))
                             .startedRuns.first();
    const QList<ClaimedJob> first = claim(2);
    QCOMPARE(first.size(), 2);
    finish(first.at(0), outcome(JobOutcome::Passed, 0));
    // The run is still at a's stage: a is queued again, and its stage, which did not move,
    // lets it be claimed.
    Result<QueueChange> retried = m_queue->retryJob(first.at(0).row.id);
    QVERIFY2(retried, qPrintable(retried ? QString() : retried.error().toString()));
    QCOMPARE(retried->requeuedJobs.size(), 1);
    const QList<ClaimedJob> again = claim(10);
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().row.name, QStringLiteral("a"));
    QCOMPARE(again.first().row.attempt, 2);
    finishMany({{again.first().row.id, Owner, 2, outcome(JobOutcome::Passed, 0), {}},
                {first.at(1).row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}}});
    const QList<ClaimedJob> last = claim(10);
    QCOMPARE(last.size(), 1);
    QCOMPARE(last.first().row.name, QStringLiteral("c"));
    QCOMPARE(finish(last.first(), outcome(JobOutcome::Passed, 0)).finishedRuns.size(), 1);
    QCOMPARE(node(run.id).result, Node::Outcome::Pass);
}

void tst_JobQueue::failureInABatchStopsTheRun()
{
    // b could have another attempt, but a's failure, recorded before it in the same batch,
    // stops the run: b ends ERROR, as it would had the two been recorded one by one.
    RunPlan p = plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0),
                      job(QStringLiteral("c"), 1)});
    p.jobs[1].retryAttempt = 1;
    const Node run = enqueue(p).startedRuns.first();
    const QList<ClaimedJob> both = claim(2);
    QCOMPARE(both.size(), 2);
    const FinishedAttempts finished = finishMany(
            {{both.at(0).row.id, Owner, 1, outcome(JobOutcome::Failed, 2), {}},
             {both.at(1).row.id,
              Owner,
              1,
              outcome(JobOutcome::Error, -1, QStringLiteral("no such host")),
              {}}});
    QVERIFY(finished.results.at(0) && finished.results.at(1));
    QVERIFY(finished.change.requeuedJobs.isEmpty());
    QCOMPARE(finished.change.finishedJobs.size(), 3); // a, b, and c cancelled
    QCOMPARE(finished.change.finishedRuns.size(), 1);
    QCOMPARE(row(both.at(0).row.id).state, JobState::Done);
    QCOMPARE(row(both.at(1).row.id).state, JobState::Error);
    const QList<QueuedJob> rows = *m_queue->jobsOfRun(run.id);
    QCOMPARE(rows.at(2).state, JobState::Cancelled);
    const Node ended = node(run.id);
    QCOMPARE(ended.result, Node::Outcome::Fail);
    QCOMPARE(ended.data.value(QStringLiteral("failures")).toArray(),
             (QJsonArray{QStringLiteral("a"), QStringLiteral("b")}));
    QVERIFY(claim(10).isEmpty());
}

// The queue keeps the job nodes it wrote, to spare reading them back; a node somebody else
// wrote in between must still be read, kept and written over, never lost.
void tst_JobQueue::jobNodeWrittenByOthersMeanwhile()
{
    const QueueChange queued = enqueue(
            plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0)}));
    QCOMPARE(queued.startedRuns.size(), 1);
    NodeStore store(*m_db);
    const QList<ClaimedJob> claimed = claim(2);
    QCOMPARE(claimed.size(), 2);
    for (const ClaimedJob &c : claimed)
        QCOMPARE(node(c.row.id), c.node);

    Node edited = node(claimed.at(0).row.id);
    edited.data.insert(QStringLiteral("note"), QStringLiteral("kept"));
    Result<Node> written = store.update(edited);
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));

    const FinishedAttempts finished = finishMany(
            {AttemptEnd{claimed.at(0).row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}},
             AttemptEnd{claimed.at(1).row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}}});
    QVERIFY(finished.results.at(0));
    QVERIFY(finished.results.at(1));
    QCOMPARE(finished.change.finishedJobs.size(), 2);
    const Node a = node(claimed.at(0).row.id);
    QCOMPARE(a.data.value(QStringLiteral("note")).toString(), QStringLiteral("kept"));
    QCOMPARE(a.state, Node::State::Done);
    QCOMPARE(a.revision, written->revision + 1);
    QCOMPARE(a, finished.change.finishedJobs.at(0));
    QCOMPARE(node(claimed.at(1).row.id), finished.change.finishedJobs.at(1));
    QCOMPARE(finished.change.finishedRuns.size(), 1);

    // A retry queues the finished job again from what is stored, not from what was kept.
    Result<QueueChange> retried = m_queue->retryJob(claimed.at(0).row.id);
    QVERIFY2(retried, qPrintable(retried ? QString() : retried.error().toString()));
    const ClaimedJob again = claim(1).first();
    QCOMPARE(again.row.id, claimed.at(0).row.id);
    QCOMPARE(again.row.attempt, 2);
    QCOMPARE(again.node, node(again.row.id));
    QCOMPARE(again.node.data.value(QStringLiteral("note")).toString(), QStringLiteral("kept"));
}

// The end of a stage's last job opens the next stage, and a claim made in the same
// transaction leases its jobs: the scheduler starts them without another commit.
void tst_JobQueue::endsAndClaimsInOneTransaction()
{
    enqueue(plan({job(QStringLiteral("first"), 0), job(QStringLiteral("second"), 1),
                  job(QStringLiteral("third"), 1)}));
    const ClaimedJob first = claim(5).first();
    QCOMPARE(first.row.name, QStringLiteral("first"));
    QVERIFY(claim(5).isEmpty()); // the second stage is not open yet

    ClaimRequest one;
    one.owner = Owner;
    one.kinds = {Kind};
    one.limit = 1;
    one.dataDir = m_dir.path();
    ClaimRequest none = one;
    none.kinds = {QStringLiteral("other.kind")};
    QSignalSpy commits(m_db.get(), &Database::committed);
    const FinishedAttempts finished = finishMany(
            {AttemptEnd{first.row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}}}, {one, none});
    QCOMPARE(commits.size(), 1);
    QVERIFY(finished.results.at(0));
    QCOMPARE(finished.change.finishedJobs.size(), 1);
    QCOMPARE(finished.claimed.size(), 2);
    QCOMPARE(finished.claimed.at(0).size(), 1);
    QVERIFY(finished.claimed.at(1).isEmpty());
    const ClaimedJob second = finished.claimed.at(0).first();
    QCOMPARE(second.row.name, QStringLiteral("second"));
    QCOMPARE(second.row.state, JobState::InProgress);
    QCOMPARE(row(second.row.id).leaseOwner, Owner);
    QCOMPARE(node(second.row.id), second.node);

    // A claim with nothing to record still leases; an end no longer held leases anyway.
    const FinishedAttempts rest = finishMany(
            {AttemptEnd{first.row.id, Owner, 1, outcome(JobOutcome::Passed, 0), {}}}, {one});
    QCOMPARE(rest.results.at(0).error().code, Error::Conflict);
    QCOMPARE(rest.claimed.size(), 1);
    QCOMPARE(rest.claimed.at(0).size(), 1);
    QCOMPARE(rest.claimed.at(0).first().row.name, QStringLiteral("third"));
}

// An end may come with the row its claim gave, which spares reading it; a job cancelled
// meanwhile still refuses that end alone, and the others are recorded.
void tst_JobQueue::keptRowsAreStillGuarded()
{
    enqueue(plan({job(QStringLiteral("a"), 0), job(QStringLiteral("b"), 0)}));
    const QList<ClaimedJob> claimed = claim(2);
    QCOMPARE(claimed.size(), 2);
    Result<QueueChange> cancelled = m_queue->cancelJob(claimed.at(0).row.id);
    QVERIFY(cancelled);
    const qint64 updates = eventCount(QStringLiteral("cairn.node.updated"));

    const FinishedAttempts finished = finishMany(
            {AttemptEnd{claimed.at(0).row.id, Owner, 1, outcome(JobOutcome::Passed, 0),
                        claimed.at(0).row},
             AttemptEnd{claimed.at(1).row.id, Owner, 1, outcome(JobOutcome::Passed, 0),
                        claimed.at(1).row}});
    QCOMPARE(finished.results.at(0).error().code, Error::Conflict);
    QVERIFY(finished.results.at(1));
    QCOMPARE(finished.change.finishedJobs.size(), 1);
    QCOMPARE(finished.change.finishedJobs.first().id, claimed.at(1).row.id);
    QCOMPARE(row(claimed.at(0).row.id).state, JobState::Cancelled);
    QCOMPARE(node(claimed.at(0).row.id).result, Node::Outcome::Skip);
    QCOMPARE(row(claimed.at(1).row.id).state, JobState::Done);
    // b's node, and the run that b's end settled (a's cancel stops it): nothing of a's.
    QCOMPARE(eventCount(QStringLiteral("cairn.node.updated")), updates + 2);
}

QTEST_MAIN(tst_JobQueue)
#include "tst_jobqueue.moc"
