// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mqttclient.h"

#include "deviceslogging.h"

#include <QFile>
#include <QNetworkProxy>
#include <QPointer>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <mosquitto.h>

#include <cerrno>
#include <limits>

#ifdef Q_OS_UNIX
#    include <signal.h>
#    include <sys/ioctl.h>
#    include <sys/socket.h>
#endif

using namespace std::chrono_literals;

namespace Cairn {

namespace {

// The largest payload an MQTT packet can carry.
constexpr qint64 MaxMqttPayload = 268435455;
// MQTT's "failure" in a SUBACK.
constexpr int SubscriptionRefused = 0x80;

void initLibrary()
{
    // Function-local statics are initialised once, thread-safely: one mosquitto_lib_init
    // per process however many clients there are. There is no matching cleanup; the
    // process end takes care of it.
    static const int rc = [] {
        const int result = mosquitto_lib_init();
#ifdef Q_OS_UNIX
        // libmosquitto writes with write() and SSL_write(), which raise SIGPIPE when the
        // broker has just gone away, and SIGPIPE's default action ends the process. A
        // handler the application installed itself is left alone.
        struct sigaction current = {};
        if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
            ::signal(SIGPIPE, SIG_IGN);
#endif
        return result;
    }();
    if (rc != MOSQ_ERR_SUCCESS)
        qCCritical(lcMqtt) << "mosquitto_lib_init failed:" << mosquitto_strerror(rc);
}

bool isValidPattern(const QString &pattern)
{
    // libmosquitto stops at a NUL; the broker would see another pattern than the one asked.
    return !pattern.isEmpty() && !pattern.contains(QChar(0))
            && mosquitto_sub_topic_check(pattern.toUtf8().constData()) == MOSQ_ERR_SUCCESS;
}

bool isValidTopic(const QString &topic)
{
    return !topic.isEmpty() && !topic.contains(QChar(0))
            && mosquitto_pub_topic_check(topic.toUtf8().constData()) == MOSQ_ERR_SUCCESS;
}

// OpenSSL asks for the key's pass phrase on the terminal when no callback is set; a daemon
// must fail instead. Returning 0 means "no pass phrase".
int noPassPhrase(char *, int, int, void *)
{
    return 0;
}

// Whether the peer has closed fd or it failed, without taking data from it.
bool peerGone(int fd)
{
#ifdef Q_OS_UNIX
    char byte = 0;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n == 0)
        return true;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        return true;
#else
    Q_UNUSED(fd)
#endif
    return false;
}

// Whether fd has bytes to read now.
bool bytesWaiting(int fd)
{
#ifdef Q_OS_UNIX
    int available = 0;
    return ::ioctl(fd, FIONREAD, &available) == 0 && available > 0;
#else
    Q_UNUSED(fd)
    return false;
#endif
}

} // namespace

/*
 * libmosquitto's callbacks. They run inside mosquitto_loop_read() and friends, so they only
 * record what happened: the client acts once the library has returned (see handleEvents()).
 */
struct MqttCallbacks
{
    static MqttClient *client(void *userData) { return static_cast<MqttClient *>(userData); }

    static void onConnect(mosquitto *, void *userData, int rc, int flags)
    {
        if (!userData)
            return;
        MqttClient::Event event;
        event.kind = MqttClient::Event::Connack;
        event.code = rc;
        event.flags = flags;
        client(userData)->m_events.append(event);
    }

    static void onDisconnect(mosquitto *, void *userData, int rc)
    {
        const int savedErrno = errno;
        if (!userData)
            return;
        MqttClient::Event event;
        event.kind = MqttClient::Event::Disconnect;
        event.code = rc;
        event.sysErrno = savedErrno;
        client(userData)->m_events.append(event);
    }

    static void onMessage(mosquitto *, void *userData, const mosquitto_message *message)
    {
        if (!userData || !message)
            return;
        MqttClient *self = client(userData);
        MqttClient::Event event;
        event.kind = MqttClient::Event::Message;
        event.mid = message->mid;
        event.message.topic = QString::fromUtf8(message->topic ? message->topic : "");
        event.message.qos = message->qos;
        event.message.retain = message->retain;
        event.payloadSize = message->payloadlen;
        // An oversized payload is not even copied: only its size goes on.
        if (message->payloadlen > 0 && message->payload
            && message->payloadlen <= self->m_options.maxPayloadSize) {
            event.message.payload = QByteArray(static_cast<const char *>(message->payload),
                                               message->payloadlen);
        }
        self->m_events.append(event);
    }

