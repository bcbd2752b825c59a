// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <configdocument.h>
#include <cronschedule.h>
#include <database.h>
#include <durablesubscription.h>
#include <eventbus.h>
#include <nodequery.h>
#include <nodestore.h>
#include <pipeline.h>
#include <rule.h>
#include <ruleengine.h>
#include <scheduler.h>
#include <testbackends.h>

#include <QElapsedTimer>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

const QString Kind = QStringLiteral("fake");

// A test double of the Runtime interface only: its jobs finish when the test says so.
class FakeJob : public RuntimeJob
{
    Q_OBJECT
public:
    using RuntimeJob::RuntimeJob;

    void cancel(const QString &reason) override
    {
        QTimer::singleShot(0, this, [this, reason] { finish(JobOutcome::Cancelled, reason); });
    }
    void finish(JobOutcome::Status status, const QString &message = {})
    {
        if (isFinished)
            return;
        isFinished = true;
        JobOutcome outcome;
        outcome.status = status;
        outcome.exitCode = status == JobOutcome::Passed ? 0 : 1;
        outcome.message = message;
        Q_EMIT finished(outcome);
    }

    bool isFinished = false;
};

class FakeRuntime : public Runtime
{
    Q_OBJECT
public:
    QString name() const override { return QStringLiteral("fake"); }
    QList<JobKind> kinds() const override
    {
        return {JobKind{Kind, QStringLiteral("1.0.0"), {}, {}}};
    }
    int capacity() const override { return 8; }
    Result<RuntimeJob *> start(const JobSpec &spec, QObject *parent) override
    {
        specs.append(spec);
        auto *job = new FakeJob(parent);
        jobs.append(job);
        return job;
    }

    // Finishes every job still running; gives how many there were.
    int finishAll()
    {
        int count = 0;
        for (const QPointer<FakeJob> &job : std::as_const(jobs)) {
            if (job && !job->isFinished) {
                job->finish(JobOutcome::Passed);
                ++count;
            }
        }
        return count;
    }

    QList<QPointer<FakeJob>> jobs;
    QList<JobSpec> specs;
};

Result<QList<Rule>> parseRules(const QByteArray &yaml)
{
    static QList<std::shared_ptr<ConfigDocument>> keep; // ConfigNodes point into them
    Result<ConfigDocument> doc = ConfigDocument::parse(yaml, QStringLiteral("project.yaml"));
    if (!doc)
        return doc.error();
    keep.append(std::make_shared<ConfigDocument>(std::move(doc).value()));
    return Rule::fromConfig(keep.last()->root()[QStringLiteral("rules")]);
}

QList<Rule> rules(const QByteArray &yaml)
{
    Result<QList<Rule>> list = parseRules(yaml);
    if (!list)
        qFatal("bad rules: %s", qPrintable(list.error().toString()));
    return *list;
}

Pipeline pipeline(const QString &name)
{
    PipelineJob job;
    job.name = QStringLiteral("work");
    job.stage = QStringLiteral("a");
    job.kind = Kind;
    job.version = QStringLiteral("1");
    job.params = {{QStringLiteral("threshold"), QStringLiteral("${run.inputs.threshold}")}};
    Pipeline p;
    p.name = name;
    p.stages = {QStringLiteral("a")};
    p.jobs = {job};
    p.inputs = {PipelineInput{QStringLiteral("threshold"), 0, {}}};
    return p;
}

} // namespace

class tst_RuleEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void parse();
    void parseErrors_data();
    void parseErrors();
    void unknownPipeline();
    void matchesTypeGlobAndData();
    void whenExpression();
    void whenRuntimeError();
    void whenNeverReturns();
    void repeatInARow();
    void repeatNeedsOn();
    void durableSeesEventsFromWhileItWasDown();
    void durableStartsOneRunPerEvent();
    void holdoff();
    void modes_data();
    void modes();
    void everyArmsTimer();
    void indexByType();

private:
    void useRules(const QByteArray &yaml);
    CloudEvent publish(const QString &type, const QJsonObject &data,
                       const QString &source = QStringLiteral("mqtt://broker/weather"));

    CairnTest::TestBackends m_backends;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<FakeRuntime> m_runtime;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<RuleEngine> m_engine;
};

