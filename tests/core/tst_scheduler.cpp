// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <jobkindregistry.h>
#include <jobqueue.h>
#include <nodestore.h>
#include <pipeline.h>
#include <scheduler.h>
#include <supervisor.h>
#include <testbackends.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <deque>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

const QString Kind = QStringLiteral("fake");

/*
 * A test double of the Runtime interface only: its jobs finish when the test says so, or by
 * themselves after a delay when the runtime is told to. Everything else is the real thing.
 */
class FakeJob : public RuntimeJob
{
    Q_OBJECT
public:
    FakeJob(const JobSpec &spec, QString *cancelReason, QObject *parent)
        : RuntimeJob(parent), spec(spec), m_cancelReason(cancelReason)
    { }

    void cancel(const QString &reason) override
    {
        cancelReason = reason;
        *m_cancelReason = reason;
        if (finishOnCancel)
            QTimer::singleShot(0, this,
                               [this] { finish(JobOutcome::Cancelled, -1, cancelReason); });
    }
    void finish(JobOutcome::Status status, int exitCode = 0, const QString &message = {})
    {
        if (isFinished)
            return;
        isFinished = true;
        JobOutcome outcome;
        outcome.status = status;
        outcome.exitCode = exitCode;
        outcome.message = message;
        Q_EMIT finished(outcome);
    }

    JobSpec spec;
    QString cancelReason;
    bool finishOnCancel = true;
    bool isFinished = false;

private:
    QString *m_cancelReason; // the runtime's record, which outlives the job
};

class FakeRuntime : public Runtime
{
    Q_OBJECT
public:
    explicit FakeRuntime(int capacity) : m_capacity(capacity) { }

    QString name() const override { return QStringLiteral("fake"); }
    QList<JobKind> kinds() const override
    {
        return {JobKind{Kind, QStringLiteral("1.0.0"), {}, {}}};
    }
    int capacity() const override { return m_capacity; }
    Result<RuntimeJob *> start(const JobSpec &spec, QObject *parent) override
    {
        if (!failStart.isEmpty())
            return Error::invalid(QStringLiteral("kind"), failStart);
        specs.append(spec);
        cancelReasons.emplace_back();
        auto *job = new FakeJob(spec, &cancelReasons.back(), parent);
        jobs.append(job);
        ++running;
        maxRunning = qMax(maxRunning, running);
        connect(job, &RuntimeJob::finished, this, [this] { --running; });
        if (autoFinishAfter >= 0) {
            QPointer<FakeJob> guard = job;
            QTimer::singleShot(autoFinishAfter, this, [guard] {
                if (guard)
                    guard->finish(JobOutcome::Passed, 0);
            });
        }
        return job;
    }

    // The jobs started and not finished yet, oldest first.
    QList<FakeJob *> unfinished() const
    {
        QList<FakeJob *> list;
        for (const QPointer<FakeJob> &job : jobs) {
            if (job && !job->isFinished)
                list.append(job);
        }
        return list;
    }
    QStringList startedNames() const
    {
        QStringList names;
        for (const JobSpec &spec : specs)
            names.append(spec.name);
        return names;
    }

    // Every attempt started, in order: the jobs themselves go once they have finished.
    QList<QPointer<FakeJob>> jobs;
    QList<JobSpec> specs;
    // A deque, whose elements stay where they are: the jobs point into it.
    std::deque<QString> cancelReasons;
    int running = 0;
    int maxRunning = 0;
    int autoFinishAfter = -1;
    QString failStart;

private:
    int m_capacity;
};

PipelineJob pipelineJob(const QString &name, const QString &stage, int priority = 10)
{
    PipelineJob job;
    job.name = name;
    job.stage = stage;
    job.kind = Kind;
    job.version = QStringLiteral("1");
    job.priority = priority;
    return job;
}

Pipeline pipeline(const QString &name, const QStringList &stages, const QList<PipelineJob> &jobs)
{
    Pipeline p;
    p.name = name;
    p.stages = stages;
    p.jobs = jobs;
    return p;
}

const char ChildVariable[] = "CAIRN_TST_SCHEDULER_CHILD";

Pipeline crashPipeline()
{
    PipelineJob first = pipelineJob(QStringLiteral("first"), QStringLiteral("a"));
    first.retryAttempt = 1;
    PipelineJob second = pipelineJob(QStringLiteral("second"), QStringLiteral("a"));
    second.retryAttempt = 1;
    return pipeline(QStringLiteral("crash"), {QStringLiteral("a"), QStringLiteral("b")},
                    {first, second, pipelineJob(QStringLiteral("last"), QStringLiteral("b"))});
}

/*
 * The process killed in killedProcessIsRecovered(): a scheduler that claims jobs whose
 * attempts never end, says which on stdout, and waits to be killed.
 */
