// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"
#include "node.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QStringList>

#include <optional>

namespace Cairn {

class Database;

/*
 * A database that mirrors another Cairn: its nodes written as the other side has them (ids,
 * times and revisions kept), its events appended with their own ids, sources and times, and
 * the sequence of the last of its events applied. Each batch is one transaction, the cursor
 * included, so that a copy interrupted at any point resumes from where it stands.
 *
 * The bus on the database delivers what a batch appends once it commits, so that the item
 * models read a node after the event that tells of it, as they do on a database of their own.
 * A job node also writes the job queue's row that its data and its run's tell of, for what
 * reads the queue (the jobs of a run); no scheduler may run on a mirror.
 */
class MirrorStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::MirrorStore)
public:
    // source: that of the events written for changes that no event of the other side tells
    // of, such as the nodes of a full copy.
    MirrorStore(Database &database, const QString &source);

    struct Cursor
    {
        QString remote; // empty: this database mirrors nothing yet
        qint64 sequence = 0; // of the last event of the remote applied
    };
    Result<Cursor> cursor();
    // Forgets every node and event and starts mirroring remote from nothing.
    Status reset(const QString &remote);

    // Changes to apply together, in order.
    class Batch
    {
    public:
        // Writes node unless the copy holds it at this revision or a later one. announce:
        // writes a cairn.node.created or cairn.node.updated event of the store's source.
        void put(const Node &node, bool announce);
        // Deletes the node and its subtree, if the copy holds it.
        void remove(const QString &id, bool announce);
        // Appends an event of the remote, unless one with its id is there already.
        void append(const CloudEvent &event);
        // The sequence of the last remote event this batch applies.
        void setSequence(qint64 sequence) { m_sequence = sequence; }

        bool isEmpty() const { return m_steps.isEmpty() && !m_sequence; }
        qsizetype size() const { return m_steps.size(); }

    private:
        friend class MirrorStore;
        struct Step
        {
            enum class Kind { Put, Remove, Append };
            Kind kind;
            Node node; // Put
            QString id; // Remove
            CloudEvent event; // Append
            bool announce = false;
        };
        QList<Step> m_steps;
        std::optional<qint64> m_sequence;
    };

    struct Outcome
    {
        int written = 0; // nodes
        int removed = 0; // nodes, subtrees counted in full
        int appended = 0; // events of the remote
        QList<Node> orphans; // nodes not written: their parent is not in the copy (yet)
    };
    Result<Outcome> apply(const Batch &batch);

    // The revisions of the copy's nodes with after < id <= upTo (no upper bound when upTo is
    // empty), by id: what a page of the remote's nodes in id order is compared with.
    Result<QHash<QString, qint64>> revisions(const QString &after, const QString &upTo);

private:
    Database &m_db;
    QString m_source;
};

} // namespace Cairn
