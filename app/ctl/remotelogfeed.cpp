// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remotelogfeed.h"

#include "apiclient.h"
#include "backend.h"
#include "jobnode.h"

#include <QJsonDocument>
#include <QJsonObject>

using Cairn::Error;

namespace CairnCtl {

RemoteLogFeed::RemoteLogFeed(ApiClient &client, Backend &backend, const QString &jobId,
                             int firstAttempt)
    : m_client(client), m_backend(backend), m_jobId(jobId), m_first(firstAttempt)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QJsonValue attempt =
                QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("attempt"));
        if (attempt.isDouble())
            enqueue({Message::Kind::Attempt, attempt.toInt(), {}});
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        enqueue({Message::Kind::Bytes, 0, bytes});
    });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        enqueue({Message::Kind::Closed, 0, {}});
    });
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
    });
}

RemoteLogFeed::~RemoteLogFeed()
{
    end();
}

void RemoteLogFeed::start()
{
    m_client.openWebSocket(m_socket,
                           QStringLiteral("/api/v1/jobs/") + ApiClient::segment(m_jobId)
                                   + QStringLiteral("/log/stream"),
                           {{QStringLiteral("attempts"), QStringLiteral("true")}});
}

void RemoteLogFeed::stop()
{
    end();
}

void RemoteLogFeed::enqueue(Message message)
{
    m_pending.append(std::move(message));
    // Handled once the socket has returned: a request waits in an event loop, which must
    // not run inside the socket's own handling of what it received.
    if (!m_busy && m_pending.size() == 1)
        QMetaObject::invokeMethod(this, &RemoteLogFeed::process, Qt::QueuedConnection);
}

void RemoteLogFeed::process()
{
    if (m_busy)
        return;
    m_busy = true;
    while (!m_pending.isEmpty() && !m_done)
        handle(m_pending.takeFirst());
    m_busy = false;
}

void RemoteLogFeed::handle(const Message &message)
{
    switch (message.kind) {
    case Message::Kind::Attempt:
        beginAttempt(message.attempt);
        break;
    case Message::Kind::Bytes:
        if (m_delivered > 0 && m_streamAttempt == m_delivered)
            Q_EMIT output(message.bytes);
        break;
    case Message::Kind::Closed:
        closed();
        break;
    }
}

/*!
    The stream moves on to the log of \a attempt. The logs of the attempts asked for that
    it did not send (earlier ones, or one it moved past) are complete: they are read whole.
*/
void RemoteLogFeed::beginAttempt(int attempt)
{
    m_streamAttempt = attempt;
    const int from = m_delivered > 0 ? m_delivered + 1 : m_first;
    for (int earlier = std::max(from, 1); from > 0 && earlier < attempt && !m_done; ++earlier) {
        deliverFrom(earlier);
        const Cairn::Result<Cairn::Node> job = m_backend.node(m_jobId);
        const Cairn::Result<QByteArray> log = job ? m_backend.jobLog(*job, earlier)
                                                  : Cairn::Result<QByteArray>(job.error());
        if (m_done)
            return;
        if (!log) {
            end();
            Q_EMIT failed(log.error());
            return;
        }
        Q_EMIT output(*log);
    }
    if (!m_done && attempt >= m_first)
        deliverFrom(attempt);
}

void RemoteLogFeed::deliverFrom(int attempt)
{
    if (m_delivered > 0 && m_delivered != attempt)
        Q_EMIT attemptEnded(m_delivered, attempt);
    m_delivered = attempt;
}

/*!
    cairnd closes the stream normally once the job has finished and all of its log was sent;
    any other close is a failure.
*/
void RemoteLogFeed::closed()
{
    if (const auto error = m_client.streamError(m_socket, m_connected, m_sslErrors)) {
        end();
        Q_EMIT failed(*error);
        return;
    }
    const Cairn::Result<Cairn::Node> job = m_backend.node(m_jobId);
    if (m_done)
        return;
    end();
    if (!job) {
        Q_EMIT failed(job.error());
        return;
    }
    const Cairn::QueuedJob row = JobNode::toQueuedJob(*job);
    if (!Cairn::JobStates::isFinished(row.state)) {
        Q_EMIT failed(Error::database(tr("cairnd at %1 ended the log stream of job %2 before "
                                         "the job finished.")
                                              .arg(m_client.displayUrl(), m_jobId)));
        return;
    }
    Q_EMIT finished(row.state == Cairn::JobState::Done && row.result == Cairn::Node::Outcome::Pass);
}

void RemoteLogFeed::end()
{
    if (m_done)
        return;
    m_done = true;
    m_pending.clear();
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
}

} // namespace CairnCtl
