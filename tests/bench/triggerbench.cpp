// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "triggerbench.h"

#include "eventwait.h"
#include "observedruntime.h"

#include <configdocument.h>
#include <database.h>
#include <deviceconfig.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <jobkindregistry.h>
#include <mosquittoserver.h>
#include <mqttclient.h>
#include <nodestore.h>
#include <pipeline.h>
#include <processruntime.h>
#include <rule.h>
#include <ruleengine.h>
#include <scheduler.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include <algorithm>

using namespace Cairn;
using namespace std::chrono_literals;

namespace CairnBench {

namespace {

// What a project file would say: a sensor whose readings are events, and a rule that runs
// a one-job pipeline on each of them, side by side, at once.
const QByteArray Project = R"(devices:
  - id: sensor-1
    topics:
      - pattern: bench/sensor-1/reading
        type: bench.reading
        qos: 1
pipelines:
  react:
    stages: [react]
    jobs:
      - name: react
        stage: react
        kind: process
        version: "1"
        params: {command: /bin/true, args: ["seq-${event.data.seq}"]}
rules:
  - name: react
    on: {type: bench.reading}
    run: react
    mode: parallel
)";

const QString Topic = QStringLiteral("bench/sensor-1/reading");

// Nanoseconds on one clock; 0: not reached.
struct Sample
{
    int seq = -1;
    QString runId;
    qint64 published = 0;
    qint64 reading = 0;
    qint64 event = 0;
    qint64 fired = 0;
    qint64 claimed = 0;
    qint64 started = 0;
    bool finished = false;
    bool passed = false;

    QString furthest() const
    {
        return started    ? QStringLiteral("the process started")
                : claimed ? QStringLiteral("the job was claimed")
                : fired   ? QStringLiteral("the rule fired")
                : event   ? QStringLiteral("the event was delivered")
                : reading ? QStringLiteral("the registry got the reading")
                          : QStringLiteral("nothing");
    }
};

struct Setup
{
    QList<DeviceConfig> devices;
    Pipeline pipeline;
    QList<Rule> rules;
};

Result<Setup> readProject()
{
    Result<ConfigDocument> doc = ConfigDocument::parse(Project, QStringLiteral("bench.yaml"));
    if (!doc)
        return doc.error();
    const ConfigNode root = doc->root();
    Result<QList<DeviceConfig>> devices = DeviceConfig::fromConfig(root[QStringLiteral("devices")]);
    if (!devices)
        return devices.error();
    Result<Pipeline> pipeline = Pipeline::fromConfig(
            root[QStringLiteral("pipelines")][QStringLiteral("react")], QStringLiteral("react"));
    if (!pipeline)
        return pipeline.error();
    Result<QList<Rule>> rules = Rule::fromConfig(root[QStringLiteral("rules")]);
    if (!rules)
        return rules.error();
    return Setup{*devices, *pipeline, *rules};
}

MqttOptions clientOptions(quint16 port, const QString &clientId)
{
    MqttOptions options;
    options.host = QStringLiteral("127.0.0.1");
    options.port = port;
    options.clientId = clientId;
    return options;
}

qint64 countRows(Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    return query.exec(sql) && query.next() ? query.value(0).toLongLong() : -1;
}

} // namespace

