// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "throughputbench.h"

#include "eventwait.h"
#include "noopruntime.h"
#include "observedruntime.h"

#include <configdocument.h>
#include <database.h>
#include <eventbus.h>
#include <jobkindregistry.h>
#include <nodequery.h>
#include <nodestore.h>
#include <pipeline.h>
#include <processruntime.h>
#include <rule.h>
#include <ruleengine.h>
#include <scheduler.h>

#include <QElapsedTimer>
#include <QFile>
#include <QHash>

#include <memory>
#include <optional>

using namespace Cairn;
using namespace std::chrono_literals;

namespace CairnBench {

namespace {

// Problems beyond this many are counted, not listed.
constexpr qsizetype MaxListed = 5;

Pipeline pipelineFor(const ThroughputCase &setup)
{
    Pipeline pipeline;
    pipeline.name = QStringLiteral("bench");
    const bool process = setup.work == ThroughputCase::Work::Process;
    for (int s = 0; s < setup.stages; ++s) {
        const QString stage = QStringLiteral("s%1").arg(s);
        pipeline.stages.append(stage);
        for (int j = 0; j < setup.jobsPerStage; ++j) {
            PipelineJob job;
            job.name = QStringLiteral("j%1-%2").arg(s).arg(j);
            job.stage = stage;
            job.kind = process ? QStringLiteral("process") : NoopRuntime::Kind;
            job.version = QStringLiteral("1");
            if (process)
                job.params = {{QStringLiteral("command"), QStringLiteral("/bin/true")}};
            pipeline.jobs.append(job);
        }
    }
    return pipeline;
}

// A rule on an event type nothing publishes: the engine is there for its subscription.
Result<QList<Rule>> idleRules()
{
    static const QByteArray yaml = "rules:\n"
                                   "  - name: idle\n"
                                   "    on: {type: bench.never}\n"
                                   "    run: bench\n";
    Result<ConfigDocument> doc = ConfigDocument::parse(yaml, QStringLiteral("bench.yaml"));
    if (!doc)
        return doc.error();
    return Rule::fromConfig(doc->root()[QStringLiteral("rules")]);
}

void removeDatabase(const QString &file)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(file + suffix);
}

class Problems
{
public:
    explicit Problems(QStringList *list) : m_list(list) { }
    ~Problems()
    {
        if (m_more > 0)
            m_list->append(QStringLiteral("... and %1 more").arg(m_more));
    }
    void add(const QString &problem)
    {
        if (m_list->size() < MaxListed)
            m_list->append(problem);
        else
            ++m_more;
    }

private:
    QStringList *m_list;
    qint64 m_more = 0;
};

// Every run DONE and passed, every job DONE, passed, in its first attempt and started once.
void verify(Database &db, JobQueue &queue, const QStringList &runIds,
            const QHash<QString, Node> &finished, const ObservedRuntime &runtime,
            const ThroughputCase &setup, ThroughputResult *result)
{
    Problems problems(&result->problems);
    const qint64 perRun = qint64(setup.stages) * setup.jobsPerStage;
    for (const QString &runId : runIds) {
        const auto run = finished.constFind(runId);
        if (run == finished.cend()) {
            problems.add(QStringLiteral("run %1 did not finish").arg(runId));
            continue;
        }
        if (run->state != Node::State::Done || run->result != Node::Outcome::Pass)
            problems.add(QStringLiteral("run %1 ended %2, %3")
                                 .arg(runId, Node::stateName(run->state),
                                      Node::outcomeName(run->result)));
        Result<QList<QueuedJob>> jobs = queue.jobsOfRun(runId);
        if (!jobs) {
            problems.add(jobs.error().toString());
            continue;
        }
        if (jobs->size() != perRun)
            problems.add(QStringLiteral("run %1 has %2 jobs, not %3")
                                 .arg(runId)
                                 .arg(jobs->size())
                                 .arg(perRun));
        for (const QueuedJob &job : std::as_const(*jobs)) {
            const int starts = runtime.startsOf(job.id);
            if (job.state != JobState::Done || job.result != Node::Outcome::Pass || job.attempt != 1
                || starts != 1) {
                problems.add(QStringLiteral("job %1 of run %2: %3 %4 after %5 attempts, "
                                            "started %6 times")
                                     .arg(job.name, runId, JobStates::name(job.state),
                                          Node::outcomeName(job.result))
                                     .arg(job.attempt)
                                     .arg(starts));
                continue;
            }
            ++result->jobs;
        }
    }
    if (runtime.startCount() != setup.jobs() || runtime.startedCount() != setup.jobs())
        problems.add(QStringLiteral("the runtime was asked for %1 attempts and %2 started, for "
                                    "%3 jobs")
                             .arg(runtime.startCount())
                             .arg(runtime.startedCount())
                             .arg(setup.jobs()));
    // The nodes people see tell the same story as the queue rows.
    NodeStore store(db);
    const auto countNodes = [&store](const QString &kind) -> qint64 {
        Result<NodeQuery> query = NodeQuery::parse({QStringLiteral("kind=") + kind,
                                                    QStringLiteral("state=done"),
                                                    QStringLiteral("result=pass")});
        Result<qint64> count = query ? store.count(*query) : Result<qint64>(query.error());
        return count ? *count : -1;
    };
    const qint64 jobNodes = countNodes(QStringLiteral("job"));
    const qint64 runNodes = countNodes(QStringLiteral("run"));
    if (jobNodes != setup.jobs() || runNodes != runIds.size())
        problems.add(QStringLiteral("%1 job nodes and %2 run nodes are done and passed, for %3 "
                                    "jobs in %4 runs")
                             .arg(jobNodes)
                             .arg(runNodes)
                             .arg(setup.jobs())
                             .arg(runIds.size()));
    if (runtime.peakRunning() > setup.capacity)
        problems.add(QStringLiteral("%1 jobs ran at once, over the capacity of %2")
                             .arg(runtime.peakRunning())
                             .arg(setup.capacity));
}

} // namespace

