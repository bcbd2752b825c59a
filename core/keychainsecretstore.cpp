// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "keychainsecretstore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>

namespace Cairn {

namespace {

// Runs a keychain job to its end. Jobs are asynchronous; secrets are read at start-up or on
// a user's command, where waiting for the answer is what the caller wants.
Status runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    switch (job.error()) {
    case QKeychain::NoError:
        return Done{};
    case QKeychain::EntryNotFound:
        return Error::notFound(job.errorString());
    default:
        return Error::database(job.errorString());
    }
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service) : m_service(service) { }

Result<QString> KeychainSecretStore::read(const QString &key)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(key);
    if (Status s = runJob(job); !s) {
        Error error = s.error();
        if (error.code == Error::NotFound)
            error.message = tr("There is no secret \"%1\" in the keychain.").arg(key);
        return error;
    }
    return job.textData();
}

Status KeychainSecretStore::write(const QString &key, const QString &value)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(key);
    job.setTextData(value);
    return runJob(job);
}

Status KeychainSecretStore::remove(const QString &key)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setInsecureFallback(false);
    job.setKey(key);
    return runJob(job);
}

QString KeychainSecretStore::description() const
{
    return QStringLiteral("keychain");
}

} // namespace Cairn
