// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"
#include "eventfilter.h"

#include <QObject>

class QWebSocket;

namespace Cairn {

class EventBus;
struct CloudEvent;

/*
 * One client of /api/v1/events/stream: the events after `since` that match the filter from
 * the history, then live ones, each a text message holding the CloudEvent JSON with its
 * sequence. A client that reconnects with since=LAST, the last sequence it got, gets exactly
 * what it missed: none lost, none twice.
 *
 * Catching up reads the history a page at a time, and only while the client keeps up; live
 * events are sent from the moment the history is read to its end. A client that falls behind
 * goes back to reading the history, so that what it has not taken is never held in memory.
 */
class EventStream : public QObject
{
    Q_OBJECT
public:
    // Takes socket, and deletes itself when the client goes.
    EventStream(EventBus &bus, QWebSocket *socket, qint64 since, const EventFilter &filter,
                const ApiOptions &options, QObject *parent = nullptr);
    ~EventStream() override;

    void start();

private:
    void catchUp();
    void live(const CloudEvent &event);
    void written();
    bool backlogged() const;

    EventBus &m_bus;
    QWebSocket *m_socket;
    EventFilter m_filter;
    int m_pageSize;
    qint64 m_backlogBytes;
    qint64 m_last; // the last sequence sent, or read past while catching up
    int m_subscription = 0;
    bool m_live = false;
    bool m_waiting = false; // for the client to take what it has been sent
    bool m_scheduled = false;
};

} // namespace Cairn
