// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "logstream.h"

#include "apilogging.h"
#include "eventbus.h"
#include "joblog.h"
#include "nodestore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

namespace Cairn {

namespace {
// Close codes of the 4000 range mirror the HTTP status a request would have had.
constexpr auto CloseNotFound = QWebSocketProtocol::CloseCode(4404);
} // namespace

LogStream::LogStream(NodeStore &store, EventBus &bus, const QString &jobId, qint64 offset,
                     QWebSocket *socket, const ApiOptions &options, QObject *parent)
    : QObject(parent),
      m_store(store),
      m_bus(bus),
      m_jobId(jobId),
      m_offset(offset),
      m_socket(socket),
      m_chunkBytes(std::max<qint64>(1, options.logChunkBytes)),
      m_backlogBytes(options.streamBacklogBytes)
{
    m_socket->setParent(this);
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    connect(m_socket, &QWebSocket::bytesWritten, this, &LogStream::pump);
    m_timer.setInterval(options.logPollInterval);
    connect(&m_timer, &QTimer::timeout, this, &LogStream::pump);
}

LogStream::~LogStream()
{
    if (m_subscription)
        m_bus.unsubscribe(m_subscription);
}

void LogStream::start()
{
    // The job node changes when an attempt starts and when the job ends: read it again then.
    if (Result<EventFilter> filter = EventFilter::parse({QStringLiteral("subject=") + m_jobId}))
        m_subscription = m_bus.subscribe(*filter, this, [this](const CloudEvent &) {
            m_jobChanged = true;
            pump();
        });
    m_timer.start();
    pump();
}

/*!
    Reads the job node; false when the stream has ended because the job is gone.
*/
bool LogStream::refreshJob()
{
    m_jobChanged = false;
    const Result<Node> job = m_store.get(m_jobId);
    if (!job || job->kind != u"job") {
        m_socket->close(CloseNotFound, tr("The job is gone."));
        return false;
    }
    const QString path = JobLog::path(*job);
    if (!m_path.isEmpty() && path != m_path)
        m_offset = 0; // another attempt, another log
    if (m_announceAttempts && !path.isEmpty() && path != m_path) {
        const QJsonObject attempt{
                {QStringLiteral("attempt"), job->data.value(QStringLiteral("attempt")).toInt()}};
        m_socket->sendTextMessage(
                QString::fromUtf8(QJsonDocument(attempt).toJson(QJsonDocument::Compact)));
    }
    m_path = path;
    m_finished = JobLog::isFinished(*job);
    return true;
}

void LogStream::pump()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // The state is read before the file: a job seen finished has written all of its log.
    if (m_jobChanged && !refreshJob())
        return;
    const qint64 size = m_path.isEmpty() ? 0 : JobLog::size(m_path);
    while (m_offset < size && m_socket->bytesToWrite() <= m_backlogBytes) {
        const Result<QByteArray> chunk = JobLog::read(m_path, m_offset,
                                                      std::min(m_chunkBytes, size - m_offset));
        if (!chunk) {
            qCWarning(lcApi).noquote()
                    << "log stream of job" << m_jobId << ":" << chunk.error().message;
            m_socket->close(QWebSocketProtocol::CloseCodeBadOperation, chunk.error().message);
            return;
        }
        if (chunk->isEmpty())
            break;
        m_socket->sendBinaryMessage(*chunk);
        m_offset += chunk->size();
    }
    if (m_finished && m_offset >= size) {
        m_timer.stop();
        m_socket->close(QWebSocketProtocol::CloseCodeNormal, tr("The job has finished."));
    }
}

} // namespace Cairn
