// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"
#include "jobrecord_p.h"
#include "nodewriter_p.h"
#include "runstate.h"

namespace Cairn {

/*
 * One write transaction of the queue and the helpers that work in it. The writers come
 * before the transaction, so that their statements outlive it (PostgreSQL refuses to free
 * a statement inside a failed transaction), and the outbox lock comes first in it.
 */
class QueueTransaction
{
public:
    QueueTransaction(Database &database, const QString &source, JobNodeCache *cache)
        : nodes(database, source),
          record(database, nodes, cache),
          runs(database, nodes, record),
          m_transaction(database)
    { }

    Status begin()
    {
        if (!m_transaction.isActive())
            return Error::database(m_transaction.errorString());
        return nodes.lock();
    }
    Status commit()
    {
        if (Status flushed = nodes.flush(); !flushed)
            return flushed;
        if (!m_transaction.commit())
            return Error::database(m_transaction.errorString());
        record.committed();
        return Done{};
    }

    // Runs work(*this) in a new transaction and commits what it returns unless an error.
    template<typename T, typename Work>
    static Result<T> run(Database &database, const QString &source, JobNodeCache *cache,
                         Work &&work)
    {
        QueueTransaction transaction(database, source, cache);
        if (Status begun = transaction.begin(); !begun)
            return begun.error();
        Result<T> result = work(transaction);
        if (!result)
            return result;
        if (Status committed = transaction.commit(); !committed)
            return committed.error();
        return result;
    }

    NodeWriter nodes;
    JobRecord record;
    RunState runs;

private:
    Transaction m_transaction;
};

} // namespace Cairn
