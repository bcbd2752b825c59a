// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <dashboardstats.h>
#include <database.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <jobqueue.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

const QString Owner = QStringLiteral("owner-a");
const QString Kind = QStringLiteral("fake");

RunPlan plan(int jobs)
{
    RunPlan plan;
    plan.name = QStringLiteral("pipe");
    plan.stages = {QStringLiteral("s0")};
    for (int i = 0; i < jobs; ++i) {
        RunPlan::Job job;
        job.name = QStringLiteral("job%1").arg(i);
        job.stage = QStringLiteral("s0");
        job.kind = Kind;
        job.version = QStringLiteral("1");
        plan.jobs.append(job);
    }
    return plan;
}

DeviceConfig station(const QString &id)
{
    DeviceConfig device;
    device.id = id;
    TopicMapping reading;
    reading.pattern = QStringLiteral("weather/") + id;
    reading.type = QStringLiteral("weather.reading");
    FieldMapping temperature;
    temperature.name = QStringLiteral("temperature");
    temperature.path = {QStringLiteral("temp")};
    temperature.type = FieldMapping::Type::Number;
    reading.fields = {temperature};
    device.topics = {reading};
    device.statusTopic = QStringLiteral("weather/") + id + QStringLiteral("/status");
    return device;
}

} // namespace

class tst_DashboardStats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void empty();
    void counts();
    void followsChanges();
    void eventRate();
    void withoutBus();
    void indexedPlan();

private:
    std::unique_ptr<DashboardStats> makeStats();
    void receive(const QString &topic, const QByteArray &payload);
    QList<ClaimedJob> claim(int limit);

    CairnTest::TestBackends m_backends;
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<JobQueue> m_queue;
    std::unique_ptr<DeviceRegistry> m_registry;
};

void tst_DashboardStats::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_DashboardStats::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_DashboardStats::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_db = m_backends.open(backend);
    QVERIFY2(m_db, qPrintable(m_backends.errorString()));
    m_store = std::make_unique<NodeStore>(*m_db);
    m_bus = std::make_unique<EventBus>(*m_db);
    m_queue = std::make_unique<JobQueue>(*m_db);
    m_registry = std::make_unique<DeviceRegistry>(*m_bus, *m_store);
    m_registry->setNodeInterval(0ms);
}

void tst_DashboardStats::cleanup()
{
    m_registry.reset();
    m_queue.reset();
    m_bus.reset();
    m_store.reset();
    m_db.reset();
}

std::unique_ptr<DashboardStats> tst_DashboardStats::makeStats()
{
    auto stats = std::make_unique<DashboardStats>();
    stats->setRefreshInterval(20);
    stats->setBus(m_bus.get());
    stats->setDatabase(m_db.get());
    return stats;
}

void tst_DashboardStats::receive(const QString &topic, const QByteArray &payload)
{
    MqttMessage message;
    message.topic = topic;
    message.payload = payload;
    m_registry->handleMessage(message);
    m_registry->flush();
}

QList<ClaimedJob> tst_DashboardStats::claim(int limit)
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

void tst_DashboardStats::empty()
{
    DashboardStats stats;
    QCOMPARE(stats.refreshInterval(), 1000);
    QCOMPARE(stats.queueDepth(), 0);
    QCOMPARE(stats.eventRate(), 0.0);
    stats.setDatabase(m_db.get());
    QCOMPARE(stats.error(), QString());
    QCOMPARE(stats.devicesOnline(), 0);
    QCOMPARE(stats.devicesOffline(), 0);
    QCOMPARE(stats.activeRuns(), 0);
    QCOMPARE(stats.eventsTotal(), 0);
}

void tst_DashboardStats::counts()
{
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s1")), station(QStringLiteral("s2")),
                                    station(QStringLiteral("s3"))}));
    receive(QStringLiteral("weather/s2"), R"({"temp": 20})");
    QVERIFY(m_queue->enqueue(plan(3)));
    QVERIFY(m_queue->enqueue(plan(1)));
    QCOMPARE(claim(1).size(), 1);

    // Everything is read at once, from what is there already.
    auto stats = makeStats();
    QCOMPARE(stats->error(), QString());
    QCOMPARE(stats->devicesOnline(), 1);
    QCOMPARE(stats->devicesOffline(), 2);
    QCOMPARE(stats->queueDepth(), 3);
    QCOMPARE(stats->runningJobs(), 1);
    QCOMPARE(stats->activeRuns(), 2);
}

