// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pipelinecommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "pipelineprinter.h"
#include "pipelinesource.h"
#include "session.h"
#include "subcommands.h"

#include <QJsonArray>

#include <functional>

using Cairn::Error;
using Cairn::Pipeline;

namespace CairnCtl {

namespace {

// One pipeline checked: where it came from, and its first error if it has one.
struct Checked
{
    QString file;
    QString name; // empty for a pipeline file
    std::optional<Error> error;
};

QJsonObject checkedJson(const Checked &checked)
{
    QJsonObject json{{QStringLiteral("file"), checked.file},
                     {QStringLiteral("valid"), !checked.error.has_value()}};
    if (!checked.name.isEmpty())
        json.insert(QStringLiteral("pipeline"), checked.name);
    if (checked.error) {
        QJsonObject error{{QStringLiteral("error"), checked.error->codeName()},
                          {QStringLiteral("message"), checked.error->message}};
        if (!checked.error->field.isEmpty())
            error.insert(QStringLiteral("field"), checked.error->field);
        if (!checked.error->location.isEmpty())
            error.insert(QStringLiteral("location"), checked.error->location);
        json.insert(QStringLiteral("error"), error);
    }
    return json;
}

} // namespace

PipelineCommands::PipelineCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString PipelineCommands::summary()
{
    return tr("Check pipeline files and show what they hold.");
}

int PipelineCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    const QList<Subcommand> subcommands{
            {QStringLiteral("validate"),
             [&](const QStringList &rest) { return validate(session, rest); },
             tr("Checks pipelines against the job kinds Cairn runs.")},
            {QStringLiteral("show"), [&](const QStringList &rest) { return show(session, rest); },
             tr("Prints a pipeline's stages and jobs.")},
    };
    return runSubcommand(session, m_console, QStringLiteral("pipeline"), summary(), subcommands,
                         arguments);
}

int PipelineCommands::validate(Session &session, const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("pipeline validate"), QStringLiteral("[options] [<file>...]"),
            tr("Reads each pipeline file and checks it: its structure, and every job's kind,\n"
               "version and params against the kinds Cairn runs (process, mqtt.publish,\n"
               "http.request, node.create). Prints \"FILE: ok\" for each good pipeline and\n"
               "the first error of each bad one as FILE:LINE:COLUMN: FIELD: MESSAGE.\n"
               "Exit code 2 when any pipeline is not valid."));
    const QCommandLineOption project(QStringLiteral("project"),
                                     tr("Also checks every pipeline of this project file's "
                                        "pipelines: mapping."),
                                     tr("file"));
    parser.addOption(project);
    parser.addArgument(QStringLiteral("file"), tr("A pipeline file, YAML or JSON."),
                       QStringLiteral("[<file>...]"));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    const QStringList files = parser.arguments();
    const QString projectFile = parser.value(project);
    if (files.isEmpty() && projectFile.isEmpty())
        return m_console.usageError(tr("a pipeline file or --project is needed"), parser.command());

    // The pipelines are checked against the job kinds of the runtimes that would run them:
    // those cairnd runs here, or those of the cairnd at --url, which must be reachable.
    if (session.isRemote()) {
        if (const auto stop = session.openBackend())
            return *stop;
    }
    Backend &backend = session.backend();
    const auto check = [&backend](const Cairn::Result<Pipeline> &pipeline,
                                  const PipelineOrigin &origin) -> std::optional<Error> {
        if (!pipeline)
            return pipeline.error();
        if (const Cairn::Status valid = backend.validatePipeline(*pipeline, origin); !valid)
            return valid.error();
        return std::nullopt;
    };

    QList<Checked> results;
    for (const QString &file : files)
        results.append({file, QString(), check(Pipeline::load(file), {file, QString()})});
    if (!projectFile.isEmpty()) {
        const auto entries = PipelineSource::loadProject(projectFile);
        if (!entries) {
            results.append({projectFile, QString(), entries.error()});
        } else {
            for (const PipelineSource::Entry &entry : *entries)
                results.append({projectFile, entry.name,
                                check(entry.pipeline, {projectFile, entry.name})});
        }
    }

    int exitCode = ExitOk;
    QJsonArray json;
    for (const Checked &checked : std::as_const(results)) {
        if (checked.error && exitCode == ExitOk)
            exitCode = Console::exitCodeFor(*checked.error);
        if (m_console.json()) {
            json.append(checkedJson(checked));
        } else if (checked.error) {
            // The verdict on this file; the exit code comes once all are checked.
            m_console.fail(*checked.error);
        } else {
            m_console.out() << checked.file;
            if (!checked.name.isEmpty())
                m_console.out() << QStringLiteral(": pipelines.") << checked.name;
            m_console.out() << QStringLiteral(": ok\n");
        }
    }
    if (m_console.json())
        m_console.printJson(QJsonDocument(json));
    return exitCode;
}

int PipelineCommands::show(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("pipeline show"), QStringLiteral("[options] <pipeline>"),
                         tr("Prints a pipeline: its inputs, and its jobs stage by stage in the "
                            "order they start.\nWith --json, the definition with every default "
                            "written out."));
    const QCommandLineOption project(QStringLiteral("project"),
                                     tr("Takes <pipeline> for the name of a pipeline of this "
                                        "project file."),
                                     tr("file"));
    parser.addOption(project);
    parser.addArgument(QStringLiteral("pipeline"),
                       tr("A pipeline file, or with --project a pipeline's name."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 1, 1, tr("a pipeline")))
        return *stop;

    const auto pipeline = PipelineSource::load(parser.arguments().constFirst(),
                                               parser.value(project));
    if (!pipeline)
        return m_console.fail(pipeline.error());
    PipelinePrinter(m_console).print(*pipeline);
    return ExitOk;
}

} // namespace CairnCtl
