// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "localeventfeed.h"

#include "eventbus.h"

namespace CairnCtl {

LocalEventFeed::LocalEventFeed(Cairn::EventBus &bus, const Cairn::EventFilter &filter, qint64 after)
    : m_bus(bus), m_filter(filter), m_after(after)
{ }

LocalEventFeed::~LocalEventFeed()
{
    stop();
}

/*!
    Subscribes to the bus. Events that the history already gave can come again from it; the
    sequence number tells them apart.
*/
void LocalEventFeed::start()
{
    m_subscription = m_bus.subscribe(m_filter, this, [this](const Cairn::CloudEvent &event) {
        if (m_stopped || event.sequence <= m_after)
            return;
        m_after = event.sequence;
        Q_EMIT received(event);
    });
    Q_EMIT ready();
}

void LocalEventFeed::stop()
{
    m_stopped = true;
    if (m_subscription != 0)
        m_bus.unsubscribe(m_subscription);
    m_subscription = 0;
}

} // namespace CairnCtl
