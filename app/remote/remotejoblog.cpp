// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remotejoblog.h"

#include "apiclient.h"
#include "remotelogging.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Cairn {

RemoteJobLog::RemoteJobLog(std::shared_ptr<ApiClient> client, const QString &jobId, QObject *parent)
    : QObject(parent), m_client(std::move(client)), m_jobId(jobId)
{
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QJsonValue attempt =
                QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("attempt"));
        if (!m_active || !attempt.isDouble())
            return;
        m_attempt = attempt.toInt();
        m_text.clear();
        Q_EMIT attemptStarted(m_attempt);
    });
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &bytes) {
        if (!m_active)
            return;
        m_text += bytes;
        Q_EMIT output(bytes);
    });
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteJobLog::closed);
    connect(&m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
    });
}

RemoteJobLog::~RemoteJobLog()
{
    end();
}

void RemoteJobLog::start()
{
    if (m_active)
        return;
    m_active = true;
    Q_EMIT activeChanged();
    m_client->openWebSocket(m_socket,
                            QStringLiteral("/api/v1/jobs/") + ApiClient::segment(m_jobId)
                                    + QStringLiteral("/log/stream"),
                            {{QStringLiteral("attempts"), QStringLiteral("true")}});
}

void RemoteJobLog::stop()
{
    end();
}

/*!
    cairnd closes the stream normally once the job has finished and all of its log was sent;
    any other close is a failure.
*/
void RemoteJobLog::closed()
{
    if (!m_active)
        return;
    const std::optional<Error> error = m_client->streamError(m_socket, m_connected, m_sslErrors);
    end();
    if (error) {
        qCInfo(lcRemote).noquote()
                << "the log stream of job" << m_jobId << "ended:" << error->message;
        Q_EMIT failed(error->message);
        return;
    }
    Q_EMIT finished();
}

void RemoteJobLog::end()
{
    if (!m_active)
        return;
    m_active = false;
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
    Q_EMIT activeChanged();
}

} // namespace Cairn
