// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QStringList>

#include <functional>

namespace CairnCtl {

class Console;
class Session;

// One subcommand of a command group such as "node" or "event".
struct Subcommand
{
    QString name;
    std::function<int(const QStringList &)> handler;
    QString summary;
};

// Parses "GROUP [options] <subcommand> [<args>...]", with a --help that lists the
// subcommands, and runs the one named; usage errors name what was wrong.
int runSubcommand(Session &session, Console &console, const QString &group, const QString &summary,
                  const QList<Subcommand> &subcommands, const QStringList &arguments);

} // namespace CairnCtl