    static void onSubscribe(mosquitto *, void *userData, int mid, int count, const int *granted)
    {
        if (!userData)
            return;
        MqttClient::Event event;
        event.kind = MqttClient::Event::Subscribe;
        event.mid = mid;
        for (int i = 0; granted && i < count; ++i)
            event.granted.append(granted[i]);
        client(userData)->m_events.append(event);
    }

    static void onPublish(mosquitto *, void *userData, int mid)
    {
        if (!userData)
            return;
        MqttClient::Event event;
        event.kind = MqttClient::Event::Publish;
        event.mid = mid;
        client(userData)->m_events.append(event);
    }

    static void onLog(mosquitto *, void *userData, int level, const char *text)
    {
        if (!userData || !text)
            return;
        MqttClient *self = client(userData);
        const QString line = self->scrubbed(QString::fromUtf8(text));
        // Kept for the error message: libmosquitto reports TLS failures (certificate
        // checks, alerts) only here, the return codes just say "a TLS error occurred".
        if (level & (MOSQ_LOG_ERR | MOSQ_LOG_WARNING))
            self->m_libraryError = line;
        qCDebug(lcMqtt).noquote() << "libmosquitto:" << line;
    }
};

/*!
    Makes a client for options; nothing happens on the network until connectToBroker().
*/
MqttClient::MqttClient(const MqttOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
    m_miscTimer.setInterval(1s);
    connect(&m_miscTimer, &QTimer::timeout, this, &MqttClient::onMiscTimer);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &MqttClient::startAttempt);
    m_attemptTimer.setSingleShot(true);
    connect(&m_attemptTimer, &QTimer::timeout, this, &MqttClient::onAttemptTimeout);
    m_writeThrottle.setSingleShot(true);
    m_writeThrottle.setInterval(20ms);
    connect(&m_writeThrottle, &QTimer::timeout, this, &MqttClient::updateWriteNotifier);
}

MqttClient::~MqttClient()
{
    if (!m_mosq)
        return;
    disconnectFromBroker();
    unwatchSocket();
    // Nothing may reach this object from the library any more.
    mosquitto_user_data_set(m_mosq, nullptr);
    mosquitto_destroy(m_mosq);
    m_mosq = nullptr;
}

MqttOptions MqttClient::options() const
{
    MqttOptions copy = m_options;
    copy.password.clear();
    return copy;
}

/*!
    Checks the options, then starts the first attempt. From then on the client connects and
    reconnects by itself; failed attempts are reported with errorOccurred() and retried.
    Returns false, with errorString(), only when the options cannot work.
*/
bool MqttClient::connectToBroker()
{
    if (m_wanted)
        return true;
    if (!ensureHandle())
        return false;
    m_wanted = true;
    m_failures = 0;
    m_lastFailure.clear();
    startAttempt();
    return true;
}

/*!
    Publishes the offline status when connected, sends DISCONNECT (so the broker drops the
    will) and stops reconnecting. QoS 1 and 2 messages not yet acknowledged stay queued for
    the next connectToBroker().
*/
void MqttClient::disconnectFromBroker()
{
    m_wanted = false;
    m_retryTimer.stop();
    m_attemptTimer.stop();
    dropProbe();
    const State before = m_state;
    if (m_mosq && m_socket >= 0) {
        if (before == Connected && !m_options.statusTopic.isEmpty()) {
            // QoS 0 is enough: it goes out on the same stream just before DISCONNECT, and
            // a QoS 1 copy would wait unacknowledged and be sent again on the next connect.
            const QByteArray topic = m_options.statusTopic.toUtf8();
            const int rc = mosquitto_publish(m_mosq, nullptr, topic.constData(),
                                             int(m_options.willPayload.size()),
                                             m_options.willPayload.constData(), 0, true);
            if (rc != MOSQ_ERR_SUCCESS)
                qCDebug(lcMqtt) << "Cannot publish the offline status:" << errorText(rc);
        }
        // Outside a callback libmosquitto writes DISCONNECT at once, then closes the socket.
        const int rc = mosquitto_disconnect(m_mosq);
        if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN)
            qCDebug(lcMqtt) << "mosquitto_disconnect:" << errorText(rc);
        // Whatever could not be written (a full buffer, a TLS handshake under way) is given
        // up; the broker then sends the will, which says the same as the offline status.
        abandonSocket();
    }
    unwatchSocket();
    setState(Disconnected);
    if (before == Connected) {
        qCInfo(lcMqtt).noquote() << "Disconnected from" << m_options.describe();
        queueSignal([this] { Q_EMIT disconnected(tr("Disconnected on request")); });
    }
    // The DISCONNECT's own callback is answered here, with nothing left to do.
    m_events.clear();
}

