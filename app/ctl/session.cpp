// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "session.h"

#include "commandparser.h"
#include "console.h"

namespace CairnCtl {

Session::Session(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

Session::~Session() = default;

/*!
    Parses the arguments of one command, prints its help when asked, and takes the global
    options it was given. Gives the exit code to stop with, or nothing to go on.
*/
std::optional<int> Session::parse(CommandParser &parser, const QStringList &arguments)
{
    switch (parser.parse(arguments)) {
    case CommandParser::Outcome::Help:
        m_console.out() << parser.helpText();
        return ExitOk;
    case CommandParser::Outcome::Failed:
        return m_console.usageError(parser.errorText(), parser.command());
    case CommandParser::Outcome::Run:
        break;
    }
    parser.takeGlobals(m_globals);
    m_console.setJson(m_globals.json);
    return std::nullopt;
}

std::optional<int> Session::expectArguments(const CommandParser &parser, qsizetype min,
                                            qsizetype max, const QString &what)
{
    const QStringList given = parser.arguments();
    if (given.size() < min)
        return m_console.usageError(tr("%1 is needed").arg(what), parser.command());
    if (max >= 0 && given.size() > max)
        return m_console.usageError(tr("unexpected argument '%1'").arg(given.at(max)),
                                    parser.command());
    return std::nullopt;
}

/*!
    Opens the database and its node store; a failure is exit code 3.
*/
std::optional<int> Session::openStore()
{
    if (!m_database.open(databaseUrl()))
        return m_console.databaseError(m_database.errorString());
    m_store = std::make_unique<Cairn::NodeStore>(m_database);
    return std::nullopt;
}

/*!
    --db, else $CAIRN_DB, else the default database. A bare path is taken for a SQLite file,
    since that is what a person most often means.
*/
QString Session::databaseUrl() const
{
    QString url = m_globals.database;
    if (url.isEmpty())
        url = qEnvironmentVariable("CAIRN_DB");
    if (url.isEmpty())
        return Cairn::Database::defaultUrl();
    if (!url.startsWith(QStringLiteral("sqlite:")) && !url.contains(QStringLiteral("://")))
        url.prepend(QStringLiteral("sqlite:"));
    return url;
}

} // namespace CairnCtl
