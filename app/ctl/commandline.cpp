// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "commandline.h"

#include "commandparser.h"
#include "eventcommands.h"
#include "jobcommands.h"
#include "logincommands.h"
#include "nodecommands.h"
#include "pipelinecommands.h"
#include "runcommands.h"
#include "tokencommands.h"

namespace CairnCtl {

/*!
    Runs the command that \a arguments name and returns the process exit code.
*/
int CommandLine::run(const QStringList &arguments)
{
    CommandParser parser(QString(), QStringLiteral("[options] <command> [<args>...]"),
                         tr("The command-line client of Cairn, the data-driven task "
                            "orchestrator.\nIt works on the database (--db), or with --url "
                            "through the HTTP API of a cairnd.\n\nCommands:\n  node      %1\n"
                            "  event     %2\n  pipeline  %3\n  run       %4\n  job       %5\n"
                            "  token     %6\n  login     %7\n  logout    %8")
                                 .arg(NodeCommands::summary(), EventCommands::summary(),
                                      PipelineCommands::summary(), RunCommands::summary(),
                                      JobCommands::summary(), TokenCommands::summary(),
                                      LoginCommands::loginSummary(),
                                      LoginCommands::logoutSummary()));
    // Options after the command belong to the command.
    parser.stopAtFirstArgument();
    const QCommandLineOption version(QStringLiteral("version"),
                                     tr("Prints the version and exits."));
    parser.addOption(version);
    parser.addArgument(QStringLiteral("command"),
                       tr("The command to run: node, event, pipeline, run, job, token, login "
                          "or logout."));

    switch (parser.parse(arguments.mid(1))) {
    case CommandParser::Outcome::Help:
        m_console.out() << parser.helpText();
        return ExitOk;
    case CommandParser::Outcome::Failed:
        return m_console.usageError(parser.errorText(), QString());
    case CommandParser::Outcome::Run:
        break;
    }
    if (parser.isSet(version)) {
        m_console.out() << QCoreApplication::applicationName() << u' '
                        << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }

    GlobalOptions globals;
    parser.takeGlobals(globals);
    const QStringList rest = parser.arguments();
    if (rest.isEmpty())
        return m_console.usageError(tr("a command is needed"), QString());
    if (rest.constFirst() == QStringLiteral("node"))
        return NodeCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("event"))
        return EventCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("pipeline"))
        return PipelineCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("run"))
        return RunCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("job"))
        return JobCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("token"))
        return TokenCommands(m_console, globals).run(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("login"))
        return LoginCommands(m_console, globals).login(rest.mid(1));
    if (rest.constFirst() == QStringLiteral("logout"))
        return LoginCommands(m_console, globals).logout(rest.mid(1));
    return m_console.usageError(tr("unknown command '%1'").arg(rest.constFirst()), QString());
}

} // namespace CairnCtl
