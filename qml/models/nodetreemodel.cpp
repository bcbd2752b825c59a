// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodetreemodel.h"

#include "nodeevent.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>

#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace Cairn {

namespace {

QStringList splitTerms(const QString &text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

struct NodeTreeModel::Item
{
    Node node;
    Item *parent = nullptr;
    std::vector<std::unique_ptr<Item>> children;
    int row = 0;
    bool hasChildren = false; // as the store said when the item was read
    bool complete = true; // every child is loaded
    bool paged = false; // read from a page of query matches
    QString cursor; // the id of the last child read: the next page starts after it

    void renumber(size_t from)
    {
        for (size_t i = from; i < children.size(); ++i)
            children[i]->row = int(i);
    }
};

NodeTreeModel::NodeTreeModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Item>())
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &NodeTreeModel::applyChanges);
}

NodeTreeModel::~NodeTreeModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

/*!
    Reads nodes from database from now on; the model starts over with its first level.
*/
void NodeTreeModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    m_store = database ? std::make_unique<NodeStore>(*database) : nullptr;
    reset();
    Q_EMIT databaseChanged();
}

/*!
    Follows the node events of bus: created, updated and deleted nodes change loaded rows.
*/
void NodeTreeModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_bus = bus;
    m_pending.clear();
    subscribe();
    Q_EMIT busChanged();
}

void NodeTreeModel::subscribe()
{
    if (!m_bus)
        return;
    Result<EventFilter> filter = EventFilter::parse({QStringLiteral("type=cairn.node.*")});
    Q_ASSERT(filter);
    m_subscription = m_bus->subscribe(*filter, this, [this](const CloudEvent &event) {
        m_pending.append(event);
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void NodeTreeModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

/*!
    Shows the nodes that query matches (node-query terms separated by spaces) as a flat
    list, or the tree when query is empty. A query that does not parse sets error and
    changes nothing else.
*/
void NodeTreeModel::setQuery(const QString &query)
{
    const QString text = query.trimmed();
    if (text == m_queryText && m_error.isEmpty())
        return;
    std::optional<NodeQuery> parsed;
    qint64 cap = -1;
    if (!text.isEmpty()) {
        const QStringList terms = splitTerms(text);
        Result<NodeQuery> result = NodeQuery::parse(terms);
        if (!result) {
            setError(result.error().toString());
            return;
        }
        parsed = *result;
        for (const QString &term : terms) {
            if (term.startsWith(QLatin1String("limit=")))
                cap = parsed->limit();
        }
    }
    setError({});
    const bool changed = text != m_queryText;
    m_queryText = text;
    m_query = parsed;
    m_queryCap = cap;
    reset();
    if (changed)
        Q_EMIT queryChanged();
}

void NodeTreeModel::setPageSize(int size)
{
    size = std::clamp(size, 1, NodeQuery::MaxLimit);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    Q_EMIT pageSizeChanged();
}

void NodeTreeModel::refresh()
{
    reset();
}

void NodeTreeModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

/*
 * Starts over: the rows go and the first page is read again, here, for views that do not
 * fetch by themselves. Open expanders close, as the nodes below them are read anew.
 */
void NodeTreeModel::reset()
{
    m_pending.clear();
    m_queryOffset = m_query ? m_query->offset() : 0;
    m_queryRead = 0;
    m_pagesRead = 0;
    if (!m_root->children.empty()) {
        ++m_changing;
        beginRemoveRows({}, 0, int(m_root->children.size()) - 1);
        m_items.clear();
        m_root->children.clear();
        endRemoveRows();
        --m_changing;
    }
    m_root = std::make_unique<Item>();
    m_root->complete = !m_store;
    m_root->hasChildren = bool(m_store);
    if (m_store)
        fetchMore({});
}

NodeTreeModel::Item *NodeTreeModel::itemFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Item *>(index.internalPointer()) : m_root.get();
}

QModelIndex NodeTreeModel::indexFor(const Item *item) const
{
    if (!item || item == m_root.get())
        return {};
    return createIndex(item->row, 0, const_cast<Item *>(item));
}

QModelIndex NodeTreeModel::indexOf(const QString &id) const
{
    return indexFor(m_items.value(id));
}

QModelIndex NodeTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column != 0 || parent.column() > 0)
        return {};
    const Item *item = itemFor(parent);
    if (size_t(row) >= item->children.size())
        return {};
    return createIndex(row, 0, item->children[size_t(row)].get());
}

QModelIndex NodeTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(static_cast<Item *>(child.internalPointer())->parent);
}

int NodeTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(itemFor(parent)->children.size());
}

int NodeTreeModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return 1;
}

bool NodeTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return false;
    const Item *item = itemFor(parent);
    return !item->children.empty() || (!item->complete && item->hasChildren);
}

bool NodeTreeModel::canFetchMore(const QModelIndex &parent) const
{
    // Not while rows are being inserted or removed: a view that asks for more from a signal
    // handler would start a change inside the one being announced.
    if (parent.column() > 0 || !m_store || m_changing)
        return false;
    const Item *item = itemFor(parent);
    return !item->complete && item->hasChildren;
}

/*!
    Reads the next page of parent's children, or of the query's matches.
*/
void NodeTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Item *item = itemFor(parent);
    if (m_query)
        fetchMatches();
    else
        fetchChildren(item);
}

void NodeTreeModel::fetchChildren(Item *item)
{
    // Keyset paging: the next page starts after the last id read, so it costs the same at
    // the millionth child as at the first.
    NodeQuery query;
    const QString parentId = item == m_root.get() ? QString() : item->node.id;
    Status s = query.addCondition(QStringLiteral("parent"), QStringLiteral("eq"), parentId);
    if (s && !item->cursor.isEmpty())
        s = query.addCondition(QStringLiteral("id"), QStringLiteral("gt"), item->cursor);
    if (s)
        s = query.setSort(QStringLiteral("id"));
    Q_ASSERT(s);
    query.setLimit(m_pageSize);
    Result<NodePage> page = m_store->find(query);
    ++m_pagesRead;
    if (!page) {
        setError(page.error().toString());
        item->complete = true;
        return;
    }
    if (!page->nodes.isEmpty())
        item->cursor = page->nodes.constLast().id;
    item->complete = page->nodes.size() < m_pageSize || page->total <= page->nodes.size();
    appendItems(item, page->nodes, false);
    if (item->complete && item->children.empty()) {
        item->hasChildren = false;
        // A view that showed an expander learns that there is nothing below.
        if (item != m_root.get()) {
            const QModelIndex index = indexFor(item);
            Q_EMIT dataChanged(index, index);
        }
    }
}

void NodeTreeModel::fetchMatches()
{
    NodeQuery query = *m_query;
    int limit = m_pageSize;
    if (m_queryCap >= 0)
        limit = int(std::min<qint64>(limit, m_queryCap - m_queryRead));
    if (limit <= 0) {
        m_root->complete = true;
        return;
    }
    query.setLimit(limit);
    query.setOffset(m_queryOffset);
    Result<NodePage> page = m_store->find(query);
    ++m_pagesRead;
    if (!page) {
        setError(page.error().toString());
        m_root->complete = true;
        return;
    }
    m_queryOffset += page->nodes.size();
    m_queryRead += page->nodes.size();
    m_root->complete = page->nodes.size() < limit || page->total <= m_queryOffset
            || (m_queryCap >= 0 && m_queryRead >= m_queryCap);
    appendItems(m_root.get(), page->nodes, true);
}

void NodeTreeModel::appendItems(Item *parent, QList<Node> nodes, bool paged)
{
    // A node inserted from an event since may come again with a page.
    nodes.removeIf([this](const Node &node) { return m_items.contains(node.id); });
    if (nodes.isEmpty())
        return;
    const int first = int(parent->children.size());
    ++m_changing;
    beginInsertRows(indexFor(parent), first, first + int(nodes.size()) - 1);
    QList<Item *> added;
    added.reserve(nodes.size());
    for (Node &node : nodes) {
        auto item = std::make_unique<Item>();
        item->node = std::move(node);
        item->parent = parent;
        item->row = int(parent->children.size());
        item->paged = paged;
        m_items.insert(item->node.id, item.get());
        added.append(item.get());
        parent->children.push_back(std::move(item));
    }
    if (!m_query)
        markParents(added);
    endInsertRows();
    --m_changing;
}

/*
 * Learns which of items have children in one query, so that the view can show expanders
 * without reading a single child.
 */
void NodeTreeModel::markParents(const QList<Item *> &items)
{
    if (items.isEmpty() || !m_db)
        return;
    QString marks;
    for (qsizetype i = 0; i < items.size(); ++i)
        marks += i ? QStringLiteral(", ?") : QStringLiteral("?");
    QSqlQuery query(m_db->connection());
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT DISTINCT parent FROM nodes WHERE parent IN (") + marks
                       + QLatin1Char(')'))) {
        setError(query.lastError().text());
        return;
    }
    for (qsizetype i = 0; i < items.size(); ++i)
        query.bindValue(int(i), items.at(i)->node.id);
    if (!query.exec()) {
        setError(query.lastError().text());
        return;
    }
    QSet<QString> parents;
    while (query.next())
        parents.insert(query.value(0).toString());
    query.finish();
    for (Item *item : items) {
        item->hasChildren = parents.contains(item->node.id);
        item->complete = !item->hasChildren;
    }
}

