// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "loginstore.h"

#include "keychainsecretstore.h"
#include "secretstore.h"

namespace Cairn {

QString LoginStore::key(const QUrl &url)
{
    return QStringLiteral("cairnctl/") + shown(url);
}

QString LoginStore::shown(const QUrl &url)
{
    QUrl plain = url.adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery | QUrl::RemoveFragment
                              | QUrl::RemoveUserInfo);
    // StripTrailingSlash keeps the root's slash.
    if (plain.path() == u"/")
        plain.setPath(QString());
    return plain.toString();
}

Result<std::vector<std::unique_ptr<SecretStore>>> LoginStore::stores()
{
    std::vector<std::unique_ptr<SecretStore>> list;
    const QString spec = qEnvironmentVariable("CAIRN_SECRETS");
    if (!spec.isEmpty()) {
        Result<std::unique_ptr<SecretStore>> store = SecretStore::open(spec);
        if (!store) {
            Error error = store.error();
            error.field = QStringLiteral("CAIRN_SECRETS");
            return error;
        }
        list.push_back(std::move(*store));
        return list;
    }
    list.push_back(std::make_unique<Cairn::KeychainSecretStore>());
    list.push_back(std::make_unique<Cairn::FileSecretStore>(SecretStore::defaultFile()));
    return list;
}

QString LoginStore::where(const SecretStore &store)
{
    const QString description = store.description();
    return description == u"keychain" ? tr("the keychain") : description.mid(5);
}

/*!
    The token for \a url: $CAIRN_TOKEN when it is set, else the one "cairnctl login" stored.
    A keychain that does not answer is passed over for the secrets file.
*/
Result<QString> LoginStore::token(const QUrl &url)
{
    const QString given = qEnvironmentVariable("CAIRN_TOKEN").trimmed();
    if (!given.isEmpty())
        return given;
    auto list = stores();
    if (!list)
        return list.error();
    for (const auto &store : *list) {
        Result<QString> found = store->read(key(url));
        if (found)
            return found;
        // A secrets file that others can read is refused, and said so.
        if (found.error().code == Error::Invalid)
            return found.error();
    }
    return Error::notFound(tr("there is no token for %1: set CAIRN_TOKEN, or run 'cairnctl "
                              "login --url %1'")
                                   .arg(shown(url)));
}

/*!
    Stores \a token in the first store that takes it: the keychain when a keychain service
    answers, else the secrets file.
*/
Result<QString> LoginStore::save(const QUrl &url, const QString &token)
{
    auto list = stores();
    if (!list)
        return list.error();
    QString passedOver;
    for (size_t i = 0; i < list->size(); ++i) {
        const SecretStore &store = *list->at(i);
        const Cairn::Status written = list->at(i)->write(key(url), token);
        if (written)
            return passedOver.isEmpty()
                    ? where(store)
                    : tr("%1, as no keychain service answered (%2)").arg(where(store), passedOver);
        // Only a keychain that does not answer is passed over; the file's errors are the
        // user's to fix.
        const bool noKeychain = store.description() == u"keychain"
                && written.error().code == Error::Database && i + 1 < list->size();
        if (!noKeychain)
            return written.error();
        passedOver = written.error().message;
    }
    return Error::database(tr("there is no store for secrets"));
}

Result<QString> LoginStore::remove(const QUrl &url)
{
    auto list = stores();
    if (!list)
        return list.error();
    QStringList removedFrom;
    for (const auto &store : *list) {
        const Cairn::Status removed = store->remove(key(url));
        if (removed)
            removedFrom.append(where(*store));
        else if (removed.error().code == Error::Invalid)
            return removed.error();
    }
    if (removedFrom.isEmpty())
        return Error::notFound(tr("there is no token stored for %1").arg(shown(url)));
    return removedFrom.join(tr(" and "));
}

} // namespace Cairn
