// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QList>
#include <QString>

namespace Cairn {

class ConfigNode;

/*
 * One webhook of the project file: where it is received (POST /hooks/NAME), how its sender
 * proves who it is, and the event it becomes. The secret itself stays in the SecretStore;
 * only its key is here.
 */
struct WebhookConfig
{
    enum class Signature {
        HmacSha256, // GitHub: "X-Hub-Signature-256: sha256=HEX" over the raw body
        Token, // GitLab: "X-Gitlab-Token: SECRET"
    };

    static constexpr qint64 DefaultMaxBody = 1024 * 1024;
    // Qt HttpServer holds a whole body in memory, so a hook may not ask for more.
    static constexpr qint64 MaxBodyLimit = 64 * 1024 * 1024;

    QString name; // [a-z0-9_-]+
    QString secretKey; // the key of the shared secret in the SecretStore
    Signature signature = Signature::HmacSha256;
    qint64 maxBody = DefaultMaxBody;
    QString type; // empty: "cairn.webhook.NAME"

    QString eventType() const;

    static Result<QList<WebhookConfig>> fromConfig(const ConfigNode &webhooks);

    friend bool operator==(const WebhookConfig &, const WebhookConfig &) = default;
};

} // namespace Cairn
