// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodecommands.h"

#include "console.h"
#include "nodereadcommands.h"
#include "nodewritecommands.h"
#include "session.h"
#include "subcommands.h"

#include <functional>

namespace CairnCtl {

NodeCommands::NodeCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString NodeCommands::summary()
{
    return tr("Create, read, query, update and delete nodes.");
}

int NodeCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    NodeReadCommands read(session);
    NodeWriteCommands write(session);
    const QList<Subcommand> subcommands{
            {QStringLiteral("add"), [&](const QStringList &rest) { return write.add(rest); },
             tr("Creates a node.")},
            {QStringLiteral("get"), [&](const QStringList &rest) { return read.get(rest); },
             tr("Prints one node.")},
            {QStringLiteral("find"), [&](const QStringList &rest) { return read.find(rest); },
             tr("Prints the nodes a query matches.")},
            {QStringLiteral("tree"), [&](const QStringList &rest) { return read.tree(rest); },
             tr("Prints a node and those below it.")},
            {QStringLiteral("count"), [&](const QStringList &rest) { return read.count(rest); },
             tr("Counts the nodes a query matches.")},
            {QStringLiteral("update"), [&](const QStringList &rest) { return write.update(rest); },
             tr("Changes fields of a node.")},
            {QStringLiteral("delete"), [&](const QStringList &rest) { return write.remove(rest); },
             tr("Deletes a node and everything below it.")},
    };

    return runSubcommand(session, m_console, QStringLiteral("node"), summary(), subcommands,
                         arguments);
}

} // namespace CairnCtl
