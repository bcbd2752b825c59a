// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventbus.h"

#include "database.h"
#include "durablesubscription.h"
#include "logging.h"
#include "node.h"
#include "outbox_p.h"
#include "uuid7.h"

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

namespace {

constexpr int ReadBatch = 1000;

Error queryFailure(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    return Error::database(
            (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed());
}

QJsonValue parseJsonValue(const QVariant &column)
{
    if (column.isNull())
        return QJsonValue::Null;
    // Wrapped in an array, so that scalars parse as well as objects.
    const QByteArray text = "[" + column.toString().toUtf8() + "]";
    return QJsonDocument::fromJson(text).array().at(0);
}

} // namespace

Result<EventRetention> EventRetention::fromConfig(const ConfigNode &retention)
{
    EventRetention config;
    if (retention.isMissing())
        return config;
    if (Status s = retention.requireObject(); !s)
        return s.error();
    if (Status s = retention.checkKeys({QStringLiteral("max_age"), QStringLiteral("max_count"),
                                        QStringLiteral("batch"), QStringLiteral("interval")});
        !s)
        return s.error();
    Result<std::chrono::milliseconds> age = retention[QStringLiteral("max_age")].toDuration(
            std::chrono::milliseconds(0));
    Result<qint64> count = retention[QStringLiteral("max_count")].toInteger(0, qint64(1) << 50, 0);
    Result<qint64> batch = retention[QStringLiteral("batch")].toInteger(1, 1000000, 1000);
    Result<std::chrono::milliseconds> interval = retention[QStringLiteral("interval")].toDuration(
            std::chrono::minutes(1));
    if (!age)
        return age.error();
    if (!count)
        return count.error();
    if (!batch)
        return batch.error();
    if (!interval)
        return interval.error();
    if (interval->count() < 1000)
        return retention[QStringLiteral("interval")].error(EventBus::tr("must be at least 1s"));
    config.maxAge = std::chrono::duration_cast<std::chrono::seconds>(*age);
    config.maxCount = *count;
    config.batchSize = int(*batch);
    config.interval = *interval;
    return config;
}

EventBus::EventBus(Database &database, QObject *parent)
    : QObject(parent),
      m_db(database),
      m_source(QStringLiteral("cairn://") + QHostInfo::localHostName())
{
    // Queued, so that a subscriber never runs inside the publisher's call, even in one thread.
    connect(&m_db, &Database::committed, this, &EventBus::poll, Qt::QueuedConnection);
    if (Result<qint64> last = lastSequence())
        m_seen = *last;
    m_pollTimer.setInterval(std::chrono::milliseconds(250));
    connect(&m_pollTimer, &QTimer::timeout, this, &EventBus::poll);
    m_pollTimer.start();
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] {
        if (Result<qint64> pruned = prune(); !pruned)
            qCWarning(lcBus).noquote() << "pruning events failed:" << pruned.error().toString();
    });
}

EventBus::~EventBus() = default;

Result<CloudEvent> EventBus::publish(const QString &type, const QString &subject,
                                     const QJsonValue &data, const QString &source)
{
    CloudEvent event;
    event.type = type;
    event.subject = subject;
    event.data = data;
    event.source = source;
    return publish(event);
}

Result<CloudEvent> EventBus::publish(const CloudEvent &event)
{
    Result<QList<CloudEvent>> stored = publishBatch({event});
    if (!stored)
        return stored.error();
    return stored->constFirst();
}

/*!
    Stores events in one transaction, all or none, giving each an id, a time and this bus's
    source where they have none. Returns them with their sequence numbers.
*/
Result<QList<CloudEvent>> EventBus::publishBatch(const QList<CloudEvent> &events)
{
    QList<CloudEvent> complete;
    complete.reserve(events.size());
    for (CloudEvent event : events) {
        if (event.id.isEmpty())
            event.id = createUuid7();
        if (!event.time.isValid())
            event.time = Node::now();
        if (event.source.isEmpty())
            event.source = m_source;
        if (event.data.isUndefined())
            event.data = QJsonValue::Null;
        if (Status valid = event.validate(); !valid)
            return valid.error();
        complete.append(event);
    }

    Outbox outbox(m_db, m_source);
    Transaction transaction(m_db);
    if (!transaction.isActive())
        return Error::database(transaction.errorString());
    QString why;
    if (!outbox.lock(&why))
        return Error::database(why);
    // One event through its prepared statement, several as one JSON document.
    const bool stored = complete.size() == 1
            ? outbox.append(complete.first(), &complete.first().sequence, &why)
            : outbox.append(complete, &why);
    if (!stored) {
        if (why.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive)
            || why.contains(QLatin1String("duplicate key")))
            return Error::conflict(
                    complete.size() == 1
                            ? tr("An event with id %1 exists already.").arg(complete.first().id)
                            : tr("An event of this batch exists already."));
        return Error::database(why);
    }
    if (!transaction.commit())
        return Error::database(transaction.errorString());
    return complete;
}

