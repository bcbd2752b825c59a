// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "webhookreceiver.h"

#include "deviceslogging.h"
#include "eventbus.h"
#include "jsonbody_p.h"
#include "secretstore.h"
#include "webhooksignature_p.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QMetaEnum>
#include <QPointer>
#include <QRegularExpression>

namespace Cairn {

namespace {

enum Status {
    Accepted = 202,
    Unauthorized = 401,
    NotFound = 404,
    MethodNotAllowed = 405,
    PayloadTooLarge = 413,
    UnsupportedMediaType = 415,
    InternalServerError = 500,
};

QString methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QString::fromLatin1(key).toUpper() : QStringLiteral("UNKNOWN");
}

bool isJsonContentType(const QByteArray &contentType)
{
    // Parameters such as "; charset=utf-8" may follow the media type.
    const QByteArray mediaType = contentType.split(';').constFirst().trimmed().toLower();
    return mediaType == QByteArrayLiteral("application/json");
}

// The sender's id of this delivery, when it gives one we can use as a subject as it is.
QString deliveryId(const QHttpServerRequest &request)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._:-]{1,128}$"));
    for (const QByteArray &header :
         {QByteArrayLiteral("X-GitHub-Delivery"), QByteArrayLiteral("X-Gitlab-Event-UUID")}) {
        const QString value = QString::fromLatin1(request.value(header).trimmed());
        if (safe.match(value).hasMatch())
            return value;
    }
    return {};
}

// The kind of event the sender says it delivers ("push", "Merge Request Hook"), as one more
// level of the event type ("push", "merge_request_hook"), so that rules can tell kinds apart
// by type: cairn.webhook.github.push.
QString eventKind(const QHttpServerRequest &request)
{
    static const QRegularExpression notWord(QStringLiteral("[^a-z0-9]+"));
    for (const QByteArray &header :
         {QByteArrayLiteral("X-GitHub-Event"), QByteArrayLiteral("X-Gitlab-Event")}) {
        QString kind = QString::fromLatin1(request.value(header).trimmed()).toLower().left(64);
        kind.replace(notWord, QStringLiteral("_"));
        while (kind.startsWith(QLatin1Char('_')))
            kind.remove(0, 1);
        while (kind.endsWith(QLatin1Char('_')))
            kind.chop(1);
        if (!kind.isEmpty())
            return kind;
    }
    return {};
}

} // namespace

/*!
    Creates a receiver for configs, publishing on bus and reading the shared secrets from
    secrets at each request. It serves nothing until install().
*/
WebhookReceiver::WebhookReceiver(EventBus &bus, SecretStore &secrets,
                                 const QList<WebhookConfig> &configs, QObject *parent)
    : QObject(parent), m_bus(bus), m_secrets(secrets), m_configs(configs)
{ }

WebhookReceiver::~WebhookReceiver() = default;

/*!
    Routes every method of /hooks/NAME on server to this receiver, so that it can answer
    405 rather than the server's plain 404. Call it once per server. The server is the
    caller's and may outlive the receiver: its hooks then answer 404.
*/
void WebhookReceiver::install(QHttpServer &server)
{
    QPointer<WebhookReceiver> receiver(this);
    server.route(
            QStringLiteral("/hooks/<arg>"),
            [receiver](const QString &name, const QHttpServerRequest &request) {
                Answer answer{NotFound,
                              QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")},
                                          {QStringLiteral("message"),
                                           tr("Webhooks are not served here.")}}};
                if (receiver)
                    answer = receiver->handle(name, request);
                QHttpServerResponse response(
                        answer.body, static_cast<QHttpServerResponder::StatusCode>(answer.status));
                if (answer.status == MethodNotAllowed)
                    response.setHeader(QByteArrayLiteral("Allow"), QByteArrayLiteral("POST"));
                return response;
            });
}

/*!
    Replaces the hooks, on a reload of the project file. Requests already answered are not
    affected; the next request sees the new list.
*/
void WebhookReceiver::setConfigs(const QList<WebhookConfig> &configs)
{
    m_configs = configs;
}

/*!
    The path a hook is received on: "/hooks/NAME".
*/
QString WebhookReceiver::path(const QString &name)
{
    return QStringLiteral("/hooks/") + name;
}

const WebhookConfig *WebhookReceiver::find(const QString &name) const
{
    for (const WebhookConfig &config : m_configs) {
        if (config.name == name)
            return &config;
    }
    return nullptr;
}

