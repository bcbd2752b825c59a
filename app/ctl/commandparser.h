// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace CairnCtl {

/*
 * The options and arguments of one command ("node add"), with --help, --db, --url, --ca and
 * --json.
 * Wraps QCommandLineParser so that errors become exit codes instead of exit(), and so that
 * the usage line names the command rather than the executable's path.
 */
class CommandParser
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::CommandParser)
public:
    enum class Outcome { Run, Help, Failed };

    // command: the words after "cairnctl" ("node add"); synopsis follows them in the usage
    // line ("[options] <id>").
    CommandParser(const QString &command, const QString &synopsis, const QString &description);

    // For commands that hand everything after their first argument to a subcommand, so that
    // the subcommand's options are not taken for unknown options of this one.
    void stopAtFirstArgument();
    void addOption(const QCommandLineOption &option);
    void addArgument(const QString &name, const QString &description, const QString &syntax = {});

    // arguments: what follows the command words.
    Outcome parse(const QStringList &arguments);

    QString command() const { return m_command; }
    QString helpText() const;
    QString errorText() const { return m_parser.errorText(); }

    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    QStringList values(const QCommandLineOption &option) const { return m_parser.values(option); }
    QStringList arguments() const { return m_parser.positionalArguments(); }

    // Copies --db, --url, --ca and --json into options when they were given to this command.
    void takeGlobals(GlobalOptions &options) const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_database;
    QCommandLineOption m_url;
    QCommandLineOption m_ca;
    QCommandLineOption m_json;
    QString m_command;
    QString m_synopsis;
};

} // namespace CairnCtl
