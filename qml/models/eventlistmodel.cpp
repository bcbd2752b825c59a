// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventlistmodel.h"

#include "jsontext.h"

#include <eventbus.h>

#include <algorithm>

namespace Cairn {

EventListModel::EventListModel(QObject *parent) : QAbstractListModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &EventListModel::flush);
}

EventListModel::~EventListModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

/*!
    Shows the events of bus: the newest ones that match the filter, then new ones as they
    are committed.
*/
void EventListModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    m_bus = bus;
    reload();
    Q_EMIT busChanged();
}

/*!
    Shows only the events that filter's terms (separated by spaces) match. Terms that do not
    parse set error and leave the rows as they are.
*/
void EventListModel::setFilter(const QString &filter)
{
    const QString text = filter.trimmed();
    if (text == m_filterText && m_error.isEmpty())
        return;
    Result<EventFilter> parsed = EventFilter::parse(
            text.split(QLatin1Char(' '), Qt::SkipEmptyParts));
    if (!parsed) {
        setError(parsed.error().toString());
        return;
    }
    setError({});
    const bool changed = text != m_filterText;
    m_filterText = text;
    m_filter = *parsed;
    reload();
    if (changed)
        Q_EMIT filterChanged();
}

void EventListModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

/*!
    While paused, new events are counted in pendingCount and kept (up to capacity) without
    being shown; resuming shows them.
*/
void EventListModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    Q_EMIT pausedChanged();
    if (!paused)
        flush();
}

void EventListModel::setCapacity(int capacity)
{
    capacity = std::max(1, capacity);
    if (capacity == m_capacity)
        return;
    m_capacity = capacity;
    if (m_rows.size() > m_capacity) {
        const int excess = int(m_rows.size()) - m_capacity;
        beginRemoveRows({}, m_capacity, int(m_rows.size()) - 1);
        m_rows.remove(0, excess);
        endRemoveRows();
        Q_EMIT countChanged();
    }
    Q_EMIT capacityChanged();
}

void EventListModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void EventListModel::reload()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    beginResetModel();
    m_rows.clear();
    m_incoming.clear();
    m_lastSequence = 0;
    if (m_bus) {
        // Subscribed before the history is read, so that nothing committed in between is
        // missed; what both deliver is told apart by its sequence.
        m_subscription = m_bus->subscribe(m_filter, this,
                                          [this](const CloudEvent &event) { received(event); });
        Result<qint64> last = m_bus->lastSequence();
        EventHistoryQuery query;
        query.since = last ? std::max<qint64>(0, *last - m_capacity) : 0;
        query.filter = m_filter;
        query.limit = EventHistoryQuery::MaxLimit;
        for (;;) {
            Result<QList<CloudEvent>> page = m_bus->history(query);
            if (!page) {
                setError(page.error().toString());
                break;
            }
            m_rows += *page;
            if (page->isEmpty() || page->size() < query.limit)
                break;
            query.since = page->constLast().sequence;
        }
        if (m_rows.size() > m_capacity)
            m_rows.remove(0, m_rows.size() - m_capacity);
        if (!m_rows.isEmpty())
            m_lastSequence = m_rows.constLast().sequence;
    }
    endResetModel();
    Q_EMIT countChanged();
    m_pendingCount = 0;
    if (m_shownPendingCount) {
        m_shownPendingCount = 0;
        Q_EMIT pendingCountChanged();
    }
}

void EventListModel::received(const CloudEvent &event)
{
    if (event.sequence <= m_lastSequence)
        return;
    m_lastSequence = event.sequence;
    m_incoming.append(event);
    if (m_incoming.size() > m_capacity)
        m_incoming.remove(0, m_incoming.size() - m_capacity);
    if (m_paused)
        ++m_pendingCount;
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

/*!
    Shows what arrived since the last batch, or, while paused, only tells how much did.
*/
void EventListModel::flush()
{
    m_batchTimer.stop();
    if (m_paused) {
        if (m_pendingCount != m_shownPendingCount) {
            m_shownPendingCount = m_pendingCount;
            Q_EMIT pendingCountChanged();
        }
        return;
    }
    insertNewest(std::exchange(m_incoming, {}));
    m_pendingCount = 0;
    if (m_shownPendingCount) {
        m_shownPendingCount = 0;
        Q_EMIT pendingCountChanged();
    }
}

void EventListModel::insertNewest(QList<CloudEvent> events)
{
    if (events.isEmpty())
        return;
    // The oldest rows go first, so the model never holds more than capacity.
    const qsizetype excess = m_rows.size() + events.size() - m_capacity;
    if (excess > 0 && !m_rows.isEmpty()) {
        const int gone = int(std::min(excess, m_rows.size()));
        beginRemoveRows({}, int(m_rows.size()) - gone, int(m_rows.size()) - 1);
        m_rows.remove(0, gone);
        endRemoveRows();
    }
    beginInsertRows({}, 0, int(events.size()) - 1);
    m_rows += events;
    endInsertRows();
    Q_EMIT countChanged();
}

void EventListModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
    Q_EMIT countChanged();
}

const CloudEvent &EventListModel::eventAt(int row) const
{
    return m_rows.at(m_rows.size() - 1 - row);
}

int EventListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant EventListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const CloudEvent &event = eventAt(index.row());
    switch (role) {
    case SequenceRole:
        return event.sequence;
    case TimeRole:
        return event.time;
    case Qt::DisplayRole:
    case TypeRole:
        return event.type;
    case SourceRole:
        return event.source;
    case SubjectRole:
        return event.subject;
    case DataRole:
        return JsonText::toMap(event.data);
    case SummaryRole:
        return JsonText::summary(event.data);
    case IdRole:
        return event.id;
    default:
        return {};
    }
}

QVariantMap EventListModel::get(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return eventAt(row).toJson().toVariantMap();
}

QHash<int, QByteArray> EventListModel::roleNames() const
{
    return {
            {SequenceRole, "sequence"}, {TimeRole, "time"},       {TypeRole, "type"},
            {SourceRole, "source"},     {SubjectRole, "subject"}, {DataRole, "data"},
            {SummaryRole, "summary"},   {IdRole, "eventId"},
    };
}

} // namespace Cairn
