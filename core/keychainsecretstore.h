// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "secretstore.h"

namespace Cairn {

/*
 * Secrets in the operating system's keychain through QtKeychain: the Secret Service on
 * Linux desktops, the Keychain on macOS, the Credential Store on Windows. Never falls back
 * to storing in clear: where no keychain answers, the calls fail and say so.
 */
class KeychainSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::KeychainSecretStore)
public:
    explicit KeychainSecretStore(const QString &service = QStringLiteral("cairn"));

    Result<QString> read(const QString &key) override;
    Status write(const QString &key, const QString &value) override;
    Status remove(const QString &key) override;
    QString description() const override;

private:
    QString m_service;
};

} // namespace Cairn
