// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pollerconfig.h"

#include "configdocument.h"
#include "httpconfigreader_p.h"

#include <QRegularExpression>

namespace Cairn {

using namespace std::chrono_literals;

/*!
    The type of the events of this poller: the configured one, else "cairn.poll.NAME".
*/
QString PollerConfig::eventType() const
{
    return type.isEmpty() ? QStringLiteral("cairn.poll.") + name : type;
}

/*!
    The URL without user name and password: what events and logs may show.
*/
QString PollerConfig::displayUrl() const
{
    return url.toString(QUrl::RemoveUserInfo);
}

static Result<QUrl> readUrl(const ConfigNode &node)
{
    const auto text = node.toString();
    if (!text)
        return text.error();
    const QUrl url(*text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QStringLiteral("http") && scheme != QStringLiteral("https")))
        return node.error(PollerConfig::tr("\"%1\" is not an http or https URL with a host")
                                  .arg(url.toString(QUrl::RemoveUserInfo)));
    return url;
}

static Result<QMap<QString, QString>> readHeaders(const ConfigNode &node)
{
    if (const Status isMap = node.requireObject(true); !isMap)
        return isMap.error();
    // RFC 9110 token characters: anything else would break the request or smuggle a header.
    static const QRegularExpression validName(
            QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$"));
    QMap<QString, QString> headers;
    if (node.isMissing())
        return headers;
    const QStringList names = node.keys();
    for (const QString &name : names) {
        const ConfigNode valueNode = node[name];
        if (!validName.match(name).hasMatch())
            return valueNode.error(PollerConfig::tr("\"%1\" is not a valid header name").arg(name));
        const auto value = valueNode.toString();
        if (!value)
            return value.error();
        for (const QChar c : *value) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return valueNode.error(
                        PollerConfig::tr("a header value must not hold control characters"));
        }
        headers.insert(name, *value);
    }
    return headers;
}

/*!
    Reads the `pollers:` list of a project file. A missing list gives no pollers. Every
    error names the file, line, column and field of the value at fault.
*/
Result<QList<PollerConfig>> PollerConfig::fromConfig(const ConfigNode &pollers)
{
    if (const Status isList = pollers.requireArray(true); !isList)
        return isList.error();
    QList<PollerConfig> configs;
    if (pollers.isMissing())
        return configs;

    QSet<QString> names;
    for (qsizetype i = 0; i < pollers.size(); ++i) {
        const ConfigNode node = pollers.at(i);
        if (const Status isObject = node.requireObject(); !isObject)
            return isObject.error();
        if (const Status keys = node.checkKeys(
                    {QStringLiteral("name"), QStringLiteral("url"), QStringLiteral("interval"),
                     QStringLiteral("timeout"), QStringLiteral("headers"), QStringLiteral("token"),
                     QStringLiteral("only_changed"), QStringLiteral("type"),
                     QStringLiteral("max_backoff")});
            !keys)
            return keys.error();

        PollerConfig config;
        const auto name = HttpConfigReader::name(node[QStringLiteral("name")], names);
        if (!name)
            return name.error();
        config.name = *name;

        const auto url = readUrl(node[QStringLiteral("url")]);
        if (!url)
            return url.error();
        config.url = *url;

        const ConfigNode intervalNode = node[QStringLiteral("interval")];
        const auto interval = intervalNode.toDuration();
        if (!interval)
            return interval.error();
        if (*interval < MinInterval)
            return intervalNode.error(tr("the interval must be at least 1s, so that a remote "
                                         "API is not hammered"));
        config.interval = *interval;

        const ConfigNode timeoutNode = node[QStringLiteral("timeout")];
        const auto timeout = timeoutNode.toDuration(DefaultTimeout);
        if (!timeout)
            return timeout.error();
        if (*timeout < 100ms || *timeout > 10min)
            return timeoutNode.error(tr("the timeout must be between 100ms and 10m"));
        config.timeout = *timeout;

        const auto headers = readHeaders(node[QStringLiteral("headers")]);
        if (!headers)
            return headers.error();
        config.headers = *headers;

        const ConfigNode tokenNode = node[QStringLiteral("token")];
        const auto token = HttpConfigReader::secretKey(tokenNode, false);
        if (!token)
            return token.error();
        config.tokenKey = *token;
        if (!config.tokenKey.isEmpty()) {
            for (auto it = config.headers.cbegin(); it != config.headers.cend(); ++it) {
                if (it.key().compare(QStringLiteral("Authorization"), Qt::CaseInsensitive) == 0)
                    return tokenNode.error(tr("token and an Authorization header cannot be "
                                              "used together"));
            }
        }

        const auto onlyChanged = node[QStringLiteral("only_changed")].toBool(false);
        if (!onlyChanged)
            return onlyChanged.error();
        config.onlyChanged = *onlyChanged;

        const auto type = HttpConfigReader::eventType(node[QStringLiteral("type")],
                                                      config.eventType());
        if (!type)
            return type.error();
        config.type = *type;

        const ConfigNode backoffNode = node[QStringLiteral("max_backoff")];
        // A slow poller keeps its interval as the ceiling unless told otherwise.
        const auto maxBackoff = backoffNode.toDuration(
                std::max(DefaultMaxBackoff, config.interval));
        if (!maxBackoff)
            return maxBackoff.error();
        if (*maxBackoff < config.interval || *maxBackoff > std::chrono::hours(24))
            return backoffNode.error(tr("max_backoff must be between the interval and 24h"));
        config.maxBackoff = *maxBackoff;

        configs.append(config);
    }
    return configs;
}

} // namespace Cairn
