// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mirrorstore.h"

#include "database.h"
#include "nodesql_p.h"
#include "nodewriter_p.h"
#include "outbox_p.h"
#include "queuedjob.h"
#include "sqlselect_p.h"
#include "uuid7.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

namespace {

const QString Created = QStringLiteral("cairn.node.created");
const QString Updated = QStringLiteral("cairn.node.updated");
const QString Deleted = QStringLiteral("cairn.node.deleted");

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QVariant outcomeOrNull(Node::Outcome outcome)
{
    return outcome == Node::Outcome::None ? QVariant(QMetaType::fromType<QString>())
                                          : QVariant(Node::outcomeName(outcome));
}

// '' for none: the queue's text columns are NOT NULL.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QVariant timeOrNull(const QDateTime &time)
{
    return NodeWriter::textOrNull(Node::timeToText(time));
}

// A node row as far as a put needs it.
struct Stored
{
    qint64 revision = 0;
    NodeSql::Placement place;
};

/*
 * The statements of one apply(), on the transaction's connection.
 */
class Writer
{
public:
    Writer(Database &db, Outbox &outbox) : m_db(db), m_outbox(outbox) { }

    Result<std::optional<Stored>> stored(const QString &id)
    {
        QSqlQuery query(m_db.connection());
        query.prepare(
                QStringLiteral("SELECT revision, path, lineage, depth FROM nodes WHERE id = ?"));
        query.addBindValue(id);
        if (!query.exec())
            return NodeWriter::failure(query);
        if (!query.next())
            return std::optional<Stored>();
        return std::optional<Stored>(Stored{
                query.value(0).toLongLong(),
                {query.value(1).toString(), query.value(2).toString(), query.value(3).toInt()}});
    }

    // Whether node was written; Error for a failed statement. *orphan: the parent is missing.
    Result<bool> put(const Node &node, bool announce, bool *orphan)
    {
        *orphan = false;
        Result<std::optional<Stored>> current = stored(node.id);
        if (!current)
            return current.error();
        if (*current && (*current)->revision >= node.revision)
            return false;
        const QString data = jsonText(node.data);
        const QString artifacts = jsonText(node.artifacts);
        const QString json = NodeSql::jsonParameter(m_db.dialect());
        QSqlQuery query(m_db.connection());
        QString path;
        if (*current) {
            path = (*current)->place.path;
            query.prepare(QStringLiteral("UPDATE nodes SET state = ?, result = ?, data = ") + json
                          + QStringLiteral(", artifacts = ") + json
                          + QStringLiteral(", owner = ?, created = ?, updated = ?, timeout = ?, "
                                           "holdoff = ?, revision = ? WHERE id = ?"));
            query.addBindValue(Node::stateName(node.state));
            query.addBindValue(outcomeOrNull(node.result));
            query.addBindValue(data);
            query.addBindValue(artifacts);
            query.addBindValue(NodeWriter::textOrNull(node.owner));
            query.addBindValue(Node::timeToText(node.created));
            query.addBindValue(Node::timeToText(node.updated));
            query.addBindValue(timeOrNull(node.timeout));
            query.addBindValue(timeOrNull(node.holdoff));
            query.addBindValue(node.revision);
            query.addBindValue(node.id);
        } else {
            std::optional<NodeSql::Placement> parent;
            if (!node.parent.isEmpty()) {
                Result<std::optional<Stored>> above = stored(node.parent);
                if (!above)
                    return above.error();
                if (!*above) {
                    *orphan = true;
                    return false;
                }
                parent = (*above)->place;
            }
            const NodeSql::Placement place = NodeSql::placeUnder(parent ? &*parent : nullptr, node);
            path = place.path;
            query.prepare(
                    QStringLiteral("INSERT INTO nodes (id, parent, kind, name, path, lineage, "
                                   "depth, state, result, data, artifacts, owner, created, "
                                   "updated, timeout, holdoff, revision) VALUES (?, ?, ?, "
                                   "?, ?, ?, ?, ?, ?, ")
                    + json + QStringLiteral(", ") + json + QStringLiteral(", ?, ?, ?, ?, ?, ?)"));
            query.addBindValue(node.id);
            query.addBindValue(NodeWriter::textOrNull(node.parent));
            query.addBindValue(node.kind);
            query.addBindValue(node.name);
            query.addBindValue(place.path);
            query.addBindValue(place.lineage);
            query.addBindValue(place.depth);
            query.addBindValue(Node::stateName(node.state));
            query.addBindValue(outcomeOrNull(node.result));
            query.addBindValue(data);
            query.addBindValue(artifacts);
            query.addBindValue(NodeWriter::textOrNull(node.owner));
            query.addBindValue(Node::timeToText(node.created));
            query.addBindValue(Node::timeToText(node.updated));
            query.addBindValue(timeOrNull(node.timeout));
            query.addBindValue(timeOrNull(node.holdoff));
            query.addBindValue(node.revision);
        }
        if (!query.exec())
            return NodeWriter::failure(query);
        if (node.kind == u"job" && !node.parent.isEmpty()) {
            if (Status queued = putJob(node); !queued)
                return queued.error();
        }
        if (announce) {
            QString why;
            if (!m_outbox.append(*current ? Updated : Created, node.id,
                                 NodeSql::nodeJsonText(node, path, data, artifacts), &why))
                return Error::database(why);
        }
        return true;
    }