void tst_RuleEngine::init()
{
    QVERIFY(m_dir.isValid());
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_runtime = std::make_unique<FakeRuntime>();
    SchedulerOptions options;
    options.owner = QStringLiteral("rules");
    options.dataDir = m_dir.filePath(QStringLiteral("data"));
    options.pollInterval = 50ms;
    m_scheduler = std::make_unique<Scheduler>(*m_db, options);
    m_scheduler->addRuntime(m_runtime.get());
    m_scheduler->start();
    m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
}

void tst_RuleEngine::cleanup()
{
    m_engine.reset();
    m_scheduler.reset();
    m_runtime.reset();
    m_bus.reset();
    m_db.reset();
}

void tst_RuleEngine::useRules(const QByteArray &yaml)
{
    const QHash<QString, Pipeline> pipelines = {
            {QStringLiteral("cool-down"), pipeline(QStringLiteral("cool-down"))},
            {QStringLiteral("report"), pipeline(QStringLiteral("report"))},
    };
    Status set = m_engine->setRules(rules(yaml), pipelines);
    QVERIFY2(set, qPrintable(set ? QString() : set.error().toString()));
    m_engine->start();
}

// Publishes and delivers at once, so that a rule that did not fire has had its chance.
CloudEvent tst_RuleEngine::publish(const QString &type, const QJsonObject &data,
                                   const QString &source)
{
    Result<CloudEvent> event = m_bus->publish(type, QStringLiteral("station-1"), data, source);
    if (!event)
        qFatal("publish failed: %s", qPrintable(event.error().toString()));
    m_bus->poll();
    return *event;
}

void tst_RuleEngine::parse()
{
    const QList<Rule> list = rules(R"(rules:
  - name: too-hot
    on: {type: weather.reading, source: "mqtt://*", data.temperature__gt: 30}
    when: "event.data.station !== 'test'"
    run: cool-down
    params: {threshold: "${event.data.temperature}"}
    holdoff: 5m
    mode: queued
  - name: listed
    on: ["type=weather.*", "data.temperature__gt=30"]
    run: cool-down
  - name: nightly
    every: "0 2 * * *"
    run: report
)");
    QCOMPARE(list.size(), 3);
    const Rule &hot = list.at(0);
    QCOMPARE(hot.name, QStringLiteral("too-hot"));
    QVERIFY(hot.on);
    QVERIFY(!hot.every);
    QCOMPARE(hot.on->types(), QStringList{QStringLiteral("weather.reading")});
    QCOMPARE(hot.on->sources(), QStringList{QStringLiteral("mqtt://*")});
    QCOMPARE(hot.when, QStringLiteral("event.data.station !== 'test'"));
    QCOMPARE(hot.pipeline, QStringLiteral("cool-down"));
    QCOMPARE(hot.params.value(QStringLiteral("threshold")).toString(),
             QStringLiteral("${event.data.temperature}"));
    QCOMPARE(hot.holdoff, 5min);
    QCOMPARE(hot.mode, Rule::Mode::Queued);
    QCOMPARE(list.at(1).on->types(), QStringList{QStringLiteral("weather.*")});
    QCOMPARE(list.at(1).mode, Rule::Mode::Single);
    QVERIFY(list.at(2).every);
    QCOMPARE(list.at(2).every->expression(), QStringLiteral("0 2 * * *"));
    QVERIFY(!list.at(2).on);
}

