// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "logfeed.h"

#include <QList>
#include <QWebSocket>

namespace Cairn {
class ApiClient;
}

namespace CairnCtl {

using Cairn::ApiClient;
class Backend;

/*
 * A job's log from the API's log stream (/api/v1/jobs/{id}/log/stream): cairnd sends the
 * log of the attempt that runs as it grows, says where each attempt's log begins, and
 * closes the stream once the job has finished. The logs of earlier attempts asked for, and
 * of any attempt the stream moved past, are read whole.
 */
class RemoteLogFeed : public LogFeed
{
    Q_OBJECT
public:
    // backend: for the job's state at the end, and the logs of earlier attempts.
    RemoteLogFeed(ApiClient &client, Backend &backend, const QString &jobId, int firstAttempt);
    ~RemoteLogFeed() override;

    void start() override;
    void stop() override;

private:
    struct Message
    {
        enum class Kind { Attempt, Bytes, Closed };
        Kind kind;
        int attempt = 0;
        QByteArray bytes;
    };

    // Messages are handled in order, one at a time: handling one may wait for a request,
    // in an event loop where the next ones arrive.
    void enqueue(Message message);
    void process();
    void handle(const Message &message);
    void beginAttempt(int attempt);
    void deliverFrom(int attempt);
    void closed();
    void end();

    ApiClient &m_client;
    Backend &m_backend;
    QString m_jobId;
    int m_first; // the first attempt asked for; 0: the one the stream starts with
    QWebSocket m_socket;
    QStringList m_sslErrors;
    QList<Message> m_pending;
    int m_streamAttempt = 0; // the attempt whose log the stream sends now
    int m_delivered = 0; // the attempt whose log is being delivered; 0: none yet
    bool m_connected = false;
    bool m_busy = false;
    bool m_done = false;
};

} // namespace CairnCtl
