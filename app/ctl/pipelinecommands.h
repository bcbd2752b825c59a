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
 * "cairnctl pipeline ...": checks pipeline files against the job kinds Cairn runs, and
 * shows what a pipeline holds. Reads files only; no database is opened. With --url the
 * kinds are those of that cairnd, which checks the pipelines.
 */
class PipelineCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::PipelineCommands)
public:
    PipelineCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "pipeline". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();

private:
    int validate(Session &session, const QStringList &arguments);
    int show(Session &session, const QStringList &arguments);

    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
