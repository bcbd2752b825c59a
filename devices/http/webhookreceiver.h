// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "webhookconfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

class QHostAddress;
class QHttpServer;
class QHttpServerRequest;

namespace Cairn {

class EventBus;
class SecretStore;

/*
 * Receives the webhooks of the project file on POST /hooks/NAME of an HTTP server it
 * shares with the REST API, checks each one's signature or token against the secret in
 * the SecretStore and publishes its JSON payload on the bus.
 *
 * A request is checked in this order, the first failure giving the answer: the hook exists
 * (404), the method is POST (405), the body fits max_body (413), the secret is in the store
 * (500), the signature or token is right (401), the body is application/json and one JSON
 * value (415). Refusals are {"error": CODE, "message": TEXT}; an accepted payload is 202
 * {"accepted": true, "sequence": N, "id": ID}. Its event has the hook's type, the source
 * cairn://HOST/hooks/NAME, the delivery id (X-GitHub-Delivery, X-Gitlab-Event-UUID) as
 * subject when there is one, and the payload as data.
 */
class WebhookReceiver : public QObject
{
    Q_OBJECT
public:
    WebhookReceiver(EventBus &bus, SecretStore &secrets, const QList<WebhookConfig> &configs,
                    QObject *parent = nullptr);
    ~WebhookReceiver() override;

    void install(QHttpServer &server);

    QList<WebhookConfig> configs() const { return m_configs; }
    void setConfigs(const QList<WebhookConfig> &configs);

    static QString path(const QString &name);

Q_SIGNALS:
    void accepted(const QString &hook, const Cairn::CloudEvent &event);
    void refused(const QString &hook, int status, const QString &reason);

private:
    struct Answer
    {
        int status;
        QJsonObject body;
    };

    Answer handle(const QString &name, const QHttpServerRequest &request);
    Answer refuse(const QString &name, const QHostAddress &from, int status, const QString &code,
                  const QString &message);
    const WebhookConfig *find(const QString &name) const;

    EventBus &m_bus;
    SecretStore &m_secrets;
    QList<WebhookConfig> m_configs;
};

} // namespace Cairn