    /*
     * The job queue's row of a job node, as far as the node and its run tell it, so that
     * what reads the queue (the job list of a run) reads the mirror as it reads a database
     * of its own. Rows keep the order they came in, which is the pipeline's: a run's jobs
     * are made in order and come in id order.
     */
    Status putJob(const Node &job)
    {
        QSqlQuery run(m_db.connection());
        run.prepare(QStringLiteral("SELECT data FROM nodes WHERE id = ?"));
        run.addBindValue(job.parent);
        if (!run.exec())
            return NodeWriter::failure(run);
        const QJsonObject data = run.next()
                ? QJsonDocument::fromJson(run.value(0).toString().toUtf8()).object()
                : QJsonObject();
        run.finish();
        QStringList stages;
        for (const QJsonValue &stage : data.value(QStringLiteral("stages")).toArray())
            stages.append(stage.toString());
        QueuedJob row = QueuedJob::fromNode(job, stages);
        row.client = data.value(QStringLiteral("client")).toString();
        row.runPriority = data.value(QStringLiteral("priority")).toInt(10);
        row.correlationId = data.value(QStringLiteral("correlation_id")).toString();
        row.stageOpen = row.stageIndex <= data.value(QStringLiteral("stage_index")).toInt();

        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral(
                "INSERT INTO jobs (id, run_id, name, client, client_priority, run_priority, "
                "stage_index, job_priority, job_order, kind, state, result, stage_open, attempt, "
                "max_attempts, allow_failure, timeout_ms, lease_owner, complete_by, scheduled, "
                "started, ended, exit_code, failure, correlation_id, spec) VALUES (?, ?, ?, ?, "
                "?, ?, ?, ?, (SELECT COUNT(*) FROM jobs WHERE run_id = ?), ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "stage_index = excluded.stage_index, state = excluded.state, "
                "result = excluded.result, stage_open = excluded.stage_open, "
                "attempt = excluded.attempt, max_attempts = excluded.max_attempts, "
                "lease_owner = excluded.lease_owner, complete_by = excluded.complete_by, "
                "started = excluded.started, ended = excluded.ended, "
                "exit_code = excluded.exit_code, failure = excluded.failure"));
        for (const QVariant &value : QVariantList{
                     row.id,
                     row.runId,
                     notNull(row.name),
                     notNull(row.client),
                     row.clientPriority,
                     row.runPriority,
                     row.stageIndex,
                     row.jobPriority,
                     row.runId,
                     notNull(row.kind),
                     JobStates::name(row.state),
                     outcomeOrNull(row.result),
                     row.stageOpen ? 1 : 0,
                     row.attempt,
                     row.maxAttempts,
                     row.allowFailure ? 1 : 0,
                     row.timeoutMs,
                     NodeWriter::textOrNull(row.leaseOwner),
                     timeOrNull(row.completeBy),
                     Node::timeToText(row.scheduled.isValid() ? row.scheduled : job.created),
                     timeOrNull(row.started),
                     timeOrNull(row.ended),
                     row.exitCode ? QVariant(*row.exitCode) : QVariant(QMetaType::fromType<int>()),
                     NodeWriter::textOrNull(row.failure),
                     NodeWriter::textOrNull(row.correlationId),
                     jsonText(row.spec),
             })
            query.addBindValue(value);
        if (!query.exec())
            return NodeWriter::failure(query);
        return Done{};
    }