/*!
    Applies the node events gathered since the last batch: deletions, then updates of
    loaded rows, then creations under loaded parents.
*/
void NodeTreeModel::applyChanges()
{
    const QList<CloudEvent> events = std::exchange(m_pending, {});
    struct Change
    {
        Node node;
        bool known = false; // node holds what the events said
        bool created = false;
        bool deleted = false;
    };
    QList<Change> changes;
    QHash<QString, qsizetype> at;
    for (const CloudEvent &event : events) {
        const NodeEvent::Change kind = NodeEvent::change(event);
        const QString &id = event.subject;
        if (id.isEmpty() || kind == NodeEvent::Change::Other)
            continue;
        qsizetype i = at.value(id, -1);
        if (i < 0) {
            i = changes.size();
            at.insert(id, i);
            changes.append(Change{});
            changes[i].node.id = id;
        }
        Change &change = changes[i];
        if (kind == NodeEvent::Change::Deleted) {
            change.deleted = true;
            continue;
        }
        std::optional<Node> node = NodeEvent::node(event);
        if (!node)
            continue;
        change.node = *node;
        change.known = true;
        change.created = change.created || kind == NodeEvent::Change::Created;
    }

    QStringList deleted;
    QList<Node> created;
    for (const Change &change : std::as_const(changes)) {
        if (change.deleted) {
            if (!change.created)
                deleted.append(change.node.id);
        } else if (!change.known) {
            continue;
        } else if (change.created) {
            created.append(change.node);
        } else if (Item *item = m_items.value(change.node.id)) {
            item->node = change.node;
            const QModelIndex index = indexFor(item);
            Q_EMIT dataChanged(index, index);
        }
    }
    applyDeletions(deleted);
    applyCreations(created);
}

void NodeTreeModel::applyDeletions(const QStringList &ids)
{
    QSet<Item *> doomed;
    for (const QString &id : ids) {
        if (Item *item = m_items.value(id))
            doomed.insert(item);
    }
    // A subtree goes with its top: its nodes' own events need no signals.
    QHash<Item *, QList<int>> rowsByParent;
    for (Item *item : std::as_const(doomed)) {
        bool covered = false;
        for (Item *up = item->parent; up && !covered; up = up->parent)
            covered = doomed.contains(up);
        if (!covered)
            rowsByParent[item->parent].append(item->row);
    }
    for (auto it = rowsByParent.begin(); it != rowsByParent.end(); ++it) {
        Item *parent = it.key();
        QList<int> rows = it.value();
        std::sort(rows.begin(), rows.end(), std::greater<>());
        // Contiguous rows go in one signal, from the bottom up so that rows stay valid.
        qsizetype i = 0;
        while (i < rows.size()) {
            int last = rows.at(i);
            int first = last;
            while (i + 1 < rows.size() && rows.at(i + 1) == first - 1)
                first = rows.at(++i);
            ++i;
            ++m_changing;
            beginRemoveRows(indexFor(parent), first, last);
            for (int row = first; row <= last; ++row) {
                Item *child = parent->children[size_t(row)].get();
                if (child->paged)
                    --m_queryOffset;
                forget(child);
            }
            parent->children.erase(parent->children.begin() + first,
                                   parent->children.begin() + last + 1);
            parent->renumber(size_t(first));
            endRemoveRows();
            --m_changing;
        }
        if (parent->children.empty() && parent->complete)
            parent->hasChildren = false;
    }
}

void NodeTreeModel::forget(Item *item)
{
    m_items.remove(item->node.id);
    for (const auto &child : item->children)
        forget(child.get());
}

