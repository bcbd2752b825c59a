// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "processjob.h"

#include "jobfiles.h"
#include "paramtemplate.h"
#include "processlogging.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonValue>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <memory>

#ifdef Q_OS_UNIX
#    include <cerrno>
#    include <csignal>
#    include <sys/types.h>
#    include <unistd.h>
#endif

namespace Cairn {

namespace {

// Long enough for a process that got SIGKILL to be reaped, short enough not to hang a
// caller that deletes a job whose process sits in uninterruptible sleep.
constexpr int ReapTimeoutMs = 5000;

QString signalName(int signal)
{
#ifdef Q_OS_UNIX
    switch (signal) {
    case SIGHUP:
        return QStringLiteral("SIGHUP");
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGQUIT:
        return QStringLiteral("SIGQUIT");
    case SIGILL:
        return QStringLiteral("SIGILL");
    case SIGTRAP:
        return QStringLiteral("SIGTRAP");
    case SIGABRT:
        return QStringLiteral("SIGABRT");
    case SIGBUS:
        return QStringLiteral("SIGBUS");
    case SIGFPE:
        return QStringLiteral("SIGFPE");
    case SIGKILL:
        return QStringLiteral("SIGKILL");
    case SIGUSR1:
        return QStringLiteral("SIGUSR1");
    case SIGSEGV:
        return QStringLiteral("SIGSEGV");
    case SIGUSR2:
        return QStringLiteral("SIGUSR2");
    case SIGPIPE:
        return QStringLiteral("SIGPIPE");
    case SIGALRM:
        return QStringLiteral("SIGALRM");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGXCPU:
        return QStringLiteral("SIGXCPU");
    case SIGXFSZ:
        return QStringLiteral("SIGXFSZ");
    case SIGSYS:
        return QStringLiteral("SIGSYS");
    default:
        break;
    }
#endif
    return QStringLiteral("signal %1").arg(signal);
}

// "30" for whole seconds, "0.3" otherwise: the figure people wrote in the pipeline.
QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(double(duration.count()) / 1000.0);
}

} // namespace

ProcessJob::ProcessJob(const JobSpec &spec, std::chrono::milliseconds gracePeriod)
    : m_spec(spec), m_process(new QProcess(this)), m_gracePeriod(gracePeriod)
{
    m_timeoutTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; a timeout must not cut a job short.
    m_timeoutTimer.setTimerType(Qt::PreciseTimer);
    m_killTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        stop(JobOutcome::TimedOut, tr("timed out after %1 s").arg(seconds(m_spec.timeout)));
    });
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process->state() == QProcess::NotRunning)
            return;
        qCInfo(lcProcessRuntime) << "job" << m_spec.jobId << "still running"
                                 << m_gracePeriod.count() << "ms after SIGTERM, killing group"
                                 << m_pid;
        signalGroup(true);
    });

    connect(m_process, &QProcess::started, this, [this] {
        qCDebug(lcProcessRuntime) << "job" << m_spec.jobId << "started" << m_program << "as"
                                  << m_process->processId();
        Q_EMIT started();
    });
    connect(m_process, &QProcess::readyReadStandardOutput, this,
            [this] { forwardOutput(QProcess::StandardOutput); });
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { forwardOutput(QProcess::StandardError); });
    connect(m_process, &QProcess::finished, this, &ProcessJob::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &ProcessJob::onErrorOccurred);
}

/*!
    Kills the process group right away if the process still runs, and reaps the process:
    an attempt nobody owns any more must not keep running, nor leave a zombie behind.
    finished() is not emitted.
*/
ProcessJob::~ProcessJob()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->disconnect(this);
    qCInfo(lcProcessRuntime) << "job" << m_spec.jobId << "deleted while running, killing group"
                             << m_pid;
    signalGroup(true);
    if (!m_process->waitForFinished(ReapTimeoutMs))
        qCWarning(lcProcessRuntime)
                << "process" << m_pid << "of job" << m_spec.jobId << "did not die after SIGKILL";
}

