// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodereadcommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "nodeprinter.h"
#include "session.h"

using Cairn::Error;

namespace CairnCtl {

NodeReadCommands::NodeReadCommands(Session &session) : m_session(session) { }

QString NodeReadCommands::querySyntax()
{
    return tr("A query is made of terms:\n"
              "  field=value        equal\n"
              "  field__op=value    op: lt, lte, gt, gte, ne, re (a regular expression),\n"
              "                     in, nin (comma-separated lists)\n"
              "  sort=field         sort=-field for descending order\n"
              "  limit=N offset=N   a page of the matching nodes (limit: 100 by default)\n"
              "A field is a node field (id, parent, kind, name, path, state, result, owner,\n"
              "created, updated, timeout, holdoff, revision) or a dotted path into data or\n"
              "artifacts (data.board.arch). A data value is typed as JSON reads it: 12 and\n"
              "1.5 are numbers, true and false booleans, \"12\" in double quotes a string.\n\n"
              "Example: kind=device data.arch=x86_64 sort=-created limit=10");
}

int NodeReadCommands::get(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node get"), QStringLiteral("[options] <id>"),
                         tr("Prints one node."));
    parser.addArgument(QStringLiteral("id"), tr("The node's id."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("a node id")))
        return *stop;
    if (const auto stop = m_session.openBackend())
        return *stop;

    const auto node = m_session.backend().node(parser.arguments().constFirst());
    if (!node)
        return m_session.console().fail(node.error());
    NodePrinter(m_session.console()).printNode(*node);
    return ExitOk;
}

int NodeReadCommands::find(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node find"), QStringLiteral("[options] [<term>...]"),
                         tr("Prints the nodes a query matches, and how many match in all.")
                                 + QStringLiteral("\n\n") + querySyntax());
    parser.addArgument(QStringLiteral("term"), tr("A query term."), QStringLiteral("[<term>...]"));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    const auto query = Cairn::NodeQuery::parse(parser.arguments());
    if (!query)
        return m_session.console().fail(query.error());
    if (const auto stop = m_session.openBackend())
        return *stop;

    const auto page = m_session.backend().findNodes(parser.arguments());
    if (!page)
        return m_session.console().fail(page.error());
    NodePrinter(m_session.console()).printPage(*page);
    return ExitOk;
}

int NodeReadCommands::tree(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node tree"), QStringLiteral("[options] <id>"),
                         tr("Prints a node and the nodes below it as a tree."));
    const QCommandLineOption depth(QStringLiteral("depth"),
                                   tr("How many levels below the node to show (-1: all)."),
                                   tr("levels"), QStringLiteral("-1"));
    parser.addOption(depth);
    parser.addArgument(QStringLiteral("id"), tr("The id of the node at the top."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("a node id")))
        return *stop;
    bool ok = false;
    const int levels = parser.value(depth).toInt(&ok);
    if (!ok || levels < -1)
        return m_session.console().fail(
                Error::invalid(QStringLiteral("--depth"),
                               tr("expected a number of levels, or -1 for all, got '%1'")
                                       .arg(parser.value(depth))));
    if (const auto stop = m_session.openBackend())
        return *stop;

    const QString id = parser.arguments().constFirst();
    const auto nodes = m_session.backend().subtree(id, levels);
    if (!nodes)
        return m_session.console().fail(nodes.error());
    NodePrinter(m_session.console()).printTree(*nodes, id);
    return ExitOk;
}

int NodeReadCommands::count(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node count"), QStringLiteral("[options] [<term>...]"),
                         tr("Prints how many nodes a query matches; all nodes without terms. "
                            "sort, limit and offset are ignored.")
                                 + QStringLiteral("\n\n") + querySyntax());
    parser.addArgument(QStringLiteral("term"), tr("A query term."), QStringLiteral("[<term>...]"));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    const auto query = Cairn::NodeQuery::parse(parser.arguments());
    if (!query)
        return m_session.console().fail(query.error());
    if (const auto stop = m_session.openBackend())
        return *stop;

    const auto total = m_session.backend().countNodes(parser.arguments());
    if (!total)
        return m_session.console().fail(total.error());
    NodePrinter(m_session.console()).printCount(*total);
    return ExitOk;
}

} // namespace CairnCtl