/*!
    Subscribes to pattern (with + and # wildcards) at qos, now if connected, and again on
    every connect. The broker's answer arrives as subscribed(), or errorOccurred() when it
    refuses.
*/
Status MqttClient::subscribe(const QString &pattern, int qos)
{
    if (qos < 0 || qos > 2)
        return Error::invalid(QStringLiteral("qos"), tr("The QoS must be 0, 1 or 2"));
    if (!isValidPattern(pattern))
        return Error::invalid(QStringLiteral("pattern"),
                              tr("\"%1\" is not a valid subscription pattern").arg(pattern));
    m_subscriptions.insert(pattern, qos);
    if (m_state == Connected) {
        sendSubscribe(pattern, qos);
        afterCall();
    }
    return Done{};
}

Status MqttClient::unsubscribe(const QString &pattern)
{
    if (!m_subscriptions.remove(pattern))
        return Error::notFound(tr("Not subscribed to \"%1\"").arg(pattern));
    if (m_state == Connected) {
        const int rc = mosquitto_unsubscribe(m_mosq, nullptr, pattern.toUtf8().constData());
        if (rc != MOSQ_ERR_SUCCESS)
            qCDebug(lcMqtt) << "Cannot unsubscribe from" << pattern << errorText(rc);
        afterCall();
    }
    return Done{};
}

/*!
    Publishes payload to topic. QoS 0 needs a connected link and fails otherwise; QoS 1 and
    2 are queued while the link is down and sent after the next connect (retained ones held
    here, with a negative id: see the class comment). Returns the message id, which
    published() reports back.
*/
Result<int> MqttClient::publish(const QString &topic, const QByteArray &payload, int qos,
                                bool retain)
{
    if (qos < 0 || qos > 2)
        return Error::invalid(QStringLiteral("qos"), tr("The QoS must be 0, 1 or 2"));
    if (!isValidTopic(topic))
        return Error::invalid(QStringLiteral("topic"),
                              tr("\"%1\" is not a topic one can publish to").arg(topic));
    if (payload.size() > MaxMqttPayload)
        return Error::invalid(QStringLiteral("payload"), tr("The payload is too large for MQTT"));
    if (!ensureHandle())
        return Error::invalid(QStringLiteral("options"), m_error);
    if (qos == 0 && m_state != Connected)
        return Error::conflict(tr("Not connected to the broker; QoS 0 messages are not queued"));
    if (retain && m_state != Connected) {
        // See the class comment: libmosquitto would drop the retain flag.
        const int id = m_nextHeldId;
        m_nextHeldId = m_nextHeldId == std::numeric_limits<int>::min() ? -1 : m_nextHeldId - 1;
        m_held.append({id, topic, payload, qos});
        qCDebug(lcMqtt) << "Holding retained message" << id << "on" << topic
                        << "for the next connect";
        return id;
    }

    int mid = 0;
    const int rc = mosquitto_publish(m_mosq, &mid, topic.toUtf8().constData(), int(payload.size()),
                                     payload.constData(), qos, retain);
    const int savedErrno = errno;
    afterCall();
    if (rc == MOSQ_ERR_SUCCESS)
        return mid;
    // With QoS 1 and 2 these come after libmosquitto queued the message: it goes out
    // (again) after the next CONNACK.
    if (qos > 0
        && (rc == MOSQ_ERR_NO_CONN || rc == MOSQ_ERR_CONN_LOST || rc == MOSQ_ERR_ERRNO
            || rc == MOSQ_ERR_TLS)) {
        qCDebug(lcMqtt) << "Queued message" << mid << "on" << topic << "for the next connect";
        return mid;
    }
    m_error = tr("Cannot publish to %1: %2").arg(topic, errorText(rc, savedErrno));
    return Error::conflict(m_error);
}

