// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"

#include <QObject>

namespace CairnCtl {

/*
 * Events as they come, from the bus on the database or from the event stream of the HTTP
 * API, one received() each, in sequence order. What follows a feed ("event tail", "run start
 * --wait") prints and counts; the feed only delivers.
 */
class EventFeed : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~EventFeed() override;

    // Starts delivering; ready() once every later event is sure to be delivered.
    virtual void start() = 0;
    // Delivers nothing more.
    virtual void stop() = 0;
    // For a durable subscription: moves its cursor past sequence, once the event is printed.
    // Nothing to do for other feeds.
    virtual Cairn::Status acknowledge(qint64 sequence);
    // The durable subscription's name; empty for other feeds.
    virtual QString subscriptionName() const;

Q_SIGNALS:
    void ready();
    void received(const Cairn::CloudEvent &event);
    // A durable subscription's events from to to were deleted before it read them.
    void eventsLost(qint64 from, qint64 to);
    // The feed has stopped for good: the stream was closed or refused.
    void failed(const Cairn::Error &error);
};

} // namespace CairnCtl
