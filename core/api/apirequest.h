// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apiresponse.h"
#include "apitoken.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

class QHttpServerRequest;

namespace Cairn {

/*
 * One request as a route sees it: the HTTP request, the values of the {placeholders} of its
 * path, the token that made it, and readers for its body and query whose refusals are ready
 * to send. Each reader gives nothing when it read its value, else the answer to give.
 */
class ApiRequest
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ApiRequest)
public:
    ApiRequest(const QHttpServerRequest &http, const QHash<QString, QString> &arguments,
               const ApiToken &caller);

    const QHttpServerRequest &http() const { return m_http; }
    const ApiToken &caller() const { return m_caller; }
    // The value of {name} in the route's path, percent-decoded.
    QString arg(const QString &name) const { return m_arguments.value(name); }

    QByteArray header(const QByteArray &name) const;
    QByteArray body() const;
    // The Content-Type without its parameters, in lower case; empty when not given.
    QByteArray mediaType() const;
    bool hasQueryItem(const QString &key) const;
    QString queryValue(const QString &key) const;
    // "key=value" for each query item but those in skip, in order: query terms.
    QStringList queryTerms(const QStringList &skip = {}) const;

    // The body as a JSON object. A body that is not JSON is 415, malformed JSON 400 (naming
    // the offset, line and column), anything but an object 400. An empty body is {} when
    // optional, else 400.
    std::optional<ApiResponse> readObject(QJsonObject *object, bool optional = false) const;
    // An integer query parameter between min and max; fallback when it is not given.
    std::optional<ApiResponse> readInteger(const QString &key, qint64 fallback, qint64 min,
                                           qint64 max, qint64 *value) const;

    // The refusal of malformed JSON text.
    static ApiResponse malformedJson(const QByteArray &text, qsizetype offset,
                                     const QString &reason);
    static bool isJsonMediaType(const QByteArray &mediaType);

private:
    const QHttpServerRequest &m_http;
    QHash<QString, QString> m_arguments;
    ApiToken m_caller;
    QUrlQuery m_query;
};

} // namespace Cairn