int runChild(const QString &url, const QString &dataDir)
{
    Database db;
    if (!db.open(url))
        return 2;
    FakeRuntime runtime(2);
    SchedulerOptions options;
    options.owner = QStringLiteral("child");
    options.dataDir = dataDir;
    options.pollInterval = 50ms;
    options.heartbeatInterval = 100ms;
    options.lease = 500ms;
    Scheduler scheduler(db, options);
    scheduler.addRuntime(&runtime);
    QObject::connect(&scheduler, &Scheduler::jobStarted, [](const Node &job) {
        QTextStream(stdout) << "started " << job.id << Qt::endl;
    });
    scheduler.start();
    // Never outlive a test that died.
    QTimer::singleShot(60s, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

} // namespace

class tst_Scheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void runsStagesToCompletion();
    void correlationEventAndChecks();
    void capacityNeverExceeded();
    void claimOrderAcrossPriorities();
    void failureStopsTheRunUnlessAllowed();
    void retries();
    void startFailureIsAnError();
    void timeouts();
    void timeoutOfAJobThatDoesNotStop();
    void cancel();
    void queueSizeLimits();
    void supervisorRequeuesJobsOfAVanishedOwner();
    void lostLeaseStopsTheAttempt();
    void twoSchedulersShareOneDatabase();
    void killedProcessIsRecovered();
    void endsOfOneTurnAreRecordedTogether();

private:
    SchedulerOptions options(const QString &owner) const;
    std::unique_ptr<Scheduler> makeScheduler(Database &db, FakeRuntime &runtime,
                                             const QString &owner);
    Node node(const QString &id);
    QList<QueuedJob> jobsOf(const QString &runId);

    CairnTest::TestBackends m_backends;
    QString m_url;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
};

void tst_Scheduler::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_Scheduler::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_Scheduler::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_url = m_backends.freshUrl(backend);
    QVERIFY2(!m_url.isEmpty(), qPrintable(m_backends.errorString()));
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_url), qPrintable(m_db->errorString()));
}

void tst_Scheduler::cleanup()
{
    m_db.reset();
}

SchedulerOptions tst_Scheduler::options(const QString &owner) const
{
    SchedulerOptions o;
    o.owner = owner;
    o.dataDir = m_dir.filePath(owner);
    o.pollInterval = 50ms;
    o.heartbeatInterval = 100ms;
    o.lease = 5s;
    o.stopGrace = 300ms;
    return o;
}

std::unique_ptr<Scheduler> tst_Scheduler::makeScheduler(Database &db, FakeRuntime &runtime,
                                                        const QString &owner)
{
    auto scheduler = std::make_unique<Scheduler>(db, options(owner));
    scheduler->addRuntime(&runtime);
    return scheduler;
}

Node tst_Scheduler::node(const QString &id)
{
    Result<Node> node = NodeStore(*m_db).get(id);
    if (!node)
        qFatal("no node %s: %s", qPrintable(id), qPrintable(node.error().toString()));
    return *node;
}

QList<QueuedJob> tst_Scheduler::jobsOf(const QString &runId)
{
    Result<QList<QueuedJob>> jobs = JobQueue(*m_db).jobsOfRun(runId);
    if (!jobs)
        qFatal("no jobs: %s", qPrintable(jobs.error().toString()));
    return *jobs;
}

void tst_Scheduler::runsStagesToCompletion()
{
    FakeRuntime runtime(4);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("one"));
    QSignalSpy runStarted(scheduler.get(), &Scheduler::runStarted);
    QSignalSpy jobStarted(scheduler.get(), &Scheduler::jobStarted);
    QSignalSpy jobFinished(scheduler.get(), &Scheduler::jobFinished);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);

    PipelineJob b1 = pipelineJob(QStringLiteral("b1"), QStringLiteral("build"));
    b1.params = {{QStringLiteral("run"), QStringLiteral("${run.id}")},
                 {QStringLiteral("board"), QStringLiteral("${run.inputs.board}")}};
    Pipeline p = pipeline(QStringLiteral("nightly"),
                          {QStringLiteral("build"), QStringLiteral("test")},
                          {b1, pipelineJob(QStringLiteral("b2"), QStringLiteral("build")),
                           pipelineJob(QStringLiteral("t1"), QStringLiteral("test"))});
    p.inputs = {PipelineInput{QStringLiteral("board"), QStringLiteral("qemu"), {}}};
    Result<Node> run = scheduler->startRun(p, {});
    QVERIFY2(run, qPrintable(run ? QString() : run.error().toString()));
    QCOMPARE(run->kind, QStringLiteral("run"));
    QCOMPARE(runStarted.size(), 1);
    QVERIFY(runtime.jobs.isEmpty()); // nothing runs before start()

    scheduler->start();
    QTRY_COMPARE(runtime.jobs.size(), 2);
    QTest::qWait(100);
    QCOMPARE(runtime.jobs.size(), 2); // t1 waits for its stage
    QCOMPARE(jobStarted.size(), 2);
    const JobSpec first = runtime.specs.at(0);
    QCOMPARE(first.name, QStringLiteral("b1"));
    QCOMPARE(first.runId, run->id);
    QCOMPARE(first.attempt, 1);
    QCOMPARE(first.params.value(QStringLiteral("run")).toString(), run->id);
    QCOMPARE(first.params.value(QStringLiteral("board")).toString(), QStringLiteral("qemu"));
    // Made by a runtime that writes there; this one writes nothing.
    QVERIFY(!QFileInfo::exists(first.workDir));
    QCOMPARE(first.workDir, JobQueue::attemptDir(scheduler->options().dataDir, first.jobId, 1));
    QCOMPARE(first.logPath, first.workDir + QStringLiteral("/log.txt"));
    const Node running = node(first.jobId);
    QCOMPARE(running.data.value(QStringLiteral("state")).toString(), QStringLiteral("IN_PROGRESS"));
    QCOMPARE(running.data.value(QStringLiteral("lease_owner")).toString(), QStringLiteral("one"));
    QCOMPARE(running.artifacts.value(QStringLiteral("log")).toString(),
             QUrl::fromLocalFile(first.logPath).toString());
    QCOMPARE(scheduler->runningCount(), 2);

    runtime.jobs.at(0)->finish(JobOutcome::Passed);
    runtime.jobs.at(1)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runtime.jobs.size(), 3);
    QCOMPARE(runtime.specs.at(2).name, QStringLiteral("t1"));
    QCOMPARE(node(run->id).data.value(QStringLiteral("stage")).toString(), QStringLiteral("test"));
    runtime.jobs.at(2)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 1);
    QCOMPARE(jobFinished.size(), 3);
    const Node ended = runFinished.first().first().value<Node>();
    QCOMPARE(ended.id, run->id);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QCOMPARE(node(run->id).state, Node::State::Done);
    QCOMPARE(scheduler->runningCount(), 0);
    const QList<QueuedJob> rows = jobsOf(run->id);
    for (const QueuedJob &row : rows) {
        QCOMPARE(row.state, JobState::Done);
        QCOMPARE(row.result, Node::Outcome::Pass);
    }
}

