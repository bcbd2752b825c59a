// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "eventfeed.h"
#include "eventfilter.h"

namespace Cairn {
class EventBus;
}

namespace CairnCtl {

/*
 * The events of the bus on the database that match a filter and come after a sequence
 * number. The bus delivers everything after the newest event it had seen when it was made,
 * so events before that are the caller's to read from the history.
 */
class LocalEventFeed : public EventFeed
{
    Q_OBJECT
public:
    LocalEventFeed(Cairn::EventBus &bus, const Cairn::EventFilter &filter, qint64 after);
    ~LocalEventFeed() override;

    void start() override;
    void stop() override;

private:
    Cairn::EventBus &m_bus;
    Cairn::EventFilter m_filter;
    qint64 m_after;
    int m_subscription = 0;
    bool m_stopped = false;
};

} // namespace CairnCtl
