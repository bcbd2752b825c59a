// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remoteeventfeed.h"

#include "apiclient.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace CairnCtl {

RemoteEventFeed::RemoteEventFeed(ApiClient &client, const Cairn::EventFilter &filter, qint64 after)
    : m_client(client), m_filter(filter), m_after(after)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        m_connected = true;
        // The stream starts at a sequence number: what was published after it comes, from
        // cairnd's history if not live.
        if (!m_stopped)
            Q_EMIT ready();
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteEventFeed::receive);
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteEventFeed::closed);
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
    });
}

RemoteEventFeed::~RemoteEventFeed()
{
    stop();
}

void RemoteEventFeed::start()
{
    ApiClient::Query query{{QStringLiteral("since"), QString::number(m_after)}};
    query += ApiClient::terms(m_filter.terms());
    m_client.openWebSocket(m_socket, QStringLiteral("/api/v1/events/stream"), query);
}

void RemoteEventFeed::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
}

void RemoteEventFeed::receive(const QString &message)
{
    if (m_stopped)
        return;
    const Cairn::Result<Cairn::CloudEvent> event = Cairn::CloudEvent::fromJson(
            QJsonDocument::fromJson(message.toUtf8()).object());
    // The stream starts after m_after; a sequence at or before it would be one seen already.
    if (!event || event->sequence <= m_after)
        return;
    m_after = event->sequence;
    Q_EMIT received(*event);
}

void RemoteEventFeed::closed()
{
    if (m_stopped)
        return;
    m_stopped = true;
    // A stream of events has no end: any close is a failure.
    Q_EMIT failed(
            m_client.streamError(m_socket, m_connected, m_sslErrors)
                    .value_or(Cairn::Error::database(tr("cairnd at %1 closed the event stream.")
                                                             .arg(m_client.displayUrl()))));
}

} // namespace CairnCtl