void tst_Scheduler::correlationEventAndChecks()
{
    FakeRuntime runtime(1);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("events"));
    EventBus bus(*m_db);
    Result<CloudEvent> event = bus.publish(QStringLiteral("cairn.device.reading"),
                                           QStringLiteral("sensor-1"),
                                           QJsonObject{{QStringLiteral("temperature"), 42}});
    QVERIFY(event);
    PipelineJob job = pipelineJob(QStringLiteral("react"), QStringLiteral("a"));
    job.params = {{QStringLiteral("t"), QStringLiteral("${event.data.temperature}")},
                  {QStringLiteral("who"), QStringLiteral("${event.subject}")}};
    const Pipeline p = pipeline(QStringLiteral("p"), {QStringLiteral("a")}, {job});
    Result<Node> run = scheduler->startRun(p, {}, event->id, RunOptions{{}, 10, {}, {}});
    QVERIFY2(run, qPrintable(run ? QString() : run.error().toString()));
    QCOMPARE(run->data.value(QStringLiteral("correlation_id")).toString(), event->id);
    const QueuedJob row = jobsOf(run->id).first();
    QCOMPARE(row.correlationId, event->id);
    scheduler->start();
    QTRY_COMPARE(runtime.specs.size(), 1);
    QCOMPARE(runtime.specs.at(0).params.value(QStringLiteral("t")).toInt(), 42);
    QCOMPARE(runtime.specs.at(0).params.value(QStringLiteral("who")).toString(),
             QStringLiteral("sensor-1"));

    // An unknown event, an unknown input, a kind no runtime offers: nothing is queued.
    Result<Node> unknown = scheduler->startRun(p, {}, QStringLiteral("no-such-event"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, Error::NotFound);
    QVERIFY(!scheduler->startRun(p, {{QStringLiteral("nope"), 1}}));
    JobKindRegistry registry;
    QVERIFY(registry.add(JobKind{QStringLiteral("process"),
                                 QStringLiteral("1.0.0"),
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}},
                                 {}}));
    scheduler->setKindRegistry(&registry);
    Result<Node> unchecked = scheduler->startRun(p, {});
    QVERIFY(!unchecked);
    QVERIFY2(unchecked.error().field.endsWith(QLatin1String("kind")),
             qPrintable(unchecked.error().toString()));
    QCOMPARE(*scheduler->queue().unfinishedCount(), 1);
}

void tst_Scheduler::capacityNeverExceeded()
{
    FakeRuntime runtime(2);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("cap"));
    QList<PipelineJob> jobs;
    for (int i = 0; i < 7; ++i)
        jobs.append(pipelineJob(QStringLiteral("j%1").arg(i), QStringLiteral("only")));
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("wide"), {QStringLiteral("only")}, jobs), {});
    QVERIFY(run);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    scheduler->start();
    for (int done = 0; done < 7; ++done) {
        QTRY_VERIFY(!runtime.unfinished().isEmpty());
        QTest::qWait(60); // a poll or two: it must not start more
        QVERIFY(runtime.running <= 2);
        QCOMPARE(scheduler->runningCount(&runtime), runtime.running);
        runtime.unfinished().first()->finish(JobOutcome::Passed);
    }
    QTRY_COMPARE(runFinished.size(), 1);
    QCOMPARE(runtime.maxRunning, 2);
    QCOMPARE(runtime.jobs.size(), 7);
}

