// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "eventfeed.h"

namespace Cairn {
class DurableSubscription;
}

namespace CairnCtl {

/*
 * What a durable subscription of the bus delivers, from where its cursor stands. The cursor
 * moves past an event only once acknowledge() says it was printed: a crash repeats at most
 * the event being printed.
 */
class DurableEventFeed : public EventFeed
{
    Q_OBJECT
public:
    // The bus owns subscription.
    explicit DurableEventFeed(Cairn::DurableSubscription *subscription);
    ~DurableEventFeed() override;

    void start() override;
    void stop() override;
    Cairn::Status acknowledge(qint64 sequence) override;
    QString subscriptionName() const override;

private:
    Cairn::DurableSubscription *m_subscription;
    bool m_stopped = false;
};

} // namespace CairnCtl
