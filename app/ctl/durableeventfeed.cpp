// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "durableeventfeed.h"

#include "durablesubscription.h"

namespace CairnCtl {

DurableEventFeed::DurableEventFeed(Cairn::DurableSubscription *subscription)
    : m_subscription(subscription)
{
    m_subscription->setAutoAcknowledge(false);
    connect(m_subscription, &Cairn::DurableSubscription::eventsLost, this, &EventFeed::eventsLost);
    connect(m_subscription, &Cairn::DurableSubscription::eventReceived, this,
            [this](const Cairn::CloudEvent &event) {
                if (!m_stopped)
                    Q_EMIT received(event);
            });
}

DurableEventFeed::~DurableEventFeed()
{
    stop();
}

void DurableEventFeed::start()
{
    m_subscription->start();
    if (!m_stopped)
        Q_EMIT ready();
}

void DurableEventFeed::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_subscription->stop();
}

Cairn::Status DurableEventFeed::acknowledge(qint64 sequence)
{
    return m_subscription->acknowledge(sequence);
}

QString DurableEventFeed::subscriptionName() const
{
    return m_subscription->name();
}

} // namespace CairnCtl
