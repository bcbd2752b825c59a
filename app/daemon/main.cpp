// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "daemon.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cairnd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
            "main",
            "The headless daemon of Cairn: runs a project's devices, rules, "
            "pipelines and API until it is stopped."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption project(
            {QStringLiteral("p"), QStringLiteral("project")},
            QCoreApplication::translate("main", "The project file to run."),
            QStringLiteral("FILE"));
    const QCommandLineOption check(
            QStringLiteral("check"),
            QCoreApplication::translate("main", "Reads and checks the project file, then exits."));
    const QCommandLineOption verbose(
            QStringLiteral("verbose"),
            QCoreApplication::translate("main", "Also logs the debug messages of cairn.*."));
    parser.addOptions({project, check, verbose});
    parser.process(app);

    QTextStream err(stderr);
    if (!parser.isSet(project) || !parser.positionalArguments().isEmpty()) {
        err << QCoreApplication::translate("main",
                                           "cairnd: give the project file: "
                                           "cairnd --project FILE.yaml")
            << Qt::endl;
        return Cairn::Daemon::ExitConfiguration;
    }

    // One line per message, category first, so that journald and grep read it well.
    // QT_MESSAGE_PATTERN and QT_LOGGING_RULES still override both.
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(
                QStringLiteral("%{if-warning}warning: %{endif}%{if-critical}critical: %{endif}"
                               "%{if-fatal}fatal: %{endif}%{category}: %{message}"));
    if (!parser.isSet(verbose))
        QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.debug=false"));

    if (parser.isSet(check))
        return Cairn::Daemon::check(parser.value(project));
    Cairn::Daemon daemon;
    if (std::optional<int> failed = daemon.start(parser.value(project)))
        return *failed;
    QObject::connect(&daemon, &Cairn::Daemon::finished, &app, &QCoreApplication::exit);
    return app.exec();
}
