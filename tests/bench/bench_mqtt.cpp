// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// MQTT messages into durable events, next to mosquitto_sub receiving the same stream, and
// the delivery latency from commit to an in-process subscriber. Prints figures; run it from
// a Release build: bench_mqtt --help

#include "latency.h"

#include <database.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <mosquittoserver.h>
#include <mqttclient.h>
#include <nodestore.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

QTextStream out(stdout);
QTextStream err(stderr);

struct Options
{
    int seconds = 60;
    int latencyRuns = 2000;
};

// Runs the event loop until done() holds or timeout passes; false on timeout.
bool waitFor(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    QElapsedTimer timer;
    timer.start();
    // Sleeps in the event loop between events (a tick makes sure done() is looked at often);
    // a busy loop here would take a core from what it measures.
    QTimer tick;
    tick.start(5);
    while (!done()) {
        if (timer.elapsed() > timeout.count())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

qint64 storedReadings(Database &db)
{
    QSqlQuery query(db.connection());
    query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT json_extract(data, '$.seq')) "
                              "FROM events WHERE type = 'bench.reading'"));
    return query.next() ? query.value(1).toLongLong() : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "MQTT messages/s into durable Cairn events next to mosquitto_sub, and the latency "
            "from commit to an in-process subscriber."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("seconds"),
                      QStringLiteral("How long the publisher runs (60)."), QStringLiteral("N"),
                      QStringLiteral("60")});
    parser.addOption({QStringLiteral("latency-runs"), QStringLiteral("Latency samples (2000)."),
                      QStringLiteral("N"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("quick"), QStringLiteral("10 s and 500 samples.")});
    parser.process(app);
    Options options;
    options.seconds = parser.value(QStringLiteral("seconds")).toInt();
    options.latencyRuns = parser.value(QStringLiteral("latency-runs")).toInt();
    if (parser.isSet(QStringLiteral("quick"))) {
        options.seconds = 10;
        options.latencyRuns = 500;
    }
    // The bench's own numbers are the output; Cairn's notes would only interleave.
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.info=false"));

    CairnTest::MosquittoServer broker;
    // A subscriber that falls behind must not lose messages to the broker's default queue
    // limit of 1000 per client: the bench measures Cairn, not that setting.
    broker.setExtraConfig(QStringLiteral("max_queued_messages 0\nmax_inflight_messages 100"));
    if (!broker.start()) {
        err << "cannot start mosquitto: " << broker.errorString() << Qt::endl;
        return 1;
    }
    QTemporaryDir dir;
    Database db;
    if (!db.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.db")))) {
        err << db.errorString() << Qt::endl;
        return 1;
    }
    EventBus bus(db);
    NodeStore store(db);
    DeviceRegistry registry(bus, store);
    registry.setBrokerUrl(QStringLiteral("mqtt://127.0.0.1:%1").arg(broker.port()));
    DeviceConfig device;
    device.id = QStringLiteral("bench");
    TopicMapping mapping;
    mapping.pattern = QStringLiteral("bench/#");
    mapping.type = QStringLiteral("bench.reading");
    mapping.qos = 1;
    device.topics = {mapping};
    if (Status s = registry.setDevices({device}); !s) {
        err << s.error().toString() << Qt::endl;
        return 1;
    }
    MqttOptions mqtt;
    mqtt.host = QStringLiteral("127.0.0.1");
    mqtt.port = broker.port();
    mqtt.clientId = QStringLiteral("cairn-bench");
    MqttClient client(mqtt);
    registry.attach(&client);
    bool subscribed = false;
    QObject::connect(&client, &MqttClient::subscribed, [&] { subscribed = true; });
    if (!client.connectToBroker() || !waitFor([&] { return subscribed; }, 10s)) {
        err << "Cairn did not subscribe: " << client.errorString() << Qt::endl;
        return 1;
    }

    // The reference: the broker's own client receiving the same stream at the same QoS.
    QProcess sub;
    qint64 subReceived = 0;
    QObject::connect(&sub, &QProcess::readyReadStandardOutput,
                     [&] { subReceived += sub.readAllStandardOutput().count('\n'); });
    sub.start(QStringLiteral("mosquitto_sub"),
              {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
               QString::number(broker.port()), QStringLiteral("-q"), QStringLiteral("1"),
               QStringLiteral("-i"), QStringLiteral("bench-sub"), QStringLiteral("-t"),
               QStringLiteral("bench/#")});
    if (!sub.waitForStarted()) {
        err << "cannot run mosquitto_sub" << Qt::endl;
        return 1;
    }
    // Both are listening once a first message has reached both.
    QProcess warm;
    warm.start(QStringLiteral("mosquitto_pub"),
               {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                QString::number(broker.port()), QStringLiteral("-q"), QStringLiteral("1"),
                QStringLiteral("-t"), QStringLiteral("bench/warmup"), QStringLiteral("-m"),
                QStringLiteral("{\"seq\":-1}")});
    bool warmed = false;
    for (int i = 0; i < 50 && !warmed; ++i) {
        warmed = waitFor([&] { return subReceived > 0 && bus.history({})->size() > 0; }, 200ms);
        if (!warmed && warm.state() == QProcess::NotRunning)
            warm.start();
    }
    if (!warmed) {
        err << "the warm-up message did not reach both subscribers" << Qt::endl;
        return 1;
    }
    const qint64 subBase = subReceived;

    // The publisher: mosquitto_pub sending each line it reads as one QoS 1 message, fed as
    // fast as it takes them.
    QProcess pub;
    pub.start(QStringLiteral("mosquitto_pub"),
              {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
               QString::number(broker.port()), QStringLiteral("-q"), QStringLiteral("1"),
               QStringLiteral("-i"), QStringLiteral("bench-pub"), QStringLiteral("-t"),
               QStringLiteral("bench/data"), QStringLiteral("-l")});
    if (!pub.waitForStarted()) {
        err << "cannot run mosquitto_pub" << Qt::endl;
        return 1;
    }
    err << "publishing for " << options.seconds << " s..." << Qt::endl;
    qint64 sent = 0;
    QElapsedTimer clock;
    clock.start();
    QTimer feed;
    QObject::connect(&feed, &QTimer::timeout, [&] {
        // Only a little ahead of what mosquitto_pub has taken, so that what was written is
        // what it published (bar the last few kilobytes, which it sends before it exits).
        while (pub.bytesToWrite() < 16 * 1024) {
            QByteArray lines;
            for (int i = 0; i < 500; ++i, ++sent)
                lines += "{\"seq\":" + QByteArray::number(sent) + ",\"temperature\":21.5}\n";
            pub.write(lines);
        }
    });
    feed.start(1);
    // Counted as the registry writes, so that watching costs nothing.
    qint64 stored = 0;
    QObject::connect(&registry, &DeviceRegistry::flushed, [&](int events) { stored += events; });
    const qint64 storedBase = stored;
    QList<QPair<qint64, qint64>> samples; // per second: Cairn stored, mosquitto_sub received
    qint64 lastSecond = 0;
    waitFor(
            [&] {
                const qint64 second = clock.elapsed() / 1000;
                if (second > lastSecond) {
                    lastSecond = second;
                    samples.append({stored - storedBase, subReceived - subBase});
                    err << "  " << second << " s: Cairn " << samples.last().first
                        << ", mosquitto_sub " << samples.last().second << Qt::endl;
                }
                return clock.elapsed() >= options.seconds * 1000;
            },
            std::chrono::seconds(options.seconds + 5));
    feed.stop();
    const double elapsed = clock.elapsed() / 1000.0;
    registry.flush();
    const qint64 cairnInWindow = stored - storedBase;
    const qint64 subInWindow = subReceived - subBase;
    Q_UNUSED(sent)
    pub.closeWriteChannel();
    pub.waitForFinished(120000);

    // What the broker took from the publisher is what mosquitto_sub, which keeps up, ends up
    // with once it stops growing (mosquitto_pub drops what it still held at end of input).
    // Cairn must then hold every one of those: QoS 1 all the way, nothing lost.
    err << "draining..." << Qt::endl;
    qint64 lastCount = -1;
    QElapsedTimer still;
    still.start();
    waitFor(
            [&] {
                if (subReceived != lastCount) {
                    lastCount = subReceived;
                    still.restart();
                }
                return still.elapsed() > 2000;
            },
            180s);
    const qint64 published = subReceived - subBase;
    waitFor([&] { return stored - storedBase >= published; }, 180s);
    registry.flush();
    // Counted again in the table by the publisher's distinct sequence numbers: none lost and
    // none counted twice (the warm-up message is the one extra).
    const qint64 cairnTotal = storedReadings(db) - 1;
    sub.terminate();
    sub.waitForFinished();

    // Latency from commit to an in-process subscriber.
    QElapsedTimer ns;
    ns.start();
    qint64 committedAt = 0;
    qint64 deliveredAt = 0;
    bus.subscribe(*EventFilter::parse({QStringLiteral("type=bench.latency")}), nullptr,
                  [&](const CloudEvent &) { deliveredAt = ns.nsecsElapsed(); });
    QList<qint64> latency;
    for (int i = 0; i < options.latencyRuns; ++i) {
        deliveredAt = 0;
        if (!bus.publish(QStringLiteral("bench.latency"), QString(),
                         QJsonObject{{QStringLiteral("i"), i}}))
            return 1;
        committedAt = ns.nsecsElapsed();
        if (!waitFor([&] { return deliveredAt != 0; }, 5s))
            return 1;
        latency.append(deliveredAt - committedAt);
    }
    const CairnBench::Latency l = CairnBench::Latency::fromSamples(latency);

    const double cairnRate = cairnInWindow / elapsed;
    const double subRate = subInWindow / elapsed;
    out << "Cairn MQTT ingest benchmark\n\n";
    out << "  Qt " << qVersion() << ", mosquitto broker and clients on 127.0.0.1, SQLite file, "
        << "QoS 1, persistent session\n\n";
    out << QStringLiteral("  %1 %2 %3 %4\n")
                    .arg(QStringLiteral("Ingest over ") + QString::number(elapsed, 'f', 1)
                                 + QStringLiteral(" s"),
                         -44)
                    .arg(QStringLiteral("messages"), 10)
                    .arg(QStringLiteral("msg/s"), 10)
                    .arg(QStringLiteral("target"), 12);
    out << QStringLiteral("  %1 %2 %3\n")
                    .arg(QStringLiteral("published (taken by the broker)"), -44)
                    .arg(published, 10)
                    .arg(published / elapsed, 10, 'f', 0);
    out << QStringLiteral("  %1 %2 %3\n")
                    .arg(QStringLiteral("received by mosquitto_sub (reference)"), -44)
                    .arg(subInWindow, 10)
                    .arg(subRate, 10, 'f', 0);
    out << QStringLiteral("  %1 %2 %3 %4\n")
                    .arg(QStringLiteral("stored as durable events by Cairn"), -44)
                    .arg(cairnInWindow, 10)
                    .arg(cairnRate, 10, 'f', 0)
                    .arg(QStringLiteral("%1x, >= 0.8x %2")
                                 .arg(subRate > 0 ? cairnRate / subRate : 0, 0, 'f', 2)
                                 .arg(subRate > 0 && cairnRate / subRate >= 0.8
                                              ? QStringLiteral("ok")
                                              : QStringLiteral("MISSED")));
    qint64 slowest = std::numeric_limits<qint64>::max();
    for (qsizetype i = 1; i < samples.size(); ++i)
        slowest = std::min(slowest, samples.at(i).first - samples.at(i - 1).first);
    out << QStringLiteral("  %1 %2\n")
                    .arg(QStringLiteral("Cairn's slowest second"), -44)
                    .arg(samples.size() > 1 ? slowest : 0, 21);
    out << QStringLiteral("  %1 %2 %3\n")
                    .arg(QStringLiteral("lost by Cairn after draining"), -44)
                    .arg(published - cairnTotal, 21)
                    .arg(published == cairnTotal ? QStringLiteral("0 ok")
                                                 : QStringLiteral("0 MISSED"),
                         12);
    out << "\n  Commit to in-process subscriber   runs    p50 us    p90 us    p99 us    max us  "
           "target\n";
    out << QStringLiteral("  %1 %2 %3 %4 %5 %6  p50 <= 1000 us %7\n")
                    .arg(QString(), -32)
                    .arg(l.runs, 5)
                    .arg(l.p50 / 1000.0, 9, 'f', 1)
                    .arg(l.p90 / 1000.0, 9, 'f', 1)
                    .arg(l.p99 / 1000.0, 9, 'f', 1)
                    .arg(l.max / 1000.0, 9, 'f', 1)
                    .arg(l.p50 <= 1000000 ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    out.flush();
    broker.stop();
    return 0;
}