void tst_RuleEngine::parseErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("prefix");

    QTest::newRow("unknown key") << QByteArray("rules:\n  - name: a\n    on: [type=x]\n"
                                               "    run: p\n    colour: red\n")
                                 << QStringLiteral("project.yaml:5:5: rules[0].colour: unknown");
    QTest::newRow("on and every") << QByteArray(
            "rules:\n  - name: a\n    on: [type=x]\n    every: \"* * * * *\"\n"
            "    run: p\n")
                                  << QStringLiteral(
                                             "project.yaml:4:5: rules[0].every: a rule has either");
    QTest::newRow("neither") << QByteArray("rules:\n  - name: a\n    run: p\n")
                             << QStringLiteral("project.yaml:2:5: rules[0]: a rule needs");
    QTest::newRow("bad cron")
            << QByteArray("rules:\n  - name: a\n    every: \"0 25 * * *\"\n"
                          "    run: p\n")
            << QStringLiteral("project.yaml:3:5: rules[0].every: hour: 25 is out of range");
    QTest::newRow("bad term in list")
            << QByteArray("rules:\n  - name: a\n    on: [type=x, nonsense]\n    run: p\n")
            << QStringLiteral("project.yaml:3:18: rules[0].on[1]: bad filter term \"nonsense\"");
    QTest::newRow("bad term in mapping")
            << QByteArray("rules:\n  - name: a\n    on: {type: x, data.t__zz: 1}\n    run: p\n")
            << QStringLiteral("project.yaml:3:19: rules[0].on.data.t__zz: bad filter term");
    QTest::newRow("bad mode") << QByteArray("rules:\n  - name: a\n    on: [type=x]\n"
                                            "    run: p\n    mode: sometimes\n")
                              << QStringLiteral("project.yaml:5:5: rules[0].mode: \"sometimes\"");
    QTest::newRow("negative holdoff")
            << QByteArray("rules:\n  - name: a\n    on: [type=x]\n    run: p\n    holdoff: -5\n")
            << QStringLiteral("project.yaml:5:5: rules[0].holdoff: is out of range");
    QTest::newRow("bad holdoff")
            << QByteArray("rules:\n  - name: a\n    on: [type=x]\n    run: p\n    holdoff: -5m\n")
            << QStringLiteral("project.yaml:5:5: rules[0].holdoff: \"-5m\" is not a duration");
    QTest::newRow("js syntax")
            << QByteArray("rules:\n  - name: a\n    on: [type=x]\n    run: p\n"
                          "    when: \"event.data.t > \"\n")
            << QStringLiteral("project.yaml:5:5: rules[0].when: JavaScript error at line 1");
    QTest::newRow("no run") << QByteArray("rules:\n  - name: a\n    on: [type=x]\n")
                            << QStringLiteral("project.yaml:2:5: rules[0].run: is required");
    QTest::newRow("duplicate") << QByteArray("rules:\n  - name: a\n    on: [type=x]\n    run: p\n"
                                             "  - name: a\n    on: [type=y]\n    run: p\n")
                               << QStringLiteral("project.yaml:5:5: rules[1].name: another rule");
}

void tst_RuleEngine::parseErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, prefix);
    Result<QList<Rule>> list = parseRules(yaml);
    QVERIFY(!list);
    QVERIFY2(list.error().toString().startsWith(prefix), qPrintable(list.error().toString()));
}

void tst_RuleEngine::unknownPipeline()
{
    Status set = m_engine->setRules(rules("rules:\n  - name: lost\n    on: [type=x]\n"
                                          "    run: nowhere\n"),
                                    {});
    QVERIFY(!set);
    QVERIFY2(set.error().toString().contains(QStringLiteral("rule \"lost\"")),
             qPrintable(set.error().toString()));
    QVERIFY2(set.error().toString().startsWith(QStringLiteral("project.yaml:2:")),
             qPrintable(set.error().toString()));
}

void tst_RuleEngine::matchesTypeGlobAndData()
{
    useRules(R"(rules:
  - name: hot
    on: ["type=weather.*", "source=mqtt:*", "data.temperature__gt=30"]
    run: cool-down
    mode: parallel
    params: {threshold: "${event.data.temperature}"}
)");
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 20}});
    publish(QStringLiteral("power.reading"), {{QStringLiteral("temperature"), 40}});
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 40}},
            QStringLiteral("http://elsewhere"));
    QCOMPARE(fired.size(), 0);
    const CloudEvent hot = publish(QStringLiteral("weather.reading"),
                                   {{QStringLiteral("temperature"), 35}});
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).at(0).toString(), QStringLiteral("hot"));
    // The params became the run's inputs, resolved from the event.
    QTRY_COMPARE(m_runtime->specs.size(), 1);
    QCOMPARE(m_runtime->specs.at(0).params.value(QStringLiteral("threshold")).toInt(), 35);
    QCOMPARE(m_runtime->specs.at(0).runId, fired.at(0).at(1).toString());
}

void tst_RuleEngine::whenExpression()
{
    useRules(R"(rules:
  - name: real
    on: {type: weather.reading}
    when: "event.data.temperature > 30 && event.data.station !== 'test'"
    run: cool-down
    mode: parallel
)");
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    publish(QStringLiteral("weather.reading"),
            {{QStringLiteral("temperature"), 35},
             {QStringLiteral("station"), QStringLiteral("test")}});
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 25}});
    QCOMPARE(fired.size(), 0);
    publish(QStringLiteral("weather.reading"),
            {{QStringLiteral("temperature"), 35},
             {QStringLiteral("station"), QStringLiteral("roof")}});
    QCOMPARE(fired.size(), 1);
}

