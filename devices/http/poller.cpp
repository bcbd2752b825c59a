// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "poller.h"

#include "deviceslogging.h"
#include "eventbus.h"
#include "jsonbody_p.h"
#include "secretstore.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>

namespace Cairn {

using namespace std::chrono_literals;

/*!
    Creates a poller for config that publishes on bus and reads its token from secrets.
    network is shared with other pollers when given (it must outlive this poller); else the
    poller makes its own. Nothing is sent until start() or pollNow().
*/
Poller::Poller(const PollerConfig &config, EventBus &bus, SecretStore &secrets,
               QNetworkAccessManager *network, QObject *parent)
    : QObject(parent),
      m_config(config),
      m_bus(bus),
      m_secrets(secrets),
      m_network(network ? network : new QNetworkAccessManager(this))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Poller::pollNow);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        m_abortReason = tr("no complete answer within %1 ms").arg(m_config.timeout.count());
        m_reply->abort();
    });
}

Poller::~Poller()
{
    stop();
}

/*!
    Polls now, then every interval after each answer, so that two requests of one poller
    never overlap.
*/
void Poller::start()
{
    if (m_running)
        return;
    m_running = true;
    pollNow();
}

/*!
    Stops polling and cancels the request in flight, without an event.
*/
void Poller::stop()
{
    m_running = false;
    m_timer.stop();
    m_deadline.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

/*!
    The delay before the next attempt after failures failed ones in a row: the interval
    doubled for each failure, at most maxBackoff; without the jitter that is taken off it.
*/
std::chrono::milliseconds Poller::backoff(std::chrono::milliseconds interval,
                                          std::chrono::milliseconds maxBackoff, int failures)
{
    std::chrono::milliseconds delay = std::max(interval, 1ms);
    for (int i = 0; i < failures && delay < maxBackoff; ++i)
        delay *= 2;
    return std::min(delay, std::max(maxBackoff, interval));
}

/*!
    Sends the request now, unless one is in flight. The bearer token is read from the
    secret store each time, so that a rotated token is used from the next poll on.
*/
void Poller::pollNow()
{
    if (m_reply)
        return;
    m_timer.stop();

    QNetworkRequest request(m_config.url);
    // Following a redirect to another host would hand it our token.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Cairn-Poller"));
    for (auto it = m_config.headers.cbegin(); it != m_config.headers.cend(); ++it)
        request.setRawHeader(it.key().toLatin1(), it.value().toUtf8());
    if (!m_config.tokenKey.isEmpty()) {
        const Result<QString> token = m_secrets.read(m_config.tokenKey);
        if (!token) {
            fail(tr("cannot read the token \"%1\" from %2: %3")
                         .arg(m_config.tokenKey, m_secrets.description(), token.error().message));
            return;
        }
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + token->toUtf8());
    }

    m_answer.clear();
    m_abortReason.clear();
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        const qint64 length = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        if (length > MaxAnswerSize) {
            m_abortReason = tr("the answer of %1 bytes is larger than the %2 bytes allowed")
                                    .arg(length)
                                    .arg(MaxAnswerSize);
            m_reply->abort();
        }
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &Poller::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &Poller::onFinished);
    m_deadline.start(m_config.timeout);
}

void Poller::onReadyRead()
{
    if (!m_reply)
        return;
    m_answer += m_reply->readAll();
    if (m_answer.size() > MaxAnswerSize) {
        m_abortReason = tr("the answer is larger than the %1 bytes allowed").arg(MaxAnswerSize);
        m_answer.clear();
        m_reply->abort();
    }
}

void Poller::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_deadline.stop();
    reply->deleteLater();

    if (!m_abortReason.isEmpty())
        return fail(m_abortReason);
    m_answer += reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return fail(networkReason(reply));
    if (status >= 400)
        return fail(tr("the server answered HTTP %1 %2")
                            .arg(status)
                            .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute)
                                         .toString()
                                         .left(100))
                            .trimmed());
    if (status < 200 || status > 299)
        return fail(tr("the server answered HTTP %1 instead of 2xx").arg(status));
    const Result<QJsonValue> answer = JsonBody::parse(m_answer);
    m_answer.clear();
    if (!answer)
        return fail(answer.error().message);
    succeed(*answer);
}

