// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

namespace CairnCtl {

class Backend;
class CommandParser;
class Console;

/*
 * What the subcommands of one run share: the console, the global options wherever they
 * were given, and the backend they work on: the database, or cairnd's HTTP API with --url.
 * The backend opens only once the input has been checked.
 */
class Session
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::Session)
public:
    Session(Console &console, const GlobalOptions &globals);
    ~Session();
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    Console &console() { return m_console; }
    // Made at first use, with the global options given by then.
    Backend &backend();
    // Whether the commands talk to cairnd's API rather than to a database.
    bool isRemote() const { return !url().isEmpty(); }
    // --url, else $CAIRN_URL unless --db was given; empty for the database.
    QString url() const;
    // --ca, else $CAIRN_CA.
    QString caFile() const;

    // Each gives the exit code to stop with, or nothing to go on.
    std::optional<int> parse(CommandParser &parser, const QStringList &arguments);
    // max < 0: no upper bound. what names the arguments in the message when some are missing.
    std::optional<int> expectArguments(const CommandParser &parser, qsizetype min, qsizetype max,
                                       const QString &what);
    // Opens the database, or makes the client of the API ready; the failure's exit code:
    // 3 for a database that cannot be opened, 1 for a missing token, 2 for a bad URL.
    std::optional<int> openBackend();

private:
    QString databaseUrl() const;

    Console &m_console;
    GlobalOptions m_globals;
    std::unique_ptr<Backend> m_backend;
};

} // namespace CairnCtl
