// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "webhooksignature_p.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace Cairn {

QByteArray WebhookSignature::headerName(WebhookConfig::Signature signature)
{
    switch (signature) {
    case WebhookConfig::Signature::HmacSha256:
        return QByteArrayLiteral("X-Hub-Signature-256");
    case WebhookConfig::Signature::Token:
        return QByteArrayLiteral("X-Gitlab-Token");
    }
    return {};
}

bool WebhookSignature::verify(WebhookConfig::Signature signature, const QByteArray &secret,
                              const QByteArray &body, const QByteArray &proof)
{
    if (secret.isEmpty() || proof.isEmpty())
        return false;
    switch (signature) {
    case WebhookConfig::Signature::HmacSha256:
        // Hex is case-insensitive; GitHub sends lower case.
        return constantTimeEquals(hmacSha256(secret, body), proof.trimmed().toLower());
    case WebhookConfig::Signature::Token:
        return constantTimeEquals(secret, proof.trimmed());
    }
    return false;
}

QByteArray WebhookSignature::hmacSha256(const QByteArray &secret, const QByteArray &body)
{
    return QByteArrayLiteral("sha256=")
            + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

/*!
    Compares the SHA-256 digests of a and b byte by byte without stopping early: the time
    depends neither on where they differ nor, for the secret side, on its length.
*/
bool WebhookSignature::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    const QByteArray digestA = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
    const QByteArray digestB = QCryptographicHash::hash(b, QCryptographicHash::Sha256);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < digestA.size(); ++i)
        difference |= static_cast<unsigned char>(digestA.at(i) ^ digestB.at(i));
    return difference == 0;
}

} // namespace Cairn