    // How many nodes went: the node and its subtree.
    Result<int> remove(const QString &id, bool announce)
    {
        Result<std::optional<Stored>> current = stored(id);
        if (!current)
            return current.error();
        if (!*current)
            return 0;
        const QString lineage = (*current)->place.lineage;
        Result<QList<Node>> doomed = selectRows(
                m_db,
                QStringLiteral("SELECT ") + NodeSql::columns()
                        + QStringLiteral(" FROM nodes WHERE lineage >= ? AND lineage < ? ORDER "
                                         "BY depth, id"),
                {lineage, NodeSql::prefixEnd(lineage)},
                [](const QSqlQuery &query) { return NodeSql::readNode(query); });
        if (!doomed)
            return doomed.error();
        if (announce) {
            QString why;
            for (auto it = doomed->crbegin(); it != doomed->crend(); ++it) {
                if (!m_outbox.append(Deleted, it->id, it->toJson(), &why))
                    return Error::database(why);
            }
        }
        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral("DELETE FROM nodes WHERE id = ?"));
        query.addBindValue(id);
        if (!query.exec())
            return NodeWriter::failure(query);
        return int(doomed->size());
    }

    // Whether event was appended: an event with its id may be there already.
    Result<bool> append(const CloudEvent &input)
    {
        CloudEvent event = input;
        if (event.id.isEmpty())
            event.id = createUuid7();
        if (!event.time.isValid())
            event.time = Node::now();
        QSqlQuery seen(m_db.connection());
        seen.prepare(QStringLiteral("SELECT 1 FROM events WHERE id = ?"));
        seen.addBindValue(event.id);
        if (!seen.exec())
            return NodeWriter::failure(seen);
        if (seen.next())
            return false;
        qint64 sequence = 0;
        QString why;
        if (!m_outbox.append(event, &sequence, &why))
            return Error::database(why);
        return true;
    }

    Status setSequence(qint64 sequence)
    {
        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral("UPDATE mirror_state SET sequence = ?, synced = ?"));
        query.addBindValue(sequence);
        query.addBindValue(Node::timeToText(Node::now()));
        if (!query.exec())
            return NodeWriter::failure(query);
        return Done{};
    }

private:
    Database &m_db;
    Outbox &m_outbox;
};

} // namespace

void MirrorStore::Batch::put(const Node &node, bool announce)
{
    Step step{Step::Kind::Put, node, {}, {}, announce};
    m_steps.append(std::move(step));
}

void MirrorStore::Batch::remove(const QString &id, bool announce)
{
    m_steps.append(Step{Step::Kind::Remove, {}, id, {}, announce});
}

void MirrorStore::Batch::append(const CloudEvent &event)
{
    m_steps.append(Step{Step::Kind::Append, {}, {}, event, false});
}

MirrorStore::MirrorStore(Database &database, const QString &source)
    : m_db(database), m_source(source)
{ }

Result<MirrorStore::Cursor> MirrorStore::cursor()
{
    Result<QList<Cursor>> rows = selectRows(
            m_db, QStringLiteral("SELECT remote, sequence FROM mirror_state"), {},
            [](const QSqlQuery &query) {
                return Cursor{query.value(0).toString(), query.value(1).toLongLong()};
            });
    if (!rows)
        return rows.error();
    return rows->isEmpty() ? Cursor() : rows->first();
}