/*!
    Checks the params of \a spec enough to run it and opens its log; the params were
    validated against the schema before, so errors here are for callers that skipped that.
    The process starts on the next turn of the event loop, once the caller has connected to
    the job's signals. Programs without a slash are looked up in the job's own PATH.
*/
Result<ProcessJob *> ProcessJob::create(const JobSpec &spec, std::chrono::milliseconds gracePeriod,
                                        QObject *parent)
{
    const QJsonObject &params = spec.params;
    const QJsonValue command = params.value(QStringLiteral("command"));
    if (!command.isString() || command.toString().isEmpty())
        return Error::invalid(QStringLiteral("params.command"),
                              tr("a process job needs a command to run"));

    QStringList args;
    const QJsonValue argsValue = params.value(QStringLiteral("args"));
    if (!argsValue.isUndefined() && !argsValue.isArray())
        return Error::invalid(QStringLiteral("params.args"), tr("args must be a list of strings"));
    for (const QJsonValue &arg : argsValue.toArray()) {
        // A template such as ${event.data.temperature} gives the value with its type; a
        // program's arguments are text.
        if (!arg.isString() && !arg.isDouble() && !arg.isBool())
            return Error::invalid(QStringLiteral("params.args"),
                                  tr("args must be a list of strings, numbers or booleans"));
        args.append(ParamTemplate::toText(arg));
    }

    QList<int> successCodes;
    const QJsonValue codesValue = params.value(QStringLiteral("success_codes"));
    if (!codesValue.isUndefined() && !codesValue.isArray())
        return Error::invalid(QStringLiteral("params.success_codes"),
                              tr("success_codes must be a list of integers"));
    for (const QJsonValue &code : codesValue.toArray()) {
        if (!code.isDouble() || code.toDouble() != double(code.toInt()))
            return Error::invalid(QStringLiteral("params.success_codes"),
                                  tr("success_codes must be a list of integers"));
        successCodes.append(code.toInt());
    }
    if (successCodes.isEmpty())
        successCodes.append(0);

    const QString pathKey = QStringLiteral("PATH");
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment environment = system;
    if (params.value(QStringLiteral("clear_env")).toBool()) {
        // Without PATH even "sh" would not be found, which nobody clearing the
        // environment means to ask for.
        environment = QProcessEnvironment();
        if (system.contains(pathKey))
            environment.insert(pathKey, system.value(pathKey));
    }
    const QJsonValue envValue = params.value(QStringLiteral("env"));
    if (!envValue.isUndefined() && !envValue.isObject())
        return Error::invalid(QStringLiteral("params.env"), tr("env must map names to strings"));
    const QJsonObject env = envValue.toObject();
    for (auto it = env.begin(); it != env.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty() || it.key().contains(u'='))
            return Error::invalid(QStringLiteral("params.env.") + it.key(),
                                  tr("env must map names to strings"));
        environment.insert(it.key(), it.value().toString());
    }
    // Last, so that a job can trust them whatever its env says.
    environment.insert(QStringLiteral("CAIRN_JOB_ID"), spec.jobId);
    environment.insert(QStringLiteral("CAIRN_RUN_ID"), spec.runId);
    environment.insert(QStringLiteral("CAIRN_JOB_NAME"), spec.name);
    environment.insert(QStringLiteral("CAIRN_ATTEMPT"), QString::number(spec.attempt));
    environment.insert(QStringLiteral("CAIRN_WORKDIR"), spec.workDir);
    const QString resultFile = spec.workDir.isEmpty()
            ? QString()
            : QDir(spec.workDir).filePath(QStringLiteral("result.json"));
    if (!resultFile.isEmpty())
        environment.insert(QStringLiteral("CAIRN_RESULT"), resultFile);
    Result<QStringList> artifacts = JobFiles::patterns(params.value(QStringLiteral("artifacts")));
    if (!artifacts)
        return artifacts.error();

    QString workDir = spec.workDir;
    const QString workDirParam = params.value(QStringLiteral("workdir")).toString();
    if (!workDirParam.isEmpty())
        workDir = spec.workDir.isEmpty() ? workDirParam
                                         : QDir(spec.workDir).absoluteFilePath(workDirParam);

    std::unique_ptr<ProcessJob> job(new ProcessJob(spec, gracePeriod));
    job->m_successCodes = successCodes;
    job->m_workDir = workDir;
    job->m_artifacts = *artifacts;
    job->m_resultFile = resultFile;

    if (params.value(QStringLiteral("shell")).toBool()) {
        // The args become $1, $2... of the line, as with "sh -c line sh args...".
        job->m_program = QStringLiteral("/bin/sh");
        job->m_arguments =
                QStringList{QStringLiteral("-c"), command.toString(), QStringLiteral("sh")} + args;
    } else {
        job->m_program = command.toString();
        job->m_arguments = args;
    }
    if (!job->m_program.contains(u'/')) {
        // QProcess would search the PATH of Cairn itself, not the one the job asked for.
        const QStringList path = environment.value(pathKey).split(QDir::listSeparator(),
                                                                  Qt::SkipEmptyParts);
        const QString found = QStandardPaths::findExecutable(job->m_program, path);
        if (found.isEmpty())
            job->m_launchError =
                    tr("could not start %1: no such program in PATH").arg(job->m_program);
        else
            job->m_program = found;
    }
    // The attempt's folder is made by the runtime that uses it (see JobSpec::workDir); a
    // "workdir" param names a folder that must exist already.
    if (!spec.workDir.isEmpty() && !QDir().mkpath(spec.workDir))
        return Error::invalid(QStringLiteral("workDir"),
                              tr("cannot create the folder %1 for the job").arg(spec.workDir));
    if (!workDir.isEmpty() && !QFileInfo(workDir).isDir())
        job->m_launchError =
                tr("could not start %1: no working directory %2").arg(job->m_program, workDir);

    const QJsonValue stdinValue = params.value(QStringLiteral("stdin"));
    if (stdinValue.isString())
        job->m_stdin = stdinValue.toString().toUtf8();
    else // a program reading its input must see its end, not wait for ever
        job->m_process->setStandardInputFile(QProcess::nullDevice());

    if (!spec.logPath.isEmpty()) {
        const QFileInfo logInfo(spec.logPath);
        if (!QDir().mkpath(logInfo.absolutePath()))
            return Error::invalid(QStringLiteral("logPath"),
                                  tr("cannot create the folder of the log %1").arg(spec.logPath));
        job->m_log.setFileName(spec.logPath);
        if (!job->m_log.open(QIODevice::WriteOnly | QIODevice::Append))
            return Error::invalid(
                    QStringLiteral("logPath"),
                    tr("cannot open the log %1: %2").arg(spec.logPath, job->m_log.errorString()));
    }

    job->m_process->setProcessEnvironment(environment);
    if (!workDir.isEmpty())
        job->m_process->setWorkingDirectory(workDir);
