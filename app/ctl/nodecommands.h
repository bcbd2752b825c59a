// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Console;

/*
 * "cairnctl node ...": picks the subcommand that creates, reads, queries, updates or
 * deletes nodes.
 */
class NodeCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::NodeCommands)
public:
    NodeCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "node". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();

private:
    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
