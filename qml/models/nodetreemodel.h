// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <cloudevent.h>
#include <nodequery.h>
#include <nodestore.h>

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

namespace Cairn {

/*
 * The node tree, read lazily: a level's children are read a page at a time when a view asks
 * for more (canFetchMore/fetchMore), in creation order (ids are UUIDv7) along the store's
 * (parent, id) index, so every page costs the same however large the database is. Whether
 * a row has children is known from one query per page, without reading them.
 *
 * Node events from the bus change loaded rows in place, add created children under loaded
 * parents and remove deleted nodes; they are gathered for batchInterval and applied
 * together, so a burst of writes costs a few model signals.
 *
 * With a query (node-query terms separated by spaces: "kind=device data.temp__gt=20
 * sort=-updated"), the model shows the matching nodes as a flat list instead, in the
 * query's order, a page (by offset) at a time; a limit term caps how many are shown. New
 * matching nodes are added at the end once every page is read; an updated node keeps its
 * row until refresh(). An invalid query sets error and leaves the view as it was.
 */
class NodeTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        KindRole,
        NameRole,
        StateRole,
        ResultRole,
        UpdatedRole,
        DataRole,
        ArtifactsRole,
        PathRole,
        CreatedRole,
        ParentIdRole,
    };
    Q_ENUM(Roles)

    static constexpr int DefaultPageSize = 200;

    explicit NodeTreeModel(QObject *parent = nullptr);
    ~NodeTreeModel() override;

    // Where nodes are read; not owned. Setting it reads the first level again.
    Database *database() const { return m_db; }
    void setDatabase(Database *database);
    // Where node changes come from; not owned.
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus);

    QString query() const { return m_queryText; }
    void setQuery(const QString &query);
    QString error() const { return m_error; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    // How long node events are gathered before they are applied (default 50 ms).
    void setBatchInterval(std::chrono::milliseconds interval);
    // How many pages were read since the last reset, for the curious and the tests.
    int pagesRead() const { return m_pagesRead; }

    // The index of a loaded node; invalid when it is not loaded.
    Q_INVOKABLE QModelIndex indexOf(const QString &id) const;
    // Reads the first level again, leaving the query as it is.
    Q_INVOKABLE void refresh();

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void queryChanged();
    void errorChanged();
    void pageSizeChanged();

private:
    struct Item;

    Item *itemFor(const QModelIndex &index) const;
    QModelIndex indexFor(const Item *item) const;
    void reset();
    void subscribe();
    void setError(const QString &error);
    void fetchChildren(Item *item);
    void fetchMatches();
    void markParents(const QList<Item *> &items);
    void appendItems(Item *parent, QList<Node> nodes, bool paged);
    void removeItem(Item *item);
    void forget(Item *item);
    void applyChanges();
    void applyDeletions(const QStringList &ids);
    void applyCreations(const QList<Node> &nodes);
    void insertChildren(Item *parent, QList<Node> nodes);

    QPointer<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;

    std::unique_ptr<Item> m_root;
    QHash<QString, Item *> m_items; // every loaded node by id
    int m_pageSize = DefaultPageSize;
    int m_pagesRead = 0;
    int m_changing = 0; // rows are being inserted or removed

    QString m_queryText;
    std::optional<NodeQuery> m_query; // set: the flat list of matches
    qint64 m_queryOffset = 0; // the offset of the next page of matches
    qint64 m_queryCap = -1; // the query's own limit; -1: none
    qint64 m_queryRead = 0;
    QString m_error;

    QList<CloudEvent> m_pending;
    QTimer m_batchTimer;
};

} // namespace Cairn