/*!
    Queues setup.runs runs of a pipeline of setup.stages stages of setup.jobsPerStage jobs
    each on a new SQLite file, all at once, and lets one scheduler drain them; times from the
    first startRun to the moment the last run is DONE, then checks what happened.
*/
ThroughputResult measureThroughput(const ThroughputCase &setup)
{
    ThroughputResult result;
    removeDatabase(setup.databaseFile);
    Database db;
    if (!db.open(QStringLiteral("sqlite:") + setup.databaseFile)) {
        result.problems.append(db.errorString());
        return result;
    }
    std::unique_ptr<Runtime> inner;
    if (setup.work == ThroughputCase::Work::Process)
        inner = std::make_unique<ProcessRuntime>(setup.capacity);
    else
        inner = std::make_unique<NoopRuntime>(setup.capacity);
    ObservedRuntime runtime(*inner);

    SchedulerOptions options;
    options.owner = QStringLiteral("bench");
    options.dataDir = setup.dataDir;
    options.queueSize = 0; // every run is queued up front
    Scheduler scheduler(db, options);
    scheduler.addRuntime(&runtime);
    // As the daemon does: every startRun checks the pipeline against the kinds.
    JobKindRegistry registry;
    for (const JobKind &kind : runtime.kinds()) {
        if (Status added = registry.add(kind); !added) {
            result.problems.append(added.error().toString());
            return result;
        }
    }
    scheduler.setKindRegistry(&registry);
    const Pipeline pipeline = pipelineFor(setup);

    std::optional<EventBus> bus;
    std::optional<RuleEngine> rules;
    if (setup.withRules) {
        bus.emplace(db);
        rules.emplace(*bus, scheduler);
        Result<QList<Rule>> list = idleRules();
        if (!list) {
            result.problems.append(list.error().toString());
            return result;
        }
        if (Status set = rules->setRules(*list, {{pipeline.name, pipeline}}); !set) {
            result.problems.append(set.error().toString());
            return result;
        }
        rules->start();
    }

    StatementProfile profile;
    const bool profiling = setup.profileStatements && profile.attach(db, &result.profileError);

    QHash<QString, Node> finished;
    QElapsedTimer clock;
    qint64 endNs = 0;
    QObject::connect(&scheduler, &Scheduler::runFinished, &scheduler, [&](const Node &run) {
        finished.insert(run.id, run);
        endNs = clock.nsecsElapsed();
    });
    QObject::connect(&db, &Database::committed, &scheduler, [&] { ++result.transactions; });

    scheduler.start();
    QStringList runIds;
    clock.start();
    for (int r = 0; r < setup.runs; ++r) {
        Result<Node> run = scheduler.startRun(pipeline, {});
        if (!run) {
            result.problems.append(run.error().toString());
            return result;
        }
        runIds.append(run->id);
    }
    result.enqueueSeconds = double(clock.nsecsElapsed()) / 1e9;
    // Generous: a stall must end the measurement, not a slow machine.
    const auto timeout = 60s + std::chrono::milliseconds(setup.jobs() * 20);
    if (!waitUntil([&] { return finished.size() >= runIds.size(); }, timeout))
        result.problems.append(QStringLiteral("only %1 of %2 runs finished within %3 s")
                                       .arg(finished.size())
                                       .arg(runIds.size())
                                       .arg(timeout.count() / 1000));
    result.seconds = double(endNs) / 1e9;
    scheduler.stop();
    if (profiling) {
        profile.detach();
        result.statements = profile.entries();
    }
    result.peakRunning = runtime.peakRunning();
    // Give attempts deleted later their turn before the scheduler goes.
    pause(10ms);
    verify(db, scheduler.queue(), runIds, finished, runtime, setup, &result);
    return result;
}

} // namespace CairnBench
