// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "mqttmessage.h"
#include "mqttoptions.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

class QSocketNotifier;
class QTcpSocket;

// libmosquitto's handle; mosquitto.h stays inside mqttclient.cpp and mqttoptions.cpp.
struct mosquitto;

namespace Cairn {

struct MqttCallbacks;

/*
 * The one MQTT client of Cairn: libmosquitto driven from the Qt event loop.
 *
 * It connects on connectToBroker() and from then on keeps the link up by itself: a broker
 * that is not there yet, refuses the login or goes away is retried forever with a jittered
 * exponential backoff, and every connect subscribes all subscriptions again. Everything the
 * network does arrives as a signal, emitted from the event loop after libmosquitto has
 * returned, so slots may call any member, or delete the client.
 *
 * Publishing with QoS 1 or 2 while the link is down queues the message in memory and sends
 * it after the next connect (lost if the process ends first); QoS 0 fails at once with an
 * error instead, since it promises no delivery anyway. Queued messages wait in libmosquitto,
 * except retained ones: libmosquitto 2.0.11 sends a message queued while it had no
 * connection without its retain flag, so MqttClient holds those itself, publishes them
 * after the connect, and numbers them with negative ids. They go out after the other
 * queued messages.
 */
class MqttClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
public:
    enum State {
        Disconnected, // not asked to connect, or waiting for the next attempt
        Connecting, // an attempt is under way
        Connected, // the broker accepted the connection
    };
    Q_ENUM(State)

    explicit MqttClient(const MqttOptions &options, QObject *parent = nullptr);
    // Disconnects cleanly (publishing the offline status) when connected.
    ~MqttClient() override;

    // The options, without the password.
    MqttOptions options() const;

    // Starts connecting, and reconnecting, until disconnectFromBroker(). Fails only for
    // options that cannot work; an unreachable broker is not an error here.
    [[nodiscard]] bool connectToBroker();
    // Publishes the offline status, disconnects cleanly (no will) and stops retrying.
    void disconnectFromBroker();

    State state() const { return m_state; }
    bool isConnected() const { return m_state == Connected; }
    // Why the last attempt, call or link failed.
    QString errorString() const { return m_error; }

    // Remembered and sent again on every connect; may be called before connecting.
    Status subscribe(const QString &pattern, int qos = 1);
    Status unsubscribe(const QString &pattern);
    QMap<QString, int> subscriptions() const { return m_subscriptions; }

    // The message id, which published() reports once the broker has it (QoS 1, 2) or
    // it was written (QoS 0); negative for a retained message held while disconnected.
    Result<int> publish(const QString &topic, const QByteArray &payload, int qos = 0,
                        bool retain = false);

    int attemptCount() const { return m_attempts; } // connection attempts made
    int reconnectCount() const { return m_reconnects; } // connections after the first
    int rejectedCount() const { return m_rejected; } // messages dropped as too large

    // Whether topic matches a subscription pattern with + and # wildcards (MQTT 3.1.1 rules:
    // wildcards at the start do not match topics beginning with $). False for bad patterns.
    static bool topicMatches(const QString &pattern, const QString &topic);

Q_SIGNALS:
    void stateChanged(Cairn::MqttClient::State state);
    void connected();
    // The link was up and is not any more; the client reconnects unless asked to stop.
    void disconnected(const QString &reason);
    // An attempt failed, the broker refused a subscription, or similar; see errorString().
    void errorOccurred(const QString &message);
    void messageReceived(const Cairn::MqttMessage &message);
    // A message was dropped (too large); the link stays up.
    void messageRejected(const QString &topic, const QString &reason);
    void subscribed(const QString &pattern, int grantedQos);
    void published(int messageId);

private:
    friend struct MqttCallbacks;

    // What libmosquitto's callbacks report; handled once the library has returned.
    struct Event
    {
        enum Kind { Connack, Disconnect, Message, Subscribe, Publish } kind = Connack;
        int code = 0; // CONNACK or MOSQ_ERR_* code
        int flags = 0; // CONNACK flags
        int sysErrno = 0; // errno when code is MOSQ_ERR_ERRNO
        int mid = 0;
        MqttMessage message;
        qint64 payloadSize = 0;
        QList<int> granted;
    };

    bool ensureHandle();
    bool configureHandle();
    void startAttempt();
    void onProbeConnected();
    void onProbeFailed();
    void onAttemptTimeout();
    void onMiscTimer();
    void service(bool readable);
    void afterCall(const QString &reason = QString());
    void handleEvents();
    void handleEvent(const Event &event);
    void onConnackAccepted(bool sessionPresent);
    void linkClosed(const QString &reason);
    void attemptFailed(const QString &reason);
    QString withTlsHint(const QString &reason) const;
    void scheduleRetry();
    void watchSocket(int fd);
    void unwatchSocket();
    void abandonSocket();
    void dropProbe();
    void updateWriteNotifier();
    void sendSubscribe(const QString &pattern, int qos);
    void sendHeld();
    void setState(State state);
    void queueSignal(std::function<void()> emitter);
    void emitQueued();
    QString errorText(int rc, int sysErrno = 0) const;
    QString withLibraryError(const QString &reason) const;
    QString scrubbed(const QString &text) const;

    MqttOptions m_options;
    ::mosquitto *m_mosq = nullptr;
    State m_state = Disconnected;
    bool m_wanted = false;
    bool m_everConnected = false;
    bool m_handling = false;
    bool m_emitScheduled = false;

    int m_socket = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QTcpSocket *m_probe = nullptr;
    QTimer m_miscTimer;
    QTimer m_retryTimer;
    QTimer m_attemptTimer;
    QTimer m_writeThrottle;

    QMap<QString, int> m_subscriptions;
    QHash<int, QString> m_pendingSubscribes; // message id -> pattern
    QSet<int> m_internalMids; // status messages: no published() for them
    // Retained QoS 1, 2 messages published while disconnected, sent after the next connect.
    struct HeldMessage
    {
        int id = 0;
        QString topic;
        QByteArray payload;
        int qos = 1;
    };
    QList<HeldMessage> m_held;
    int m_nextHeldId = -1;
    QHash<int, int> m_heldMids; // libmosquitto's message id -> the held message's id
    QList<Event> m_events;
    QList<std::function<void()>> m_queuedSignals;

    int m_attempts = 0;
    int m_failures = 0; // failed attempts since the last connect
    int m_reconnects = 0;
    int m_rejected = 0;
    QString m_error;
    QString m_lastFailure; // to log a failure that repeats only once
    QString m_libraryError; // the last error libmosquitto logged during this attempt
};

} // namespace Cairn
