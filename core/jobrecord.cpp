// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobrecord_p.h"

#include "database.h"
#include "nodesql_p.h"
#include "nodewriter_p.h"
#include "sqlselect_p.h"
#include "sqlstatement_p.h"

#include <QJsonArray>
#include <QSqlQuery>

namespace Cairn {

namespace {

constexpr qsizetype MaxIds = 64;

// Calls read(marks, values) for ids in chunks of at most MaxIds: marks is "?, ?, ..." and
// values the chunk's ids, padded with its last one to a power of two. So a few lengths come
// up, and a few statements to prepare and keep.
template<typename Read>
Status inChunks(const QStringList &ids, Read read)
{
    for (qsizetype from = 0; from < ids.size(); from += MaxIds) {
        const qsizetype count = qMin(MaxIds, ids.size() - from);
        qsizetype padded = 1;
        while (padded < count)
            padded *= 2;
        QStringList marks;
        QVariantList values;
        for (qsizetype i = 0; i < padded; ++i) {
            marks.append(QStringLiteral("?"));
            values.append(ids.at(from + qMin(i, count - 1)));
        }
        if (Status done = read(marks.join(QStringLiteral(", ")), values); !done)
            return done;
    }
    return Done{};
}

} // namespace

std::optional<Node> JobNodeCache::get(const QString &id) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_nodes.constFind(id);
    if (it == m_nodes.cend())
        return std::nullopt;
    return *it;
}

bool JobNodeCache::contains(const QString &id) const
{
    QMutexLocker lock(&m_mutex);
    return m_nodes.contains(id);
}

void JobNodeCache::update(const QList<Node> &nodes)
{
    QMutexLocker lock(&m_mutex);
    for (const Node &node : nodes) {
        // A finished job changes again only when somebody retries it.
        if (node.state == Node::State::Done)
            m_nodes.remove(node.id);
        else if (m_nodes.size() < MaxNodes || m_nodes.contains(node.id))
            m_nodes.insert(node.id, node);
    }
}

void JobNodeCache::remove(const QString &id)
{
    QMutexLocker lock(&m_mutex);
    m_nodes.remove(id);
}

JobRecord::JobRecord(Database &database, NodeWriter &nodes, JobNodeCache *cache)
    : m_db(database), m_nodes(nodes), m_cache(cache)
{ }

void JobRecord::remember(const Node &node)
{
    if (m_cache)
        m_written.append(node);
}

void JobRecord::committed()
{
    if (m_cache)
        m_cache->update(m_written);
    m_written.clear();
}

Result<QList<QueuedJob>> JobRecord::select(const QString &rest, const QVariantList &values)
{
    return selectStatementRows(
            m_db,
            QStringLiteral("SELECT ") + QueuedJob::columns() + QStringLiteral(" FROM jobs ") + rest,
            values, [](const SqlStatement &row) { return QueuedJob::read(row); });
}

Result<QueuedJob> JobRecord::get(const QString &id)
{
    Result<QList<QueuedJob>> jobs = select(QStringLiteral("WHERE id = ?"), {id});
    if (!jobs)
        return jobs.error();
    if (jobs->isEmpty())
        return notFound(id);
    return jobs->first();
}

Error JobRecord::notFound(const QString &id)
{
    return Error::notFound(tr("There is no job %1 in the queue.").arg(id));
}

Result<QHash<QString, QueuedJob>> JobRecord::getMany(const QStringList &ids)
{
    QHash<QString, QueuedJob> jobs;
    const Status read = inChunks(ids, [&](const QString &marks, const QVariantList &values) {
        Result<QList<QueuedJob>> rows = select(
                QStringLiteral("WHERE id IN (") + marks + QLatin1Char(')'), values);
        if (!rows)
            return Status(rows.error());
        for (QueuedJob &row : *rows)
            jobs.insert(row.id, std::move(row));
        return Status(Done{});
    });
    if (!read)
        return read.error();
    return jobs;
}

Status JobRecord::readNodes(const QStringList &all)
{
    QStringList ids;
    ids.reserve(all.size());
    for (const QString &id : all) {
        if (!m_cache || !m_cache->contains(id))
            ids.append(id);
    }
    return inChunks(ids, [&](const QString &marks, const QVariantList &values) {
        Result<QList<Node>> nodes = selectStatementRows(
                m_db,
                QStringLiteral("SELECT ") + NodeSql::columns()
                        + QStringLiteral(" FROM nodes WHERE id IN (") + marks + QLatin1Char(')'),
                values, [](const SqlStatement &row) { return NodeSql::readNode(row); });
        if (!nodes)
            return Status(nodes.error());
        for (Node &node : *nodes)
            m_nodesRead.insert(node.id, std::move(node));
        return Status(Done{});
    });
}

