// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <cloudevent.h>
#include <node.h>

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <memory>

namespace Cairn {

class NodeStore;

/*
 * Pipeline runs (nodes of kind run), newest first, read a page at a time as the view
 * scrolls (canFetchMore/fetchMore). Node events of runs are gathered for batchInterval:
 * new runs appear at the top, changed ones are updated in place, deleted ones go.
 */
class RunListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageSizeChanged)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        PipelineRole,
        StateRole,
        ResultRole,
        ClientRole,
        CreatedRole,
        DurationRole,
        StageRole,
        JobCountRole,
        FailedCountRole,
        EndedRole,
        FailureRole,
    };
    Q_ENUM(Roles)

    static constexpr int DefaultPageSize = 100;

    explicit RunListModel(QObject *parent = nullptr);
    ~RunListModel() override;

    Database *database() const { return m_db; }
    void setDatabase(Database *database); // not owned
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus); // not owned

    QString error() const { return m_error; }
    int count() const { return int(m_rows.size()); }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    void setBatchInterval(std::chrono::milliseconds interval);

    // Reads the newest page again.
    Q_INVOKABLE void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void errorChanged();
    void countChanged();
    void pageSizeChanged();

private:
    int rowOf(const QString &id) const;
    QList<Node> readPage();
    void setError(const QString &error);
    void applyChanges();

    QPointer<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_error;
    int m_pageSize = DefaultPageSize;
    qint64 m_offset = 0;
    bool m_complete = true;
    int m_changing = 0; // rows are being inserted or removed
    QList<Node> m_rows; // newest first
    QList<CloudEvent> m_pending;
    QTimer m_batchTimer;
};

} // namespace Cairn
