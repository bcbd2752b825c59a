// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "console.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

/*
 * The top level of cairnctl: the global options, --version, and the choice of command.
 */
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::CommandLine)
public:
    // arguments as QCoreApplication::arguments() gives them, program name first. Gives the
    // exit code.
    int run(const QStringList &arguments);

private:
    Console m_console;
};

} // namespace CairnCtl