void tst_Scheduler::claimOrderAcrossPriorities()
{
    FakeRuntime runtime(1);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("order"));
    QVERIFY(scheduler->setClient(QStringLiteral("gold"), 1, 0));
    const QStringList stages = {QStringLiteral("a"), QStringLiteral("b")};
    const Pipeline normal = pipeline(QStringLiteral("normal"), stages,
                                     {pipelineJob(QStringLiteral("n-low"), QStringLiteral("a"), 20),
                                      pipelineJob(QStringLiteral("n-high"), QStringLiteral("a"), 1),
                                      pipelineJob(QStringLiteral("n-b"), QStringLiteral("b"), 0)});
    const Pipeline other = pipeline(QStringLiteral("other"), stages,
                                    {pipelineJob(QStringLiteral("o"), QStringLiteral("a"))});
    QVERIFY(scheduler->startRun(normal, {}, {}, RunOptions{{}, 10, {}, {}}));
    QVERIFY(scheduler->startRun(other, {}, {}, RunOptions{{}, 5, {}, {}}));
    QVERIFY(scheduler->startRun(pipeline(QStringLiteral("gold"), stages,
                                         {pipelineJob(QStringLiteral("g"), QStringLiteral("b"))}),
                                {}, {}, RunOptions{QStringLiteral("gold"), 99, {}, {}}));
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    scheduler->start();
    for (int i = 0; i < 5; ++i) {
        QTRY_COMPARE(runtime.unfinished().size(), 1);
        runtime.unfinished().first()->finish(JobOutcome::Passed);
    }
    QTRY_COMPARE(runFinished.size(), 3);
    QCOMPARE(runtime.startedNames(),
             (QStringList{QStringLiteral("g"), QStringLiteral("o"), QStringLiteral("n-high"),
                          QStringLiteral("n-low"), QStringLiteral("n-b")}));
}

void tst_Scheduler::failureStopsTheRunUnlessAllowed()
{
    FakeRuntime runtime(4);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("fail"));
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    const QStringList stages = {QStringLiteral("a"), QStringLiteral("b")};
    PipelineJob flaky = pipelineJob(QStringLiteral("flaky"), QStringLiteral("a"));
    flaky.allowFailure = true;
    Result<Node> allowed = scheduler->startRun(
            pipeline(QStringLiteral("allowed"), stages,
                     {flaky, pipelineJob(QStringLiteral("after"), QStringLiteral("b"))}),
            {});
    QVERIFY(allowed);
    scheduler->start();
    QTRY_COMPARE(runtime.unfinished().size(), 1);
    runtime.unfinished().first()->finish(JobOutcome::Failed, 3,
                                         QStringLiteral("exited with code 3"));
    QTRY_COMPARE(runtime.jobs.size(), 2);
    runtime.unfinished().first()->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 1);
    Node ended = node(allowed->id);
    QCOMPARE(ended.result, Node::Outcome::Pass);
    QCOMPARE(ended.data.value(QStringLiteral("allowed_failures")).toArray(),
             QJsonArray{QStringLiteral("flaky")});
    const QueuedJob failed = jobsOf(allowed->id).first();
    QCOMPARE(failed.state, JobState::Done);
    QCOMPARE(failed.result, Node::Outcome::Fail);
    QCOMPARE(failed.exitCode, 3);
    QCOMPARE(node(failed.id).data.value(QStringLiteral("failure")).toString(),
             QStringLiteral("exited with code 3"));

    Result<Node> stopped = scheduler->startRun(
            pipeline(QStringLiteral("strict"), stages,
                     {pipelineJob(QStringLiteral("must"), QStringLiteral("a")),
                      pipelineJob(QStringLiteral("never"), QStringLiteral("b"))}),
            {});
    QVERIFY(stopped);
    QTRY_COMPARE(runtime.jobs.size(), 3);
    runtime.unfinished().first()->finish(JobOutcome::Failed, 1);
    QTRY_COMPARE(runFinished.size(), 2);
    QTest::qWait(100);
    QCOMPARE(runtime.jobs.size(), 3); // never did not start
    ended = node(stopped->id);
    QCOMPARE(ended.result, Node::Outcome::Fail);
    QCOMPARE(jobsOf(stopped->id).at(1).state, JobState::Cancelled);
}

void tst_Scheduler::retries()
{
    FakeRuntime runtime(1);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("retry"));
    QSignalSpy requeued(scheduler.get(), &Scheduler::jobRequeued);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    PipelineJob job = pipelineJob(QStringLiteral("flaky"), QStringLiteral("a"));
    job.retryAttempt = 2;
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")}, {job}), {});
    QVERIFY(run);
    scheduler->start();
    QTRY_COMPARE(runtime.jobs.size(), 1);
    runtime.jobs.at(0)->finish(JobOutcome::Failed, 1);
    QTRY_COMPARE(runtime.jobs.size(), 2);
    runtime.jobs.at(1)->finish(JobOutcome::Error, -1, QStringLiteral("host unreachable"));
    QTRY_COMPARE(runtime.jobs.size(), 3);
    QCOMPARE(requeued.size(), 2);
    QCOMPARE(runtime.specs.at(2).attempt, 3);
    QVERIFY(runtime.specs.at(2).workDir != runtime.specs.at(1).workDir);
    runtime.jobs.at(2)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 1);
    QCOMPARE(node(run->id).result, Node::Outcome::Pass);
    const Node jobNode = node(runtime.specs.at(2).jobId);
    const QJsonArray attempts = jobNode.data.value(QStringLiteral("attempts")).toArray();
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("failed"));
    QCOMPARE(attempts.at(1).toObject().value(QStringLiteral("failure")).toString(),
             QStringLiteral("host unreachable"));
    QCOMPARE(attempts.at(2).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("passed"));
    QCOMPARE(jobNode.data.value(QStringLiteral("attempt")).toInt(), 3);
}

