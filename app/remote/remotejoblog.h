// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <QWebSocket>

#include <memory>

namespace Cairn {

class ApiClient;

/*
 * A job's log on a remote cairnd, for a log view that follows the job: the log of its latest
 * attempt as stored, then what is written to it, and the log of each attempt that starts
 * after, from the API's log stream (/api/v1/jobs/{id}/log/stream). finished() once the job
 * has finished and all of its log was delivered; failed() when the stream was refused or
 * broke, with a message for people. Either ends it.
 */
class RemoteJobLog : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString jobId READ jobId CONSTANT)
    Q_PROPERTY(int attempt READ attempt NOTIFY attemptStarted)
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
public:
    RemoteJobLog(std::shared_ptr<ApiClient> client, const QString &jobId,
                 QObject *parent = nullptr);
    ~RemoteJobLog() override;

    QString jobId() const { return m_jobId; }
    // The attempt whose log comes now; 0 before the first.
    int attempt() const { return m_attempt; }
    bool isActive() const { return m_active; }
    // Everything delivered since the current attempt's log began.
    QByteArray text() const { return m_text; }

    void start();
    // Delivers nothing more.
    void stop();

Q_SIGNALS:
    // The log of attempt follows from its beginning; text() starts again.
    void attemptStarted(int attempt);
    void output(const QByteArray &bytes);
    void finished();
    void failed(const QString &error);
    void activeChanged();

private:
    void closed();
    void end();

    std::shared_ptr<ApiClient> m_client;
    QString m_jobId;
    QWebSocket m_socket;
    QStringList m_sslErrors;
    QByteArray m_text;
    int m_attempt = 0;
    bool m_connected = false;
    bool m_active = false;
};

} // namespace Cairn