bool MqttClient::topicMatches(const QString &pattern, const QString &topic)
{
    if (pattern.contains(QChar(0)) || topic.contains(QChar(0)))
        return false;
    bool result = false;
    const int rc = mosquitto_topic_matches_sub(pattern.toUtf8().constData(),
                                               topic.toUtf8().constData(), &result);
    return rc == MOSQ_ERR_SUCCESS && result;
}

bool MqttClient::ensureHandle()
{
    if (m_mosq)
        return true;
    const Status valid = m_options.validate();
    if (!valid) {
        m_error = valid.error().toString();
        qCWarning(lcMqtt).noquote() << "Bad MQTT options:" << m_error;
        return false;
    }
    initLibrary();
    const QByteArray id = m_options.clientId.toUtf8();
    m_mosq = mosquitto_new(id.isEmpty() ? nullptr : id.constData(), m_options.cleanSession, this);
    if (!m_mosq) {
        m_error = errno == ENOMEM ? tr("Out of memory for the MQTT client")
                                  : tr("libmosquitto refused the client id or session options");
        qCWarning(lcMqtt).noquote() << m_error;
        return false;
    }
    if (!configureHandle()) {
        qCWarning(lcMqtt).noquote() << m_error;
        mosquitto_user_data_set(m_mosq, nullptr);
        mosquitto_destroy(m_mosq);
        m_mosq = nullptr;
        return false;
    }
    return true;
}

