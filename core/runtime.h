// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "jobkind.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <chrono>

namespace Cairn {

// What a runtime needs to run one attempt of one job.
struct JobSpec
{
    QString jobId; // the job's node id
    QString runId; // the run's node id
    QString name; // the job's name in its pipeline
    QString kind;
    QJsonObject params; // resolved: no ${...} left
    int attempt = 1;
    std::chrono::milliseconds timeout{0}; // 0: none; the supervisor enforces it as well
    // A scratch folder for this attempt. It does not exist yet: the runtime makes it (with
    // QDir::mkpath) when the job writes there, so that a job that writes nothing costs no
    // folder. Readers of an attempt's files take a missing folder as an empty one.
    QString workDir;
    QString logPath; // the file the runtime appends the job's output to, in workDir
};

// How one attempt ended.
struct JobOutcome
{
    enum Status {
        Passed, // the work succeeded (exit code 0, HTTP 2xx...)
        Failed, // the work ran and failed (non-zero exit code, HTTP 4xx/5xx...)
        Error, // it could not run: bad image, unreachable host, runtime failure
        Cancelled, // stopped on request
        TimedOut, // stopped because it ran past its timeout
    };
    Status status = Error;
    int exitCode = -1; // when there is one
    QString message; // for people: "exited with code 2", "timed out after 30 s"
    QJsonObject data; // what the job produced, for its result node
    QJsonObject artifacts; // name -> URL of files it produced, besides its log
};

/*
 * One running attempt, owned by the scheduler. It reports through its signals, from the
 * thread it lives in; finished() comes exactly once, also after cancel().
 */
class RuntimeJob : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Stops the attempt and everything it started (a process group, a container, a VM).
    virtual void cancel(const QString &reason) = 0;

Q_SIGNALS:
    void started();
    // Output as it comes; the runtime also appends it to JobSpec::logPath.
    void output(const QByteArray &chunk, bool isError);
    void finished(const Cairn::JobOutcome &outcome);
};

/*
 * Where jobs run: a local process, a container engine, a virtual machine, a remote host, a
 * lab, another cairnd. Declared by core, implemented by the drivers under runtimes/.
 */
class Runtime : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString name() const = 0;
    // The job kinds it runs, each with its parameter schema.
    virtual QList<JobKind> kinds() const = 0;
    // How many jobs it may run at once; the scheduler never starts more.
    virtual int capacity() const = 0;
    // Starts an attempt; an error here means it could not even start (the job goes to ERROR).
    virtual Result<RuntimeJob *> start(const JobSpec &spec, QObject *parent) = 0;
};

} // namespace Cairn
