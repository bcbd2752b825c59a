// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deviceroutes.h"

#include "apirouter.h"
#include "devicedirectory.h"

namespace Cairn {

namespace {
using Method = QHttpServerRequest::Method;
} // namespace

void DeviceRoutes::addTo(ApiRouter &router)
{
    router.add({Method::Get, QStringLiteral("/api/v1/devices"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return list(r);
                }});
    router.add({Method::Get, QStringLiteral("/api/v1/devices/{id}"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return get(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/devices/{id}/command"),
                ApiToken::Role::Operator, [this](const ApiRequest &r) {
                    return command(r);
                }});
}

ApiResponse DeviceRoutes::list(const ApiRequest &)
{
    return ApiResponse::json(
            {{QStringLiteral("items"), m_devices ? m_devices->devices() : QJsonArray()},
             {QStringLiteral("broker_connected"), m_devices && m_devices->isBrokerConnected()}});
}

ApiResponse DeviceRoutes::get(const ApiRequest &request)
{
    const QString id = request.arg(QStringLiteral("id"));
    const std::optional<QJsonObject> device = m_devices ? m_devices->device(id)
                                                        : std::optional<QJsonObject>();
    if (!device)
        return ApiResponse::fromError(
                Error::notFound(tr("There is no device %1.").arg(id.left(80))));
    return ApiResponse::json(*device);
}

/*!
    POST /api/v1/devices/{id}/command: the body, whatever its type, is the payload sent to the
    device's command topic. 202 with the message id once the client has it to send.
*/
ApiResponse DeviceRoutes::command(const ApiRequest &request)
{
    const QString id = request.arg(QStringLiteral("id"));
    if (!m_devices)
        return ApiResponse::fromError(
                Error::notFound(tr("There is no device %1.").arg(id.left(80))));
    const Result<int> sent = m_devices->sendCommand(id, request.body());
    if (!sent) {
        if (sent.error().code == Error::Invalid && sent.error().field == u"broker")
            return ApiResponse::error(503, ApiResponse::codeFor(503), sent.error().message);
        return ApiResponse::fromError(sent.error());
    }
    return ApiResponse::json({{QStringLiteral("accepted"), true},
                              {QStringLiteral("device"), id},
                              {QStringLiteral("message_id"), *sent}},
                             202);
}

} // namespace Cairn
