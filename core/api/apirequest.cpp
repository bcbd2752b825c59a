// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apirequest.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Cairn {

ApiRequest::ApiRequest(const QHttpServerRequest &http, const QHash<QString, QString> &arguments,
                       const ApiToken &caller)
    : m_http(http), m_arguments(arguments), m_caller(caller), m_query(http.url())
{ }

QByteArray ApiRequest::header(const QByteArray &name) const
{
    return m_http.value(name);
}

QByteArray ApiRequest::body() const
{
    return m_http.body();
}

QByteArray ApiRequest::mediaType() const
{
    return m_http.value(QByteArrayLiteral("Content-Type"))
            .split(';')
            .constFirst()
            .trimmed()
            .toLower();
}

bool ApiRequest::hasQueryItem(const QString &key) const
{
    return m_query.hasQueryItem(key);
}

QString ApiRequest::queryValue(const QString &key) const
{
    return m_query.queryItemValue(key, QUrl::FullyDecoded);
}

QStringList ApiRequest::queryTerms(const QStringList &skip) const
{
    QStringList terms;
    const auto items = m_query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (!skip.contains(key))
            terms.append(key + u'=' + value);
    }
    return terms;
}

bool ApiRequest::isJsonMediaType(const QByteArray &mediaType)
{
    return mediaType == "application/json" || mediaType.endsWith("+json");
}

ApiResponse ApiRequest::malformedJson(const QByteArray &text, qsizetype offset,
                                      const QString &reason)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    const qsizetype column = offset - lineStart + 1;
    ApiResponse response = ApiResponse::error(
            400, QStringLiteral("invalid_json"),
            tr("The body is not valid JSON: %1 at offset %2 (line %3, column %4).")
                    .arg(reason)
                    .arg(offset)
                    .arg(line)
                    .arg(column));
    response.with(QStringLiteral("offset"), qint64(offset));
    response.with(QStringLiteral("line"), line);
    response.with(QStringLiteral("column"), qint64(column));
    return response;
}

std::optional<ApiResponse> ApiRequest::readObject(QJsonObject *object, bool optional) const
{
    const QByteArray text = body();
    const QByteArray type = mediaType();
    if (!type.isEmpty() && !isJsonMediaType(type))
        return ApiResponse::error(415, ApiResponse::codeFor(415),
                                  tr("The body must be application/json, not %1.")
                                          .arg(QString::fromLatin1(type.left(80))));
    if (text.trimmed().isEmpty()) {
        if (optional) {
            *object = {};
            return std::nullopt;
        }
        return ApiResponse::error(400, QStringLiteral("bad_request"),
                                  tr("The request needs a JSON object as its body."));
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return malformedJson(text, error.offset, error.errorString());
    if (!document.isObject())
        return ApiResponse::error(400, QStringLiteral("bad_request"),
                                  tr("The body must be a JSON object."));
    *object = document.object();
    return std::nullopt;
}

std::optional<ApiResponse> ApiRequest::readInteger(const QString &key, qint64 fallback, qint64 min,
                                                   qint64 max, qint64 *value) const
{
    if (!m_query.hasQueryItem(key)) {
        *value = fallback;
        return std::nullopt;
    }
    bool ok = false;
    const QString text = queryValue(key);
    const qint64 number = text.toLongLong(&ok);
    if (!ok || number < min || number > max)
        return ApiResponse::fromError(
                Error::invalid(key,
                               tr("must be an integer from %1 to %2, not \"%3\"")
                                       .arg(min)
                                       .arg(max)
                                       .arg(text.left(40))));
    *value = number;
    return std::nullopt;
}

} // namespace Cairn
