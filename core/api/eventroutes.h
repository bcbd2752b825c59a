// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
class EventBus;

/*
 * /api/v1/events: the history after a sequence number, filtered with the event-filter terms
 * (type=cairn.node.*, source=..., subject=..., data.x__gt=1), and publishing. The live stream
 * is EventStream's.
 */
class EventRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::EventRoutes)
public:
    explicit EventRoutes(EventBus &bus) : m_bus(bus) { }

    void addTo(ApiRouter &router);

private:
    ApiResponse history(const ApiRequest &request);
    ApiResponse publish(const ApiRequest &request);

    EventBus &m_bus;
};

} // namespace Cairn