void tst_RuleEngine::whenRuntimeError()
{
    useRules(R"(rules:
  - name: fragile
    on: {type: weather.reading}
    when: "event.data.missing.deeper > 1"
    run: cool-down
)");
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    QSignalSpy skipped(m_engine.get(), &RuleEngine::skipped);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("fragile.*TypeError")));
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 35}});
    QCOMPARE(fired.size(), 0);
    QCOMPARE(skipped.size(), 1);
    QVERIFY(skipped.at(0).at(1).toString().contains(QStringLiteral("TypeError")));
}

void tst_RuleEngine::whenNeverReturns()
{
    useRules(R"yaml(rules:
  - name: stuck
    on: {type: weather.reading}
    when: "(function () { while (true) {} })()"
    run: cool-down
  - name: fine
    on: {type: weather.reading}
    when: "event.data.temperature > 30"
    run: cool-down
    mode: parallel
)yaml");
    m_engine->setWhenTimeLimit(std::chrono::milliseconds(50));
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    QSignalSpy skipped(m_engine.get(), &RuleEngine::skipped);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stuck.*was stopped")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("stuck.*was stopped")));
    QElapsedTimer clock;
    clock.start();
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 35}});
    // The endless rule was stopped and skipped; the next rule still saw the event, and the
    // engine works for the next event too (it is no longer interrupted).
    QCOMPARE(skipped.size(), 1);
    QCOMPARE(skipped.at(0).at(0).toString(), QStringLiteral("stuck"));
    QVERIFY(skipped.at(0).at(1).toString().contains(QStringLiteral("longer than 50 ms")));
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).at(0).toString(), QStringLiteral("fine"));
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 36}});
    QCOMPARE(skipped.size(), 2);
    QCOMPARE(fired.size(), 2);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

// Rules on a durable subscription: an event published while no engine ran fires the rule
// when one starts, and a run still active from before counts for the rule's mode.
void tst_RuleEngine::durableSeesEventsFromWhileItWasDown()
{
    const QHash<QString, Pipeline> pipelines = {
            {QStringLiteral("cool-down"), pipeline(QStringLiteral("cool-down"))}};
    const QByteArray yaml = R"(rules:
  - {name: hot, on: {type: weather.reading}, run: cool-down, mode: single,
     params: {threshold: "${event.data.temperature}"}}
)";
    m_engine->setDurableName(QStringLiteral("rules"));
    QVERIFY(m_engine->setRules(rules(yaml), pipelines));
    m_engine->start(); // the subscription starts at the end of the events
    QVERIFY(m_engine->isActive());
    m_engine.reset();

    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 41}});

    m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
    m_engine->setDurableName(QStringLiteral("rules"));
    QVERIFY(m_engine->setRules(rules(yaml), pipelines));
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    m_engine->start();
    QTRY_COMPARE(fired.size(), 1);
    QTRY_COMPARE(m_runtime->specs.size(), 1);
    QCOMPARE(m_runtime->specs.at(0).params.value(QStringLiteral("threshold")).toInt(), 41);
    const QString runId = fired.at(0).at(1).toString();

    // Restarted while that run is active: a single-mode rule knows it and skips.
    m_engine.reset();
    m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
    m_engine->setDurableName(QStringLiteral("rules"));
    QVERIFY(m_engine->setRules(rules(yaml), pipelines));
    m_engine->start();
    QCOMPARE(m_engine->activeRuns(QStringLiteral("hot")), QStringList{runId});
    QSignalSpy skipped(m_engine.get(), &RuleEngine::skipped);
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 42}});
    QTRY_COMPARE(skipped.size(), 1);
    QVERIFY(skipped.at(0).at(1).toString().contains(runId));
}

