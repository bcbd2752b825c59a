// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "queuedjob.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QStringList>
#include <QVariantList>

#include <optional>

namespace Cairn {

class Database;
class NodeWriter;

/*
 * The job nodes of unfinished jobs as a queue last committed them, so that the next
 * change of a job need not read its node back: a claim follows its queueing, an end its
 * claim. Only a hint: every node write is guarded by the revision it was read at, and one
 * that finds the node changed by someone else reads it and writes again. Filled only after
 * a commit, so a rolled-back write leaves nothing behind.
 */
class JobNodeCache
{
public:
    std::optional<Node> get(const QString &id) const;
    bool contains(const QString &id) const;
    // Keeps the nodes of unfinished jobs and forgets those of finished ones.
    void update(const QList<Node> &nodes);
    void remove(const QString &id);

private:
    // Beyond it new nodes are not kept: a large queue costs a read per change, as without.
    static constexpr qsizetype MaxNodes = 4096;
    mutable QMutex m_mutex;
    QHash<QString, Node> m_nodes;
};

/*
 * Reads queue rows and writes one job's change: its row, guarded by what it was, and its
 * job node with the event, inside the caller's transaction. JobQueue and RunState build on
 * it, so that a row and its node never tell different stories.
 */
class JobRecord
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobRecord)
public:
    enum class Change {
        Transition, // an edge of the job life cycle, see JobStates::canTransition()
        Retry, // a person queues a finished job again
    };
    // What the node gets besides the row's own fields.
    struct Extras
    {
        QJsonObject data; // merged into the node's data
        QJsonObject artifacts; // merged into its artifacts
        QJsonObject attempt; // appended to its data's "attempts": the record of one attempt
    };

    // cache, when not null, serves nodes instead of reading them; see commit().
    JobRecord(Database &database, NodeWriter &nodes, JobNodeCache *cache = nullptr);

    // The field of the Conflict of a write() whose row had changed: it wrote nothing.
    static inline const QString RowChanged = QStringLiteral("row");

    Result<QueuedJob> get(const QString &id);
    // The error of get() for a job that is not in the queue.
    static Error notFound(const QString &id);
    // The jobs of ids that are in the queue, by id; one statement per 64 of them.
    Result<QHash<QString, QueuedJob>> getMany(const QStringList &ids);
    // The jobs of a run in stage and declaration order.
    Result<QList<QueuedJob>> ofRun(const QString &runId);
    // "SELECT <columns> FROM jobs <rest>" with values bound in order.
    Result<QList<QueuedJob>> select(const QString &rest, const QVariantList &values);

    // Writes after over before, only if the row still has before's state, attempt and lease
    // owner (a Conflict otherwise, and nothing written), then the job node and its event.
    Result<Node> write(const QueuedJob &before, const QueuedJob &after,
                       Change change = Change::Transition, const Extras &extras = {});
    // Brings the job node in line with row, already written (a claim writes rows in bulk).
    Result<Node> writeNode(const QueuedJob &row, const Extras &extras = {});

    // Reads the job nodes of ids together, for the next write() or writeNode() of each of
    // them to use instead of reading it alone. Read them in the transaction that writes them.
    Status readNodes(const QStringList &ids);
    // Drops the nodes readNodes() read that no write used.
    void forgetNodes() { m_nodesRead.clear(); }
    // A job node inserted in this transaction, for the cache.
    void remember(const Node &node);
    // The transaction committed: the cache learns the nodes it wrote.
    void committed();

private:
    Database &m_db;
    NodeWriter &m_nodes;
    JobNodeCache *m_cache = nullptr;
    QHash<QString, Node> m_nodesRead; // by id, each used once
    QList<Node> m_written; // job nodes written in this transaction, in order
};

} // namespace Cairn