/*!
    Deletes every node (their job rows with them) and event, and records that the database
    now mirrors \a remote, from nothing.
*/
Status MirrorStore::reset(const QString &remote)
{
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return Error::database(transaction.errorString());
    QSqlQuery query(m_db.connection());
    for (const QString &sql :
         {QStringLiteral("DELETE FROM nodes"), QStringLiteral("DELETE FROM events"),
          QStringLiteral("DELETE FROM mirror_state")}) {
        if (!query.exec(sql))
            return NodeWriter::failure(query);
    }
    query.prepare(QStringLiteral("INSERT INTO mirror_state (remote, sequence, synced) VALUES (?, "
                                 "0, ?)"));
    query.addBindValue(remote);
    query.addBindValue(Node::timeToText(Node::now()));
    if (!query.exec())
        return NodeWriter::failure(query);
    if (!transaction.commit())
        return Error::database(transaction.errorString());
    return Done{};
}

/*!
    Applies the steps of \a batch in order, and its sequence, in one transaction: all or
    nothing. A node whose parent is not in the copy is left out and given back, to be put
    again once the parent has come.
*/
Result<MirrorStore::Outcome> MirrorStore::apply(const Batch &batch)
{
    for (const Batch::Step &step : batch.m_steps) {
        if (step.kind != Batch::Step::Kind::Put)
            continue;
        if (step.node.id.isEmpty())
            return Error::invalid(QStringLiteral("id"), tr("A mirrored node needs its id."));
        if (Status valid = step.node.validate(); !valid)
            return valid.error();
    }
    Outbox outbox(m_db, m_source); // before the transaction, see NodeWriter
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return Error::database(transaction.errorString());
    QString why;
    if (!outbox.lock(&why))
        return Error::database(why);
    Writer writer(m_db, outbox);
    Outcome outcome;
    for (const Batch::Step &step : batch.m_steps) {
        switch (step.kind) {
        case Batch::Step::Kind::Put: {
            bool orphan = false;
            const Result<bool> written = writer.put(step.node, step.announce, &orphan);
            if (!written)
                return written.error();
            if (orphan)
                outcome.orphans.append(step.node);
            outcome.written += *written ? 1 : 0;
            break;
        }
        case Batch::Step::Kind::Remove: {
            const Result<int> removed = writer.remove(step.id, step.announce);
            if (!removed)
                return removed.error();
            outcome.removed += *removed;
            break;
        }
        case Batch::Step::Kind::Append: {
            const Result<bool> appended = writer.append(step.event);
            if (!appended)
                return appended.error();
            outcome.appended += *appended ? 1 : 0;
            break;
        }
        }
    }
    if (batch.m_sequence) {
        if (Status set = writer.setSequence(*batch.m_sequence); !set)
            return set.error();
    }
    if (!transaction.commit())
        return Error::database(transaction.errorString());
    return outcome;
}

Result<QHash<QString, qint64>> MirrorStore::revisions(const QString &after, const QString &upTo)
{
    QString sql = QStringLiteral("SELECT id, revision FROM nodes WHERE id > ?");
    QVariantList values{notNull(after)}; // NULL would compare as unknown, matching nothing
    if (!upTo.isEmpty()) {
        sql += QStringLiteral(" AND id <= ?");
        values.append(upTo);
    }
    Result<QList<std::pair<QString, qint64>>> rows = selectRows(
            m_db, sql, values, [](const QSqlQuery &query) {
                return std::pair(query.value(0).toString(), query.value(1).toLongLong());
            });
    if (!rows)
        return rows.error();
    QHash<QString, qint64> revisions;
    revisions.reserve(rows->size());
    for (const auto &[id, revision] : std::as_const(*rows))
        revisions.insert(id, revision);
    return revisions;
}

} // namespace Cairn
