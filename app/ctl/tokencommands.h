// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "globaloptions.h"

#include <QCoreApplication>
#include <QStringList>

namespace Cairn {
struct ApiToken;
}

namespace CairnCtl {

class Console;
class Session;

/*
 * "cairnctl token ...": makes, lists and revokes the bearer tokens of the HTTP API, in the
 * local database or, with --url and an admin token, through the API. A token's secret is
 * printed once, when it is made.
 */
class TokenCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::TokenCommands)
public:
    TokenCommands(Console &console, const GlobalOptions &globals);

    // arguments: what follows "token". Gives the exit code.
    int run(const QStringList &arguments);

    // One line for the list of commands.
    static QString summary();

private:
    int create(Session &session, const QStringList &arguments);
    int list(Session &session, const QStringList &arguments);
    int revoke(Session &session, const QStringList &arguments);
    void printToken(const Cairn::ApiToken &token, const QString &secret);

    Console &m_console;
    GlobalOptions m_globals;
};

} // namespace CairnCtl