void tst_Scheduler::startFailureIsAnError()
{
    FakeRuntime runtime(1);
    runtime.failStart = QStringLiteral("no such image");
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("broken"));
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    PipelineJob job = pipelineJob(QStringLiteral("j"), QStringLiteral("a"));
    job.retryAttempt = 1;
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")}, {job}), {});
    QVERIFY(run);
    const QRegularExpression warning(QStringLiteral("cannot start job j .*no such image"));
    QTest::ignoreMessage(QtWarningMsg, warning);
    QTest::ignoreMessage(QtWarningMsg, warning);
    scheduler->start();
    QTRY_COMPARE(runFinished.size(), 1);
    const QueuedJob row = jobsOf(run->id).first();
    QCOMPARE(row.state, JobState::Error);
    QCOMPARE(row.attempt, 2);
    QCOMPARE(row.failure, QStringLiteral("no such image"));
    QCOMPARE(node(run->id).result, Node::Outcome::Fail);
    QCOMPARE(scheduler->runningCount(), 0);
}

void tst_Scheduler::timeouts()
{
    FakeRuntime runtime(2);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("slow"));
    Supervisor supervisor(*scheduler);
    supervisor.setInterval(50ms);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    PipelineJob job = pipelineJob(QStringLiteral("sleepy"), QStringLiteral("a"));
    job.timeout = 300ms;
    job.retryAttempt = 1;
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")}, {job}), {});
    QVERIFY(run);
    scheduler->start();
    supervisor.start();
    QTRY_COMPARE(runtime.jobs.size(), 1);
    QCOMPARE(runtime.specs.at(0).timeout, 300ms);
    // Neither attempt finishes by itself: both are stopped for their timeout.
    QTRY_COMPARE(runtime.jobs.size(), 2);
    QCOMPARE(runtime.cancelReasons.at(0), QStringLiteral("timed out after 0.3 s"));
    QTRY_COMPARE(runFinished.size(), 1);
    const QueuedJob row = jobsOf(run->id).first();
    QCOMPARE(row.state, JobState::Error);
    QCOMPARE(row.attempt, 2);
    QCOMPARE(row.failure, QStringLiteral("timed out after 0.3 s"));
    const Node jobNode = node(row.id);
    QCOMPARE(jobNode.result, Node::Outcome::Incomplete);
    const QJsonArray attempts = jobNode.data.value(QStringLiteral("attempts")).toArray();
    QCOMPARE(attempts.size(), 2);
    for (const QJsonValue &attempt : attempts)
        QCOMPARE(attempt.toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("timed out"));
    QVERIFY(row.started.msecsTo(row.ended) >= 300);
}

void tst_Scheduler::timeoutOfAJobThatDoesNotStop()
{
    FakeRuntime runtime(1);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("stuck"));
    Supervisor supervisor(*scheduler);
    supervisor.setInterval(50ms);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    PipelineJob job = pipelineJob(QStringLiteral("stuck"), QStringLiteral("a"));
    job.timeout = 200ms;
    job.allowFailure = true; // so that "next" runs after it
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")},
                     {job, pipelineJob(QStringLiteral("next"), QStringLiteral("a"), 20)}),
            {});
    QVERIFY(run);
    scheduler->start();
    supervisor.start();
    QTRY_COMPARE(runtime.jobs.size(), 1);
    runtime.jobs.at(0)->finishOnCancel = false;
    // Recorded after the stop grace although it never reports...
    QTRY_COMPARE(jobsOf(run->id).first().state, JobState::Error);
    QVERIFY(!runtime.cancelReasons.at(0).isEmpty());
    // ...but it keeps its place in the runtime until it does.
    QTest::qWait(150);
    QCOMPARE(runtime.jobs.size(), 1);
    QCOMPARE(scheduler->runningCount(&runtime), 1);
    runtime.jobs.at(0)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runtime.jobs.size(), 2);
    runtime.jobs.at(1)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 1);
    QCOMPARE(jobsOf(run->id).first().state, JobState::Error); // the late report changed nothing
    QCOMPARE(node(run->id).result, Node::Outcome::Pass);
}