void NodeTreeModel::applyCreations(const QList<Node> &nodes)
{
    if (nodes.isEmpty() || !m_store)
        return;
    if (m_query) {
        // Only the store can tell which new nodes match: one query for the whole batch.
        if (!m_root->complete)
            return; // later pages will hold them
        QStringList ids;
        for (const Node &node : nodes)
            ids.append(node.id);
        NodeQuery query = *m_query;
        if (!query.addCondition(QStringLiteral("id"), QStringLiteral("in"),
                                ids.join(QLatin1Char(','))))
            return;
        query.setOffset(0);
        query.setLimit(int(std::min<qsizetype>(ids.size(), NodeQuery::MaxLimit)));
        Result<NodePage> page = m_store->find(query);
        if (!page) {
            setError(page.error().toString());
            return;
        }
        QList<Node> matches = page->nodes;
        if (m_queryCap >= 0)
            matches = matches.mid(0, std::max<qsizetype>(0, m_queryCap - m_queryRead));
        m_queryRead += matches.size();
        appendItems(m_root.get(), matches, false);
        return;
    }
    // Grouped by parent in the order parents first appear: a parent created in this batch
    // is in the tree before its children are placed under it.
    QList<QString> order;
    QHash<QString, QList<Node>> byParent;
    for (const Node &node : nodes) {
        if (!byParent.contains(node.parent))
            order.append(node.parent);
        byParent[node.parent].append(node);
    }
    for (const QString &parentId : std::as_const(order)) {
        Item *parent = parentId.isEmpty() ? m_root.get() : m_items.value(parentId);
        if (!parent)
            continue;
        QList<Node> children = byParent.value(parentId);
        if (!parent->complete) {
            if (!parent->hasChildren && parent != m_root.get()) {
                parent->hasChildren = true; // a view may now show an expander
                const QModelIndex index = indexFor(parent);
                Q_EMIT dataChanged(index, index);
            }
            // Nodes after the last one read come with the next page.
            children.removeIf([&](const Node &node) {
                return parent->cursor.isEmpty() || node.id > parent->cursor;
            });
        }
        insertChildren(parent, children);
    }
}

void NodeTreeModel::insertChildren(Item *parent, QList<Node> nodes)
{
    nodes.removeIf([this](const Node &node) { return m_items.contains(node.id); });
    if (nodes.isEmpty())
        return;
    std::sort(nodes.begin(), nodes.end(), [](const Node &a, const Node &b) { return a.id < b.id; });
    const bool hadChildren = !parent->children.empty();
    const auto newItem = [&](Node node) {
        auto item = std::make_unique<Item>();
        item->node = std::move(node);
        item->parent = parent;
        m_items.insert(item->node.id, item.get());
        return item;
    };
    if (parent->children.empty() || parent->children.back()->node.id < nodes.constFirst().id) {
        // The usual case, new ids being the largest: one signal for the batch.
        const int first = int(parent->children.size());
        ++m_changing;
        beginInsertRows(indexFor(parent), first, first + int(nodes.size()) - 1);
        for (Node &node : nodes)
            parent->children.push_back(newItem(std::move(node)));
        parent->renumber(size_t(first));
        endInsertRows();
        --m_changing;
    } else {
        for (Node &node : nodes) {
            const auto pos = std::lower_bound(parent->children.begin(), parent->children.end(),
                                              node.id,
                                              [](const std::unique_ptr<Item> &item,
                                                 const QString &id) { return item->node.id < id; });
            const int row = int(pos - parent->children.begin());
            ++m_changing;
            beginInsertRows(indexFor(parent), row, row);
            parent->children.insert(pos, newItem(std::move(node)));
            parent->renumber(size_t(row));
            endInsertRows();
            --m_changing;
        }
    }
    parent->hasChildren = true;
    if (!hadChildren && parent != m_root.get()) {
        const QModelIndex index = indexFor(parent);
        Q_EMIT dataChanged(index, index);
    }
}

QVariant NodeTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &node = static_cast<Item *>(index.internalPointer())->node;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return node.name;
    case IdRole:
        return node.id;
    case KindRole:
        return node.kind;
    case StateRole:
        return Node::stateName(node.state);
    case ResultRole:
        return node.result == Node::Outcome::None ? QString() : Node::outcomeName(node.result);
    case UpdatedRole:
        return node.updated;
    case DataRole:
        return node.data.toVariantMap();
    case ArtifactsRole:
        return node.artifacts.toVariantMap();
    case PathRole:
        return QString(QLatin1Char('/') + node.path.join(QLatin1Char('/')));
    case CreatedRole:
        return node.created;
    case ParentIdRole:
        return node.parent;
    default:
        return {};
    }
}

QHash<int, QByteArray> NodeTreeModel::roleNames() const
{
    return {
            {IdRole, "id"},           {KindRole, "kind"},           {NameRole, "name"},
            {StateRole, "state"},     {ResultRole, "result"},       {UpdatedRole, "updated"},
            {DataRole, "data"},       {ArtifactsRole, "artifacts"}, {PathRole, "path"},
            {CreatedRole, "created"}, {ParentIdRole, "parentId"},
    };
}

} // namespace Cairn
