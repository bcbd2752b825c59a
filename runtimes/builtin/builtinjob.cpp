// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "builtinjob.h"
#include "builtinlogging.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace Cairn {

BuiltinJob::BuiltinJob(const JobSpec &spec) : m_spec(spec)
{
    m_timeoutTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a timeout must not cut a job short.
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        stop(JobOutcome::TimedOut,
             tr("timed out after %1 s").arg(double(m_spec.timeout.count()) / 1000.0));
    });
}

Status BuiltinJob::openLog()
{
    if (m_spec.logPath.isEmpty())
        return Done{};
    const QFileInfo info(m_spec.logPath);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::invalid(QStringLiteral("logPath"),
                              tr("cannot create the folder of the log %1").arg(m_spec.logPath));
    m_log.setFileName(m_spec.logPath);
    if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append))
        return Error::invalid(
                QStringLiteral("logPath"),
                tr("cannot open the log %1: %2").arg(m_spec.logPath, m_log.errorString()));
    return Done{};
}

void BuiltinJob::schedule()
{
    QMetaObject::invokeMethod(this, &BuiltinJob::begin, Qt::QueuedConnection);
}

/*!
    Stops the job: an HTTP request is aborted, a publish no longer awaited. finished()
    follows from the event loop with the status Cancelled and \a reason as its message.
*/
void BuiltinJob::cancel(const QString &reason)
{
    stop(JobOutcome::Cancelled, reason.isEmpty() ? tr("cancelled") : reason);
}

void BuiltinJob::begin()
{
    if (m_finished) // cancelled before it started
        return;
    m_clock.start();
    if (m_spec.timeout > std::chrono::milliseconds::zero())
        m_timeoutTimer.start(m_spec.timeout);
    Q_EMIT started();
    run();
}

void BuiltinJob::stop(JobOutcome::Status status, const QString &message)
{
    if (m_finished)
        return;
    // Marked first, so that whatever abort() makes the work report is ignored.
    m_finished = true;
    abort();
    m_finished = false;
    log(message, true);
    finish(status, message);
}

void BuiltinJob::log(const QString &line, bool isError)
{
    logBytes(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + ' '
                     + line.toUtf8() + '\n',
             isError);
}

void BuiltinJob::logBytes(const QByteArray &bytes, bool isError)
{
    if (bytes.isEmpty())
        return;
    if (m_log.isOpen() && (m_log.write(bytes) != bytes.size() || !m_log.flush()) && !m_logFailed) {
        m_logFailed = true;
        qCWarning(lcBuiltinRuntime)
                << "cannot write the log of job" << m_spec.jobId << ":" << m_log.errorString();
    }
    Q_EMIT output(bytes, isError);
}

void BuiltinJob::finish(JobOutcome::Status status, const QString &message)
{
    JobOutcome outcome;
    outcome.status = status;
    outcome.message = message;
    finish(outcome);
}

void BuiltinJob::finish(JobOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeoutTimer.stop();
    m_log.close();
    const qint64 durationMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    outcome.data.insert(QStringLiteral("duration_ms"), durationMs);
    qCDebug(lcBuiltinRuntime) << "job" << m_spec.jobId << m_spec.kind << "finished after"
                              << durationMs << "ms:" << outcome.message;
    // Queued, so that no caller of cancel() sees finished() from inside its own call.
    QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
}

} // namespace Cairn