void tst_Scheduler::cancel()
{
    FakeRuntime runtime(2);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("cancel"));
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    const QStringList stages = {QStringLiteral("a"), QStringLiteral("b")};
    const Pipeline p = pipeline(QStringLiteral("p"), stages,
                                {pipelineJob(QStringLiteral("x"), QStringLiteral("a")),
                                 pipelineJob(QStringLiteral("y"), QStringLiteral("b"))});
    Result<Node> run = scheduler->startRun(p, {});
    QVERIFY(run);
    scheduler->start();
    QTRY_COMPARE(runtime.jobs.size(), 1);
    QVERIFY(scheduler->cancelJob(runtime.specs.at(0).jobId, QStringLiteral("enough")));
    QCOMPARE(runtime.cancelReasons.at(0), QStringLiteral("enough"));
    QTRY_COMPARE(runFinished.size(), 1);
    QTRY_COMPARE(scheduler->runningCount(), 0);
    QList<QueuedJob> rows = jobsOf(run->id);
    QCOMPARE(rows.at(0).state, JobState::Cancelled);
    QCOMPARE(rows.at(0).failure, QStringLiteral("enough"));
    QCOMPARE(rows.at(1).state, JobState::Cancelled);
    QCOMPARE(node(run->id).result, Node::Outcome::Fail);
    QVERIFY(!scheduler->cancelJob(rows.at(0).id));

    Result<Node> second = scheduler->startRun(p, {});
    QVERIFY(second);
    QTRY_COMPARE(runtime.jobs.size(), 2);
    QVERIFY(scheduler->cancelRun(second->id, QStringLiteral("operator")));
    QCOMPARE(runtime.cancelReasons.at(1), QStringLiteral("operator"));
    QTRY_COMPARE(runFinished.size(), 2);
    QCOMPARE(node(second->id).result, Node::Outcome::Incomplete);
    rows = jobsOf(second->id);
    for (const QueuedJob &row : rows)
        QCOMPARE(row.state, JobState::Cancelled);
    QTRY_COMPARE(scheduler->runningCount(), 0);

    // A retry of the cancelled run queues all of it again.
    QVERIFY(scheduler->retryRun(second->id));
    QTRY_COMPARE(runtime.jobs.size(), 3);
    runtime.unfinished().first()->finish(JobOutcome::Passed);
    QTRY_COMPARE(runtime.jobs.size(), 4);
    runtime.unfinished().first()->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 3);
    QCOMPARE(node(second->id).result, Node::Outcome::Pass);
}

void tst_Scheduler::queueSizeLimits()
{
    FakeRuntime runtime(1);
    SchedulerOptions o = options(QStringLiteral("limits"));
    o.queueSize = 3;
    Scheduler scheduler(*m_db, o);
    const Pipeline two = pipeline(QStringLiteral("two"), {QStringLiteral("a")},
                                  {pipelineJob(QStringLiteral("x"), QStringLiteral("a")),
                                   pipelineJob(QStringLiteral("y"), QStringLiteral("a"))});
    QVERIFY(scheduler.startRun(two, {}));
    Result<Node> refused = scheduler.startRun(two, {});
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("queue_size"));
    QVERIFY(refused.error().message.contains(QStringLiteral("full")));

    scheduler.queue().setQueueSize(0);
    QVERIFY(scheduler.setClient(QStringLiteral("tiny"), 10, 1));
    Result<Node> client = scheduler.startRun(two, {}, {},
                                             RunOptions{QStringLiteral("tiny"), 10, {}, {}});
    QVERIFY(!client);
    QCOMPARE(client.error().field, QStringLiteral("client"));
    QCOMPARE(*scheduler.queue().unfinishedCount(), 2);
}

void tst_Scheduler::supervisorRequeuesJobsOfAVanishedOwner()
{
    const QStringList stages = {QStringLiteral("a")};
    PipelineJob retried = pipelineJob(QStringLiteral("retried"), QStringLiteral("a"));
    retried.retryAttempt = 1;
    PipelineJob once = pipelineJob(QStringLiteral("once"), QStringLiteral("a"), 20);
    once.allowFailure = true; // so that its ERROR does not stop the run
    QString runId;
    {
        // A scheduler that claims both jobs and vanishes without a word, as after kill -9.
        FakeRuntime runtime(2);
        SchedulerOptions o = options(QStringLiteral("vanished"));
        o.lease = 300ms;
        Scheduler doomed(*m_db, o);
        doomed.addRuntime(&runtime);
        Result<Node> run = doomed.startRun(pipeline(QStringLiteral("p"), stages, {retried, once}),
                                           {});
        QVERIFY(run);
        runId = run->id;
        doomed.start();
        QTRY_COMPARE(runtime.jobs.size(), 2);
    }
    const QList<QueuedJob> held = jobsOf(runId);
    for (const QueuedJob &row : held) {
        QCOMPARE(row.state, JobState::InProgress);
        QCOMPARE(row.leaseOwner, QStringLiteral("vanished"));
    }

    FakeRuntime runtime(2);
    SchedulerOptions o = options(QStringLiteral("survivor"));
    o.lease = 300ms;
    Scheduler survivor(*m_db, o);
    survivor.addRuntime(&runtime);
    Supervisor supervisor(survivor);
    supervisor.setInterval(50ms);
    QCOMPARE(supervisor.lease(), 300ms);
    QSignalSpy runFinished(&survivor, &Scheduler::runFinished);
    survivor.start();
    supervisor.start();
    // "retried" had an attempt left and runs again here; "once" had none: ERROR.
    QTRY_COMPARE(runtime.jobs.size(), 1);
    QCOMPARE(runtime.specs.at(0).name, QStringLiteral("retried"));
    QCOMPARE(runtime.specs.at(0).attempt, 2);
    runtime.jobs.at(0)->finish(JobOutcome::Passed);
    QTRY_COMPARE(runFinished.size(), 1);
    const QList<QueuedJob> rows = jobsOf(runId);
    QCOMPARE(rows.at(0).state, JobState::Done);
    QCOMPARE(rows.at(1).state, JobState::Error);
    QVERIFY(rows.at(1).failure.contains(QStringLiteral("vanished")));
    const QJsonArray attempts =
            node(rows.at(0).id).data.value(QStringLiteral("attempts")).toArray();
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("owner")).toString(),
             QStringLiteral("vanished"));
    QCOMPARE(attempts.at(0).toObject().value(QStringLiteral("status")).toString(),
             QStringLiteral("error"));
    QCOMPARE(attempts.at(1).toObject().value(QStringLiteral("owner")).toString(),
             QStringLiteral("survivor"));
    // The run reached its end once, and nothing more happens.
    QTest::qWait(200);
    QCOMPARE(runFinished.size(), 1);
    QCOMPARE(supervisor.check(), 0);
}

