// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Console;

/*
 * "cairnctl login" and "cairnctl logout": keep the token for a cairnd's URL, checked with
 * that cairnd first, so that the commands with --url find it; and forget it.
 */
class LoginCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::LoginCommands)
public:
    LoginCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "login" or "logout". Each gives the exit code.
    int login(const QStringList &arguments);
    int logout(const QStringList &arguments);

    // One line each for the list of commands.
    static QString loginSummary();
    static QString logoutSummary();

private:
    // The token typed at a terminal without echo, or the first line of what is piped in.
    QString readToken(const QString &url);

    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