bool MqttClient::configureHandle()
{
    const auto failed = [this](const QString &what, int rc) {
        m_error = tr("Cannot set up %1: %2").arg(what, errorText(rc, errno));
        return false;
    };
    int rc = mosquitto_int_option(m_mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    if (rc != MOSQ_ERR_SUCCESS)
        return failed(tr("the MQTT version"), rc);

    mosquitto_connect_with_flags_callback_set(m_mosq, &MqttCallbacks::onConnect);
    mosquitto_disconnect_callback_set(m_mosq, &MqttCallbacks::onDisconnect);
    mosquitto_message_callback_set(m_mosq, &MqttCallbacks::onMessage);
    mosquitto_subscribe_callback_set(m_mosq, &MqttCallbacks::onSubscribe);
    mosquitto_publish_callback_set(m_mosq, &MqttCallbacks::onPublish);
    mosquitto_log_callback_set(m_mosq, &MqttCallbacks::onLog);

    if (!m_options.username.isEmpty()) {
        const QByteArray user = m_options.username.toUtf8();
        const QByteArray password = m_options.password.toUtf8();
        rc = mosquitto_username_pw_set(m_mosq, user.constData(),
                                       m_options.password.isEmpty() ? nullptr
                                                                    : password.constData());
        if (rc != MOSQ_ERR_SUCCESS)
            return failed(tr("the user name and password"), rc);
    }

    const QString willTopic = m_options.effectiveWillTopic();
    if (!willTopic.isEmpty()) {
        rc = mosquitto_will_set(
                m_mosq, willTopic.toUtf8().constData(), int(m_options.willPayload.size()),
                m_options.willPayload.constData(), m_options.willQos, m_options.willRetain);
        if (rc != MOSQ_ERR_SUCCESS)
            return failed(tr("the last will"), rc);
    }

    if (m_options.useTls) {
        if (!m_options.caFile.isEmpty()) {
            const QByteArray ca = QFile::encodeName(m_options.caFile);
            const QByteArray cert = QFile::encodeName(m_options.certificateFile);
            const QByteArray key = QFile::encodeName(m_options.keyFile);
            rc = mosquitto_tls_set(m_mosq, ca.constData(), nullptr,
                                   cert.isEmpty() ? nullptr : cert.constData(),
                                   key.isEmpty() ? nullptr : key.constData(), &noPassPhrase);
        } else {
            rc = mosquitto_int_option(m_mosq, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
        }
        if (rc != MOSQ_ERR_SUCCESS)
            return failed(tr("TLS"), rc);
        if (m_options.insecure) {
            // tls_insecure_set only skips the host name check; certificate requirement
            // 0 (SSL_VERIFY_NONE) skips the chain check too, which is what "insecure" means.
            rc = mosquitto_tls_opts_set(m_mosq, 0, nullptr, nullptr);
            if (rc == MOSQ_ERR_SUCCESS)
                rc = mosquitto_tls_insecure_set(m_mosq, true);
            if (rc != MOSQ_ERR_SUCCESS)
                return failed(tr("TLS without checks"), rc);
            qCWarning(lcMqtt).noquote()
                    << "TLS certificate checks are off for" << m_options.describe();
        }
    }
    return true;
}

/*
 * One attempt starts with a plain TCP connection from Qt, which resolves the name and
 * connects without blocking. Only when that succeeded does libmosquitto connect, with the
 * blocking mosquitto_connect(): the broker has just answered, so its TCP connect returns at
 * once, and the TLS handshake and CONNECT then run non-blocking through the notifiers. (It
 * resolves the name again itself, blocking, but right after Qt did, so from warm caches.)
 *
 * Why not mosquitto_connect_async(): with libmosquitto 2.0 a TLS handshake that starts on a
 * socket still connecting sets want_write, which stays set until the handshake is done
 * while mosquitto_loop_write() cannot advance it, so the write notifier would spin. And why
 * not a bare mosquitto_connect(): to an address that drops packets it blocks the event loop
 * for the kernel's SYN timeout (about two minutes) on every attempt. The extra connection
 * costs one round trip and a "closed its connection" line in the broker's log.
 */
void MqttClient::startAttempt()
{
    if (!m_wanted || !m_mosq)
        return;
    m_retryTimer.stop();
    dropProbe();
    unwatchSocket();
    ++m_attempts;
    m_libraryError.clear();
    setState(Connecting);
    m_attemptTimer.start(m_options.connectTimeout);
    m_probe = new QTcpSocket(this);
    m_probe->setProxy(QNetworkProxy::NoProxy);
    connect(m_probe, &QTcpSocket::connected, this, &MqttClient::onProbeConnected);
    connect(m_probe, &QAbstractSocket::errorOccurred, this, &MqttClient::onProbeFailed);
    m_probe->connectToHost(m_options.host, m_options.port);
}

void MqttClient::onProbeConnected()
{
    dropProbe();
    if (!m_wanted || m_state != Connecting)
        return;
    errno = 0;
    const int rc = mosquitto_connect(m_mosq, m_options.host.toUtf8().constData(),
                                     int(m_options.port), m_options.keepAliveSeconds);
    const int savedErrno = errno;
    handleEvents();
    if (rc != MOSQ_ERR_SUCCESS) {
        attemptFailed(withTlsHint(errorText(rc, savedErrno)));
        return;
    }
    const int fd = mosquitto_socket(m_mosq);
    if (fd < 0) {
        attemptFailed(tr("libmosquitto has no socket after connecting"));
        return;
    }
    watchSocket(fd);
    updateWriteNotifier();
}

void MqttClient::onProbeFailed()
{
    if (!m_probe)
        return;
    const QString reason = m_probe->errorString();
    dropProbe();
    if (m_state == Connecting)
        attemptFailed(reason);
}

void MqttClient::onAttemptTimeout()
{
    if (m_state != Connecting)
        return;
    attemptFailed(
            tr("No connection within %1 s").arg(double(m_options.connectTimeout.count()) / 1000.0));
}

void MqttClient::onMiscTimer()
{
    if (!m_mosq || m_socket < 0)
        return;
    // Keepalive: sends PINGREQ when due, and drops a link whose PINGRESP is overdue.
    mosquitto_loop_misc(m_mosq);
    afterCall();
}

/*
 * One turn of libmosquitto's loop for a notifier: read what arrived, write what waits.
 * Callbacks fire inside; afterCall() then handles what they recorded.
 */
void MqttClient::service(bool readable)
{
    if (!m_mosq || m_socket < 0)
        return;
    // While connecting, reading also advances the TLS handshake, which
    // mosquitto_loop_write() does not; a read without data does nothing.
    int rc = MOSQ_ERR_SUCCESS;
    int savedErrno = 0;
    if (readable || m_state == Connecting) {
        // libmosquitto reads one packet per call (more only when QoS messages are queued);
        // read on while the socket holds more, so that a burst costs one turn of the event
        // loop instead of one per message. Bounded, so that writes and timers still run.
        int packets = 0;
        do {
            rc = mosquitto_loop_read(m_mosq, 1);
            savedErrno = errno;
        } while (rc == MOSQ_ERR_SUCCESS && ++packets < 256 && m_state == Connected
                 && mosquitto_socket(m_mosq) == m_socket && bytesWaiting(m_socket));
    }
    if (rc == MOSQ_ERR_SUCCESS && mosquitto_socket(m_mosq) == m_socket
        && mosquitto_want_write(m_mosq)) {
        rc = mosquitto_loop_write(m_mosq, 1);
        savedErrno = errno;
    }
    afterCall(rc == MOSQ_ERR_SUCCESS ? QString() : errorText(rc, savedErrno));
    // A peer that closes during the TLS handshake leaves libmosquitto 2.0 waiting for more
    // (SSL_ERROR_SYSCALL is taken for "try again"), and the readable EOF would spin the
    // read notifier until the attempt times out.
    if (m_state == Connecting && m_socket >= 0 && peerGone(m_socket)) {
        linkClosed(tr("The broker closed the connection"));
        return;
    }
    // The handshake case again, for the write side: should want_write stay set with
    // nothing to write, look again a little later instead of at once.
    if (!readable && m_state == Connecting && m_writeNotifier && m_writeNotifier->isEnabled()) {
        m_writeNotifier->setEnabled(false);
        m_writeThrottle.start();
    }
}

// What follows every call into libmosquitto; reason is what the call returned, if it failed.
void MqttClient::afterCall(const QString &reason)
{
    handleEvents();
    // libmosquitto closes the socket itself on errors and reports it with a disconnect
    // callback; this is the safety net should it ever not: a notifier must not outlive
    // its descriptor, whose number the next socket may reuse.
    if (m_socket >= 0 && (!m_mosq || mosquitto_socket(m_mosq) != m_socket))
        linkClosed(reason.isEmpty() ? tr("The connection was closed") : reason);
    updateWriteNotifier();
}

void MqttClient::handleEvents()
{
    // Handling an event calls into libmosquitto, which may record more events.
    if (m_handling)
        return;
    m_handling = true;
    while (!m_events.isEmpty())
        handleEvent(m_events.takeFirst());
    m_handling = false;
}

void MqttClient::handleEvent(const Event &event)
{
    switch (event.kind) {
    case Event::Connack:
        if (m_state != Connecting)
            break;
        if (event.code == 0) {
            onConnackAccepted(event.flags & 1);
        } else {
            attemptFailed(tr("The broker refused the connection: %1")
                                  .arg(QString::fromUtf8(mosquitto_connack_string(event.code))));
        }
        break;
    case Event::Disconnect:
        if (event.code == MOSQ_ERR_SUCCESS)
            linkClosed(tr("The broker closed the connection"));
        else
            linkClosed(errorText(event.code, event.sysErrno));
        break;
    case Event::Message:
        if (event.payloadSize > m_options.maxPayloadSize) {
            ++m_rejected;
            const QString reason =
                    tr("The payload of %1 bytes is larger than the limit of %2 bytes")
                            .arg(event.payloadSize)
                            .arg(m_options.maxPayloadSize);
            qCWarning(lcMqtt).noquote()
                    << "Dropped a message on" << event.message.topic << "-" << reason;
            const QString topic = event.message.topic;
            queueSignal([this, topic, reason] { Q_EMIT messageRejected(topic, reason); });
        } else {
            const MqttMessage message = event.message;
            queueSignal([this, message] { Q_EMIT messageReceived(message); });
        }
        break;
    case Event::Subscribe: {
        const QString pattern = m_pendingSubscribes.take(event.mid);
        if (pattern.isEmpty())
            break;
        const int granted = event.granted.value(0, SubscriptionRefused);
        if (granted == SubscriptionRefused) {
            m_error = tr("The broker refused the subscription to %1").arg(pattern);
            qCWarning(lcMqtt).noquote() << m_error;
            const QString message = m_error;
            queueSignal([this, message] { Q_EMIT errorOccurred(message); });
        } else {
            queueSignal([this, pattern, granted] { Q_EMIT subscribed(pattern, granted); });
        }
        break;
    }
    case Event::Publish:
        if (!m_internalMids.remove(event.mid)) {
            const int mid = m_heldMids.contains(event.mid) ? m_heldMids.take(event.mid) : event.mid;
            queueSignal([this, mid] { Q_EMIT published(mid); });
        }
        break;
    }
}

void MqttClient::onConnackAccepted(bool sessionPresent)
{
    m_attemptTimer.stop();
    if (m_everConnected)
        ++m_reconnects;
    m_everConnected = true;
    QString how;
    if (m_failures > 0)
        how = QStringLiteral(" after %1 failed attempts").arg(m_failures);
    qCInfo(lcMqtt).noquote() << "Connected to" << m_options.describe() + how
                             << (sessionPresent ? "(session resumed)" : "(new session)");
    m_failures = 0;
    m_lastFailure.clear();
    m_libraryError.clear();
    setState(Connected);

    // Even a resumed session is sent every subscription again: a broker that lost its state
    // (no persistence, a restore, another node of a cluster) then still delivers.
    for (auto it = m_subscriptions.cbegin(); it != m_subscriptions.cend(); ++it)
        sendSubscribe(it.key(), it.value());

    if (!m_options.statusTopic.isEmpty()) {
        int mid = 0;
        const int rc = mosquitto_publish(m_mosq, &mid, m_options.statusTopic.toUtf8().constData(),
                                         int(m_options.onlinePayload.size()),
                                         m_options.onlinePayload.constData(), m_options.willQos,
                                         true);
        // Its publish callback is handled after this returns, even for QoS 0.
        if (rc == MOSQ_ERR_SUCCESS)
            m_internalMids.insert(mid);
        else
            qCWarning(lcMqtt) << "Cannot publish the online status:" << errorText(rc);
    }
    sendHeld();
    queueSignal([this] { Q_EMIT connected(); });
}

void MqttClient::sendHeld()
{
    while (!m_held.isEmpty()) {
        const HeldMessage held = m_held.constFirst();
        int mid = 0;
        const int rc = mosquitto_publish(m_mosq, &mid, held.topic.toUtf8().constData(),
                                         int(held.payload.size()), held.payload.constData(),
                                         held.qos, true);
        // This runs on a CONNACK, so the socket exists: whatever the write gave, libmosquitto
        // has the message (retain flag included) and resends it if need be.
        if (rc != MOSQ_ERR_SUCCESS)
            qCDebug(lcMqtt) << "Held message" << held.id << "queued:" << errorText(rc);
        m_heldMids.insert(mid, held.id);
        m_held.removeFirst();
    }
}

// The socket is gone (or going): what that means depends on how far the link had got.
void MqttClient::linkClosed(const QString &reason)
{
    switch (m_state) {
    case Connecting:
        attemptFailed(withTlsHint(reason));
        return;
    case Disconnected:
        unwatchSocket();
        return;
    case Connected:
        break;
    }
    unwatchSocket();
    m_error = withLibraryError(reason);
    m_failures = 0;
    setState(Disconnected);
    qCWarning(lcMqtt).noquote() << "Link to" << m_options.describe() << "lost:" << m_error
                                << (m_wanted ? "- reconnecting" : "");
    const QString message = m_error;
    queueSignal([this, message] { Q_EMIT disconnected(message); });
    scheduleRetry();
}

/*
 * libmosquitto logs most TLS failures (see MqttCallbacks::onLog), but not a plain listener
 * hanging up on the handshake nor, often, the alert that ends the session right after it,
 * which with TLS 1.3 is how a broker refuses a missing or unknown client certificate.
 * Depending on who notices first, that hang-up reaches us as a closed socket, OpenSSL's
 * "unexpected eof" or libmosquitto's "protocol error": only a failed certificate check says
 * precisely what went wrong, so the others get a hint.
 */
QString MqttClient::withTlsHint(const QString &reason) const
{
    if (!m_options.useTls
        || m_libraryError.contains(QLatin1String("certificate verify failed"), Qt::CaseInsensitive))
        return reason;
    return reason
            + tr(" (the broker closed the connection during or right after the TLS handshake: "
                 "is this a TLS port, and does it require a client certificate that was not "
                 "given or that it does not trust?)");
}

void MqttClient::attemptFailed(const QString &why)
{
    const QString reason = withLibraryError(why);
    m_attemptTimer.stop();
    dropProbe();
    abandonSocket();
    unwatchSocket();
    ++m_failures;
    m_error = reason;
    setState(Disconnected);
    // A broker that stays away would otherwise fill the log with the same line.
    if (reason != m_lastFailure) {
        qCWarning(lcMqtt).noquote()
                << "Cannot connect to" << m_options.describe() + QLatin1Char(':') << reason
                << "- retrying";
    } else {
        qCDebug(lcMqtt).noquote() << "Attempt" << m_attempts << "failed again:" << reason;
    }
    m_lastFailure = reason;
    queueSignal([this, reason] { Q_EMIT errorOccurred(reason); });
    scheduleRetry();
}

void MqttClient::scheduleRetry()
{
    if (!m_wanted)
        return;
    // Doubling from the minimum up to the maximum, plus up to a quarter of jitter so that
    // many gateways do not all come back at the same moment after a broker restart.
    const qint64 min = m_options.minReconnectDelay.count();
    const qint64 max = m_options.maxReconnectDelay.count();
    qint64 delay = min;
    for (int i = 1; i < m_failures && delay < max; ++i)
        delay *= 2;
    delay = std::min(delay, max);
    delay += QRandomGenerator::global()->bounded(delay / 4 + 1);
    delay = std::min(delay, max);
    qCDebug(lcMqtt) << "Next attempt in" << delay << "ms";
    m_retryTimer.start(std::chrono::milliseconds(delay));
}

void MqttClient::watchSocket(int fd)
{
    unwatchSocket();
    m_socket = fd;
    m_readNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { service(true); });
    m_writeNotifier = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, [this] { service(false); });
    m_miscTimer.start();
}

