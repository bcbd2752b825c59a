// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "eventfeed.h"
#include "eventfilter.h"

#include <QWebSocket>

namespace Cairn {
class ApiClient;
}

namespace CairnCtl {

using Cairn::ApiClient;

/*
 * The events of the API's event stream (/api/v1/events/stream) that match a filter and
 * come after a sequence number: cairnd reads what came since then from its history, then
 * sends new events as they are published.
 */
class RemoteEventFeed : public EventFeed
{
    Q_OBJECT
public:
    RemoteEventFeed(ApiClient &client, const Cairn::EventFilter &filter, qint64 after);
    ~RemoteEventFeed() override;

    void start() override;
    void stop() override;

private:
    void receive(const QString &message);
    void closed();

    ApiClient &m_client;
    Cairn::EventFilter m_filter;
    qint64 m_after;
    QWebSocket m_socket;
    QStringList m_sslErrors;
    bool m_connected = false;
    bool m_stopped = false;
};

} // namespace CairnCtl
