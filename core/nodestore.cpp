// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodestore.h"
#include "sqlselect_p.h"

#include "database.h"
#include "logging.h"
#include "nodesql_p.h"
#include "nodewriter_p.h"
#include "outbox_p.h"
#include "uuid7.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>

namespace Cairn {

namespace {

const QString Deleted = QStringLiteral("cairn.node.deleted");

Error failure(const QSqlQuery &query)
{
    return NodeWriter::failure(query);
}

Error transactionFailure(const Transaction &transaction)
{
    return Error::database(transaction.errorString());
}

// The nodes that "SELECT <columns> FROM nodes <rest>" gives with values bound in order.
Result<QList<Node>> selectNodes(Database &db, const QString &rest, const QVariantList &values)
{
    return selectRows(db,
                      QStringLiteral("SELECT ") + NodeSql::columns()
                              + QStringLiteral(" FROM nodes ") + rest,
                      values, [](const QSqlQuery &query) { return NodeSql::readNode(query); });
}

} // namespace

NodeStore::NodeStore(Database &database)
    : m_db(database),
      m_source(QStringLiteral("cairn://") + QHostInfo::localHostName() + QStringLiteral("/nodes"))
{ }

/*!
    Creates node and writes its cairn.node.created event, both or neither. The parent, when
    given, must exist.
*/
Result<Node> NodeStore::create(const Node &node)
{
    Result<QList<Node>> created = createBatch({node});
    if (!created)
        return created.error();
    return created->first();
}

/*!
    Creates nodes in one transaction, in order; a node's parent may be an earlier node of the
    batch (give it an id with createUuid7()). Nothing is written unless everything is.
*/
Result<QList<Node>> NodeStore::createBatch(const QList<Node> &nodes)
{
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        if (Status valid = nodes.at(i).validate(); !valid)
            return valid.error();
    }
    NodeWriter writer(m_db, m_source); // before the transaction, see NodeWriter
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return transactionFailure(transaction);
    if (Status locked = writer.lock(); !locked)
        return locked.error();
    QList<Node> created;
    created.reserve(nodes.size());
    for (const Node &input : nodes) {
        Node node = input;
        if (node.id.isEmpty())
            node.id = createUuid7();
        Result<Node> inserted = writer.insert(node);
        if (!inserted)
            return inserted.error();
        created.append(*inserted);
    }
    if (Status flushed = writer.flush(); !flushed)
        return flushed.error();
    if (!transaction.commit())
        return transactionFailure(transaction);
    return created;
}

/*!
    Creates the hierarchy tree under parentId (or as a new root) in one transaction. Each
    object holds node fields and may hold "children", an array of objects of the same form.
    The nodes come back parents first.
*/
Result<QList<Node>> NodeStore::insertTree(const QJsonObject &tree, const QString &parentId)
{
    QList<Node> nodes;
    // Depth-first, so that each parent precedes its children; paths name the bad member.
    std::function<Status(const QJsonObject &, const QString &, const QString &)> flatten =
            [&](const QJsonObject &object, const QString &parent, const QString &where) -> Status {
        QJsonObject fields = object;
        const QJsonValue children = fields.take(QStringLiteral("children"));
        Result<Node> node = Node::fromJson(fields);
        if (!node) {
            Error error = node.error();
            error.field = where + error.field;
            return error;
        }
        if (!node->parent.isEmpty() && node->parent != parent)
            return Error::invalid(where + QStringLiteral("parent"),
                                  tr("is given by the place in the tree"));
        node->parent = parent;
        if (node->id.isEmpty())
            node->id = createUuid7();
        if (Status valid = node->validate(); !valid) {
            Error error = valid.error();
            error.field = where + error.field;
            return error;
        }
        nodes.append(*node);
        if (children.isUndefined() || children.isNull())
            return Done{};
        if (!children.isArray())
            return Error::invalid(where + QStringLiteral("children"), tr("must be an array"));
        const QJsonArray list = children.toArray();
        const QString id = node->id;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = where + QStringLiteral("children[%1].").arg(i);
            if (!list.at(i).isObject())
                return Error::invalid(at.chopped(1), tr("must be an object"));
            if (Status s = flatten(list.at(i).toObject(), id, at); !s)
                return s;
        }
        return Done{};
    };
    if (Status s = flatten(tree, parentId, QString()); !s)
        return s.error();
    return createBatch(nodes);
}

Result<Node> NodeStore::get(const QString &id)
{
    Result<QList<Node>> nodes = selectNodes(m_db, QStringLiteral("WHERE id = ?"), {id});
    if (!nodes)
        return nodes.error();
    if (nodes->isEmpty())
        return Error::notFound(tr("There is no node %1.").arg(id));
    return nodes->first();
}

/*!
    Writes node when node.revision is the stored revision (optimistic concurrency): a stale
    revision is a Conflict and nothing is written. The state must follow the node life cycle.
    The cairn.node.updated event carries the node and its previous state and result.
*/
Result<Node> NodeStore::update(const Node &node)
{
    if (Status valid = node.validate(); !valid)
        return valid.error();
    NodeWriter writer(m_db, m_source); // before the transaction, see NodeWriter
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return transactionFailure(transaction);
    if (Status locked = writer.lock(); !locked)
        return locked.error();
    Result<Node> current = writer.get(node.id);
    if (!current)
        return current.error();
    if (current->revision != node.revision)
        return Error::conflict(tr("Node %1 is at revision %2, not %3: it changed since it was "
                                  "read.")
                                       .arg(node.id)
                                       .arg(current->revision)
                                       .arg(node.revision));
    const auto immutable = [&](const char *field, const QString &now, const QString &was) {
        return now == was ? QString() : QString::fromLatin1(field);
    };
    for (const QString &field : {immutable("parent", node.parent, current->parent),
                                 immutable("kind", node.kind, current->kind),
                                 immutable("name", node.name, current->name)}) {
        if (!field.isEmpty())
            return Error::invalid(field, tr("cannot change once the node exists"));
    }
    if (!Node::canTransition(current->state, node.state))
        return Error::invalid(
                QStringLiteral("state"),
                tr("cannot go from %1 to %2")
                        .arg(Node::stateName(current->state), Node::stateName(node.state)));
    Result<Node> updated = writer.update(*current, node);
    if (!updated)
        return updated.error();
    if (Status flushed = writer.flush(); !flushed)
        return flushed.error();
    if (!transaction.commit())
        return transactionFailure(transaction);
    return updated;
}