void MqttClient::unwatchSocket()
{
    // Disabled at once, deleted later: this may run inside the notifier's own signal.
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    m_socket = -1;
    m_miscTimer.stop();
    m_writeThrottle.stop();
}

/*
 * Gives up a connection libmosquitto still holds: shutdown() lets the broker see it end now;
 * the descriptor stays libmosquitto's, closed by its next connect or mosquitto_destroy().
 */
void MqttClient::abandonSocket()
{
    if (!m_mosq)
        return;
    const int fd = mosquitto_socket(m_mosq);
    if (fd < 0)
        return;
#ifdef Q_OS_UNIX
    ::shutdown(fd, SHUT_RDWR);
#endif
}

void MqttClient::dropProbe()
{
    if (!m_probe)
        return;
    m_probe->disconnect(this);
    m_probe->abort();
    m_probe->deleteLater();
    m_probe = nullptr;
}

void MqttClient::updateWriteNotifier()
{
    if (m_writeNotifier && m_mosq && !m_writeThrottle.isActive())
        m_writeNotifier->setEnabled(mosquitto_want_write(m_mosq));
}

void MqttClient::sendSubscribe(const QString &pattern, int qos)
{
    int mid = 0;
    const int rc = mosquitto_subscribe(m_mosq, &mid, pattern.toUtf8().constData(), qos);
    if (rc == MOSQ_ERR_SUCCESS)
        m_pendingSubscribes.insert(mid, pattern);
    else
        qCDebug(lcMqtt) << "Cannot subscribe to" << pattern << "now:" << errorText(rc);
    // Otherwise the link just dropped: the next connect subscribes again.
}

void MqttClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    queueSignal([this, state] { Q_EMIT stateChanged(state); });
}

/*
 * Signals wait for the event loop: a slot then never runs inside libmosquitto or inside a
 * member called by the same slot (publish() reports published() after it returned the id),
 * and it may delete the client.
 */
void MqttClient::queueSignal(std::function<void()> emitter)
{
    m_queuedSignals.append(std::move(emitter));
    if (!m_emitScheduled) {
        m_emitScheduled = true;
        QMetaObject::invokeMethod(this, &MqttClient::emitQueued, Qt::QueuedConnection);
    }
}

void MqttClient::emitQueued()
{
    m_emitScheduled = false;
    const QList<std::function<void()>> emitters = std::exchange(m_queuedSignals, {});
    const QPointer<MqttClient> self(this);
    for (const auto &emitter : emitters) {
        if (!self)
            return;
        emitter();
    }
}

QString MqttClient::errorText(int rc, int sysErrno) const
{
    return rc == MOSQ_ERR_ERRNO && sysErrno != 0 ? qt_error_string(sysErrno)
                                                 : QString::fromUtf8(mosquitto_strerror(rc));
}

// The return codes only say "a TLS error occurred"; the line libmosquitto logged says which.
QString MqttClient::withLibraryError(const QString &reason) const
{
    if (m_libraryError.isEmpty() || reason.contains(m_libraryError))
        return reason;
    return reason + QStringLiteral(" (") + m_libraryError + QLatin1Char(')');
}

// libmosquitto does not log passwords, but its lines are passed on: make sure.
QString MqttClient::scrubbed(const QString &text) const
{
    if (m_options.password.isEmpty() || !text.contains(m_options.password))
        return text;
    QString copy = text;
    return copy.replace(m_options.password, QStringLiteral("****"));
}

} // namespace Cairn