void tst_DashboardStats::followsChanges()
{
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s1")), station(QStringLiteral("s2"))}));
    auto stats = makeStats();
    QCOMPARE(stats->devicesOffline(), 2);
    QSignalSpy queueDepthChanged(stats.get(), &DashboardStats::queueDepthChanged);
    QSignalSpy runningChanged(stats.get(), &DashboardStats::runningJobsChanged);

    receive(QStringLiteral("weather/s1"), R"({"temp": 20})");
    QTRY_COMPARE(stats->devicesOnline(), 1);
    QCOMPARE(stats->devicesOffline(), 1);

    QVERIFY(m_queue->enqueue(plan(4)));
    QTRY_COMPARE(stats->queueDepth(), 4);
    QCOMPARE(stats->activeRuns(), 1);
    // One run of four jobs comes in one change, not four.
    QCOMPARE(queueDepthChanged.size(), 1);

    const QList<ClaimedJob> claimed = claim(4);
    QTRY_COMPARE(stats->runningJobs(), 4);
    QCOMPARE(stats->queueDepth(), 0);
    QCOMPARE(runningChanged.size(), 1);

    JobOutcome passed;
    passed.status = JobOutcome::Passed;
    passed.exitCode = 0;
    for (const ClaimedJob &job : claimed)
        QVERIFY(m_queue->finish(job.row.id, Owner, job.row.attempt, passed));
    QTRY_COMPARE(stats->runningJobs(), 0);
    QTRY_COMPARE(stats->activeRuns(), 0);

    receive(QStringLiteral("weather/s1/status"), "offline");
    QTRY_COMPARE(stats->devicesOnline(), 0);
    QCOMPARE(stats->devicesOffline(), 2);
}

void tst_DashboardStats::eventRate()
{
    auto stats = makeStats();
    stats->setRateWindow(1000ms);
    QSignalSpy totalChanged(stats.get(), &DashboardStats::eventsTotalChanged);
    const qint64 before = stats->eventsTotal();
    for (int i = 0; i < 25; ++i)
        QVERIFY(m_bus->publish(QStringLiteral("test.tick"), QString(), QJsonValue(i)));
    QTRY_COMPARE(stats->eventsTotal(), before + 25);
    // Shown a refresh at a time, not an event at a time.
    QVERIFY(totalChanged.size() < 25);
    // Averaged over the window, or over a second while the window is not full yet.
    QVERIFY2(stats->eventRate() > 0 && stats->eventRate() <= 25.0,
             qPrintable(QString::number(stats->eventRate())));

    // Once they have left the window, the rate falls back.
    QTRY_COMPARE_WITH_TIMEOUT(stats->eventRate(), 0.0, 5000);
    QCOMPARE(stats->eventsTotal(), before + 25);

    // Without a bus there is nothing to count.
    stats->setBus(nullptr);
    QCOMPARE(stats->eventRate(), 0.0);
}

void tst_DashboardStats::withoutBus()
{
    DashboardStats stats;
    stats.setRefreshInterval(20);
    stats.setDatabase(m_db.get());
    QCOMPARE(stats.queueDepth(), 0);
    // Nothing tells of changes: it reads at every interval.
    QVERIFY(m_queue->enqueue(plan(2)));
    QTRY_COMPARE(stats.queueDepth(), 2);
    QCOMPARE(stats.activeRuns(), 1);
}

void tst_DashboardStats::indexedPlan()
{
    // The counts must not walk the nodes or the queue: every part is a range of an index.
    if (m_db->dialect() != Database::Dialect::SQLite)
        QSKIP("the plan is checked on SQLite");
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(QStringLiteral("ANALYZE")));
    QVERIFY(query.prepare(QStringLiteral("EXPLAIN QUERY PLAN ")
                          + DashboardStats::countsStatement(Database::Dialect::SQLite)));
    for (int i = 0; i < 7; ++i)
        query.bindValue(i, QStringLiteral("x"));
    QVERIFY2(query.exec(), qPrintable(query.lastError().text()));
    QStringList steps;
    while (query.next())
        steps.append(query.value(3).toString());
    QVERIFY(!steps.isEmpty());
    for (const QString &step : std::as_const(steps)) {
        // The one-row results of the parts are scanned, never a table.
        if (step.startsWith(QLatin1String("SCAN nodes"))
            || step.startsWith(QLatin1String("SCAN jobs")))
            QFAIL(qPrintable(QStringLiteral("a full scan: ") + steps.join(QStringLiteral("; "))));
    }
    const QString plan = steps.join(QStringLiteral("; "));
    QVERIFY2(plan.contains(QLatin1String("nodes USING INDEX nodes_kind_state (kind=?)")),
             qPrintable(plan));
    QVERIFY2(plan.contains(QLatin1String("nodes_kind_state (kind=? AND state=?)")),
             qPrintable(plan));
    QVERIFY2(plan.contains(QLatin1String("jobs USING COVERING INDEX")), qPrintable(plan));
}

QTEST_MAIN(tst_DashboardStats)
#include "tst_dashboardstats.moc"
