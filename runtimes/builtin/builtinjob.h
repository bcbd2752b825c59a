// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runtime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

namespace Cairn {

/*
 * What the jobs of the builtin runtime share: the log, the job's timeout, cancelling, and
 * finished() emitted exactly once from the event loop. A subclass does its work in run()
 * and stops it in abort().
 */
class BuiltinJob : public RuntimeJob
{
    Q_OBJECT
public:
    // Stops the work (abort()) and ends the job with the status Cancelled.
    void cancel(const QString &reason) override;

    bool isFinished() const { return m_finished; }
    const JobSpec &spec() const { return m_spec; }

protected:
    explicit BuiltinJob(const JobSpec &spec);

    // Opens the log; called by the subclasses' create() before the job is handed out.
    [[nodiscard]] Status openLog();
    // Starts the job on the next turn of the event loop, once the caller has connected.
    void schedule();

    virtual void run() = 0;
    // Stops what run() started, without emitting anything; called at most once.
    virtual void abort() { }

    // Appends a line to the log and emits it as output.
    void log(const QString &line, bool isError = false);
    void logBytes(const QByteArray &bytes, bool isError = false);
    // Ends the job; later calls are ignored.
    void finish(JobOutcome outcome);
    void finish(JobOutcome::Status status, const QString &message);

private:
    void begin();
    void stop(JobOutcome::Status status, const QString &message);

    JobSpec m_spec;
    QFile m_log;
    QTimer m_timeoutTimer;
    QElapsedTimer m_clock;
    bool m_finished = false;
    bool m_logFailed = false;
};

} // namespace Cairn
