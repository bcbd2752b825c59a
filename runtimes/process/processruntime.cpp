// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "processruntime.h"
#include "processjob.h"

#include <QJsonArray>

#include <algorithm>

namespace Cairn {

namespace {

QJsonObject typed(const QString &type, const QString &description)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("description"), description}};
}

QJsonObject listOf(const QJsonObject &items, const QString &description)
{
    QJsonObject schema = typed(QStringLiteral("array"), description);
    schema.insert(QStringLiteral("items"), items);
    return schema;
}

} // namespace

/*!
    A runtime that runs at most \a capacity jobs at once (at least one); by default one per
    processor core.
*/
ProcessRuntime::ProcessRuntime(int capacity, QObject *parent)
    : Runtime(parent), m_capacity(std::max(1, capacity))
{ }

/*!
    The "process" kind, version 1.0.0. Its params: \c command (required), \c args, \c env,
    \c clear_env, \c workdir, \c shell, \c stdin and \c success_codes.
*/
JobKind ProcessRuntime::processKind()
{
    // The schema subset has no schema for additionalProperties: start() checks that the
    // values are strings.
    const QJsonObject env = typed(QStringLiteral("object"),
                                  QStringLiteral("Variables added to the environment, each "
                                                 "name mapped to a string."));

    QJsonObject command = typed(
            QStringLiteral("string"),
            QStringLiteral("The program, looked up in PATH unless it holds a slash; "
                           "with shell, a line for /bin/sh -c."));
    command.insert(QStringLiteral("minLength"), 1);

    QJsonObject shell = typed(QStringLiteral("boolean"),
                              QStringLiteral("Run command as a shell line, args becoming "
                                             "$1, $2...; otherwise no shell is involved."));
    shell.insert(QStringLiteral("default"), false);

    // Exit codes are one byte.
    const QJsonObject exitCode{{QStringLiteral("type"), QStringLiteral("integer")},
                               {QStringLiteral("minimum"), 0},
                               {QStringLiteral("maximum"), 255}};
    QJsonObject successCodes = listOf(
            exitCode, QStringLiteral("The exit codes that mean success; [0] if empty."));
    successCodes.insert(QStringLiteral("default"), QJsonArray{0});

    const QJsonObject properties{
            {QStringLiteral("command"), command},
            {QStringLiteral("args"),
             listOf(QJsonObject{{QStringLiteral("type"),
                                 QJsonArray{QStringLiteral("string"), QStringLiteral("number"),
                                            QStringLiteral("boolean")}}},
                    QStringLiteral("Arguments, passed as they are: no quoting, no expansion. "
                                   "A number or true/false (${event.data.temperature}) is "
                                   "passed as its text."))},
            {QStringLiteral("env"), env},
            {QStringLiteral("clear_env"),
             typed(QStringLiteral("boolean"),
                   QStringLiteral("Start from an empty environment, keeping only PATH."))},
            {QStringLiteral("workdir"),
             typed(QStringLiteral("string"),
                   QStringLiteral("The working directory, relative to the attempt's scratch "
                                  "folder; that folder by default."))},
            {QStringLiteral("shell"), shell},
            {QStringLiteral("stdin"),
             typed(QStringLiteral("string"),
                   QStringLiteral("Written to the standard input, which is then closed; "
                                  "without it the input is empty."))},
            {QStringLiteral("success_codes"), successCodes},
            {QStringLiteral("artifacts"),
             listOf(QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                {QStringLiteral("minLength"), 1}},
                    QStringLiteral("Files the job leaves in its folder to keep as artifacts, "
                                   "relative to the working directory; the last part may hold "
                                   "* and ?: report.md, out/*.log."))},
    };

    JobKind kind;
    kind.name = QStringLiteral("process");
    kind.version = QStringLiteral("1.1.0"); // 1.1: artifacts
    kind.schema = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("command")}},
            {QStringLiteral("additionalProperties"), false},
    };
    kind.description = tr("Runs a local program in a process group of its own");
    return kind;
}

QString ProcessRuntime::name() const
{
    return QStringLiteral("process");
}

QList<JobKind> ProcessRuntime::kinds() const
{
    return {processKind()};
}

int ProcessRuntime::capacity() const
{
    return m_capacity;
}

std::chrono::milliseconds ProcessRuntime::gracePeriod() const
{
    return m_gracePeriod;
}

/*!
    Sets how long a cancelled or timed-out job has between SIGTERM and SIGKILL, for the jobs
    started from now on; 5 s by default.
*/
void ProcessRuntime::setGracePeriod(std::chrono::milliseconds gracePeriod)
{
    m_gracePeriod = std::max(gracePeriod, std::chrono::milliseconds::zero());
}

/*!
    Starts an attempt of a "process" job as a ProcessJob owned by \a parent. It fails only
    when the params are unusable or the log cannot be opened; a program that cannot be
    started ends the job with the status Error instead.
*/
Result<RuntimeJob *> ProcessRuntime::start(const JobSpec &spec, QObject *parent)
{
    if (spec.kind != name())
        return Error::invalid(
                QStringLiteral("kind"),
                tr("the process runtime does not run jobs of kind %1").arg(spec.kind));
    Result<ProcessJob *> job = ProcessJob::create(spec, m_gracePeriod, parent);
    if (!job)
        return job.error();
    return *job;
}

} // namespace Cairn