#ifdef Q_OS_UNIX
    // A session of its own makes the process the leader of a new group, and what it starts
    // stays in that group unless it asks otherwise: one kill(-pgid) reaches all of it.
    job->m_process->setChildProcessModifier([] { ::setsid(); });
#endif

    job->setParent(parent);
    QMetaObject::invokeMethod(job.get(), &ProcessJob::launch, Qt::QueuedConnection);
    return job.release();
}

/*!
    Stops the process group: SIGTERM, then SIGKILL after the grace period. finished()
    follows from the event loop with the status Cancelled and \a reason as its message, once
    the process is reaped; at once if the process had not started yet.
*/
void ProcessJob::cancel(const QString &reason)
{
    stop(JobOutcome::Cancelled, reason.isEmpty() ? tr("cancelled") : reason);
}

qint64 ProcessJob::processId() const
{
    return m_process->processId();
}

std::chrono::milliseconds ProcessJob::gracePeriod() const
{
    return m_gracePeriod;
}

/*!
    Sets how long the group has between SIGTERM and SIGKILL; it applies to the next stop.
*/
void ProcessJob::setGracePeriod(std::chrono::milliseconds gracePeriod)
{
    m_gracePeriod = gracePeriod;
}

void ProcessJob::launch()
{
    if (m_finished)
        return;
    if (!m_launchError.isEmpty()) {
        JobOutcome outcome;
        outcome.status = JobOutcome::Error;
        outcome.message = m_launchError;
        finish(outcome);
        return;
    }

    m_clock.start();
    m_process->start(m_program, m_arguments);
    if (m_finished) // QProcess may report a failure to start from inside start()
        return;
    m_pid = m_process->processId();
    if (m_stdin) {
        m_process->write(*m_stdin);
        m_process->closeWriteChannel();
    }
    if (m_spec.timeout > std::chrono::milliseconds::zero())
        m_timeoutTimer.start(m_spec.timeout);
}

void ProcessJob::stop(JobOutcome::Status status, const QString &message)
{
    if (m_finished || m_stopStatus)
        return;
    if (m_process->state() == QProcess::NotRunning) {
        // Not started yet: nothing to signal, and launch() will see it is finished.
        JobOutcome outcome;
        outcome.status = status;
        outcome.message = message;
        finish(outcome);
        return;
    }
    m_stopStatus = status;
    m_stopMessage = message;
    m_timeoutTimer.stop();
    qCInfo(lcProcessRuntime) << "stopping job" << m_spec.jobId << "group" << m_pid << ":"
                             << message;
    signalGroup(false);
    m_killTimer.start(m_gracePeriod);
}

/*
 * Only called while the process is not reaped yet, so its id still names this process
 * and its group and cannot have been reused.
 */
