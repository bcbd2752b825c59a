// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"

#include <QObject>
#include <QTimer>

class QWebSocket;

namespace Cairn {

class EventBus;
class NodeStore;

/*
 * One client of /api/v1/jobs/{id}/log/stream: the job's log from a byte offset, in binary
 * messages of raw bytes, following it as it grows until the job has finished and all of it
 * was sent; then the stream closes normally (1000). A job that has not started yet is waited
 * for. When a new attempt starts, its log follows from its beginning. A client that asks
 * for it gets a text message {"attempt": N} before the first bytes of each attempt's log.
 */
class LogStream : public QObject
{
    Q_OBJECT
public:
    // Takes socket, and deletes itself when the client goes.
    LogStream(NodeStore &store, EventBus &bus, const QString &jobId, qint64 offset,
              QWebSocket *socket, const ApiOptions &options, QObject *parent = nullptr);
    ~LogStream() override;

    void setAnnounceAttempts(bool announce) { m_announceAttempts = announce; }
    void start();

private:
    void pump();
    bool refreshJob();

    NodeStore &m_store;
    EventBus &m_bus;
    QString m_jobId;
    qint64 m_offset;
    QWebSocket *m_socket;
    qint64 m_chunkBytes;
    qint64 m_backlogBytes;
    QTimer m_timer;
    QString m_path;
    int m_subscription = 0;
    bool m_jobChanged = true;
    bool m_finished = false;
    bool m_announceAttempts = false;
};

} // namespace Cairn
