// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"
#include "nodequery.h"

#include <QCoreApplication>
#include <QList>

namespace Cairn {

class Database;

// One page of a query, with the number of nodes that match in all.
struct NodePage
{
    QList<Node> nodes;
    qint64 total = 0;
    int limit = 0;
    qint64 offset = 0;
};

/*
 * Reads and writes nodes. Every create, update and delete writes its CloudEvent into the
 * events table in the same transaction (the outbox): no node change without its event, no
 * event without its change.
 */
class NodeStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::NodeStore)
public:
    explicit NodeStore(Database &database);

    // The CloudEvents "source" of the events this store writes.
    QString eventSource() const { return m_source; }
    void setEventSource(const QString &source) { m_source = source; }

    // Creates a node under an existing parent (or a root). The id may be given (a UUID);
    // path, revision, created and updated are the store's.
    Result<Node> create(const Node &node);
    // Creates many nodes in one transaction; a parent may be an earlier node of the batch.
    // Nothing is written unless all are.
    Result<QList<Node>> createBatch(const QList<Node> &nodes);
    // Creates a whole hierarchy in one transaction. Each object holds node fields and an
    // optional "children" array of the same form.
    Result<QList<Node>> insertTree(const QJsonObject &tree, const QString &parentId = {});

    Result<Node> get(const QString &id);
    // Writes node if node.revision is still the stored revision, else a Conflict and
    // nothing is written. id, parent, kind, name, path and created cannot change.
    Result<Node> update(const Node &node);
    // Deletes the node and everything below it; gives the number of nodes deleted.
    Result<qint64> remove(const QString &id);

    Result<QList<Node>> children(const QString &id);
    // The node and its descendants down to maxDepth levels below it (-1: all), parents
    // before children.
    Result<QList<Node>> descendants(const QString &id, int maxDepth = -1);
    // Every node whose path starts with path, parents before children.
    Result<QList<Node>> subtree(const QStringList &path, int maxDepth = -1);

    Result<NodePage> find(const NodeQuery &query);
    Result<qint64> count(const NodeQuery &query = {});

private:
    Database &m_db;
    QString m_source;
};

} // namespace Cairn
