// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "devicelistmodel.h"

#include "jsontext.h"
#include "nodeevent.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>
#include <nodestore.h>

#include <algorithm>

namespace Cairn {

namespace {

const QString RootName = QStringLiteral("devices");

bool byName(const Node &a, const Node &b)
{
    return a.name < b.name || (a.name == b.name && a.id < b.id);
}

} // namespace

DeviceListModel::DeviceListModel(QObject *parent) : QAbstractListModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &DeviceListModel::applyChanges);
}

DeviceListModel::~DeviceListModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void DeviceListModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    m_store = database ? std::make_unique<NodeStore>(*database) : nullptr;
    refresh();
    Q_EMIT databaseChanged();
}

void DeviceListModel::setBus(EventBus *bus)
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
    // Devices, and the root they live under.
    Result<EventFilter> filter = EventFilter::parse(
            {QStringLiteral("type=cairn.node.*"), QStringLiteral("data.kind__in=device,devices")});
    Q_ASSERT(filter);
    m_subscription = m_bus->subscribe(*filter, this, [this](const CloudEvent &event) {
        m_pending.append(event);
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void DeviceListModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void DeviceListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void DeviceListModel::refresh()
{
    beginResetModel();
    m_rows.clear();
    m_rootId.clear();
    m_pending.clear();
    if (m_store) {
        Result<QList<Node>> roots = m_store->subtree({RootName}, 0);
        if (!roots) {
            setError(roots.error().toString());
        } else if (!roots->isEmpty()) {
            m_rootId = roots->constFirst().id;
            NodeQuery query;
            if (query.addCondition(QStringLiteral("parent"), QStringLiteral("eq"), m_rootId)
                && query.addCondition(QStringLiteral("kind"), QStringLiteral("eq"),
                                      QStringLiteral("device"))
                && query.setSort(QStringLiteral("name"))) {
                query.setLimit(NodeQuery::MaxLimit);
                if (Result<NodePage> page = m_store->find(query)) {
                    m_rows = page->nodes;
                    setError({});
                } else {
                    setError(page.error().toString());
                }
            }
        }
    }
    endResetModel();
    Q_EMIT countChanged();
}

int DeviceListModel::rowOf(const QString &nodeId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == nodeId)
            return int(i);
    }
    return -1;
}

int DeviceListModel::placeOf(const Node &node) const
{
    return int(std::lower_bound(m_rows.begin(), m_rows.end(), node, byName) - m_rows.begin());
}

/*!
    Applies the device events gathered since the last batch.
*/
void DeviceListModel::applyChanges()
{
    const QList<CloudEvent> events = std::exchange(m_pending, {});
    for (const CloudEvent &event : events) {
        const bool deleted = NodeEvent::change(event) == NodeEvent::Change::Deleted;
        const std::optional<Node> node = NodeEvent::node(event);
        if (!node)
            continue;
        if (node->kind == RootName) {
            if (node->parent.isEmpty() && node->name == RootName
                && (deleted ? node->id == m_rootId : m_rootId.isEmpty())) {
                // The registry made its root, or it went with every device.
                refresh();
                return;
            }
            continue;
        }
        const int row = rowOf(node->id);
        if (deleted) {
            if (row >= 0) {
                beginRemoveRows({}, row, row);
                m_rows.removeAt(row);
                endRemoveRows();
            }
            continue;
        }
        if (m_rootId.isEmpty() || node->parent != m_rootId)
            continue;
        if (row >= 0) {
            m_rows[row] = *node;
            Q_EMIT dataChanged(index(row), index(row));
            continue;
        }
        const int place = placeOf(*node);
        beginInsertRows({}, place, place);
        m_rows.insert(place, *node);
        endInsertRows();
    }
    Q_EMIT countChanged();
}

int DeviceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DeviceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Node &device = m_rows.at(index.row());
    const QJsonObject &d = device.data;
    switch (role) {
    case IdRole:
        return d.value(QStringLiteral("device_id")).toString(device.name);
    case Qt::DisplayRole:
    case NameRole: {
        const QString name = d.value(QStringLiteral("name")).toString();
        return name.isEmpty() ? device.name : name;
    }
    case OnlineRole:
        return d.value(QStringLiteral("online")).toBool();
    case LastSeenRole:
        return Node::timeFromText(d.value(QStringLiteral("last_seen")).toString());
    case LastReadingRole:
        return d.value(QStringLiteral("last_reading")).toObject().toVariantMap();
    case ReadingSummaryRole: {
        // The reading's fields, without what every reading carries.
        QJsonObject reading = d.value(QStringLiteral("last_reading")).toObject();
        reading.remove(QStringLiteral("device"));
        reading.remove(QStringLiteral("topic"));
        return JsonText::summary(reading);
    }
    case NodeIdRole:
        return device.id;
    case OfflineReasonRole:
        return d.value(QStringLiteral("offline_reason")).toString();
    default:
        return {};
    }
}

QHash<int, QByteArray> DeviceListModel::roleNames() const
{
    return {
            {IdRole, "id"},
            {NameRole, "name"},
            {OnlineRole, "online"},
            {LastSeenRole, "lastSeen"},
            {LastReadingRole, "lastReading"},
            {ReadingSummaryRole, "readingSummary"},
            {NodeIdRole, "nodeId"},
            {OfflineReasonRole, "offlineReason"},
    };
}

} // namespace Cairn
