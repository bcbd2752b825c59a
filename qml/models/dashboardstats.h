// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <array>
#include <chrono>

namespace Cairn {

struct CloudEvent;

/*
 * The numbers of the dashboard: devices online and offline, jobs queued and running, runs
 * not finished, and how busy the bus is.
 *
 * The counts come from one read every refreshInterval, made only when the bus told of a
 * change to a device, job or run since the last one (or always, without a bus). Each count
 * walks one point range of an index (nodes by kind and state, the queue by state), so its
 * cost follows the number of devices, of unfinished jobs and of unfinished runs, never the
 * size of the database.
 *
 * eventRate counts the events the bus delivers over a sliding window of rateWindow (10 s).
 */
class DashboardStats : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(int refreshInterval READ refreshInterval WRITE setRefreshInterval NOTIFY
                       refreshIntervalChanged)
    Q_PROPERTY(int devicesOnline READ devicesOnline NOTIFY devicesOnlineChanged)
    Q_PROPERTY(int devicesOffline READ devicesOffline NOTIFY devicesOfflineChanged)
    Q_PROPERTY(int queueDepth READ queueDepth NOTIFY queueDepthChanged)
    Q_PROPERTY(int runningJobs READ runningJobs NOTIFY runningJobsChanged)
    Q_PROPERTY(int activeRuns READ activeRuns NOTIFY activeRunsChanged)
    Q_PROPERTY(double eventRate READ eventRate NOTIFY eventRateChanged)
    Q_PROPERTY(qint64 eventsTotal READ eventsTotal NOTIFY eventsTotalChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    explicit DashboardStats(QObject *parent = nullptr);
    ~DashboardStats() override;

    Database *database() const { return m_db; }
    void setDatabase(Database *database); // not owned
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus); // not owned
    int refreshInterval() const { return m_timer.interval(); }
    void setRefreshInterval(int milliseconds);
    // The span eventRate averages over; 10 s unless changed.
    void setRateWindow(std::chrono::milliseconds window);

    int devicesOnline() const { return m_devicesOnline; }
    int devicesOffline() const { return m_devicesOffline; }
    int queueDepth() const { return m_queueDepth; }
    int runningJobs() const { return m_runningJobs; }
    int activeRuns() const { return m_activeRuns; }
    double eventRate() const { return m_eventRate; }
    // The events delivered since the bus was set.
    qint64 eventsTotal() const { return m_eventsTotal; }
    QString error() const { return m_error; }

    // Reads the counts now.
    Q_INVOKABLE void refresh();

    // The statement refresh() runs, so that its plan can be checked.
    static QString countsStatement(Database::Dialect dialect);

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void refreshIntervalChanged();
    void devicesOnlineChanged();
    void devicesOfflineChanged();
    void queueDepthChanged();
    void runningJobsChanged();
    void activeRunsChanged();
    void eventRateChanged();
    void eventsTotalChanged();
    void errorChanged();

private:
    using Clock = std::chrono::steady_clock;
    static constexpr int Buckets = 100; // the rate window in hundredths

    void tick();
    void count(const CloudEvent &event);
    void updateRate();
    void setError(const QString &error);

    QPointer<Database> m_db;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QTimer m_timer;
    bool m_dirty = true;
    QString m_error;

    int m_devicesOnline = 0;
    int m_devicesOffline = 0;
    int m_queueDepth = 0;
    int m_runningJobs = 0;
    int m_activeRuns = 0;

    // Events per bucket; a bucket covers a hundredth of the window and is reused once the
    // window has moved past it, as its stamp (the bucket's number since start) tells.
    std::array<qint64, Buckets> m_counts{};
    std::array<qint64, Buckets> m_stamps{};
    std::chrono::milliseconds m_window{10000};
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_subscribed = Clock::now();
    qint64 m_delivered = 0; // events delivered, shown as eventsTotal at the next tick
    qint64 m_eventsTotal = 0;
    double m_eventRate = 0;
};

} // namespace Cairn
