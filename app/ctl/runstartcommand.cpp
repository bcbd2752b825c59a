// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runstartcommand.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "optionvalue.h"
#include "pipelinesource.h"
#include "runwatcher.h"
#include "session.h"

#include <QFileInfo>
#include <QJsonDocument>

#include <limits>

using Cairn::Error;

namespace CairnCtl {

RunStartCommand::RunStartCommand(Session &session) : m_session(session) { }

Cairn::Result<QJsonObject> RunStartCommand::parseParams(const QStringList &params)
{
    QJsonObject inputs;
    for (const QString &param : params) {
        const qsizetype equals = param.indexOf(u'=');
        if (equals <= 0)
            return Error::invalid(QStringLiteral("--param"),
                                  tr("expected NAME=VALUE, got '%1'").arg(param));
        const QString name = param.left(equals);
        if (inputs.contains(name))
            return Error::invalid(QStringLiteral("--param"),
                                  tr("the input %1 is given twice").arg(name));
        const auto json = OptionValue::json(QStringLiteral("--param"), param.mid(equals + 1));
        inputs.insert(name, json ? *json : QJsonValue(param.mid(equals + 1)));
    }
    return inputs;
}

int RunStartCommand::run(const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("run start"), QStringLiteral("[options] <pipeline>"),
            tr("Checks a pipeline and queues a run of it; cairnd executes its jobs. Prints the\n"
               "run's id (the run node with --json).\n\n"
               "With --url, cairnd checks the pipeline and queues the run: a pipeline file\n"
               "needs an admin token, since its jobs run whatever it says; a <pipeline> that\n"
               "is no file names a pipeline of the project cairnd serves (operator).\n\n"
               "With --wait it then prints how each job ends, as it ends, until the run has\n"
               "finished: exit code 0 when the run passed, 1 when it failed, was cancelled,\n"
               "or did not finish within --timeout. With --json it prints the run and its\n"
               "jobs once the run has finished, as \"run show --json\" does."));
    const QCommandLineOption project(QStringLiteral("project"),
                                     tr("Takes <pipeline> for the name of a pipeline of this "
                                        "project file."),
                                     tr("file"));
    const QCommandLineOption param(QStringLiteral("param"),
                                   tr("An input of the run; VALUE is read as JSON when it is "
                                      "JSON (12, true, [1,2], \"text\"), else taken as text. "
                                      "Repeat for each input."),
                                   tr("name=value"));
    const QCommandLineOption client(QStringLiteral("client"),
                                    tr("The client the run is queued for; its priority and queue "
                                       "size apply."),
                                    tr("id"));
    const QCommandLineOption priority(QStringLiteral("priority"),
                                      tr("The run's priority, smaller first (default 10)."),
                                      tr("n"), QStringLiteral("10"));
    const QCommandLineOption wait(QStringLiteral("wait"),
                                  tr("Follows the run until it has finished."));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     tr("With --wait, gives up after this long: a number of "
                                        "seconds, or 500ms, 30s, 2m, 1h."),
                                     tr("seconds"));
    for (const auto &option : {project, param, client, priority, wait, timeout})
        parser.addOption(option);
    parser.addArgument(QStringLiteral("pipeline"),
                       tr("A pipeline file, or with --project a pipeline's name."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("a pipeline")))
        return *stop;

    Console &console = m_session.console();
    const auto inputs = parseParams(parser.values(param));
    if (!inputs)
        return console.fail(inputs.error());
    Cairn::RunOptions options;
    options.client = parser.value(client);
    if (parser.isSet(client) && options.client.isEmpty())
        return console.fail(Error::invalid(QStringLiteral("--client"), tr("needs an id")));
    const auto runPriority = OptionValue::number(
            QStringLiteral("--priority"), parser.value(priority), std::numeric_limits<int>::min(),
            std::numeric_limits<int>::max());
    if (!runPriority)
        return console.fail(runPriority.error());
    options.priority = int(*runPriority);
    std::chrono::milliseconds waitLimit{0};
    if (parser.isSet(timeout)) {
        if (!parser.isSet(wait))
            return console.usageError(tr("--timeout is for --wait"), parser.command());
        const auto value = OptionValue::duration(QStringLiteral("--timeout"),
                                                 parser.value(timeout));
        if (!value)
            return console.fail(value.error());
        waitLimit = *value;
    }

    // With --url, a name that is no file names a pipeline of the project cairnd serves.
    const QString wanted = parser.arguments().constFirst();
    const bool served = m_session.isRemote() && !parser.isSet(project)
            && Cairn::Pipeline::isValidName(wanted) && !QFileInfo::exists(wanted);
    if (served && parser.isSet(client))
        return console.fail(Error::invalid(QStringLiteral("--client"),
                                           tr("is for pipeline files; a run of cairnd's own "
                                              "pipeline %1 is queued for the token's client")
                                                   .arg(wanted)));

    // Everything that can be checked without the database is, before it is opened.
    std::optional<Cairn::Pipeline> pipeline;
    if (!served) {
        auto loaded = PipelineSource::load(wanted, parser.value(project));
        if (!loaded)
            return console.fail(loaded.error());
        const PipelineOrigin origin{parser.isSet(project) ? parser.value(project) : wanted,
                                    parser.isSet(project) ? wanted : QString()};
        if (const Cairn::Status valid = m_session.backend().validatePipeline(*loaded, origin);
            !valid)
            return console.fail(valid.error());
        if (const auto resolved = loaded->resolveInputs(*inputs); !resolved)
            return console.fail(resolved.error());
        pipeline = std::move(*loaded);
    }
    if (const auto stop = m_session.openBackend())
        return *stop;

    Backend &backend = m_session.backend();
    // Listens before the run is queued, so that it sees every change of the run.
    RunWatcher watcher(console, backend);
    if (parser.isSet(wait)) {
        if (const Cairn::Status listening = watcher.listen(); !listening)
            return console.fail(listening.error());
    }
    const auto run = pipeline ? backend.startRun(*pipeline, *inputs, options)
                              : backend.startServedRun(wanted, *inputs, options);
    if (!run)
        return console.fail(run.error());

    if (!parser.isSet(wait)) {
        if (console.json())
            console.printJson(QJsonDocument(run->toJson()));
        else
            console.out() << run->id << u'\n';
        return ExitOk;
    }
    if (!console.json()) {
        console.out() << run->id << u'\n';
        console.out().flush();
    }
    return watcher.wait(run->id, waitLimit);
}

} // namespace CairnCtl