int EventBus::subscribe(const EventFilter &filter, QObject *context, Handler handler)
{
    const int id = m_nextId++;
    m_subscribers.append({id, filter, context, context != nullptr, std::move(handler)});
    return id;
}

void EventBus::unsubscribe(int id)
{
    m_subscribers.removeIf([id](const Subscriber &s) { return s.id == id; });
}

/*!
    The durable subscription name. A new one starts after the last event stored now, or
    after sequence from; an existing one resumes at its stored cursor with filter.
*/
Result<DurableSubscription *> EventBus::durable(const QString &name, const EventFilter &filter,
                                                std::optional<qint64> from)
{
    for (DurableSubscription *s : std::as_const(m_durables)) {
        if (s->name() == name) {
            s->m_filter = filter;
            return s;
        }
    }
    if (name.isEmpty() || name.size() > 255)
        return Error::invalid(QStringLiteral("name"),
                              tr("a subscription needs a name of at most 255 characters"));

    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("SELECT cursor FROM subscriptions WHERE name = ?"));
    query.addBindValue(name);
    if (!query.exec())
        return queryFailure(query);
    qint64 cursor = 0;
    if (query.next()) {
        cursor = query.value(0).toLongLong();
    } else {
        if (from) {
            cursor = *from;
        } else {
            Result<qint64> last = lastSequence();
            if (!last)
                return last.error();
            cursor = *last;
        }
        const QString now = Node::timeToText(Node::now());
        QSqlQuery insert(m_db.connection());
        insert.prepare(QStringLiteral("INSERT INTO subscriptions (name, cursor, filter, created, "
                                      "updated) VALUES (?, ?, ?, ?, ?)"));
        insert.addBindValue(name);
        insert.addBindValue(cursor);
        QString terms = filter.terms().join(QLatin1Char(' '));
        if (terms.isNull())
            terms = QLatin1String(""); // a null QString would be bound as NULL
        insert.addBindValue(terms);
        insert.addBindValue(now);
        insert.addBindValue(now);
        if (!insert.exec())
            return queryFailure(insert);
    }
    auto *subscription = new DurableSubscription(this, name, filter, cursor);
    m_durables.append(subscription);
    connect(subscription, &QObject::destroyed, this,
            [this, subscription] { m_durables.removeAll(subscription); });
    return subscription;
}

Result<qint64> EventBus::lastSequence()
{
    QSqlQuery query(m_db.connection());
    if (!query.exec(QStringLiteral("SELECT MAX(seq) FROM events")) || !query.next())
        return queryFailure(query);
    return query.value(0).toLongLong();
}

Result<QList<CloudEvent>> EventBus::readSince(qint64 since, int limit, const QString &typePrefix)
{
    QString sql = QStringLiteral(
            "SELECT seq, id, type, source, subject, time, data FROM events WHERE seq > ?");
    if (!typePrefix.isEmpty())
        sql += QStringLiteral(" AND type >= ? AND type < ?");
    QSqlQuery query(m_db.connection());
    query.setForwardOnly(true);
    query.prepare(sql + QStringLiteral(" ORDER BY seq LIMIT ?"));
    query.addBindValue(since);
    if (!typePrefix.isEmpty()) {
        // Types are ASCII letters, digits and ". _ : -": DEL sorts after all of them.
        query.addBindValue(typePrefix);
        query.addBindValue(QString(typePrefix + QChar(0x7f)));
    }
    query.addBindValue(limit);
    if (!query.exec())
        return queryFailure(query);
    QList<CloudEvent> events;
    while (query.next()) {
        CloudEvent e;
        e.sequence = query.value(0).toLongLong();
        e.id = query.value(1).toString();
        e.type = query.value(2).toString();
        e.source = query.value(3).toString();
        e.subject = query.value(4).toString();
        e.time = Node::timeFromText(query.value(5).toString());
        e.data = parseJsonValue(query.value(6));
        events.append(e);
    }
    return events;
}

/*!
    Events after query.since that match query.filter, oldest first, at most query.limit.
*/
Result<QList<CloudEvent>> EventBus::history(const EventHistoryQuery &query)
{
    if (query.limit < 1 || query.limit > EventHistoryQuery::MaxLimit)
        return Error::invalid(QStringLiteral("limit"),
                              tr("must be between 1 and %1").arg(EventHistoryQuery::MaxLimit));
    QList<CloudEvent> found;
    qint64 since = query.since;
    const QString prefix = query.filter.typePrefix();
    for (;;) {
        Result<QList<CloudEvent>> batch = readSince(since, ReadBatch, prefix);
        if (!batch)
            return batch.error();
        for (const CloudEvent &event : std::as_const(*batch)) {
            if (query.filter.matches(event)) {
                found.append(event);
                if (found.size() == query.limit)
                    return found;
            }
        }
        if (batch->size() < ReadBatch)
            return found;
        since = batch->constLast().sequence;
    }
}

