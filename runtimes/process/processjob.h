// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runtime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

namespace Cairn {

/*
 * One attempt of a "process" job: a local program in a process group of its own, so that
 * cancelling it, timing it out or deleting it stops everything it started.
 */
class ProcessJob : public RuntimeJob
{
    Q_OBJECT
public:
    ~ProcessJob() override;

    [[nodiscard]] static Result<ProcessJob *>
    create(const JobSpec &spec, std::chrono::milliseconds gracePeriod, QObject *parent = nullptr);

    void cancel(const QString &reason) override;

    // Also the id of its process group; 0 before the process starts and once it is reaped.
    qint64 processId() const;

    std::chrono::milliseconds gracePeriod() const;
    void setGracePeriod(std::chrono::milliseconds gracePeriod);

private:
    ProcessJob(const JobSpec &spec, std::chrono::milliseconds gracePeriod);

    void launch();
    void stop(JobOutcome::Status status, const QString &message);
    void signalGroup(bool force); // SIGKILL, else SIGTERM
    void killStragglers();
    void forwardOutput(QProcess::ProcessChannel channel);
    void onFinished(int exitCode, QProcess::ExitStatus exitStatus);
    void onErrorOccurred(QProcess::ProcessError error);
    void finish(JobOutcome outcome);

    JobSpec m_spec;
    QProcess *m_process;
    QFile m_log;
    QString m_program;
    QStringList m_arguments;
    QString m_launchError; // why it cannot start, found before starting
    std::optional<QByteArray> m_stdin;
    QList<int> m_successCodes;
    QString m_workDir; // where the process runs, and its artifacts are looked for
    QStringList m_artifacts; // patterns of the files to report
    QString m_resultFile; // CAIRN_RESULT: a JSON object the job may leave there
    QTimer m_timeoutTimer;
    QTimer m_killTimer;
    QElapsedTimer m_clock;
    std::chrono::milliseconds m_gracePeriod;
    qint64 m_pid = 0;
    std::optional<JobOutcome::Status> m_stopStatus;
    QString m_stopMessage;
    bool m_finished = false;
    bool m_logFailed = false;
};

} // namespace Cairn
