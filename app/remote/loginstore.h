// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QUrl>

#include <memory>
#include <vector>

namespace Cairn {

class SecretStore;

/*
 * The tokens "cairnctl login" and the desktop app keep, one per cairnd URL, under the key
 * "cairnctl/URL": in the OS keychain, or in the 0600 secrets file where no keychain service answers
 * (a headless gateway). $CAIRN_SECRETS (keychain, or file:PATH) names the one store to use instead.
 */
class LoginStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::LoginStore)
public:
    // url as people write it: "https://gw:8470/" and "https://gw:8470" are one cairnd.
    static QString key(const QUrl &url);

    // The token to send to url: $CAIRN_TOKEN, else the one stored for it.
    static Result<QString> token(const QUrl &url);
    // Keeps token for url; gives where, for the user: "the keychain", or the file and why
    // the keychain was not used.
    static Result<QString> save(const QUrl &url, const QString &token);
    // Forgets the token of url wherever it is kept; gives where it was.
    static Result<QString> remove(const QUrl &url);

private:
    // The stores to look in, in order: $CAIRN_SECRETS alone, else the keychain, then the
    // default secrets file.
    static Result<std::vector<std::unique_ptr<SecretStore>>> stores();
    static QString where(const SecretStore &store);
    // url without a trailing slash, user, query or fragment.
    static QString shown(const QUrl &url);
};

} // namespace Cairn
