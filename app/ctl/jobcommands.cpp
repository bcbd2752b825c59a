// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobcommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "joblogcommand.h"
#include "runlookup.h"
#include "runprinter.h"
#include "session.h"
#include "subcommands.h"

#include <functional>

namespace CairnCtl {

JobCommands::JobCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString JobCommands::summary()
{
    return tr("Show, cancel and retry jobs, and print their logs.");
}

int JobCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    JobLogCommand log(session);
    const QList<Subcommand> subcommands{
            {QStringLiteral("show"), [&](const QStringList &rest) { return show(session, rest); },
             tr("Prints a job, its params and its attempts.")},
            {QStringLiteral("log"), [&](const QStringList &rest) { return log.run(rest); },
             tr("Prints a job's log, or follows it as it grows.")},
            {QStringLiteral("cancel"),
             [&](const QStringList &rest) { return cancel(session, rest); },
             tr("Cancels a job that has not finished.")},
            {QStringLiteral("retry"), [&](const QStringList &rest) { return retry(session, rest); },
             tr("Queues a finished job again.")},
    };
    return runSubcommand(session, m_console, QStringLiteral("job"), summary(), subcommands,
                         arguments);
}

int JobCommands::show(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("job show"), QStringLiteral("[options] <id>"),
                         tr("Prints a job: its state, result, attempts, exit status, timings, "
                            "failure message, log and params."));
    parser.addArgument(QStringLiteral("id"), tr("The job's id."));
    Cairn::Node job;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("job"),
                                                  &job))
        return *stop;
    const auto row = session.backend().queuedJob(job);
    if (!row)
        return m_console.fail(row.error());
    RunPrinter(m_console).printJob(job, *row);
    return ExitOk;
}

int JobCommands::cancel(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("job cancel"), QStringLiteral("[options] <id>"),
                         tr("Cancels a job that is READY or IN_PROGRESS; the cairnd that runs "
                            "it stops it. Unless the job may fail, its run stops too."));
    const QCommandLineOption reason(QStringLiteral("reason"), tr("Why, for the job's record."),
                                    tr("text"));
    parser.addOption(reason);
    parser.addArgument(QStringLiteral("id"), tr("The job's id."));
    Cairn::Node job;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("job"),
                                                  &job))
        return *stop;
    const QString id = job.id;
    if (const auto cancelled = session.backend().cancelJob(id, parser.value(reason)); !cancelled)
        return m_console.fail(cancelled.error());
    return RunPrinter(m_console).printChanged(session.backend(), id, [&](const Cairn::Node &after) {
        return tr("Cancelled job %1 (%2).").arg(id, after.name);
    });
}

int JobCommands::retry(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("job retry"), QStringLiteral("[options] <id>"),
                         tr("Queues a finished job again with a new budget of attempts. Allowed "
                            "once its run has finished (the run opens again), or while the run "
                            "is still at the job's stage."));
    parser.addArgument(QStringLiteral("id"), tr("The job's id."));
    Cairn::Node job;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("job"),
                                                  &job))
        return *stop;
    const QString id = job.id;
    if (const auto retried = session.backend().retryJob(id); !retried)
        return m_console.fail(retried.error());
    return RunPrinter(m_console).printChanged(session.backend(), id, [&](const Cairn::Node &after) {
        return tr("Queued job %1 (%2) again.").arg(id, after.name);
    });
}

} // namespace CairnCtl