TriggerResult measureTrigger(const TriggerOptions &options)
{
    TriggerResult result;
    QStringList &problems = result.problems;
    Result<Setup> setup = readProject();
    if (!setup) {
        problems.append(setup.error().toString());
        return result;
    }

    CairnTest::MosquittoServer broker;
    if (!broker.start()) {
        problems.append(QStringLiteral("cannot start mosquitto: ") + broker.errorString());
        return result;
    }
    result.broker = QStringLiteral("mosquitto on 127.0.0.1:%1, QoS 1").arg(broker.port());

    Database db;
    if (!db.open(QStringLiteral("sqlite:") + options.dir + QStringLiteral("/trigger.db"))) {
        problems.append(db.errorString());
        return result;
    }
    EventBus bus(db);
    NodeStore store(db);
    DeviceRegistry registry(bus, store);
    registry.setBrokerUrl(QStringLiteral("mqtt://127.0.0.1:%1").arg(broker.port()));
    if (Status set = registry.setDevices(setup->devices); !set) {
        problems.append(set.error().toString());
        return result;
    }

    ProcessRuntime process(options.capacity);
    ObservedRuntime runtime(process);
    JobKindRegistry kinds;
    if (Status added = kinds.add(ProcessRuntime::processKind()); !added) {
        problems.append(added.error().toString());
        return result;
    }
    SchedulerOptions schedulerOptions;
    schedulerOptions.owner = QStringLiteral("bench");
    schedulerOptions.dataDir = options.dir + QStringLiteral("/trigger-data");
    Scheduler scheduler(db, schedulerOptions);
    scheduler.setKindRegistry(&kinds);
    scheduler.addRuntime(&runtime);
    scheduler.start();

    QElapsedTimer clock;
    clock.start();
    Sample current;
    QStringList runIds;
    // Subscribed before the rule engine, so it hears of each event first.
    QObject context;
    bus.subscribe(*EventFilter::parse({QStringLiteral("type=bench.reading")}), &context,
                  [&](const CloudEvent &event) {
                      if (!current.event
                          && event.data.toObject().value(QStringLiteral("seq")).toInt(-1)
                                  == current.seq)
                          current.event = clock.nsecsElapsed();
                  });
    RuleEngine engine(bus, scheduler);
    if (Status set = engine.setRules(setup->rules, {{setup->pipeline.name, setup->pipeline}});
        !set) {
        problems.append(set.error().toString());
        return result;
    }
    engine.start();

    QObject::connect(&registry, &DeviceRegistry::readingReceived, &context,
                     [&](const QString &, const QJsonObject &reading) {
                         if (!current.reading
                             && reading.value(QStringLiteral("seq")).toInt(-1) == current.seq)
                             current.reading = clock.nsecsElapsed();
                     });
    QObject::connect(&engine, &RuleEngine::fired, &context,
                     [&](const QString &, const QString &runId) {
                         runIds.append(runId);
                         if (current.runId.isEmpty()) {
                             current.runId = runId;
                             current.fired = clock.nsecsElapsed();
                         }
                     });
    QObject::connect(&scheduler, &Scheduler::jobStarted, &context, [&](const Node &job) {
        if (job.parent == current.runId && !current.claimed)
            current.claimed = clock.nsecsElapsed();
    });
    const QString expectedArg = QStringLiteral("seq-%1");
    QObject::connect(&runtime, &ObservedRuntime::jobRunning, &context, [&](const JobSpec &spec) {
        if (spec.runId != current.runId || current.started)
            return;
        current.started = clock.nsecsElapsed();
        const QString arg = spec.params.value(QStringLiteral("args")).toArray().at(0).toString();
        if (arg != expectedArg.arg(current.seq))
            problems.append(QStringLiteral("the job of reading %1 got the argument %2")
                                    .arg(current.seq)
                                    .arg(arg));
    });
    QObject::connect(&scheduler, &Scheduler::runFinished, &context, [&](const Node &run) {
        if (run.id != current.runId)
            return;
        current.finished = true;
        current.passed = run.result == Node::Outcome::Pass;
    });

    MqttClient client(clientOptions(broker.port(), QStringLiteral("cairn-bench")));
    registry.attach(&client);
    bool subscribed = false;
    QObject::connect(&client, &MqttClient::subscribed, &context, [&] { subscribed = true; });
    MqttClient publisher(clientOptions(broker.port(), QStringLiteral("bench-sensor")));
    if (!client.connectToBroker() || !publisher.connectToBroker()
        || !waitUntil([&] { return subscribed && publisher.isConnected(); }, 10s)) {
        problems.append(QStringLiteral("the MQTT clients did not connect: %1 %2")
                                .arg(client.errorString(), publisher.errorString()));
        return result;
    }

    QList<Sample> samples;
    const int total = options.warmup + options.samples;
    for (int seq = 0; seq < total; ++seq) {
        current = Sample();
        current.seq = seq;
        const QByteArray payload = QJsonDocument(QJsonObject{
                                                         {QStringLiteral("seq"), seq},
                                                         {QStringLiteral("temperature"), 21.5},
                                                 })
                                           .toJson(QJsonDocument::Compact);
        current.published = clock.nsecsElapsed();
        if (Result<int> sent = publisher.publish(Topic, payload, 1); !sent) {
            problems.append(sent.error().toString());
            break;
        }
        if (!waitUntil([&] { return current.finished; }, 10s)) {
            problems.append(QStringLiteral("reading %1: after 10 s, only %2")
                                    .arg(seq)
                                    .arg(current.furthest()));
            break;
        }
        if (!current.passed)
            problems.append(QStringLiteral("the run of reading %1 did not pass").arg(seq));
        const QList<qint64> times = {current.published, current.reading, current.event,
                                     current.fired,     current.claimed, current.started};
        if (!std::is_sorted(times.cbegin(), times.cend()) || current.reading == 0)
            problems.append(QStringLiteral("reading %1 passed its points out of order").arg(seq));
        if (seq >= options.warmup)
            samples.append(current);
        pause(options.gap);
    }

    // Each reading one event, one run, one job that ran once and passed.
    const qint64 events = countRows(
            db, QStringLiteral("SELECT COUNT(*) FROM events WHERE type = 'bench.reading'"));
    if (events != total)
        problems.append(
                QStringLiteral("%1 reading events stored for %2 readings").arg(events).arg(total));
    if (runIds.size() != total)
        problems.append(
                QStringLiteral("%1 runs started for %2 readings").arg(runIds.size()).arg(total));
    qint64 badJobs = 0;
    for (const QString &runId : std::as_const(runIds)) {
        Result<QList<QueuedJob>> jobs = scheduler.queue().jobsOfRun(runId);
        if (!jobs || jobs->size() != 1) {
            ++badJobs;
            continue;
        }
        const QueuedJob &job = jobs->constFirst();
        if (job.state != JobState::Done || job.result != Node::Outcome::Pass || job.attempt != 1
            || runtime.startsOf(job.id) != 1)
            ++badJobs;
    }
    if (badJobs > 0)
        problems.append(QStringLiteral("%1 runs did not have exactly one job, DONE, passed, run "
                                       "once")
                                .arg(badJobs));

    const auto leg = [&samples](const QString &label, qint64 Sample::*point) {
        QList<qint64> latencies;
        for (const Sample &sample : std::as_const(samples))
            latencies.append(sample.*point - sample.published);
        return TriggerResult::Leg{label, Latency::fromSamples(latencies)};
    };
    result.legs = {
            leg(QStringLiteral("reading handled by the device registry"), &Sample::reading),
            leg(QStringLiteral("event committed and delivered"), &Sample::event),
            leg(QStringLiteral("rule fired, run queued"), &Sample::fired),
            leg(QStringLiteral("job claimed, process asked for"), &Sample::claimed),
            leg(QStringLiteral("process started (RuntimeJob::started)"), &Sample::started),
    };

    scheduler.stop();
    engine.stop();
    client.disconnectFromBroker();
    publisher.disconnectFromBroker();
    pause(10ms);
    broker.stop();
    return result;
}

} // namespace CairnBench