// Delivered again (after a crash before the cursor was stored, here: a second subscription
// replaying the same events), an event does not start a second run of the same rule.
void tst_RuleEngine::durableStartsOneRunPerEvent()
{
    const QHash<QString, Pipeline> pipelines = {
            {QStringLiteral("cool-down"), pipeline(QStringLiteral("cool-down"))}};
    const QByteArray yaml = R"(rules:
  - {name: hot, on: {type: weather.reading}, run: cool-down, mode: parallel}
)";
    Result<qint64> before = m_bus->lastSequence();
    QVERIFY(before);
    QVERIFY(m_bus->durable(QStringLiteral("first"), EventFilter(), *before));
    QVERIFY(m_bus->durable(QStringLiteral("second"), EventFilter(), *before));
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 41}});
    publish(QStringLiteral("weather.reading"), {{QStringLiteral("temperature"), 43}});

    for (const QString &name : {QStringLiteral("first"), QStringLiteral("second")}) {
        m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
        m_engine->setDurableName(name);
        QVERIFY(m_engine->setRules(rules(yaml), pipelines));
        m_engine->start();
        QTRY_VERIFY(m_bus->durable(name, EventFilter()).value()->cursor()
                    >= m_bus->lastSequence().value() - 1);
        QTest::qWait(50);
    }
    NodeStore store(*m_db);
    QCOMPARE(*store.count(*NodeQuery::parse(
                     {QStringLiteral("kind=run"), QStringLiteral("data.rule=hot")})),
             qint64(2));
}

// "Above 30 for three readings in a row", counted per station.
void tst_RuleEngine::repeatInARow()
{
    useRules(R"(rules:
  - {name: hot, on: {type: weather.reading, data.temperature__gt: 30}, run: cool-down,
     mode: parallel, repeat: 3}
)");
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    const auto reading = [&](const QString &station, double temperature) {
        QVERIFY(m_bus->publish(QStringLiteral("weather.reading"), station,
                               QJsonObject{{QStringLiteral("temperature"), temperature}},
                               QStringLiteral("mqtt://broker/weather")));
        m_bus->poll();
    };
    reading(QStringLiteral("roof"), 35);
    reading(QStringLiteral("roof"), 36);
    reading(QStringLiteral("roof"), 25); // the series breaks
    reading(QStringLiteral("roof"), 35);
    reading(QStringLiteral("garden"), 40); // another station counts on its own
    reading(QStringLiteral("roof"), 36);
    QCOMPARE(fired.size(), 0);
    reading(QStringLiteral("roof"), 37);
    QCOMPARE(fired.size(), 1);
    // A firing starts the count again.
    reading(QStringLiteral("roof"), 38);
    reading(QStringLiteral("roof"), 39);
    QCOMPARE(fired.size(), 1);
    reading(QStringLiteral("garden"), 41);
    reading(QStringLiteral("garden"), 42);
    QCOMPARE(fired.size(), 2);
    reading(QStringLiteral("roof"), 40);
    QCOMPARE(fired.size(), 3);
}

void tst_RuleEngine::repeatNeedsOn()
{
    const Result<QList<Rule>> parsed = parseRules(R"(rules:
  - {name: nightly, every: "0 2 * * *", run: report, repeat: 2}
)");
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().toString(),
             QStringLiteral("project.yaml:2:54: rules[0].repeat: counts events in a row: it needs "
                            "on:, not every:"));
}

void tst_RuleEngine::holdoff()
{
    useRules(R"(rules:
  - name: calm
    on: {type: weather.reading}
    run: cool-down
    mode: parallel
    holdoff: 400ms
)");
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    QSignalSpy skipped(m_engine.get(), &RuleEngine::skipped);
    publish(QStringLiteral("weather.reading"), {});
    publish(QStringLiteral("weather.reading"), {});
    QCOMPARE(fired.size(), 1);
    QCOMPARE(skipped.size(), 1);
    QCOMPARE(skipped.at(0).at(1).toString(), QStringLiteral("in holdoff"));
    QTest::qWait(500);
    publish(QStringLiteral("weather.reading"), {});
    QCOMPARE(fired.size(), 2);
}

void tst_RuleEngine::modes_data()
{
    QTest::addColumn<QString>("mode");
    // After three events while the first run is active: runs started, runs active, skips.
    QTest::addColumn<int>("firedWhileActive");
    QTest::addColumn<int>("skippedWhileActive");
    // Runs started in all, once the active ones finished.
    QTest::addColumn<int>("firedInAll");

    QTest::newRow("single") << QStringLiteral("single") << 1 << 2 << 1;
    QTest::newRow("queued") << QStringLiteral("queued") << 1 << 1 << 2;
    QTest::newRow("parallel") << QStringLiteral("parallel") << 3 << 0 << 3;
    QTest::newRow("restart") << QStringLiteral("restart") << 3 << 0 << 3;
}

