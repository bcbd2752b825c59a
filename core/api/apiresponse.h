// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

class QHttpServerResponse;

namespace Cairn {

/*
 * What a route answers: a status, a body and its media type, and extra headers. Refusals
 * are JSON objects {"error": CODE, "message": TEXT}, with "field" when one field is at fault.
 */
struct ApiResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static ApiResponse json(const QJsonObject &object, int status = 200);
    static ApiResponse raw(const QByteArray &body, const QByteArray &contentType, int status = 200);
    static ApiResponse error(int status, const QString &code, const QString &message,
                             const QString &field = {});
    // The status and code that fit error: 422 for Invalid (naming the field), 404, 409, and
    // 500 for the database.
    static ApiResponse fromError(const Error &error);

    ApiResponse &withHeader(const QByteArray &name, const QByteArray &value);
    ApiResponse &with(const QString &key, const QJsonValue &value); // adds to a JSON body

    QHttpServerResponse toHttp() const;

    // The code of refusals with this status: "not_found", "payload_too_large"...
    static QString codeFor(int status);
};

} // namespace Cairn
