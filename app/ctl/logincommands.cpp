// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "logincommands.h"

#include "commandparser.h"
#include "console.h"
#include "loginstore.h"
#include "remotebackend.h"
#include "secretstore.h"
#include "session.h"

#include <QFile>
#include <QTextStream>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

using Cairn::Error;
using Cairn::LoginStore;

namespace CairnCtl {

LoginCommands::LoginCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString LoginCommands::loginSummary()
{
    return tr("Keeps the token for a cairnd's URL, for --url.");
}

QString LoginCommands::logoutSummary()
{
    return tr("Forgets the token kept for a cairnd's URL.");
}

QString LoginCommands::readToken(const QString &url)
{
    m_console.out().flush();
    QTextStream in(stdin, QIODeviceBase::ReadOnly);
    if (!isatty(STDIN_FILENO))
        return in.readLine().trimmed();

    QTextStream err(stderr, QIODeviceBase::WriteOnly);
    err << tr("Token for %1: ").arg(url) << Qt::flush;
    termios saved{};
    const bool quiet = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (quiet) {
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    const QString token = in.readLine().trimmed();
    if (quiet)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    // The Enter that ended the token was not echoed.
    err << Qt::endl;
    return token;
}

int LoginCommands::login(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    CommandParser parser(
            QStringLiteral("login"), QStringLiteral("--url <url> [options]"),
            tr("Reads a token of cairnd's HTTP API, typed without echo at a terminal or piped\n"
               "in, checks it with the cairnd at --url, and keeps it for the commands that\n"
               "run with that --url: in the keychain, or where no keychain service answers\n"
               "(a headless machine), in %1, readable by its owner only.\n"
               "$CAIRN_SECRETS (keychain, or file:PATH) names the one place to use instead.\n"
               "$CAIRN_TOKEN, when set, goes before what login kept.")
                    .arg(Cairn::SecretStore::defaultFile()));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 0, 0, QString()))
        return *stop;
    const QString url = session.url();
    if (url.isEmpty())
        return m_console.usageError(tr("--url is needed: the cairnd to log in to"),
                                    parser.command());

    const QString token = readToken(url);
    if (token.isEmpty())
        return m_console.fail(Error::invalid(QStringLiteral("token"), tr("none was given")));
    RemoteBackend backend(url, session.caFile());
    backend.setToken(token);
    if (const Cairn::Status opened = backend.open(); !opened)
        return m_console.fail(opened.error());
    // Any request that needs a token tells whether cairnd takes this one.
    if (const auto checked = backend.lastEventSequence(); !checked)
        return m_console.fail(checked.error());
    const auto kept = LoginStore::save(QUrl(url), token);
    if (!kept)
        return m_console.fail(kept.error());
    m_console.out() << tr("Logged in to %1; the token is kept in %2.").arg(url, *kept) << u'\n';
    return ExitOk;
}

int LoginCommands::logout(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    CommandParser parser(QStringLiteral("logout"), QStringLiteral("--url <url> [options]"),
                         tr("Forgets the token that 'cairnctl login' kept for the cairnd at "
                            "--url. The token stays valid: 'cairnctl token revoke' revokes it."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 0, 0, QString()))
        return *stop;
    const QString url = session.url();
    if (url.isEmpty())
        return m_console.usageError(tr("--url is needed: the cairnd to log out of"),
                                    parser.command());
    const auto removed = LoginStore::remove(QUrl(url));
    if (!removed)
        return m_console.fail(removed.error());
    m_console.out() << tr("Logged out of %1: its token was removed from %2.").arg(url, *removed)
                    << u'\n';
    return ExitOk;
}

} // namespace CairnCtl