void EventBus::deliver(const QList<CloudEvent> &events)
{
    // Subscribers may subscribe or unsubscribe from their handlers: walk a copy of the ids.
    QList<int> ids;
    for (const Subscriber &s : std::as_const(m_subscribers))
        ids.append(s.id);
    for (const CloudEvent &event : events) {
        for (int id : std::as_const(ids)) {
            const auto it = std::find_if(m_subscribers.cbegin(), m_subscribers.cend(),
                                         [id](const Subscriber &s) { return s.id == id; });
            if (it == m_subscribers.cend())
                continue;
            if (it->hasContext && !it->context) {
                unsubscribe(id);
                continue;
            }
            if (it->filter.matches(event)) {
                const Handler handler = it->handler; // the handler may unsubscribe itself
                handler(event);
            }
        }
    }
}

void EventBus::poll()
{
    if (m_polling)
        return;
    m_polling = true;
    qint64 before = m_seen;
    if (m_subscribers.isEmpty()) {
        // Nobody in this process listens: move the mark without reading and parsing every
        // event, which would otherwise cost as much as storing them.
        if (Result<qint64> last = lastSequence())
            m_seen = std::max(m_seen, *last);
    }
    while (!m_subscribers.isEmpty()) {
        Result<QList<CloudEvent>> events = readSince(m_seen, ReadBatch);
        if (!events) {
            qCWarning(lcBus).noquote() << "reading events failed:" << events.error().toString();
            break;
        }
        if (events->isEmpty())
            break;
        m_seen = events->constLast().sequence;
        deliver(*events);
        if (events->size() < ReadBatch)
            break;
    }
    m_polling = false;
    for (DurableSubscription *s : QList<DurableSubscription *>(m_durables))
        s->catchUp();
    if (m_seen != before)
        Q_EMIT delivered(m_seen);
}

void EventBus::setPollInterval(std::chrono::milliseconds interval)
{
    m_pollTimer.setInterval(interval);
}

void EventBus::setRetention(const EventRetention &retention)
{
    m_retention = retention;
    if (retention.maxAge.count() > 0 || retention.maxCount > 0) {
        m_pruneTimer.setInterval(retention.interval);
        m_pruneTimer.start();
    } else {
        m_pruneTimer.stop();
    }
}

/*!
    Deletes the events that the retention no longer keeps, oldest first, in transactions of
    at most batchSize events so that publishers never wait long. Durable subscriptions whose
    cursor was behind lose those events, and say so through eventsLost().
*/
Result<qint64> EventBus::prune()
{
    qint64 cutoff = 0; // delete every event up to this sequence
    if (m_retention.maxCount > 0) {
        Result<qint64> last = lastSequence();
        if (!last)
            return last.error();
        cutoff = std::max<qint64>(cutoff, *last - m_retention.maxCount);
    }
    if (m_retention.maxAge.count() > 0) {
        const QDateTime oldest = Node::now().addSecs(-m_retention.maxAge.count());
        QSqlQuery query(m_db.connection());
        query.prepare(QStringLiteral(
                "SELECT seq FROM events WHERE time < ? ORDER BY time DESC, seq DESC LIMIT 1"));
        query.addBindValue(Node::timeToText(oldest));
        if (!query.exec())
            return queryFailure(query);
        if (query.next())
            cutoff = std::max(cutoff, query.value(0).toLongLong());
    }
    if (cutoff <= 0)
        return qint64(0);

    qint64 total = 0;
    const int batch = std::max(1, m_retention.batchSize);
    for (;;) {
        QSqlQuery next(m_db.connection());
        QSqlQuery remove(m_db.connection());
        QSqlQuery mark(m_db.connection());
        Transaction transaction(m_db);
        if (!transaction.isActive())
            return Error::database(transaction.errorString());
        next.prepare(QStringLiteral("SELECT MAX(seq), COUNT(*) FROM (SELECT seq FROM events "
                                    "WHERE seq <= ? ORDER BY seq LIMIT ?) AS oldest"));
        next.addBindValue(cutoff);
        next.addBindValue(batch);
        if (!next.exec() || !next.next())
            return queryFailure(next);
        const qint64 upTo = next.value(0).toLongLong();
        const qint64 count = next.value(1).toLongLong();
        next.finish();
        if (count == 0)
            break;
        remove.prepare(QStringLiteral("DELETE FROM events WHERE seq <= ?"));
        remove.addBindValue(upTo);
        // Remembered so that a durable subscription can tell it missed pruned events.
        mark.prepare(QStringLiteral("INSERT INTO bus_state (name, value) VALUES ('pruned', ?) "
                                    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"));
        mark.addBindValue(upTo);
        if (!remove.exec())
            return queryFailure(remove);
        if (!mark.exec())
            return queryFailure(mark);
        if (!transaction.commit())
            return Error::database(transaction.errorString());
        total += count;
        if (count < batch)
            break;
    }
    if (total > 0)
        qCInfo(lcBus) << "pruned" << total << "events up to sequence" << cutoff;
    return total;
}

} // namespace Cairn
