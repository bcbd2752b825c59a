// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "joblistmodel.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>
#include <jobqueue.h>
#include <nodestore.h>

#include <QSet>

namespace Cairn {

namespace {

bool sameRow(const QueuedJob &a, const QueuedJob &b)
{
    return a.state == b.state && a.result == b.result && a.attempt == b.attempt
            && a.maxAttempts == b.maxAttempts && a.exitCode == b.exitCode && a.started == b.started
            && a.ended == b.ended && a.failure == b.failure && a.leaseOwner == b.leaseOwner
            && a.stageOpen == b.stageOpen;
}

} // namespace

JobListModel::JobListModel(QObject *parent) : QAbstractListModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &JobListModel::refresh);
}

JobListModel::~JobListModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void JobListModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    beginResetModel();
    m_rows = read();
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT databaseChanged();
}

void JobListModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_bus = bus;
    subscribe();
    Q_EMIT busChanged();
}

/*!
    Shows the jobs of the run runId, in stage then job order.
*/
void JobListModel::setRunId(const QString &runId)
{
    if (runId == m_runId)
        return;
    m_runId = runId;
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    subscribe();
    beginResetModel();
    m_rows = read();
    endResetModel();
    Q_EMIT countChanged();
    Q_EMIT runIdChanged();
}

void JobListModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void JobListModel::subscribe()
{
    if (!m_bus || m_runId.isEmpty())
        return;
    // The job nodes of the run (deleting the run deletes them too). Quoted, so that the id
    // is compared as text whatever it looks like.
    Result<EventFilter> filter = EventFilter::parse(
            {QStringLiteral("type=cairn.node.*"),
             QStringLiteral("data.parent=\"") + m_runId + QLatin1Char('"')});
    if (!filter) {
        setError(filter.error().toString());
        return;
    }
    m_subscription = m_bus->subscribe(*filter, this, [this](const CloudEvent &) {
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void JobListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

QList<JobListModel::Row> JobListModel::read()
{
    if (!m_db || m_runId.isEmpty())
        return {};
    JobQueue queue(*m_db);
    Result<QList<QueuedJob>> jobs = queue.jobsOfRun(m_runId);
    if (!jobs) {
        setError(jobs.error().toString());
        return {};
    }
    // The log's address is on the job node, one query for the run's jobs.
    QHash<QString, QString> logs;
    NodeStore store(*m_db);
    NodeQuery query;
    if (query.addCondition(QStringLiteral("parent"), QStringLiteral("eq"), m_runId)
        && query.addCondition(QStringLiteral("kind"), QStringLiteral("eq"),
                              QStringLiteral("job"))) {
        query.setLimit(NodeQuery::MaxLimit);
        if (Result<NodePage> page = store.find(query)) {
            for (const Node &node : page->nodes)
                logs.insert(node.id, node.artifacts.value(QStringLiteral("log")).toString());
        }
    }
    setError({});
    QList<Row> rows;
    rows.reserve(jobs->size());
    for (const QueuedJob &job : std::as_const(*jobs))
        rows.append({job, logs.value(job.id)});
    return rows;
}

/*!
    Reads the run's jobs again: rows that changed are updated in place, jobs that appeared
    are inserted and those that went are removed.
*/
void JobListModel::refresh()
{
    m_batchTimer.stop();
    const QList<Row> fresh = read();
    QSet<QString> freshIds;
    for (const Row &row : fresh)
        freshIds.insert(row.job.id);
    // Removed jobs first, from the bottom, then the rest in the new order.
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (freshIds.contains(m_rows.at(i).job.id))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
    }
    for (int i = 0; i < fresh.size(); ++i) {
        const Row &row = fresh.at(i);
        if (i < m_rows.size() && m_rows.at(i).job.id == row.job.id) {
            if (!sameRow(m_rows.at(i).job, row.job) || m_rows.at(i).logUrl != row.logUrl) {
                m_rows[i] = row;
                Q_EMIT dataChanged(index(i), index(i));
            }
            continue;
        }
        // Jobs keep their order, so a job that is not at its place is a new one.
        beginInsertRows({}, i, i);
        m_rows.insert(i, row);
        endInsertRows();
    }
    Q_EMIT countChanged();
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const QueuedJob &job = row.job;
    switch (role) {
    case IdRole:
        return job.id;
    case Qt::DisplayRole:
    case NameRole:
        return job.name;
    case StageRole:
        return job.stage();
    case StageIndexRole:
        return job.stageIndex;
    case StateRole:
        return JobStates::name(job.state);
    case ResultRole:
        return job.result == Node::Outcome::None ? QString() : Node::outcomeName(job.result);
    case AttemptRole:
        return job.attempt;
    case MaxAttemptsRole:
        return job.maxAttempts;
    case ExitCodeRole:
        return job.exitCode ? QVariant(*job.exitCode) : QVariant();
    case StartedRole:
        return job.started;
    case EndedRole:
        return job.ended;
    case DurationMsRole:
        // A running job's duration so far; -1 before it starts.
        if (!job.started.isValid())
            return qint64(-1);
        return job.started.msecsTo(job.ended.isValid() ? job.ended : Node::now());
    case FailureRole:
        return job.failure;
    case LogUrlRole:
        return row.logUrl;
    case KindRole:
        return job.kind;
    default:
        return {};
    }
}

QHash<int, QByteArray> JobListModel::roleNames() const
{
    return {
            {IdRole, "id"},
            {NameRole, "name"},
            {StageRole, "stage"},
            {StageIndexRole, "stageIndex"},
            {StateRole, "state"},
            {ResultRole, "result"},
            {AttemptRole, "attempt"},
            {MaxAttemptsRole, "maxAttempts"},
            {ExitCodeRole, "exitCode"},
            {StartedRole, "started"},
            {EndedRole, "ended"},
            {DurationMsRole, "durationMs"},
            {FailureRole, "failure"},
            {LogUrlRole, "logUrl"},
            {KindRole, "kind"},
    };
}

} // namespace Cairn
