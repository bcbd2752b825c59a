// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodeprinter.h"

#include "console.h"
#include "texttable.h"

#include <QJsonArray>

#include <algorithm>

using Cairn::Node;

namespace CairnCtl {

namespace {

// "-" rather than "none", so that a node with a result stands out in a column.
QString resultText(Node::Outcome outcome)
{
    return outcome == Node::Outcome::None ? QStringLiteral("-") : Node::outcomeName(outcome);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? Node::timeToText(time) : QStringLiteral("-");
}

} // namespace

NodePrinter::NodePrinter(Console &console) : m_console(console) { }

void NodePrinter::printNode(const Node &node)
{
    if (m_console.json()) {
        m_console.printJson(QJsonDocument(node.toJson()));
        return;
    }

    const QList<std::pair<QString, QString>> fields{
            {QStringLiteral("id"), node.id},
            {QStringLiteral("parent"), Console::orDash(node.parent)},
            {QStringLiteral("kind"), node.kind},
            {QStringLiteral("name"), node.name},
            {QStringLiteral("path"), node.path.join(u'/')},
            {QStringLiteral("state"), Node::stateName(node.state)},
            {QStringLiteral("result"), resultText(node.result)},
            {QStringLiteral("owner"), Console::orDash(node.owner)},
            {QStringLiteral("revision"), QString::number(node.revision)},
            {QStringLiteral("created"), timeText(node.created)},
            {QStringLiteral("updated"), timeText(node.updated)},
            {QStringLiteral("timeout"), timeText(node.timeout)},
            {QStringLiteral("holdoff"), timeText(node.holdoff)},
    };
    constexpr int KeyWidth = 11;
    m_console.printFields(fields, KeyWidth);
    QTextStream &out = m_console.out();

    out << QStringLiteral("artifacts:");
    if (node.artifacts.isEmpty())
        out << QString(KeyWidth - 10, u' ') << u'-';
    const QStringList names = node.artifacts.keys();
    for (const QString &name : names)
        out << QStringLiteral("\n  ") << name << QStringLiteral(": ")
            << node.artifacts.value(name).toString();
    out << u'\n';

    out << QStringLiteral("data:");
    if (node.data.isEmpty())
        out << QString(KeyWidth - 5, u' ') << QStringLiteral("{}");
    else
        out << u'\n'
            << Console::indented(QJsonDocument(node.data).toJson(QJsonDocument::Indented),
                                 QStringLiteral("  "));
    out << u'\n';
}

void NodePrinter::printPage(const Cairn::NodePage &page)
{
    if (m_console.json()) {
        QJsonArray items;
        for (const Node &node : page.nodes)
            items.append(node.toJson());
        m_console.printJson(QJsonDocument(QJsonObject{
                {QStringLiteral("items"), items},
                {QStringLiteral("total"), page.total},
                {QStringLiteral("limit"), page.limit},
                {QStringLiteral("offset"), page.offset},
        }));
        return;
    }

    QTextStream &out = m_console.out();
    if (!page.nodes.isEmpty()) {
        TextTable table;
        table.setHeader(
                {tr("ID"), tr("KIND"), tr("NAME"), tr("STATE"), tr("RESULT"), tr("UPDATED")});
        for (const Node &node : page.nodes)
            table.addRow({node.id, node.kind, node.name, Node::stateName(node.state),
                          resultText(node.result), timeText(node.updated)});
        table.print(out);
    }
    QString footer = page.total == 1 ? tr("%1 of 1 node").arg(page.nodes.size())
                                     : tr("%1 of %2 nodes").arg(page.nodes.size()).arg(page.total);
    if (page.offset > 0)
        footer += u' ' + tr("(from offset %1)").arg(page.offset);
    out << footer << u'\n';
}

void NodePrinter::printTree(const QList<Node> &nodes, const QString &rootId)
{
    if (nodes.isEmpty())
        return;
    const Node *root = &nodes.constFirst();
    Children children;
    for (const Node &node : nodes) {
        if (node.id == rootId)
            root = &node;
        else
            children[node.parent].append(&node);
    }
    // UUIDv7 ids sort in creation order, which reads better than the order of the query.
    for (auto &list : children)
        std::sort(list.begin(), list.end(),
                  [](const Node *a, const Node *b) { return a->id < b->id; });

    if (m_console.json()) {
        m_console.printJson(QJsonDocument(treeJson(*root, children)));
        return;
    }
    TextTable table;
    addTreeRows(table, *root, QString(), QString(), children);
    table.print(m_console.out());
}

void NodePrinter::printCount(qint64 count)
{
    if (m_console.json())
        m_console.printJson(QJsonDocument(QJsonObject{{QStringLiteral("count"), count}}));
    else
        m_console.out() << count << u'\n';
}

void NodePrinter::printDeleted(qint64 count)
{
    if (m_console.json())
        m_console.printJson(QJsonDocument(QJsonObject{{QStringLiteral("deleted"), count}}));
    else
        m_console.out() << (count == 1 ? tr("Deleted 1 node.") : tr("Deleted %1 nodes.").arg(count))
                        << u'\n';
}

QString NodePrinter::shortId(const QString &id)
{
    return id.right(8);
}

void NodePrinter::addTreeRows(TextTable &table, const Node &node, const QString &branch,
                              const QString &indent, const Children &children) const
{
    table.addRow({branch + node.name, node.kind, Node::stateName(node.state),
                  resultText(node.result), shortId(node.id)});
    const QList<const Node *> below = children.value(node.id);
    for (qsizetype i = 0; i < below.size(); ++i) {
        const bool last = i == below.size() - 1;
        addTreeRows(table, *below.at(i),
                    indent + (last ? QStringLiteral("└── ") : QStringLiteral("├── ")),
                    indent + (last ? QStringLiteral("    ") : QStringLiteral("│   ")), children);
    }
}

QJsonObject NodePrinter::treeJson(const Node &node, const Children &children) const
{
    QJsonArray below;
    for (const Node *child : children.value(node.id))
        below.append(treeJson(*child, children));
    QJsonObject json = node.toJson();
    json.insert(QStringLiteral("children"), below);
    return json;
}

} // namespace CairnCtl
