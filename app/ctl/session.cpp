// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "session.h"

#include "commandparser.h"
#include "console.h"
#include "database.h"
#include "localbackend.h"
#include "remotebackend.h"

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
    if (!m_globals.database.isEmpty() && !m_globals.url.isEmpty())
        return m_console.usageError(tr("--db and --url cannot be used together"), parser.command());
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

QString Session::url() const
{
    if (!m_globals.url.isEmpty())
        return m_globals.url;
    // --db chooses the database over an API named in the environment.
    if (!m_globals.database.isEmpty())
        return {};
    return qEnvironmentVariable("CAIRN_URL");
}

QString Session::caFile() const
{
    return m_globals.ca.isEmpty() ? qEnvironmentVariable("CAIRN_CA") : m_globals.ca;
}

Backend &Session::backend()
{
    if (!m_backend) {
        if (isRemote())
            m_backend = std::make_unique<RemoteBackend>(url(), caFile());
        else
            m_backend = std::make_unique<LocalBackend>(databaseUrl());
    }
    return *m_backend;
}

/*!
    Opens the database, or makes the client of cairnd's API ready by finding its token.
*/
std::optional<int> Session::openBackend()
{
    if (const Cairn::Status opened = backend().open(); !opened)
        return m_console.fail(opened.error());
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
