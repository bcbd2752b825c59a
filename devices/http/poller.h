// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pollerconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace Cairn {

class EventBus;
class SecretStore;

/*
 * Reads one remote JSON API with GET every interval and publishes each answer on the bus:
 * the event's data is the answer's JSON as it came (any JSON value), its subject the
 * poller's name, its source cairn://HOST/poll/NAME. With only_changed, an answer equal to
 * the last one published (as canonical JSON, remembered in memory only) gives no event.
 *
 * Anything but a 2xx JSON answer of at most MaxAnswerSize bytes within the timeout is a
 * failure. The next attempt then waits backoff() less up to a fifth of jitter. A
 * cairn.poll.failed event (data: name, url, reason, attempt, next_retry_ms) is published
 * when the API starts failing and again every FailedEventEvery attempts while it goes on,
 * and one cairn.poll.recovered event (data: name, url, failures, failed_for_ms) when it
 * answers again.
 */
class Poller : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 MaxAnswerSize = 10 * 1024 * 1024;
    static constexpr int FailedEventEvery = 10;

    Poller(const PollerConfig &config, EventBus &bus, SecretStore &secrets,
           QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~Poller() override;

    const PollerConfig &config() const { return m_config; }

    void start();
    void stop();
    bool isRunning() const { return m_running; }

    bool isFailing() const { return m_failures > 0; }
    // Failed attempts in a row; 0 after an answer.
    int failures() const { return m_failures; }
    // Why the last attempt failed; empty after an answer.
    QString lastError() const { return m_lastError; }
    // The delay chosen after the last attempt: the interval, or the jittered backoff.
    std::chrono::milliseconds nextDelay() const { return m_nextDelay; }

    static std::chrono::milliseconds backoff(std::chrono::milliseconds interval,
                                             std::chrono::milliseconds maxBackoff, int failures);

public Q_SLOTS:
    void pollNow();

Q_SIGNALS:
    // sequence is that of the event published, 0 when only_changed skipped an equal answer.
    void polled(const QJsonValue &answer, qint64 sequence);
    void failed(const QString &reason, int attempt, qint64 nextRetryMs);
    void recovered(int failures);

private:
    void onReadyRead();
    void onFinished();
    void succeed(const QJsonValue &answer);
    void fail(const QString &reason);
    void schedule(std::chrono::milliseconds delay);
    void publishStatus(const QString &type, const QJsonObject &data);
    QString networkReason(QNetworkReply *reply) const;
    QString source() const;

    PollerConfig m_config;
    EventBus &m_bus;
    SecretStore &m_secrets;
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_answer;
    QString m_abortReason; // why we aborted the reply, when we did
    QTimer m_timer; // the next poll
    QTimer m_deadline; // the timeout of the request in flight
    bool m_running = false;
    int m_failures = 0;
    QDateTime m_failingSince;
    QString m_lastError;
    std::chrono::milliseconds m_nextDelay{0};
    QByteArray m_lastDigest; // SHA-256 of the last answer published, for only_changed
    bool m_hasLast = false;
};

} // namespace Cairn
