// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"
#include "eventfilter.h"

#include <QObject>

namespace Cairn {

class EventBus;

/*
 * A named subscription whose cursor lives in the database, so that a consumer resumes
 * where it stopped after a restart: every matching event, at least once, in sequence order,
 * none skipped.
 *
 * By default an event counts as handled when the slots connected to eventReceived() have
 * returned; with setAutoAcknowledge(false) the consumer calls acknowledge() itself, and
 * events after the last acknowledged one come again after a restart.
 */
class DurableSubscription : public QObject
{
    Q_OBJECT
public:
    QString name() const { return m_name; }
    const EventFilter &filter() const { return m_filter; }
    // The last sequence handled and stored.
    qint64 cursor() const { return m_cursor; }

    void setAutoAcknowledge(bool enabled) { m_autoAck = enabled; }
    // Everything up to sequence is handled; stored at once.
    [[nodiscard]] Status acknowledge(qint64 sequence);

    // Starts (or resumes) delivery from the stored cursor.
    void start();
    void stop();
    bool isActive() const { return m_active; }

Q_SIGNALS:
    void eventReceived(const Cairn::CloudEvent &event);
    // The cursor points at events that retention has already deleted: they are lost.
    void eventsLost(qint64 from, qint64 to);

private:
    friend class EventBus;
    DurableSubscription(EventBus *bus, const QString &name, const EventFilter &filter,
                        qint64 cursor);
    void catchUp();
    [[nodiscard]] Status storeCursor(qint64 sequence);

    EventBus *m_bus;
    QString m_name;
    EventFilter m_filter;
    qint64 m_cursor = 0;
    qint64 m_read = 0; // the last sequence read, delivered or not
    bool m_autoAck = true;
    bool m_active = false;
    bool m_busy = false;
};

} // namespace Cairn
