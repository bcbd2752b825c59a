// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "durablesubscription.h"

#include "database.h"
#include "eventbus.h"
#include "logging.h"
#include "node.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

namespace {
constexpr int DeliveryBatch = 500;
} // namespace

DurableSubscription::DurableSubscription(EventBus *bus, const QString &name,
                                         const EventFilter &filter, qint64 cursor)
    : QObject(bus), m_bus(bus), m_name(name), m_filter(filter), m_cursor(cursor), m_read(cursor)
{ }

/*!
    Starts delivering, from the event after the stored cursor, in this object's thread.
    Emits eventsLost() first if retention deleted events the cursor had not reached.
*/
void DurableSubscription::start()
{
    if (m_active)
        return;
    m_active = true;
    m_read = m_cursor;

    QSqlQuery query(m_bus->database().connection());
    if (query.exec(QStringLiteral("SELECT value FROM bus_state WHERE name = 'pruned'"))
        && query.next()) {
        const qint64 pruned = query.value(0).toLongLong();
        if (pruned > m_cursor) {
            qCWarning(lcBus) << "subscription" << m_name << "missed events" << m_cursor + 1 << "to"
                             << pruned << "deleted by retention";
            Q_EMIT eventsLost(m_cursor + 1, pruned);
            m_read = pruned;
        }
    }
    QMetaObject::invokeMethod(this, &DurableSubscription::catchUp, Qt::QueuedConnection);
}

void DurableSubscription::stop()
{
    m_active = false;
}

/*!
    Marks every event up to sequence as handled, and stores it, so that a restart resumes
    after it.
*/
Status DurableSubscription::acknowledge(qint64 sequence)
{
    if (sequence <= m_cursor)
        return Done{};
    return storeCursor(sequence);
}

Status DurableSubscription::storeCursor(qint64 sequence)
{
    QSqlQuery query(m_bus->database().connection());
    query.prepare(
            QStringLiteral("UPDATE subscriptions SET cursor = ?, updated = ? WHERE name = ?"));
    query.addBindValue(sequence);
    query.addBindValue(Node::timeToText(Node::now()));
    query.addBindValue(m_name);
    if (!query.exec())
        return Error::database(query.lastError().text());
    m_cursor = sequence;
    return Done{};
}

// Delivers what is new since the last read; the cursor moves once a batch is handled, so a
// crash in the middle delivers that batch again: at least once, never skipped.
void DurableSubscription::catchUp()
{
    if (!m_active || m_busy)
        return;
    m_busy = true;
    for (;;) {
        Result<QList<CloudEvent>> events = m_bus->readSince(m_read, DeliveryBatch,
                                                            m_filter.typePrefix());
        if (!events) {
            qCWarning(lcBus).noquote() << "subscription" << m_name
                                       << "cannot read events:" << events.error().toString();
            break;
        }
        if (events->isEmpty())
            break;
        for (const CloudEvent &event : std::as_const(*events)) {
            if (!m_active)
                break;
            m_read = event.sequence;
            if (m_filter.matches(event))
                Q_EMIT eventReceived(event);
        }
        if (m_autoAck) {
            if (Status stored = storeCursor(m_read); !stored)
                qCWarning(lcBus).noquote()
                        << "subscription" << m_name
                        << "cannot store its cursor:" << stored.error().toString();
        }
        if (!m_active || events->size() < DeliveryBatch)
            break;
    }
    m_busy = false;
}

} // namespace Cairn
