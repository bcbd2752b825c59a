// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "secretstore.h"

#include "keychainsecretstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace Cairn {

SecretStore::~SecretStore() = default;

QString SecretStore::defaultFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
            + QStringLiteral("/cairn/secrets.json");
}

Result<std::unique_ptr<SecretStore>> SecretStore::open(const QString &spec)
{
    if (spec == QLatin1String("keychain"))
        return std::unique_ptr<SecretStore>(std::make_unique<KeychainSecretStore>());
    if (spec.isEmpty())
        return std::unique_ptr<SecretStore>(std::make_unique<FileSecretStore>(defaultFile()));
    if (spec.startsWith(QLatin1String("file:")) && spec.size() > 5)
        return std::unique_ptr<SecretStore>(std::make_unique<FileSecretStore>(spec.mid(5)));
    return Error::invalid(QStringLiteral("secrets"),
                          QCoreApplication::translate("Cairn::SecretStore",
                                                      "\"%1\" is not a secret store: use "
                                                      "keychain or file:PATH")
                                  .arg(spec));
}

FileSecretStore::FileSecretStore(const QString &path) : m_path(path) { }

QString FileSecretStore::description() const
{
    return QStringLiteral("file:") + m_path;
}

Result<QJsonObject> FileSecretStore::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    // Group or others may not even read it: a secret behind a loose mode is already leaked.
    const QFileDevice::Permissions loose = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (file.permissions() & loose)
        return Error::invalid(m_path,
                              tr("the secrets file must be readable by its owner only "
                                 "(chmod 600)"));
    if (!file.open(QIODevice::ReadOnly))
        return Error::database(tr("Cannot read %1: %2").arg(m_path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return Error::invalid(m_path,
                              tr("not a JSON object of secrets (%1 at offset %2)")
                                      .arg(error.errorString())
                                      .arg(error.offset));
    return doc.object();
}

Status FileSecretStore::save(const QJsonObject &secrets)
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return Error::database(tr("Cannot create the folder %1.").arg(info.absolutePath()));
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::database(tr("Cannot write %1: %2").arg(m_path, file.errorString()));
    // Restricted before the first byte is written.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(secrets).toJson());
    if (!file.commit())
        return Error::database(tr("Cannot write %1: %2").arg(m_path, file.errorString()));
    return Done{};
}

Result<QString> FileSecretStore::read(const QString &key)
{
    Result<QJsonObject> secrets = load();
    if (!secrets)
        return secrets.error();
    const QJsonValue value = secrets->value(key);
    if (!value.isString())
        return Error::notFound(tr("There is no secret \"%1\" in %2.").arg(key, m_path));
    return value.toString();
}

Status FileSecretStore::write(const QString &key, const QString &value)
{
    Result<QJsonObject> secrets = load();
    if (!secrets)
        return secrets.error();
    secrets->insert(key, value);
    return save(*secrets);
}

Status FileSecretStore::remove(const QString &key)
{
    Result<QJsonObject> secrets = load();
    if (!secrets)
        return secrets.error();
    if (!secrets->contains(key))
        return Error::notFound(tr("There is no secret \"%1\" in %2.").arg(key, m_path));
    secrets->remove(key);
    return save(*secrets);
}

} // namespace Cairn
