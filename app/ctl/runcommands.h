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
 * "cairnctl run ...": queues runs of pipelines for cairnd to execute, lists and shows them,
 * cancels and retries them. Every change goes through the job queue of the database, or
 * through cairnd's API with --url.
 */
class RunCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RunCommands)
public:
    RunCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "run". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();

private:
    int list(Session &session, const QStringList &arguments);
    int show(Session &session, const QStringList &arguments);
    int cancel(Session &session, const QStringList &arguments);
    int retry(Session &session, const QStringList &arguments);

    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
