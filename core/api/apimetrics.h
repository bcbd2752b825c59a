// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>

namespace Cairn {

class Database;
class DeviceDirectory;
class EventBus;
class Scheduler;

/*
 * What /metrics shows, in the Prometheus text format: the queue depth by job state, jobs
 * started, finished and failed since start, events stored and per second, the MQTT link and
 * the HTTP requests answered by status.
 */
class ApiMetrics : public QObject
{
    Q_OBJECT
public:
    ApiMetrics(Database &database, EventBus &bus, Scheduler *scheduler, QObject *parent = nullptr);

    void setDeviceDirectory(DeviceDirectory *devices) { m_devices = devices; }
    void setMqttConnected(bool connected) { m_mqttConnected = connected; }
    void countRequest(int status) { ++m_requests[status]; }

    // The events per second over the last minute (or since start, when shorter).
    double eventsPerSecond() const;
    QByteArray render();

    static QByteArray contentType();

private:
    struct Sample
    {
        qint64 ms;
        qint64 sequence;
    };
    void sample(qint64 sequence);

    Database &m_db;
    DeviceDirectory *m_devices = nullptr;
    bool m_mqttConnected = false;
    QMap<int, quint64> m_requests;
    quint64 m_jobsStarted = 0;
    quint64 m_jobsFinished = 0;
    quint64 m_jobsFailed = 0;
    quint64 m_runsStarted = 0;
    quint64 m_runsFinished = 0;
    QElapsedTimer m_clock;
    QList<Sample> m_samples; // oldest first, about one a second, over a bit more than a minute
    qint64 m_sequence = 0;
};

} // namespace Cairn
