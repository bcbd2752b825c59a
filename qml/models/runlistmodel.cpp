// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runlistmodel.h"

#include "nodeevent.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>
#include <nodestore.h>

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace Cairn {

RunListModel::RunListModel(QObject *parent) : QAbstractListModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &RunListModel::applyChanges);
}

RunListModel::~RunListModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void RunListModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    m_store = database ? std::make_unique<NodeStore>(*database) : nullptr;
    refresh();
    Q_EMIT databaseChanged();
}

void RunListModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_bus = bus;
    m_pending.clear();
    Q_EMIT busChanged();
    if (!m_bus)
        return;
    Result<EventFilter> filter = EventFilter::parse(
            {QStringLiteral("type=cairn.node.*"), QStringLiteral("data.kind=run")});
    Q_ASSERT(filter);
    m_subscription = m_bus->subscribe(*filter, this, [this](const CloudEvent &event) {
        m_pending.append(event);
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void RunListModel::setPageSize(int size)
{
    size = std::clamp(size, 1, NodeQuery::MaxLimit);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    Q_EMIT pageSizeChanged();
}

void RunListModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void RunListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

/*!
    Reads the newest page again.
*/
void RunListModel::refresh()
{
    ++m_changing;
    beginResetModel();
    m_rows.clear();
    m_offset = 0;
    m_complete = !m_store;
    m_pending.clear();
    m_rows = readPage();
    endResetModel();
    --m_changing;
    Q_EMIT countChanged();
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

bool RunListModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while rows are being inserted or removed: a view that asks for more from a signal
    // handler would start a change inside the one being announced.
    return !parent.isValid() && !m_complete && !m_changing;
}

/*!
    Reads the next page of older runs.
*/
void RunListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const QList<Node> nodes = readPage();
    if (nodes.isEmpty())
        return;
    const int first = int(m_rows.size());
    ++m_changing;
    beginInsertRows({}, first, first + int(nodes.size()) - 1);
    m_rows += nodes;
    endInsertRows();
    --m_changing;
    Q_EMIT countChanged();
}

// The next page of runs that are not shown yet.
QList<Node> RunListModel::readPage()
{
    if (!m_store || m_complete)
        return {};
    NodeQuery query;
    Status s = query.addCondition(QStringLiteral("kind"), QStringLiteral("eq"),
                                  QStringLiteral("run"));
    if (s)
        s = query.setSort(QStringLiteral("-created"));
    if (s)
        s = query.setSort(QStringLiteral("-id")); // runs of the same millisecond
    Q_ASSERT(s);
    query.setLimit(m_pageSize);
    query.setOffset(m_offset);
    Result<NodePage> page = m_store->find(query);
    if (!page) {
        setError(page.error().toString());
        m_complete = true;
        return {};
    }
    m_offset += page->nodes.size();
    m_complete = page->nodes.size() < m_pageSize || page->total <= m_offset;
    QList<Node> nodes = page->nodes;
    nodes.removeIf([this](const Node &node) { return rowOf(node.id) >= 0; });
    return nodes;
}

int RunListModel::rowOf(const QString &id) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == id)
            return int(i);
    }
    return -1;
}

/*!
    Applies the run events gathered since the last batch.
*/
void RunListModel::applyChanges()
{
    const QList<CloudEvent> events = std::exchange(m_pending, {});
    QList<Node> created;
    for (const CloudEvent &event : events) {
        const NodeEvent::Change change = NodeEvent::change(event);
        if (change == NodeEvent::Change::Deleted) {
            created.removeIf([&](const Node &node) { return node.id == event.subject; });
            if (const int row = rowOf(event.subject); row >= 0) {
                ++m_changing;
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
                --m_changing;
                --m_offset;
            }
            continue;
        }
        const std::optional<Node> node = NodeEvent::node(event);
        if (!node)
            continue;
        if (const int row = rowOf(node->id); row >= 0) {
            m_rows[row] = *node;
            Q_EMIT dataChanged(index(row), index(row));
        } else if (change == NodeEvent::Change::Created) {
            created.append(*node);
        } else {
            for (Node &pending : created) {
                if (pending.id == node->id)
                    pending = *node;
            }
        }
    }
    if (!created.isEmpty() && m_store) {
        std::sort(created.begin(), created.end(), [](const Node &a, const Node &b) {
            return a.created > b.created || (a.created == b.created && a.id > b.id);
        });
        ++m_changing;
        beginInsertRows({}, 0, int(created.size()) - 1);
        m_rows = created + m_rows;
        endInsertRows();
        --m_changing;
        // The pages still to read start further down now.
        m_offset += created.size();
    }
    Q_EMIT countChanged();
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Node &run = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return run.id;
    case Qt::DisplayRole:
    case PipelineRole:
        return run.name;
    case StateRole:
        return Node::stateName(run.state);
    case ResultRole:
        return run.result == Node::Outcome::None ? QString() : Node::outcomeName(run.result);
    case ClientRole:
        return run.data.value(QStringLiteral("client")).toString();
    case CreatedRole:
        return run.created;
    case DurationRole:
        // Milliseconds: recorded when the run ended, else so far.
        if (run.data.contains(QStringLiteral("duration_ms")))
            return run.data.value(QStringLiteral("duration_ms")).toInteger();
        return run.created.msecsTo(Node::now());
    case StageRole:
        return run.data.value(QStringLiteral("stage")).toString();
    case JobCountRole:
        return run.data.value(QStringLiteral("jobs")).toInt();
    case FailedCountRole:
        return int(run.data.value(QStringLiteral("failures")).toArray().size()
                   + run.data.value(QStringLiteral("allowed_failures")).toArray().size());
    case EndedRole:
        return Node::timeFromText(run.data.value(QStringLiteral("ended")).toString());
    case FailureRole:
        return run.data.value(QStringLiteral("failure")).toString();
    default:
        return {};
    }
}

QHash<int, QByteArray> RunListModel::roleNames() const
{
    return {
            {IdRole, "id"},
            {PipelineRole, "pipeline"},
            {StateRole, "state"},
            {ResultRole, "result"},
            {ClientRole, "client"},
            {CreatedRole, "created"},
            {DurationRole, "duration"},
            {StageRole, "stage"},
            {JobCountRole, "jobCount"},
            {FailedCountRole, "failedCount"},
            {EndedRole, "ended"},
            {FailureRole, "failure"},
    };
}

} // namespace Cairn
