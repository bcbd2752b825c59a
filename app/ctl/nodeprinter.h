// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "node.h"
#include "nodestore.h"

#include <QCoreApplication>
#include <QHash>

namespace CairnCtl {

class Console;
class TextTable;

/*
 * Prints nodes the way the console asks for: readable text, or JSON for programs.
 */
class NodePrinter
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::NodePrinter)
public:
    explicit NodePrinter(Console &console);

    // Every field, one per line; data as indented JSON.
    void printNode(const Cairn::Node &node);
    // A table, one node per row, and a "3 of 17 nodes" footer.
    void printPage(const Cairn::NodePage &page);
    // nodes as NodeStore::descendants() gives them: parents before children.
    void printTree(const QList<Cairn::Node> &nodes, const QString &rootId);
    void printCount(qint64 count);
    void printDeleted(qint64 count);

    // The last eight hex digits of a UUIDv7: its first ones are the creation time, the same
    // for every node made in the same few days, while the last ones are random.
    static QString shortId(const QString &id);

private:
    using Children = QHash<QString, QList<const Cairn::Node *>>;

    void addTreeRows(TextTable &table, const Cairn::Node &node, const QString &branch,
                     const QString &indent, const Children &children) const;
    QJsonObject treeJson(const Cairn::Node &node, const Children &children) const;

    Console &m_console;
};

} // namespace CairnCtl