WebhookReceiver::Answer WebhookReceiver::handle(const QString &name,
                                                const QHttpServerRequest &request)
{
    const QHostAddress from = request.remoteAddress();
    const WebhookConfig *config = find(name);
    if (!config)
        return refuse(name, from, NotFound, QStringLiteral("not_found"),
                      tr("There is no webhook called \"%1\".").arg(name.left(64)));
    if (request.method() != QHttpServerRequest::Method::Post)
        return refuse(name, from, MethodNotAllowed, QStringLiteral("method_not_allowed"),
                      tr("Webhooks are sent with POST, not %1.").arg(methodName(request.method())));

    const QByteArray body = request.body();
    if (body.size() > config->maxBody)
        return refuse(name, from, PayloadTooLarge, QStringLiteral("payload_too_large"),
                      tr("The payload is larger than the %1 bytes this webhook takes.")
                              .arg(config->maxBody));

    // Read at every request, so that a rotated secret takes effect without a restart.
    const Result<QString> secret = m_secrets.read(config->secretKey);
    if (!secret || secret->isEmpty()) {
        const QString why = secret ? QStringLiteral("it is empty") : secret.error().toString();
        qCWarning(lcHooks).noquote()
                << "webhook" << name << "cannot check requests: secret" << config->secretKey << "in"
                << m_secrets.description() << "is unusable:" << why;
        return refuse(name, from, InternalServerError, QStringLiteral("secret_missing"),
                      tr("The secret of webhook \"%1\" is not set up on this server; "
                         "its operator must add it to the secret store.")
                              .arg(name));
    }

    // The proof is checked before the body is parsed, so that only a sender who knows the
    // secret gets the parser to work or learns anything about what it accepts.
    const QByteArray header = WebhookSignature::headerName(config->signature);
    const QByteArray proof = request.value(header);
    if (proof.isEmpty())
        return refuse(name, from, Unauthorized, QStringLiteral("unauthorized"),
                      tr("The request has no %1 header.").arg(QString::fromLatin1(header)));
    if (!WebhookSignature::verify(config->signature, secret->toUtf8(), body, proof))
        return refuse(name, from, Unauthorized, QStringLiteral("unauthorized"),
                      config->signature == WebhookConfig::Signature::Token
                              ? tr("The token in %1 is wrong.").arg(QString::fromLatin1(header))
                              : tr("The signature in %1 does not match the payload.")
                                        .arg(QString::fromLatin1(header)));

    if (!isJsonContentType(request.value(QByteArrayLiteral("Content-Type"))))
        return refuse(name, from, UnsupportedMediaType, QStringLiteral("unsupported_media_type"),
                      tr("The payload must be sent as application/json."));
    const Result<QJsonValue> payload = JsonBody::parse(body);
    if (!payload)
        return refuse(name, from, UnsupportedMediaType, QStringLiteral("invalid_json"),
                      payload.error().message);

    const QString kind = eventKind(request);
    const QString type = kind.isEmpty() ? config->eventType()
                                        : config->eventType() + QLatin1Char('.') + kind;
    const Result<CloudEvent> event = m_bus.publish(type, deliveryId(request), *payload,
                                                   m_bus.defaultSource() + path(config->name));
    if (!event) {
        qCWarning(lcHooks).noquote()
                << "webhook" << name << "could not publish its event:" << event.error().toString();
        return refuse(name, from, InternalServerError, QStringLiteral("not_stored"),
                      tr("The payload could not be stored; send it again later."));
    }

    qCInfo(lcHooks).noquote() << "webhook" << name << "from" << from.toString()
                              << "accepted as event" << event->sequence << event->id;
    Q_EMIT accepted(name, *event);
    return {Accepted,
            QJsonObject{{QStringLiteral("accepted"), true},
                        {QStringLiteral("sequence"), event->sequence},
                        {QStringLiteral("id"), event->id}}};
}

WebhookReceiver::Answer WebhookReceiver::refuse(const QString &name, const QHostAddress &from,
                                                int status, const QString &code,
                                                const QString &message)
{
    // Refusals are routine on an open port; failures of our own were warned about already.
    qCInfo(lcHooks).noquote() << "webhook" << name.left(64) << "from" << from.toString()
                              << "refused with" << status << code;
    Q_EMIT refused(name, status, message);
    return {status,
            QJsonObject{{QStringLiteral("error"), code}, {QStringLiteral("message"), message}}};
}

} // namespace Cairn
