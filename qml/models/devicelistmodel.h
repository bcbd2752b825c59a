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
 * The devices, as the device registry records them: the nodes of kind device under the
 * root node "devices", by name. Node events of devices are gathered for batchInterval and
 * applied together: the registry rewrites a busy device's node about once a second, each
 * such write updates its row in place.
 */
class DeviceListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        OnlineRole,
        LastSeenRole,
        LastReadingRole,
        ReadingSummaryRole,
        NodeIdRole,
        OfflineReasonRole,
    };
    Q_ENUM(Roles)

    explicit DeviceListModel(QObject *parent = nullptr);
    ~DeviceListModel() override;

    Database *database() const { return m_db; }
    void setDatabase(Database *database); // not owned
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus); // not owned

    QString error() const { return m_error; }
    int count() const { return int(m_rows.size()); }
    void setBatchInterval(std::chrono::milliseconds interval);

    // Reads the devices again.
    Q_INVOKABLE void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void errorChanged();
    void countChanged();

private:
    int rowOf(const QString &nodeId) const;
    int placeOf(const Node &node) const;
    void setError(const QString &error);
    void applyChanges();

    QPointer<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_error;
    QString m_rootId; // the "devices" root; empty until it exists
    QList<Node> m_rows; // by name
    QList<CloudEvent> m_pending;
    QTimer m_batchTimer;
};

} // namespace Cairn