void tst_Scheduler::lostLeaseStopsTheAttempt()
{
    FakeRuntime runtime(1);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("holder"));
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")},
                     {pipelineJob(QStringLiteral("x"), QStringLiteral("a"))}),
            {});
    QVERIFY(run);
    scheduler->start();
    QTRY_COMPARE(runtime.jobs.size(), 1);
    // Another process cancels it: this scheduler learns at its next heartbeat.
    Database other;
    QVERIFY(other.open(m_url));
    JobQueue queue(other);
    QVERIFY(queue.cancelJob(runtime.specs.at(0).jobId, QStringLiteral("from afar")));
    QTRY_VERIFY(!runtime.cancelReasons.at(0).isEmpty());
    QTRY_COMPARE(scheduler->runningCount(), 0);
    QCOMPARE(jobsOf(run->id).first().failure, QStringLiteral("from afar"));
}

void tst_Scheduler::twoSchedulersShareOneDatabase()
{
    constexpr int Runs = 4;
    constexpr int JobsPerRun = 10;
    Database second;
    QVERIFY(second.open(m_url));
    FakeRuntime runtimeA(3);
    FakeRuntime runtimeB(3);
    runtimeA.autoFinishAfter = 5;
    runtimeB.autoFinishAfter = 5;
    auto a = makeScheduler(*m_db, runtimeA, QStringLiteral("a"));
    auto b = makeScheduler(second, runtimeB, QStringLiteral("b"));
    QSignalSpy finishedA(a.get(), &Scheduler::runFinished);
    QSignalSpy finishedB(b.get(), &Scheduler::runFinished);
    QStringList runs;
    for (int r = 0; r < Runs; ++r) {
        QList<PipelineJob> jobs;
        for (int j = 0; j < JobsPerRun; ++j)
            jobs.append(pipelineJob(QStringLiteral("j%1").arg(j),
                                    j < JobsPerRun / 2 ? QStringLiteral("one")
                                                       : QStringLiteral("two")));
        Result<Node> run =
                (r % 2 ? b : a)
                        ->startRun(pipeline(QStringLiteral("p"),
                                            {QStringLiteral("one"), QStringLiteral("two")}, jobs),
                                   {});
        QVERIFY(run);
        runs.append(run->id);
    }
    a->start();
    b->start();
    QTRY_COMPARE_WITH_TIMEOUT(finishedA.size() + finishedB.size(), Runs, 30000);

    QSet<QString> startedA, startedB;
    for (const JobSpec &spec : std::as_const(runtimeA.specs))
        startedA.insert(spec.jobId);
    for (const JobSpec &spec : std::as_const(runtimeB.specs))
        startedB.insert(spec.jobId);
    QCOMPARE(startedA.size(), runtimeA.jobs.size());
    QCOMPARE(startedB.size(), runtimeB.jobs.size());
    QVERIFY(!startedA.intersects(startedB));
    QCOMPARE(startedA.size() + startedB.size(), Runs * JobsPerRun);
    QVERIFY(runtimeA.maxRunning <= 3 && runtimeB.maxRunning <= 3);
    for (const QString &id : std::as_const(runs)) {
        QCOMPARE(node(id).result, Node::Outcome::Pass);
        const QList<QueuedJob> rows = jobsOf(id);
        for (const QueuedJob &row : rows) {
            QCOMPARE(row.state, JobState::Done);
            QCOMPARE(row.attempt, 1);
            QCOMPARE(node(row.id).data.value(QStringLiteral("attempts")).toArray().size(), 1);
        }
    }
    qDebug() << "a ran" << startedA.size() << "jobs, b ran" << startedB.size();
}

