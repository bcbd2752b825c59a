// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <cloudevent.h>
#include <eventfilter.h>

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>

namespace Cairn {

/*
 * The events of the bus, newest first: when the bus or the filter is set, those that match
 * among the newest capacity events of the table, then new ones live. New events are gathered for
 * batchInterval and inserted with one signal per batch, so thousands of events a second cost a few
 * model updates; beyond capacity the oldest rows go.
 *
 * filter takes event-filter terms separated by spaces ("type=cairn.node.* source=mqtt:*");
 * an invalid one sets error and keeps the current rows. While paused, new events are only
 * counted (pendingCount) and kept; they are shown on resume.
 */
class EventListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(bool paused READ isPaused WRITE setPaused NOTIFY pausedChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY pendingCountChanged)
    Q_PROPERTY(int capacity READ capacity WRITE setCapacity NOTIFY capacityChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles {
        SequenceRole = Qt::UserRole + 1,
        TimeRole,
        TypeRole,
        SourceRole,
        SubjectRole,
        DataRole,
        SummaryRole,
        IdRole,
    };
    Q_ENUM(Roles)

    static constexpr int DefaultCapacity = 10000;

    explicit EventListModel(QObject *parent = nullptr);
    ~EventListModel() override;

    // Where events come from; not owned. Setting it reads the newest events again.
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus);

    QString filter() const { return m_filterText; }
    void setFilter(const QString &filter);
    QString error() const { return m_error; }
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    // Events that arrived while paused and are not shown yet, as of the last batch.
    int pendingCount() const { return m_shownPendingCount; }
    int capacity() const { return m_capacity; }
    void setCapacity(int capacity);
    int count() const { return int(m_rows.size()); }
    void setBatchInterval(std::chrono::milliseconds interval);

    // The event of a row, for a detail view.
    Q_INVOKABLE QVariantMap get(int row) const;
    // Empties the list; new events keep coming.
    Q_INVOKABLE void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void busChanged();
    void filterChanged();
    void errorChanged();
    void pausedChanged();
    void pendingCountChanged();
    void capacityChanged();
    void countChanged();

private:
    const CloudEvent &eventAt(int row) const;
    void reload();
    void received(const CloudEvent &event);
    void flush();
    void insertNewest(QList<CloudEvent> events);
    void setError(const QString &error);

    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_filterText;
    EventFilter m_filter;
    QString m_error;
    int m_capacity = DefaultCapacity;
    bool m_paused = false;
    int m_pendingCount = 0; // counted as they arrive
    int m_shownPendingCount = 0; // told once per batch
    qint64 m_lastSequence = 0;
    QList<CloudEvent> m_rows; // oldest first: row 0 is the last one
    QList<CloudEvent> m_incoming; // oldest first, not shown yet
    QTimer m_batchTimer;
};

} // namespace Cairn
