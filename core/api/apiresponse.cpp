// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apiresponse.h"

#include <QHttpServerResponse>
#include <QJsonDocument>

namespace Cairn {

ApiResponse ApiResponse::json(const QJsonObject &object, int status)
{
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

ApiResponse ApiResponse::raw(const QByteArray &body, const QByteArray &contentType, int status)
{
    ApiResponse response;
    response.status = status;
    response.contentType = contentType;
    response.body = body;
    return response;
}

ApiResponse ApiResponse::error(int status, const QString &code, const QString &message,
                               const QString &field)
{
    QJsonObject body{{QStringLiteral("error"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        body.insert(QStringLiteral("field"), field);
    return json(body, status);
}

ApiResponse ApiResponse::fromError(const Error &error)
{
    int status = 500;
    switch (error.code) {
    case Error::Invalid:
        status = 422;
        break;
    case Error::NotFound:
        status = 404;
        break;
    case Error::Conflict:
        status = 409;
        break;
    case Error::Database:
    case Error::Unsupported:
        status = 500;
        break;
    }
    ApiResponse response = ApiResponse::error(status, codeFor(status), error.message, error.field);
    if (!error.location.isEmpty())
        response.with(QStringLiteral("location"), error.location);
    return response;
}

ApiResponse &ApiResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

ApiResponse &ApiResponse::with(const QString &key, const QJsonValue &value)
{
    QJsonObject object = QJsonDocument::fromJson(body).object();
    object.insert(key, value);
    body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return *this;
}

QHttpServerResponse ApiResponse::toHttp() const
{
    QHttpServerResponse response(contentType, body,
                                 static_cast<QHttpServerResponse::StatusCode>(status));
    for (const auto &[name, value] : headers)
        response.addHeader(name, value);
    return response;
}

QString ApiResponse::codeFor(int status)
{
    switch (status) {
    case 400:
        return QStringLiteral("bad_request");
    case 401:
        return QStringLiteral("unauthorized");
    case 403:
        return QStringLiteral("forbidden");
    case 404:
        return QStringLiteral("not_found");
    case 405:
        return QStringLiteral("method_not_allowed");
    case 409:
        return QStringLiteral("conflict");
    case 413:
        return QStringLiteral("payload_too_large");
    case 415:
        return QStringLiteral("unsupported_media_type");
    case 416:
        return QStringLiteral("range_not_satisfiable");
    case 422:
        return QStringLiteral("invalid");
    case 426:
        return QStringLiteral("upgrade_required");
    case 503:
        return QStringLiteral("unavailable");
    default:
        return status >= 500 ? QStringLiteral("internal_error") : QStringLiteral("error");
    }
}

} // namespace Cairn
