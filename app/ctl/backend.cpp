// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "backend.h"

#include "eventfeed.h"
#include "logfeed.h"

namespace CairnCtl {

Backend::~Backend() = default;

EventFeed::~EventFeed() = default;

/*!
    Moves a durable subscription's cursor past \a sequence; other feeds have none.
*/
Cairn::Status EventFeed::acknowledge(qint64 sequence)
{
    Q_UNUSED(sequence)
    return Cairn::Done{};
}

QString EventFeed::subscriptionName() const
{
    return {};
}

LogFeed::~LogFeed() = default;

} // namespace CairnCtl