void Poller::succeed(const QJsonValue &answer)
{
    // An equal answer gives the same compact text; only its digest needs keeping.
    const QByteArray digest = QCryptographicHash::hash(JsonBody::canonical(answer),
                                                       QCryptographicHash::Sha256);
    qint64 sequence = 0;
    if (!m_config.onlyChanged || !m_hasLast || digest != m_lastDigest) {
        const Result<CloudEvent> event = m_bus.publish(m_config.eventType(), m_config.name, answer,
                                                       source());
        if (!event)
            return fail(tr("the answer could not be stored: %1").arg(event.error().toString()));
        sequence = event->sequence;
        m_lastDigest = digest;
        m_hasLast = true;
    }

    const int failures = m_failures;
    m_failures = 0;
    m_lastError.clear();
    if (failures > 0) {
        qCInfo(lcPoll).noquote() << "poller" << m_config.name << "recovered after" << failures
                                 << "failed attempts";
        publishStatus(QStringLiteral("cairn.poll.recovered"),
                      {{QStringLiteral("name"), m_config.name},
                       {QStringLiteral("url"), m_config.displayUrl()},
                       {QStringLiteral("failures"), failures},
                       {QStringLiteral("failed_for_ms"),
                        m_failingSince.msecsTo(QDateTime::currentDateTimeUtc())}});
    }
    schedule(m_config.interval);
    if (failures > 0)
        Q_EMIT recovered(failures);
    Q_EMIT polled(answer, sequence);
}

void Poller::fail(const QString &reason)
{
    ++m_failures;
    m_lastError = reason;
    if (m_failures == 1)
        m_failingSince = QDateTime::currentDateTimeUtc();

    // Up to a fifth off the delay, so that pollers that failed together do not retry in step.
    const std::chrono::milliseconds base = backoff(m_config.interval, m_config.maxBackoff,
                                                   m_failures);
    const std::chrono::milliseconds delay(
            base.count() - QRandomGenerator::global()->bounded(qint64(base.count() / 5 + 1)));
    schedule(delay);

    const bool report = m_failures == 1 || m_failures % FailedEventEvery == 0;
    if (report) {
        qCWarning(lcPoll).noquote()
                << "poller" << m_config.name << m_config.displayUrl() << "failed:" << reason
                << "- attempt" << m_failures << "- next in" << delay.count() << "ms";
        publishStatus(QStringLiteral("cairn.poll.failed"),
                      {{QStringLiteral("name"), m_config.name},
                       {QStringLiteral("url"), m_config.displayUrl()},
                       {QStringLiteral("reason"), reason},
                       {QStringLiteral("attempt"), m_failures},
                       {QStringLiteral("next_retry_ms"), qint64(delay.count())}});
    } else {
        qCInfo(lcPoll).noquote() << "poller" << m_config.name << "failed again:" << reason
                                 << "- attempt" << m_failures << "- next in" << delay.count()
                                 << "ms";
    }
    Q_EMIT failed(reason, m_failures, delay.count());
}

void Poller::schedule(std::chrono::milliseconds delay)
{
    m_nextDelay = delay;
    if (m_running)
        m_timer.start(delay);
}

void Poller::publishStatus(const QString &type, const QJsonObject &data)
{
    const Result<CloudEvent> event = m_bus.publish(type, m_config.name, data, source());
    if (!event)
        qCWarning(lcPoll).noquote() << "poller" << m_config.name << "could not publish" << type
                                    << ":" << event.error().toString();
}

QString Poller::networkReason(QNetworkReply *reply) const
{
    if (reply->error() == QNetworkReply::ConnectionRefusedError)
        return tr("connection refused by %1")
                .arg(m_config.url.adjusted(QUrl::RemoveUserInfo).authority());
    QString reason = reply->errorString();
    // Qt may quote the URL, and a password in it must not reach an event or a log.
    const QString password = m_config.url.password();
    if (!password.isEmpty())
        reason.replace(password, QStringLiteral("***"));
    return reason;
}

QString Poller::source() const
{
    return m_bus.defaultSource() + QStringLiteral("/poll/") + m_config.name;
}

} // namespace Cairn