/*!
    Deletes the node with id and its whole subtree, writing a cairn.node.deleted event for
    every node, children before their parents.
*/
Result<qint64> NodeStore::remove(const QString &id)
{
    Outbox outbox(m_db, m_source); // before the transaction, see NodeWriter
    QSqlQuery query(m_db.connection());
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return transactionFailure(transaction);
    Result<QList<Node>> doomed = descendants(id);
    if (!doomed)
        return doomed.error();

    QString why;
    if (!outbox.lock(&why))
        return Error::database(why);
    for (auto it = doomed->crbegin(); it != doomed->crend(); ++it) {
        if (!outbox.append(Deleted, it->id, it->toJson(), &why))
            return Error::database(why);
    }
    // The foreign key cascades from the root to its whole subtree.
    query.prepare(QStringLiteral("DELETE FROM nodes WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec())
        return failure(query);
    if (!transaction.commit())
        return transactionFailure(transaction);
    return qint64(doomed->size());
}

Result<QList<Node>> NodeStore::children(const QString &id)
{
    // The parent first: it tells a leaf from a node that does not exist, and its path is
    // every child's path but the last name.
    Result<Node> parent = get(id);
    if (!parent)
        return parent.error();
    QString why;
    const std::shared_ptr<QSqlQuery> query = m_db.cachedQuery(
            QStringLiteral("SELECT ") + NodeSql::childColumns()
                    + QStringLiteral(" FROM nodes WHERE parent = ? ORDER BY id"),
            &why);
    if (!query)
        return Error::database(why);
    query->bindValue(0, id);
    if (!query->exec())
        return failure(*query);
    QList<Node> nodes;
    while (query->next())
        nodes.append(NodeSql::readChild(*query, parent->path));
    query->finish();
    return nodes;
}

Result<QList<Node>> NodeStore::descendants(const QString &id, int maxDepth)
{
    QSqlQuery root(m_db.connection());
    root.prepare(QStringLiteral("SELECT lineage, depth FROM nodes WHERE id = ?"));
    root.addBindValue(id);
    if (!root.exec())
        return failure(root);
    if (!root.next())
        return Error::notFound(tr("There is no node %1.").arg(id));
    const QString lineage = root.value(0).toString();
    const int depth = root.value(1).toInt();
    root.finish();

    QString rest = QStringLiteral("WHERE lineage >= ? AND lineage < ?");
    QVariantList values = {lineage, NodeSql::prefixEnd(lineage)};
    if (maxDepth >= 0) {
        rest += QStringLiteral(" AND depth <= ?");
        values.append(depth + maxDepth);
    }
    return selectNodes(m_db, rest + QStringLiteral(" ORDER BY depth, id"), values);
}

Result<QList<Node>> NodeStore::subtree(const QStringList &path, int maxDepth)
{
    if (path.isEmpty())
        return Error::invalid(QStringLiteral("path"), tr("is empty"));
    const QString text = NodeSql::pathToText(path);
    const QString below = text + QLatin1Char('/');
    QString rest = QStringLiteral("WHERE (path = ? OR (path >= ? AND path < ?))");
    QVariantList values = {text, below, NodeSql::prefixEnd(below)};
    if (maxDepth >= 0) {
        rest += QStringLiteral(" AND depth <= ?");
        values.append(int(path.size()) - 1 + maxDepth);
    }
    return selectNodes(m_db, rest + QStringLiteral(" ORDER BY depth, id"), values);
}

/*!
    The page of nodes that query selects, with the number that match in all.
*/
Result<NodePage> NodeStore::find(const NodeQuery &query)
{
    const NodeSql::Where where = NodeSql::where(query, m_db.dialect());
    QVariantList values = where.values;
    values << query.limit() << query.offset();
    Result<QList<Node>> nodes = selectNodes(m_db,
                                            where.sql + NodeSql::orderBy(query, m_db.dialect())
                                                    + QStringLiteral(" LIMIT ? OFFSET ?"),
                                            values);
    if (!nodes)
        return nodes.error();
    NodePage page;
    page.nodes = std::move(*nodes);
    page.limit = query.limit();
    page.offset = query.offset();

    // A page that is not full and not past the end tells the total without counting.
    if (page.nodes.size() < query.limit() && (query.offset() == 0 || !page.nodes.isEmpty())) {
        page.total = query.offset() + page.nodes.size();
        return page;
    }
    Result<qint64> total = count(query);
    if (!total)
        return total.error();
    page.total = *total;
    return page;
}

Result<qint64> NodeStore::count(const NodeQuery &query)
{
    const NodeSql::Where where = NodeSql::where(query, m_db.dialect());
    QSqlQuery select(m_db.connection());
    select.prepare(QStringLiteral("SELECT COUNT(*) FROM nodes") + where.sql);
    for (const QVariant &value : where.values)
        select.addBindValue(value);
    if (!select.exec())
        return failure(select);
    if (!select.next())
        return Error::database(select.lastError().text());
    return select.value(0).toLongLong();
}

} // namespace Cairn
