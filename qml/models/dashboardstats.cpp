// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "dashboardstats.h"

#include <database.h>
#include <eventbus.h>
#include <jobstate.h>
#include <node.h>

#include <QSqlError>

#include <algorithm>

namespace Cairn {

namespace {

// Whether a device node's data says it is online, in each dialect's JSON functions.
QString onlineCondition(Database::Dialect dialect)
{
    return dialect == Database::Dialect::PostgreSQL
            ? QStringLiteral("(data->>'online') = 'true'")
            : QStringLiteral("json_extract(data, '$.online') = 1");
}

bool changesCounts(const CloudEvent &event)
{
    if (!event.type.startsWith(QLatin1String("cairn.node.")))
        return false;
    const QString kind = event.data.toObject().value(QStringLiteral("kind")).toString();
    return kind == QLatin1String("device") || kind == QLatin1String("job")
            || kind == QLatin1String("run");
}

template<typename T>
void update(T &member, T value, DashboardStats *stats, void (DashboardStats::*changed)())
{
    if (member == value)
        return;
    member = value;
    Q_EMIT(stats->*changed)();
}

} // namespace

DashboardStats::DashboardStats(QObject *parent) : QObject(parent)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &DashboardStats::tick);
}

DashboardStats::~DashboardStats()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void DashboardStats::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    m_dirty = true;
    refresh();
    if (m_db || m_bus)
        m_timer.start();
    Q_EMIT databaseChanged();
}

void DashboardStats::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_bus = bus;
    m_counts.fill(0);
    m_stamps.fill(0);
    m_delivered = 0;
    m_subscribed = Clock::now();
    if (m_bus) {
        m_subscription = m_bus->subscribe(EventFilter(), this,
                                          [this](const CloudEvent &event) { count(event); });
        m_timer.start();
    }
    m_dirty = true;
    Q_EMIT busChanged();
    tick();
}

void DashboardStats::setRefreshInterval(int milliseconds)
{
    milliseconds = std::max(10, milliseconds);
    if (milliseconds == m_timer.interval())
        return;
    m_timer.setInterval(milliseconds);
    Q_EMIT refreshIntervalChanged();
}

void DashboardStats::setRateWindow(std::chrono::milliseconds window)
{
    m_window = std::max(window, std::chrono::milliseconds(Buckets));
    m_counts.fill(0);
    m_stamps.fill(0);
}

void DashboardStats::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void DashboardStats::count(const CloudEvent &event)
{
    ++m_delivered;
    const qint64 span = m_window.count() / Buckets;
    const qint64 bucket =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_start).count()
            / span;
    const size_t slot = size_t(bucket % Buckets);
    if (m_stamps[slot] != bucket) {
        m_stamps[slot] = bucket;
        m_counts[slot] = 0;
    }
    ++m_counts[slot];
    if (!m_dirty && changesCounts(event))
        m_dirty = true;
}

void DashboardStats::updateRate()
{
    using std::chrono::milliseconds;
    const Clock::time_point now = Clock::now();
    const qint64 span = m_window.count() / Buckets;
    const qint64 bucket = std::chrono::duration_cast<milliseconds>(now - m_start).count() / span;
    qint64 events = 0;
    for (size_t i = 0; i < m_counts.size(); ++i) {
        if (m_stamps[i] > bucket - Buckets && m_stamps[i] <= bucket)
            events += m_counts[i];
    }
    // Right after subscribing the window is not full yet: average over what there was, but
    // over a second at least, so that the first event does not read as a burst.
    const milliseconds listened = std::chrono::duration_cast<milliseconds>(now - m_subscribed);
    const milliseconds over = std::clamp(listened, std::min(m_window, milliseconds(1000)),
                                         m_window);
    const double rate = m_bus ? double(events) * 1000.0 / double(over.count()) : 0.0;
    update(m_eventRate, rate, this, &DashboardStats::eventRateChanged);
    update(m_eventsTotal, m_delivered, this, &DashboardStats::eventsTotalChanged);
}

void DashboardStats::tick()
{
    updateRate();
    // Without a bus nothing tells of changes: read every time.
    if (m_dirty || !m_bus)
        refresh();
}

QString DashboardStats::countsStatement(Database::Dialect dialect)
{
    return QStringLiteral(
                   "SELECT d.total, d.online, q.ready, p.running, r.active FROM "
                   "(SELECT COUNT(*) AS total, COALESCE(SUM(CASE WHEN %1 THEN 1 ELSE 0 END), 0) "
                   "AS online FROM nodes WHERE kind = ?) d, "
                   "(SELECT COUNT(*) AS ready FROM jobs WHERE state = ?) q, "
                   "(SELECT COUNT(*) AS running FROM jobs WHERE state = ?) p, "
                   "(SELECT COUNT(*) AS active FROM nodes WHERE kind = ? AND state IN (?, ?, ?)) r")
            .arg(onlineCondition(dialect));
}

/*!
    Reads every count in one statement. Each part is a point range of an index: device
    nodes by kind on nodes_kind_state, unfinished runs by kind and state on the same index,
    queued and running jobs by state on the queue's jobs_claim index. A job node is
    "running" both while it waits and while it runs; only the queue tells those apart.
*/
void DashboardStats::refresh()
{
    m_dirty = false;
    if (!m_db || !m_db->isOpen())
        return;
    QString why;
    const auto query = m_db->cachedQuery(countsStatement(m_db->dialect()), &why);
    if (!query) {
        setError(why);
        return;
    }
    const QVariantList values = {
            QStringLiteral("device"),
            JobStates::name(JobState::Ready),
            JobStates::name(JobState::InProgress),
            QStringLiteral("run"),
            Node::stateName(Node::State::Running),
            Node::stateName(Node::State::Available),
            Node::stateName(Node::State::Closing),
    };
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec() || !query->next()) {
        setError(query->lastError().text());
        query->finish();
        return;
    }
    const int devices = query->value(0).toInt();
    const int online = query->value(1).toInt();
    const int ready = query->value(2).toInt();
    const int running = query->value(3).toInt();
    const int active = query->value(4).toInt();
    query->finish();
    setError({});
    update(m_devicesOnline, online, this, &DashboardStats::devicesOnlineChanged);
    update(m_devicesOffline, devices - online, this, &DashboardStats::devicesOfflineChanged);
    update(m_queueDepth, ready, this, &DashboardStats::queueDepthChanged);
    update(m_runningJobs, running, this, &DashboardStats::runningJobsChanged);
    update(m_activeRuns, active, this, &DashboardStats::activeRunsChanged);
}

} // namespace Cairn
