// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Console;
class Session;

/*
 * "cairnctl job ...": shows, cancels and retries single jobs of runs, and prints or follows
 * their logs.
 */
class JobCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::JobCommands)
public:
    JobCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "job". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();

private:
    int show(Session &session, const QStringList &arguments);
    int cancel(Session &session, const QStringList &arguments);
    int retry(Session &session, const QStringList &arguments);

    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
