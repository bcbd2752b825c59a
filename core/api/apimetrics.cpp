// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apimetrics.h"

#include "apilogging.h"
#include "devicedirectory.h"
#include "eventbus.h"
#include "jobqueue.h"
#include "jobstate.h"
#include "scheduler.h"

#include <QTextStream>

namespace Cairn {

namespace {

constexpr qint64 WindowMs = 60 * 1000;
constexpr qint64 SampleMs = 1000;

void family(QTextStream &out, const char *name, const char *type, const char *help)
{
    out << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
}

} // namespace

/*!
    Counts the jobs and runs of \a scheduler from now on, when there is one, and follows the
    sequence of \a bus for the event rate.
*/
ApiMetrics::ApiMetrics(Database &database, EventBus &bus, Scheduler *scheduler, QObject *parent)
    : QObject(parent), m_db(database)
{
    m_clock.start();
    if (Result<qint64> last = bus.lastSequence())
        sample(*last);
    connect(&bus, &EventBus::delivered, this, &ApiMetrics::sample);
    if (scheduler) {
        connect(scheduler, &Scheduler::jobStarted, this, [this] { ++m_jobsStarted; });
        connect(scheduler, &Scheduler::jobFinished, this, [this](const Node &job) {
            ++m_jobsFinished;
            // Passed is the only result of a job that did not fail: DONE with pass.
            if (job.result != Node::Outcome::Pass)
                ++m_jobsFailed;
        });
        connect(scheduler, &Scheduler::runStarted, this, [this] { ++m_runsStarted; });
        connect(scheduler, &Scheduler::runFinished, this, [this] { ++m_runsFinished; });
    }
}

QByteArray ApiMetrics::contentType()
{
    return QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
}

void ApiMetrics::sample(qint64 sequence)
{
    m_sequence = std::max(m_sequence, sequence);
    const qint64 now = m_clock.elapsed();
    // The first sample is the baseline of the first minute: it is never overwritten.
    if (m_samples.size() > 1 && now - m_samples.constLast().ms < SampleMs)
        m_samples.last().sequence = m_sequence;
    else
        m_samples.append({now, m_sequence});
    // Keep one sample at or before the start of the window as the baseline.
    while (m_samples.size() > 2 && m_samples.at(1).ms <= now - WindowMs)
        m_samples.removeFirst();
}

double ApiMetrics::eventsPerSecond() const
{
    if (m_samples.isEmpty())
        return 0;
    const qint64 now = m_clock.elapsed();
    const Sample &baseline = m_samples.constFirst();
    const qint64 span = std::min(now - baseline.ms, WindowMs + SampleMs);
    if (span <= 0)
        return 0;
    return double(m_sequence - baseline.sequence) * 1000.0 / double(span);
}

/*!
    The metrics in the Prometheus text exposition format 0.0.4.
*/
QByteArray ApiMetrics::render()
{
    // A sample now, so that a quiet bus shows its rate falling to zero.
    sample(m_sequence);
    QByteArray text;
    QTextStream out(&text);

    family(out, "cairn_jobs", "gauge", "Jobs in the queue by state.");
    QMap<JobState, qint64> counts;
    if (Result<QMap<JobState, qint64>> counted = JobQueue(m_db).countByState())
        counts = *counted;
    else
        qCWarning(lcApi).noquote() << "cannot count the jobs:" << counted.error().toString();
    for (JobState state : {JobState::Ready, JobState::InProgress, JobState::Done,
                           JobState::Cancelled, JobState::Error})
        out << "cairn_jobs{state=\"" << JobStates::name(state) << "\"} " << counts.value(state)
            << '\n';

    family(out, "cairn_jobs_started_total", "counter", "Job attempts started by this process.");
    out << "cairn_jobs_started_total " << m_jobsStarted << '\n';
    family(out, "cairn_jobs_finished_total", "counter",
           "Jobs this process saw reach DONE, ERROR or CANCELLED.");
    out << "cairn_jobs_finished_total " << m_jobsFinished << '\n';
    family(out, "cairn_jobs_failed_total", "counter",
           "Finished jobs that did not pass: ERROR, CANCELLED, or DONE with result fail.");
    out << "cairn_jobs_failed_total " << m_jobsFailed << '\n';
    family(out, "cairn_runs_started_total", "counter", "Pipeline runs queued by this process.");
    out << "cairn_runs_started_total " << m_runsStarted << '\n';
    family(out, "cairn_runs_finished_total", "counter", "Pipeline runs this process saw end.");
    out << "cairn_runs_finished_total " << m_runsFinished << '\n';

    family(out, "cairn_events_total", "counter", "The sequence number of the last event stored.");
    out << "cairn_events_total " << m_sequence << '\n';
    family(out, "cairn_events_per_second", "gauge",
           "Events stored per second over the last minute.");
    out << "cairn_events_per_second " << QString::number(eventsPerSecond(), 'f', 3) << '\n';

    family(out, "cairn_mqtt_connected", "gauge", "1 while the link to the MQTT broker is up.");
    const bool connected = m_devices ? m_devices->isBrokerConnected() : m_mqttConnected;
    out << "cairn_mqtt_connected " << (connected ? 1 : 0) << '\n';

    family(out, "cairn_http_requests_total", "counter", "API requests answered, by status.");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        out << "cairn_http_requests_total{status=\"" << it.key() << "\"} " << it.value() << '\n';
    out.flush();
    return text;
}

} // namespace Cairn
