// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Console;

/*
 * "cairnctl event ...": picks the subcommand that publishes, lists or follows events.
 */
class EventCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::EventCommands)
public:
    EventCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "event". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();
    // The filter syntax, for the help of the subcommands that take filter terms.
    static QString filterSyntax();

private:
    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
