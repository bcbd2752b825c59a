// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "webhookconfig.h"

#include "configdocument.h"
#include "httpconfigreader_p.h"

namespace Cairn {

/*!
    The type of the events of this hook: the configured one, else "cairn.webhook.NAME".
*/
QString WebhookConfig::eventType() const
{
    return type.isEmpty() ? QStringLiteral("cairn.webhook.") + name : type;
}

/*!
    Reads the `webhooks:` list of a project file. A missing list gives no hooks. Every
    error names the file, line, column and field of the value at fault.
*/
Result<QList<WebhookConfig>> WebhookConfig::fromConfig(const ConfigNode &webhooks)
{
    if (const Status isList = webhooks.requireArray(true); !isList)
        return isList.error();
    QList<WebhookConfig> configs;
    if (webhooks.isMissing())
        return configs;

    QSet<QString> names;
    for (qsizetype i = 0; i < webhooks.size(); ++i) {
        const ConfigNode node = webhooks.at(i);
        if (const Status isObject = node.requireObject(); !isObject)
            return isObject.error();
        if (const Status keys = node.checkKeys(
                    {QStringLiteral("name"), QStringLiteral("secret"), QStringLiteral("signature"),
                     QStringLiteral("max_body"), QStringLiteral("type")});
            !keys)
            return keys.error();

        WebhookConfig config;
        const auto name = HttpConfigReader::name(node[QStringLiteral("name")], names);
        if (!name)
            return name.error();
        config.name = *name;

        const auto secret = HttpConfigReader::secretKey(node[QStringLiteral("secret")], true);
        if (!secret)
            return secret.error();
        config.secretKey = *secret;

        const auto signature = node[QStringLiteral("signature")].toChoice(
                {QStringLiteral("hmac-sha256"), QStringLiteral("token")},
                QStringLiteral("hmac-sha256"));
        if (!signature)
            return signature.error();
        config.signature = *signature == QStringLiteral("token") ? Signature::Token
                                                                 : Signature::HmacSha256;

        const auto maxBody = node[QStringLiteral("max_body")].toByteSize(1, MaxBodyLimit,
                                                                         DefaultMaxBody);
        if (!maxBody)
            return maxBody.error();
        config.maxBody = *maxBody;

        const auto type = HttpConfigReader::eventType(node[QStringLiteral("type")],
                                                      config.eventType());
        if (!type)
            return type.error();
        config.type = *type;

        configs.append(config);
    }
    return configs;
}

} // namespace Cairn
