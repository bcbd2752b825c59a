// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"
#include "nodesql_p.h"
#include "outbox_p.h"

#include <QCoreApplication>
#include <QHash>

#include <memory>

class QSqlQuery;

namespace Cairn {

class Database;
class SqlStatement;

/*
 * Writes nodes and their cairn.node.* events inside a transaction the caller holds, so that
 * the scheduler can change a queue row, its job node, the run node and their events all at
 * once. NodeStore does the same for callers that need no other table in the transaction;
 * the events are the same.
 *
 * The events of a transaction are held back and appended together, in order, by flush(),
 * which the caller must call before it commits: one statement then writes many events.
 */
class NodeWriter
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::NodeWriter)
public:
    // Create before the Transaction, so that the outbox's statements outlive it.
    NodeWriter(Database &database, const QString &source);

    // The outbox lock on PostgreSQL; take it first in the transaction, see JobQueue.
    Status lock();
    // Inserts node (id given, parent existing or inserted earlier through this writer).
    Result<Node> insert(const Node &node);
    Result<Node> get(const QString &id);
    // Writes changed over current (as read in this transaction) and its event.
    Result<Node> update(const Node &current, const Node &changed);
    // Appends the events held back; call it before the transaction commits.
    Status flush();

    // The error of a failed statement.
    static Error failure(const QSqlQuery &query);
    static Error failure(const SqlStatement &statement);
    // Binds NULL for an empty text, so that optional columns stay NULL.
    static void bindTextOrNull(SqlStatement &statement, int index, const QString &text);
    // Null for an empty text, so that optional columns stay NULL.
    static QVariant textOrNull(const QString &text);

private:
    std::shared_ptr<SqlStatement> statement(const QString &sql, Error *error);
    Status hold(const QString &type, const QString &subject, const QString &time,
                const QByteArray &data);

    Database &m_db;
    Outbox m_outbox;
    QList<Outbox::Entry> m_events; // held back until flush()
    QHash<QString, NodeSql::Placement> m_placements; // of nodes inserted or looked up as parents
};

} // namespace Cairn
