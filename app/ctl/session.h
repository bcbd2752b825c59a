// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include "database.h"
#include "nodestore.h"

#include <QCoreApplication>
#include <QStringList>

#include <memory>
#include <optional>

namespace CairnCtl {

class CommandParser;
class Console;

/*
 * What the subcommands of one run share: the console, the global options wherever they
 * were given, and the database, opened only once the input has been checked.
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
    // Valid after openStore() succeeded.
    Cairn::NodeStore &store() { return *m_store; }
    // Open after openStore() succeeded; the event commands build their EventBus on it.
    Cairn::Database &database() { return m_database; }

    // Each gives the exit code to stop with, or nothing to go on.
    std::optional<int> parse(CommandParser &parser, const QStringList &arguments);
    // max < 0: no upper bound. what names the arguments in the message when some are missing.
    std::optional<int> expectArguments(const CommandParser &parser, qsizetype min, qsizetype max,
                                       const QString &what);
    std::optional<int> openStore();

private:
    QString databaseUrl() const;

    Console &m_console;
    GlobalOptions m_globals;
    Cairn::Database m_database;
    std::unique_ptr<Cairn::NodeStore> m_store;
};

} // namespace CairnCtl