void tst_RuleEngine::modes()
{
    QFETCH(QString, mode);
    QFETCH(int, firedWhileActive);
    QFETCH(int, skippedWhileActive);
    QFETCH(int, firedInAll);

    useRules(QStringLiteral("rules:\n  - name: moded\n    on: {type: door.opened}\n"
                            "    run: cool-down\n    mode: %1\n")
                     .arg(mode)
                     .toUtf8());
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    QSignalSpy skipped(m_engine.get(), &RuleEngine::skipped);
    QSignalSpy runFinished(m_scheduler.get(), &Scheduler::runFinished);
    const QString rule = QStringLiteral("moded");

    publish(QStringLiteral("door.opened"), {});
    QCOMPARE(fired.size(), 1);
    QTRY_COMPARE(m_runtime->jobs.size(), 1);
    publish(QStringLiteral("door.opened"), {});
    publish(QStringLiteral("door.opened"), {});
    QCOMPARE(fired.size(), firedWhileActive);
    QCOMPARE(skipped.size(), skippedWhileActive);

    if (mode == QLatin1String("restart")) {
        // Each firing cancelled the run before it: one run is left.
        QCOMPARE(m_engine->activeRuns(rule).size(), 1);
        QCOMPARE(m_engine->activeRuns(rule).constFirst(), fired.constLast().at(1).toString());
        QTRY_COMPARE(runFinished.size(), 2); // the cancelled ones
    } else {
        QCOMPARE(m_engine->activeRuns(rule).size(), firedWhileActive);
    }

    // Finish whatever runs until the rule has nothing active and nothing waiting.
    QTRY_VERIFY((m_runtime->finishAll(), m_engine->activeRuns(rule).isEmpty()));
    QCOMPARE(fired.size(), firedInAll);

    // Idle again: the next event fires in every mode.
    publish(QStringLiteral("door.opened"), {});
    QCOMPARE(fired.size(), firedInAll + 1);
}

void tst_RuleEngine::everyArmsTimer()
{
    useRules("rules:\n  - name: nightly\n    every: \"0 2 * * *\"\n    run: report\n");
    const QDateTime before = QDateTime::currentDateTime();
    const QDateTime next = m_engine->nextFireTime(QStringLiteral("nightly"));
    QVERIFY(next.isValid());
    const CronSchedule cron = *CronSchedule::parse(QStringLiteral("0 2 * * *"));
    QVERIFY(next > before);
    QCOMPARE(next, cron.next(before));
    QCOMPARE(next.time(), QTime(2, 0));

    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    m_engine->fire(QStringLiteral("nightly"));
    QCOMPARE(fired.size(), 1);
    QCOMPARE(fired.at(0).at(0).toString(), QStringLiteral("nightly"));
    // The firing published its timer event, which the run is correlated with.
    EventHistoryQuery query;
    query.filter = *EventFilter::parse({QStringLiteral("type=cairn.timer.fired")});
    Result<QList<CloudEvent>> history = m_bus->history(query);
    QVERIFY(history);
    QCOMPARE(history->size(), 1);
    QCOMPARE(history->at(0).subject, QStringLiteral("nightly"));

    m_engine->stop();
    QVERIFY(!m_engine->nextFireTime(QStringLiteral("nightly")).isValid());
}

void tst_RuleEngine::indexByType()
{
    QByteArray yaml = "rules:\n  - name: wanted\n    on: {type: weather.reading}\n"
                      "    run: cool-down\n    mode: parallel\n";
    useRules(yaml);
    publish(QStringLiteral("weather.reading"), {});
    const qint64 alone = m_engine->evaluationCount();
    QCOMPARE(alone, 1);

    m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
    for (int i = 0; i < 1000; ++i)
        yaml += QStringLiteral("  - name: other-%1\n    on: {type: other.t%1}\n    run: report\n")
                        .arg(i)
                        .toUtf8();
    useRules(yaml);
    QSignalSpy fired(m_engine.get(), &RuleEngine::fired);
    publish(QStringLiteral("weather.reading"), {});
    QCOMPARE(m_engine->evaluationCount(), alone);
    QCOMPARE(fired.size(), 1);

    // A glob rule is a candidate for every event, and only it is added.
    m_engine = std::make_unique<RuleEngine>(*m_bus, *m_scheduler);
    yaml += "  - name: globbed\n    on: {type: \"weather.*\"}\n    run: report\n";
    useRules(yaml);
    publish(QStringLiteral("weather.reading"), {});
    QCOMPARE(m_engine->evaluationCount(), alone + 1);
}

QTEST_MAIN(tst_RuleEngine)
#include "tst_ruleengine.moc"
