// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventstream.h"

#include "apilogging.h"
#include "eventbus.h"

#include <QJsonDocument>
#include <QTimer>
#include <QWebSocket>

namespace Cairn {

EventStream::EventStream(EventBus &bus, QWebSocket *socket, qint64 since, const EventFilter &filter,
                         const ApiOptions &options, QObject *parent)
    : QObject(parent),
      m_bus(bus),
      m_socket(socket),
      m_filter(filter),
      m_pageSize(std::clamp(options.streamPageSize, 1, EventHistoryQuery::MaxLimit)),
      m_backlogBytes(options.streamBacklogBytes),
      m_last(since)
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QWebSocket::bytesWritten, this, &EventStream::written);
}

EventStream::~EventStream()
{
    if (m_subscription)
        m_bus.unsubscribe(m_subscription);
}

/*!
    Subscribes first and reads the history after: whatever commits in between is in the
    history or comes live, and the sequence numbers tell which was sent already.
*/
void EventStream::start()
{
    m_subscription = m_bus.subscribe(m_filter, this,
                                     [this](const CloudEvent &event) { live(event); });
    catchUp();
}

bool EventStream::backlogged() const
{
    return m_socket->bytesToWrite() > m_backlogBytes;
}

void EventStream::catchUp()
{
    m_scheduled = false;
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    if (backlogged()) {
        m_waiting = true;
        return;
    }
    EventHistoryQuery query;
    query.since = m_last;
    query.filter = m_filter;
    query.limit = m_pageSize;
    const Result<QList<CloudEvent>> events = m_bus.history(query);
    if (!events) {
        qCWarning(lcApi).noquote()
                << "event stream: reading the history failed:" << events.error().toString();
        m_socket->close(QWebSocketProtocol::CloseCodeBadOperation,
                        tr("The event history cannot be read."));
        return;
    }
    for (const CloudEvent &event : *events) {
        m_socket->sendTextMessage(
                QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
        m_last = event.sequence;
    }
    if (events->size() < m_pageSize) {
        // The history is read to its end in this turn of the event loop: every later event
        // reaches live() from now on.
        m_live = true;
        return;
    }
    // More to read: let the event loop run (and the socket write) between pages.
    m_scheduled = true;
    QTimer::singleShot(0, this, &EventStream::catchUp);
}

void EventStream::live(const CloudEvent &event)
{
    // While catching up the history has this event, or will have.
    if (!m_live || event.sequence <= m_last)
        return;
    if (backlogged()) {
        m_live = false;
        m_waiting = true;
        return;
    }
    m_socket->sendTextMessage(
            QString::fromUtf8(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact)));
    m_last = event.sequence;
}

void EventStream::written()
{
    if (m_waiting && !backlogged() && !m_scheduled) {
        m_waiting = false;
        catchUp();
    }
}

} // namespace Cairn