void ProcessJob::signalGroup(bool force)
{
#ifdef Q_OS_UNIX
    if (m_pid <= 0)
        return;
    const int signal = force ? SIGKILL : SIGTERM;
    // Between fork and setsid() the group does not exist yet: signal the process itself.
    if (::kill(-pid_t(m_pid), signal) != 0 && errno == ESRCH)
        ::kill(pid_t(m_pid), signal);
#else
    if (force)
        m_process->kill();
    else
        m_process->terminate();
#endif
}

void ProcessJob::killStragglers()
{
#ifdef Q_OS_UNIX
    // Processes the leader left behind still hold the group id, so it is not reused while
    // they live; they are part of the attempt and must not outlive it. Right now rather
    // than after a grace period, because once they are gone the id is free again.
    if (m_pid > 0 && ::kill(-pid_t(m_pid), SIGKILL) == 0)
        qCDebug(lcProcessRuntime) << "killed what job" << m_spec.jobId << "left in group" << m_pid;
#endif
}

void ProcessJob::forwardOutput(QProcess::ProcessChannel channel)
{
    const bool isError = channel == QProcess::StandardError;
    const QByteArray chunk = isError ? m_process->readAllStandardError()
                                     : m_process->readAllStandardOutput();
    if (chunk.isEmpty())
        return;
    if (m_log.isOpen() && (m_log.write(chunk) != chunk.size() || !m_log.flush()) && !m_logFailed) {
        m_logFailed = true;
        qCWarning(lcProcessRuntime)
                << "cannot write the log of job" << m_spec.jobId << ":" << m_log.errorString();
    }
    Q_EMIT output(chunk, isError);
}

void ProcessJob::onFinished(int exitCode, QProcess::ExitStatus exitStatus)
{
    if (m_finished)
        return;
    forwardOutput(QProcess::StandardOutput);
    forwardOutput(QProcess::StandardError);
    killStragglers();

    JobOutcome outcome;
    const bool crashed = exitStatus == QProcess::CrashExit;
    outcome.exitCode = crashed ? -1 : exitCode;
    if (crashed) // on Unix, QProcess gives the signal in place of the exit code
        outcome.data.insert(QStringLiteral("signal"), signalName(exitCode));

    if (m_stopStatus) {
        outcome.status = *m_stopStatus;
        outcome.message = m_stopMessage;
    } else if (crashed) {
        outcome.status = JobOutcome::Failed;
        outcome.message = tr("killed by signal %1").arg(signalName(exitCode));
    } else {
        outcome.status = m_successCodes.contains(exitCode) ? JobOutcome::Passed
                                                           : JobOutcome::Failed;
        outcome.message = tr("exited with code %1").arg(exitCode);
    }
    finish(outcome);
}

void ProcessJob::onErrorOccurred(QProcess::ProcessError error)
{
    // Crashes and pipe errors end in finished() as well; only a failed start does not.
    if (error != QProcess::FailedToStart || m_finished)
        return;
    JobOutcome outcome;
    if (m_stopStatus) {
        outcome.status = *m_stopStatus;
        outcome.message = m_stopMessage;
    } else {
        outcome.status = JobOutcome::Error;
        outcome.message = tr("could not start %1: %2").arg(m_program, m_process->errorString());
    }
    finish(outcome);
}

void ProcessJob::finish(JobOutcome outcome)
{
    m_finished = true;
    m_timeoutTimer.stop();
    m_killTimer.stop();
    m_log.close();

    if (!m_workDir.isEmpty() && !m_artifacts.isEmpty()) {
        const QJsonObject files = JobFiles::collect(m_workDir, m_artifacts);
        for (auto it = files.begin(); it != files.end(); ++it)
            outcome.artifacts.insert(it.key(), it.value());
    }
    if (!m_resultFile.isEmpty()) {
        const Result<QJsonObject> result = JobFiles::result(m_resultFile);
        if (!result)
            qCWarning(lcProcessRuntime).noquote()
                    << "job" << m_spec.jobId << ":" << result.error().message;
        else if (!result->isEmpty())
            outcome.data.insert(QStringLiteral("result"), *result);
    }

    const qint64 durationMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    outcome.data.insert(QStringLiteral("exit_code"), outcome.exitCode);
    outcome.data.insert(QStringLiteral("duration_ms"), durationMs);
    qCDebug(lcProcessRuntime) << "job" << m_spec.jobId << "finished after" << durationMs
                              << "ms:" << outcome.message;

    // Queued, so that no caller of cancel() sees finished() from inside its own call.
    QMetaObject::invokeMethod(
            this, [this, outcome] { Q_EMIT finished(outcome); }, Qt::QueuedConnection);
}

} // namespace Cairn