/*!
    Kills a process that runs a scheduler with SIGKILL while it holds jobs; a scheduler and
    supervisor started afterwards bring the run to its end, each job's end recorded once.
*/
void tst_Scheduler::killedProcessIsRecovered()
{
    FakeRuntime runtime(2);
    runtime.autoFinishAfter = 5;
    SchedulerOptions o = options(QStringLiteral("after-crash"));
    o.lease = 500ms;
    Scheduler survivor(*m_db, o);
    survivor.addRuntime(&runtime);
    Result<Node> run = survivor.startRun(crashPipeline(), {});
    QVERIFY(run);

    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(ChildVariable), m_url);
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cairn.*=false"));
    child.setProcessEnvironment(environment);
    child.setArguments({m_dir.filePath(QStringLiteral("child"))});
    child.setProgram(QCoreApplication::applicationFilePath());
    child.start();
    QVERIFY(child.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput()).count("started ") == 2, 10000);
    child.kill(); // SIGKILL: no destructor, no last word
    QVERIFY(child.waitForFinished());
    const QList<QueuedJob> held = jobsOf(run->id);
    QCOMPARE(held.at(0).leaseOwner, QStringLiteral("child"));
    QCOMPARE(held.at(1).leaseOwner, QStringLiteral("child"));

    Supervisor supervisor(survivor);
    supervisor.setInterval(50ms);
    QSignalSpy runFinished(&survivor, &Scheduler::runFinished);
    survivor.start();
    supervisor.start();
    QTRY_COMPARE_WITH_TIMEOUT(runFinished.size(), 1, 10000);
    QCOMPARE(node(run->id).result, Node::Outcome::Pass);
    const QList<QueuedJob> rows = jobsOf(run->id);
    for (const QueuedJob &row : rows) {
        QCOMPARE(row.state, JobState::Done);
        const QJsonArray attempts = node(row.id).data.value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.size(), row.name == QLatin1String("last") ? 1 : 2);
        int passed = 0;
        for (const QJsonValue &attempt : attempts)
            passed += attempt.toObject().value(QStringLiteral("status")) == QLatin1String("passed");
        QCOMPARE(passed, 1);
    }
    QCOMPARE(runtime.specs.size(), 3);
}

/*!
    Attempts that report in the same turn of the event loop are recorded in one transaction;
    one that another process took away meanwhile is left out, and the others are recorded
    and told about each.
*/
void tst_Scheduler::endsOfOneTurnAreRecordedTogether()
{
    FakeRuntime runtime(3);
    auto scheduler = makeScheduler(*m_db, runtime, QStringLiteral("batch"));
    QSignalSpy jobFinished(scheduler.get(), &Scheduler::jobFinished);
    QSignalSpy runFinished(scheduler.get(), &Scheduler::runFinished);
    PipelineJob taken = pipelineJob(QStringLiteral("taken"), QStringLiteral("a"));
    taken.allowFailure = true; // so that its cancel does not stop the run
    Result<Node> run = scheduler->startRun(
            pipeline(QStringLiteral("p"), {QStringLiteral("a")},
                     {pipelineJob(QStringLiteral("x"), QStringLiteral("a")), taken,
                      pipelineJob(QStringLiteral("y"), QStringLiteral("a"))}),
            {});
    QVERIFY(run);
    scheduler->start();
    QTRY_COMPARE(runtime.jobs.size(), 3);
    QString takenId;
    for (const JobSpec &spec : std::as_const(runtime.specs)) {
        if (spec.name == QLatin1String("taken"))
            takenId = spec.jobId;
    }

    // Another process cancels one; this scheduler has not heard of it when all three report.
    Database other;
    QVERIFY(other.open(m_url));
    QVERIFY(JobQueue(other).cancelJob(takenId, QStringLiteral("from afar")));
    int commits = 0;
    connect(m_db.get(), &Database::committed, this, [&commits] { ++commits; });
    const QList<FakeJob *> running = runtime.unfinished();
    QCOMPARE(running.size(), 3);
    for (FakeJob *job : running)
        job->finish(JobOutcome::Passed);
    QCOMPARE(scheduler->runningCount(), 3); // reported, not recorded yet
    QVERIFY(scheduler->isRunning(takenId, 1));

    QTRY_COMPARE(runFinished.size(), 1);
    QCOMPARE(commits, 1);
    QCOMPARE(jobFinished.size(), 2);
    QSet<QString> finishedIds;
    for (const QList<QVariant> &signal : std::as_const(jobFinished))
        finishedIds.insert(signal.first().value<Node>().id);
    QVERIFY(!finishedIds.contains(takenId));
    QCOMPARE(scheduler->runningCount(), 0);
    QCOMPARE(node(run->id).result, Node::Outcome::Pass);
    const QList<QueuedJob> rows = jobsOf(run->id);
    for (const QueuedJob &row : rows) {
        const QJsonArray attempts = node(row.id).data.value(QStringLiteral("attempts")).toArray();
        QCOMPARE(attempts.size(), 1);
        if (row.id == takenId) {
            QCOMPARE(row.state, JobState::Cancelled);
            QCOMPARE(row.failure, QStringLiteral("from afar"));
            QCOMPARE(attempts.first().toObject().value(QStringLiteral("status")).toString(),
                     QStringLiteral("cancelled"));
        } else {
            QCOMPARE(row.state, JobState::Done);
            QCOMPARE(row.result, Node::Outcome::Pass);
        }
    }
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QString childUrl = qEnvironmentVariable(ChildVariable);
    if (!childUrl.isEmpty())
        return runChild(childUrl, app.arguments().value(1));
    tst_Scheduler test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_scheduler.moc"