Result<QList<QueuedJob>> JobRecord::ofRun(const QString &runId)
{
    return select(QStringLiteral("WHERE run_id = ? ORDER BY stage_index, job_order"), {runId});
}

/*!
    Writes the change from \a before to \a after. The guard on before's state, attempt and
    lease owner makes every transition happen once: of two schedulers or supervisors that
    saw the same attempt end, the second finds the row changed and writes nothing.
*/
Result<Node> JobRecord::write(const QueuedJob &before, const QueuedJob &after, Change change,
                              const Extras &extras)
{
    if (before.state != after.state) {
        const bool allowed = change == Change::Retry
                ? JobStates::canRetry(before.state) && after.state == JobState::Ready
                : JobStates::canTransition(before.state, after.state);
        if (!allowed)
            return Error::invalid(QStringLiteral("state"),
                                  tr("Job %1 cannot go from %2 to %3.")
                                          .arg(before.name, JobStates::name(before.state),
                                               JobStates::name(after.state)));
    }
    QString why;
    const auto query = m_db.statement(
            QStringLiteral("UPDATE jobs SET state = ?, result = ?, stage_open = ?, attempt = ?, "
                           "max_attempts = ?, lease_owner = ?, complete_by = ?, heartbeat = ?, "
                           "started = ?, ended = ?, exit_code = ?, failure = ? WHERE id = ? AND "
                           "state = ? AND attempt = ? AND COALESCE(lease_owner, '') = ?"),
            &why);
    if (!query)
        return Error::database(why);
    query->bind(0, JobStates::name(after.state));
    if (after.result == Node::Outcome::None)
        query->bindNull(1);
    else
        query->bind(1, Node::outcomeName(after.result));
    query->bind(2, after.stageOpen ? 1 : 0);
    query->bind(3, after.attempt);
    query->bind(4, after.maxAttempts);
    NodeWriter::bindTextOrNull(*query, 5, after.leaseOwner);
    NodeWriter::bindTextOrNull(*query, 6, Node::timeToText(after.completeBy));
    NodeWriter::bindTextOrNull(*query, 7, Node::timeToText(after.heartbeat));
    NodeWriter::bindTextOrNull(*query, 8, Node::timeToText(after.started));
    NodeWriter::bindTextOrNull(*query, 9, Node::timeToText(after.ended));
    if (after.exitCode)
        query->bind(10, *after.exitCode);
    else
        query->bindNull(10);
    NodeWriter::bindTextOrNull(*query, 11, after.failure);
    query->bind(12, before.id);
    query->bind(13, JobStates::name(before.state));
    query->bind(14, before.attempt);
    // A null QString would bind NULL, which equals nothing.
    query->bind(15, before.leaseOwner.isNull() ? QStringLiteral("") : before.leaseOwner);
    if (!query->exec())
        return NodeWriter::failure(*query);
    if (query->rowsAffected() != 1) {
        Error changed = Error::conflict(
                tr("Job %1 changed meanwhile: attempt %2 is no longer %3 by %4.")
                        .arg(before.name)
                        .arg(before.attempt)
                        .arg(JobStates::name(before.state), before.leaseOwner));
        changed.field = RowChanged; // nothing was written
        return changed;
    }
    return writeNode(after, extras);
}

Result<Node> JobRecord::writeNode(const QueuedJob &row, const Extras &extras)
{
    const auto changed = [&](const Node &current) {
        Node node = row.applyTo(current);
        for (auto it = extras.data.constBegin(); it != extras.data.constEnd(); ++it)
            node.data.insert(it.key(), it.value());
        for (auto it = extras.artifacts.constBegin(); it != extras.artifacts.constEnd(); ++it)
            node.artifacts.insert(it.key(), it.value());
        if (!extras.attempt.isEmpty()) {
            QJsonArray attempts = node.data.value(QStringLiteral("attempts")).toArray();
            attempts.append(extras.attempt);
            node.data.insert(QStringLiteral("attempts"), attempts);
        }
        return node;
    };
    // A node read ahead is current until it is written, so it serves once; one the cache
    // holds is current unless somebody else wrote it since, which the revision tells.
    std::optional<Node> cached;
    Result<Node> current = Error::notFound(QString());
    if (m_nodesRead.contains(row.id))
        current = m_nodesRead.take(row.id);
    else if (m_cache && (cached = m_cache->get(row.id)))
        current = *cached;
    else
        current = m_nodes.get(row.id);
    if (!current)
        return current.error();
    Result<Node> written = m_nodes.update(*current, changed(*current));
    if (!written && cached && written.error().code == Error::Conflict) {
        m_cache->remove(row.id);
        current = m_nodes.get(row.id);
        if (!current)
            return current.error();
        written = m_nodes.update(*current, changed(*current));
    }
    if (written)
        remember(*written);
    return written;
}

} // namespace Cairn
