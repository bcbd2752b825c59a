// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runcommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "optionvalue.h"
#include "runlookup.h"
#include "runprinter.h"
#include "runstartcommand.h"
#include "session.h"
#include "subcommands.h"

#include <functional>

using Cairn::Error;
using Cairn::Node;

namespace CairnCtl {

namespace {

constexpr int DefaultListLimit = 20;

} // namespace

RunCommands::RunCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString RunCommands::summary()
{
    return tr("Start, list, show, cancel and retry runs of pipelines.");
}

int RunCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    RunStartCommand start(session);
    const QList<Subcommand> subcommands{
            {QStringLiteral("start"), [&](const QStringList &rest) { return start.run(rest); },
             tr("Queues a run of a pipeline.")},
            {QStringLiteral("list"), [&](const QStringList &rest) { return list(session, rest); },
             tr("Prints runs, newest first.")},
            {QStringLiteral("show"), [&](const QStringList &rest) { return show(session, rest); },
             tr("Prints a run and its jobs.")},
            {QStringLiteral("cancel"),
             [&](const QStringList &rest) { return cancel(session, rest); },
             tr("Cancels a run that has not finished.")},
            {QStringLiteral("retry"), [&](const QStringList &rest) { return retry(session, rest); },
             tr("Queues the failed jobs of a finished run again.")},
    };
    return runSubcommand(session, m_console, QStringLiteral("run"), summary(), subcommands,
                         arguments);
}

int RunCommands::list(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("run list"), QStringLiteral("[options]"),
                         tr("Prints runs, newest first: id, pipeline, state, result, client, "
                            "when it was created and how long it took."));
    const QCommandLineOption state(QStringLiteral("state"),
                                   tr("Only runs in this state (running, done) or with this "
                                      "result (pass, fail, incomplete)."),
                                   tr("state"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   tr("Prints at most N runs (default %1).").arg(DefaultListLimit),
                                   tr("n"), QString::number(DefaultListLimit));
    const QCommandLineOption pipeline(QStringLiteral("pipeline"),
                                      tr("Only runs of the pipeline NAME."), tr("name"));
    for (const auto &option : {state, limit, pipeline})
        parser.addOption(option);
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 0, 0, QString()))
        return *stop;

    const auto count = OptionValue::number(QStringLiteral("--limit"), parser.value(limit), 1,
                                           Cairn::NodeQuery::MaxLimit);
    if (!count)
        return m_console.fail(count.error());
    QStringList terms{QStringLiteral("kind=run")};
    if (parser.isSet(state)) {
        const QString wanted = parser.value(state);
        if (Node::stateFromName(wanted) == Node::State::Running
            || Node::stateFromName(wanted) == Node::State::Done)
            terms.append(QStringLiteral("state=") + wanted);
        else if (const auto outcome = Node::outcomeFromName(wanted);
                 outcome && *outcome != Node::Outcome::None && *outcome != Node::Outcome::Skip)
            terms.append(QStringLiteral("result=") + wanted);
        else
            return m_console.fail(
                    Error::invalid(QStringLiteral("--state"),
                                   tr("expected running, done, pass, fail or incomplete, got "
                                      "'%1'")
                                           .arg(wanted)));
    }
    if (parser.isSet(pipeline))
        terms.append(QStringLiteral("name=") + parser.value(pipeline));
    // Ids are UUIDv7: among runs made in the same millisecond, the later one sorts last.
    terms += {QStringLiteral("sort=-created"), QStringLiteral("sort=-id"),
              QStringLiteral("limit=%1").arg(*count)};
    if (const auto query = Cairn::NodeQuery::parse(terms); !query)
        return m_console.fail(query.error());
    if (const auto stop = session.openBackend())
        return *stop;

    const auto page = session.backend().findNodes(terms);
    if (!page)
        return m_console.fail(page.error());
    RunPrinter(m_console).printList(*page);
    return ExitOk;
}

int RunCommands::show(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("run show"), QStringLiteral("[options] <id>"),
                         tr("Prints a run and its jobs: name, stage, state, result, attempt, "
                            "exit status, duration and failure message."));
    parser.addArgument(QStringLiteral("id"), tr("The run's id."));
    Node run;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("run"),
                                                  &run))
        return *stop;
    const auto jobs = session.backend().runJobs(run.id);
    if (!jobs)
        return m_console.fail(jobs.error());
    RunPrinter(m_console).printRun(run, jobs->rows, jobs->nodes);
    return ExitOk;
}

int RunCommands::cancel(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("run cancel"), QStringLiteral("[options] <id>"),
                         tr("Cancels a run: its jobs that have not finished are cancelled, "
                            "running ones are stopped by the cairnd that runs them, and the run "
                            "ends with result incomplete."));
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    tr("Why, for the record of the run and its jobs."), tr("text"));
    parser.addOption(reason);
    parser.addArgument(QStringLiteral("id"), tr("The run's id."));
    Node run;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("run"),
                                                  &run))
        return *stop;
    const QString id = run.id;
    const auto cancelled = session.backend().cancelRun(id, parser.value(reason));
    if (!cancelled)
        return m_console.fail(cancelled.error());
    return RunPrinter(m_console).printChanged(session.backend(), id, [&](const Node &after) {
        return tr("Cancelled run %1 (%2): %3 cancelled.")
                .arg(id, after.name, RunPrinter::jobCount(*cancelled));
    });
}

int RunCommands::retry(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("run retry"), QStringLiteral("[options] <id>"),
                         tr("Queues a finished run again: the jobs that did not pass, or every "
                            "job when all passed, each with a new budget of attempts."));
    parser.addArgument(QStringLiteral("id"), tr("The run's id."));
    Node run;
    if (const auto stop = RunLookup::readArgument(session, parser, arguments, QStringLiteral("run"),
                                                  &run))
        return *stop;
    const QString id = run.id;
    const auto requeued = session.backend().retryRun(id);
    if (!requeued)
        return m_console.fail(requeued.error());
    return RunPrinter(m_console).printChanged(session.backend(), id, [&](const Node &after) {
        return tr("Queued run %1 (%2) again: %3.")
                .arg(id, after.name, RunPrinter::jobCount(*requeued));
    });
}

} // namespace CairnCtl
