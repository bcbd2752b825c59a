// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "commandparser.h"

#include "database.h"

namespace CairnCtl {

CommandParser::CommandParser(const QString &command, const QString &synopsis,
                             const QString &description)
    : m_help({QStringLiteral("h"), QStringLiteral("help")}, tr("Prints this help.")),
      m_database(QStringLiteral("db"),
                 tr("The database: sqlite:PATH, a plain PATH to a SQLite file, or "
                    "postgresql://user[:password]@host[:port]/name. Default: $CAIRN_DB, "
                    "else %1.")
                         .arg(Cairn::Database::defaultUrl()),
                 tr("url")),
      m_url(QStringLiteral("url"),
            tr("Talks to cairnd's HTTP API at this URL (https://host:8470) instead of opening a "
               "database. The token comes from $CAIRN_TOKEN, else from 'cairnctl login'. "
               "Default: $CAIRN_URL."),
            tr("url")),
      m_ca(QStringLiteral("ca"),
           tr("With an https --url, also trusts the certificates of this PEM file (a private "
              "CA). Default: $CAIRN_CA."),
           tr("file")),
      m_json(QStringLiteral("json"), tr("Prints JSON instead of text.")),
      m_command(command),
      m_synopsis(synopsis)
{
    m_parser.setApplicationDescription(description);
    // Not addHelpOption(): its --help-all lists Qt's own options, which mean nothing here.
    m_parser.addOption(m_help);
    m_parser.addOption(m_database);
    m_parser.addOption(m_url);
    m_parser.addOption(m_ca);
    m_parser.addOption(m_json);
}

void CommandParser::stopAtFirstArgument()
{
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
}

void CommandParser::addOption(const QCommandLineOption &option)
{
    m_parser.addOption(option);
}

void CommandParser::addArgument(const QString &name, const QString &description,
                                const QString &syntax)
{
    m_parser.addPositionalArgument(name, description, syntax);
}

CommandParser::Outcome CommandParser::parse(const QStringList &arguments)
{
    // QCommandLineParser skips the first element, the program name.
    if (!m_parser.parse(QStringList{m_command} + arguments))
        return Outcome::Failed;
    if (m_parser.isSet(m_help))
        return Outcome::Help;
    return Outcome::Run;
}

/*!
    The help of QCommandLineParser with its first line, which names the executable by the
    path it was started with, replaced by one that names the command.
*/
QString CommandParser::helpText() const
{
    QString text = m_parser.helpText();
    const qsizetype firstLineEnd = text.indexOf(u'\n');
    text.remove(0, firstLineEnd < 0 ? text.size() : firstLineEnd + 1);

    QStringList usage{QCoreApplication::applicationName()};
    if (!m_command.isEmpty())
        usage.append(m_command);
    if (!m_synopsis.isEmpty())
        usage.append(m_synopsis);
    return tr("Usage: %1").arg(usage.join(u' ')) + u'\n' + text;
}

void CommandParser::takeGlobals(GlobalOptions &options) const
{
    if (m_parser.isSet(m_database))
        options.database = m_parser.value(m_database);
    if (m_parser.isSet(m_url))
        options.url = m_parser.value(m_url);
    if (m_parser.isSet(m_ca))
        options.ca = m_parser.value(m_ca);
    if (m_parser.isSet(m_json))
        options.json = true;
}

} // namespace CairnCtl
