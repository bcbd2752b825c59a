// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace Cairn {

/*
 * Where tokens, passwords and keys live: the OS keychain, or a file only its owner can read
 * on a headless gateway. Never the database, never a log. The project file names a secret
 * by its key ("mqtt/password"); the value is read here when it is needed.
 */
class SecretStore
{
public:
    virtual ~SecretStore();

    // The value stored under key; a NotFound error when there is none.
    virtual Result<QString> read(const QString &key) = 0;
    virtual Status write(const QString &key, const QString &value) = 0;
    virtual Status remove(const QString &key) = 0;

    // "keychain" or "file:PATH", for messages.
    virtual QString description() const = 0;

    // spec is "keychain", "file:PATH" or empty for the default file,
    // ~/.config/cairn/secrets.json.
    static Result<std::unique_ptr<SecretStore>> open(const QString &spec);
    static QString defaultFile();
};

/*
 * Secrets in a JSON file of mode 0600. A file that others can read or write is refused, so
 * that a secret never leaks through a loose permission.
 */
class FileSecretStore : public SecretStore
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::FileSecretStore)
public:
    explicit FileSecretStore(const QString &path);

    Result<QString> read(const QString &key) override;
    Status write(const QString &key, const QString &value) override;
    Status remove(const QString &key) override;
    QString description() const override;

private:
    Result<QJsonObject> load() const;
    Status save(const QJsonObject &secrets);

    QString m_path;
};

} // namespace Cairn
