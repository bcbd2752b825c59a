// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "webhookconfig.h"

#include <QByteArray>
#include <QByteArrayView>

namespace Cairn {

/*
 * How a webhook's sender proves it knows the shared secret. Comparisons take the same time
 * whatever the bytes, so that timing does not reveal how much of a guess was right.
 */
class WebhookSignature
{
public:
    // The header that carries the proof for signature.
    static QByteArray headerName(WebhookConfig::Signature signature);
    // Whether proof, the header value, matches secret and body.
    static bool verify(WebhookConfig::Signature signature, const QByteArray &secret,
                       const QByteArray &body, const QByteArray &proof);
    // "sha256=" and the lower-case hex HMAC-SHA256 of body, as GitHub sends it.
    static QByteArray hmacSha256(const QByteArray &secret, const QByteArray &body);
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};

} // namespace Cairn
