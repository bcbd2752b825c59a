// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "configdocument.h"
#include "error.h"
#include "eventfilter.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace Cairn {

class Database;
class DurableSubscription;

// How long events are kept. Unset limits keep everything.
struct EventRetention
{
    std::chrono::seconds maxAge{0}; // 0: no age limit
    qint64 maxCount = 0; // 0: no count limit
    int batchSize = 1000; // events deleted per transaction, so publishers never wait long
    std::chrono::milliseconds interval{std::chrono::seconds(60)};

    // The `retention:` settings of the project file's `events:` section:
    //   retention: {max_age: 30d, max_count: 1000000, batch: 1000, interval: 1m}
    static Result<EventRetention> fromConfig(const ConfigNode &retention);
};

// A page of history: events after `since`, oldest first, that match `filter`.
struct EventHistoryQuery
{
    qint64 since = 0;
    EventFilter filter;
    int limit = 100;
    static constexpr int MaxLimit = 10000;
};

/*
 * The one durable bus of Cairn, over the events table. Everything that happens is published
 * here; node changes arrive through the NodeStore outbox. In-process subscribers get events
 * in sequence order after they commit; durable subscriptions keep a cursor in the database
 * and resume after a restart, at least once, in order, none skipped.
 *
 * The bus lives in one thread (its QObject thread) and delivers there. Publishing is safe
 * from any thread.
 */
class EventBus : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const CloudEvent &)>;

    explicit EventBus(Database &database, QObject *parent = nullptr);
    ~EventBus() override;

    Database &database() const { return m_db; }
    // The source of events published without one: "cairn://HOST".
    QString defaultSource() const { return m_source; }
    void setDefaultSource(const QString &source) { m_source = source; }

    // Stores event (giving it an id, time and source when missing) and returns it with its
    // sequence number. Subscribers get it once it is committed.
    Result<CloudEvent> publish(const CloudEvent &event);
    Result<CloudEvent> publish(const QString &type, const QString &subject, const QJsonValue &data,
                               const QString &source = {});
    // Stores events in one transaction: all or none.
    Result<QList<CloudEvent>> publishBatch(const QList<CloudEvent> &events);

    // Calls handler, in this bus's thread, for every new event that matches filter, until
    // unsubscribe() or until context is destroyed. Returns the subscription's id.
    int subscribe(const EventFilter &filter, QObject *context, Handler handler);
    void unsubscribe(int id);

    // The durable subscription called name, created on first use with its cursor at the end
    // of the events table (or at `from` when given). Owned by the bus.
    Result<DurableSubscription *> durable(const QString &name, const EventFilter &filter,
                                          std::optional<qint64> from = std::nullopt);

    Result<QList<CloudEvent>> history(const EventHistoryQuery &query);
    Result<qint64> lastSequence();

    void setRetention(const EventRetention &retention);
    EventRetention retention() const { return m_retention; }
    // Deletes events beyond the retention, a batch per transaction; gives how many went.
    Result<qint64> prune();

    // How often the table is read for events written by other processes (default 250 ms).
    void setPollInterval(std::chrono::milliseconds interval);

public Q_SLOTS:
    // Reads events committed since the last look and delivers them. Runs by itself after
    // every commit in this process and on the poll timer.
    void poll();

Q_SIGNALS:
    // After a batch of events was delivered; sequence is the last one.
    void delivered(qint64 sequence);

private:
    struct Subscriber
    {
        int id;
        EventFilter filter;
        QPointer<QObject> context;
        bool hasContext;
        Handler handler;
    };

    Result<QList<CloudEvent>> readSince(qint64 since, int limit, const QString &typePrefix = {});
    void deliver(const QList<CloudEvent> &events);

    Database &m_db;
    QString m_source;
    qint64 m_seen = 0; // the last sequence delivered to in-process subscribers
    bool m_polling = false;
    int m_nextId = 1;
    QList<Subscriber> m_subscribers;
    QList<DurableSubscription *> m_durables;
    QTimer m_pollTimer;
    QTimer m_pruneTimer;
    EventRetention m_retention;

    friend class DurableSubscription;
};

} // namespace Cairn
