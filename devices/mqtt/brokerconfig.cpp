// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "brokerconfig.h"

#include "secretstore.h"

#include <QDir>
#include <QHostInfo>

namespace Cairn {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cairn::BrokerConfig", text);
}

} // namespace

Result<MqttOptions> BrokerConfig::fromConfig(const ConfigNode &broker, SecretStore *secrets,
                                             const QString &baseDir)
{
    MqttOptions options;
    if (Status s = broker.requireObject(); !s)
        return s.error();
    if (Status s = broker.checkKeys(
                {QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("client_id"),
                 QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("tls"),
                 QStringLiteral("keepalive"), QStringLiteral("clean_session"),
                 QStringLiteral("status_topic"), QStringLiteral("max_payload")});
        !s)
        return s.error();

    Result<QString> host = broker[QStringLiteral("host")].toString(options.host);
    Result<QString> clientId = broker[QStringLiteral("client_id")].toString(
            QStringLiteral("cairn-") + QHostInfo::localHostName());
    Result<QString> username = broker[QStringLiteral("username")].toString(QString());
    Result<QString> passwordKey = broker[QStringLiteral("password")].toString(QString());
    Result<QString> statusTopic = broker[QStringLiteral("status_topic")].toString(QString());
    for (const auto *r : {&host, &clientId, &username, &passwordKey, &statusTopic}) {
        if (!*r)
            return r->error();
    }
    options.host = *host;
    options.clientId = *clientId;
    options.username = *username;
    options.statusTopic = statusTopic->isEmpty()
            ? QStringLiteral("cairn/") + options.clientId + QStringLiteral("/status")
            : *statusTopic;

    const ConfigNode tls = broker[QStringLiteral("tls")];
    if (!tls.isMissing()) {
        if (tls.value().isBool()) {
            options.useTls = tls.value().toBool();
        } else {
            if (Status s = tls.requireObject(); !s)
                return s.error();
            if (Status s = tls.checkKeys({QStringLiteral("ca"), QStringLiteral("certificate"),
                                          QStringLiteral("key"), QStringLiteral("insecure")});
                !s)
                return s.error();
            options.useTls = true;
            const auto file = [&](const char *key, QString *out) -> Status {
                Result<QString> name = tls[QString::fromLatin1(key)].toString(QString());
                if (!name)
                    return name.error();
                *out = name->isEmpty() ? QString() : QDir(baseDir).absoluteFilePath(*name);
                return Done{};
            };
            for (const Status &s :
                 {file("ca", &options.caFile), file("certificate", &options.certificateFile),
                  file("key", &options.keyFile)}) {
                if (!s)
                    return s.error();
            }
            Result<bool> insecure = tls[QStringLiteral("insecure")].toBool(false);
            if (!insecure)
                return insecure.error();
            options.insecure = *insecure;
        }
    }
    Result<qint64> port = broker[QStringLiteral("port")].toInteger(1, 65535,
                                                                   options.useTls ? 8883 : 1883);
    if (!port)
        return port.error();
    options.port = quint16(*port);
    Result<std::chrono::milliseconds> keepalive = broker[QStringLiteral("keepalive")].toDuration(
            std::chrono::seconds(30));
    if (!keepalive)
        return keepalive.error();
    options.keepAliveSeconds = int(keepalive->count() / 1000);
    Result<bool> clean = broker[QStringLiteral("clean_session")].toBool(false);
    if (!clean)
        return clean.error();
    options.cleanSession = *clean;
    Result<qint64> maxPayload = broker[QStringLiteral("max_payload")].toByteSize(
            1, qint64(1) << 30, MqttOptions::DefaultMaxPayloadSize);
    if (!maxPayload)
        return maxPayload.error();
    options.maxPayloadSize = *maxPayload;

    if (!passwordKey->isEmpty()) {
        if (!secrets)
            return broker[QStringLiteral("password")].error(
                    tr("there is no secret store to read it from"));
        Result<QString> password = secrets->read(*passwordKey);
        if (!password)
            return broker[QStringLiteral("password")].error(password.error().message);
        options.password = *password;
    }
    if (Status valid = options.validate(); !valid) {
        // MqttOptions names its own fields; point at the setting of the project file.
        static const QHash<QString, QString> settings = {
                {QStringLiteral("ca_file"), QStringLiteral("tls.ca")},
                {QStringLiteral("certificate_file"), QStringLiteral("tls.certificate")},
                {QStringLiteral("key_file"), QStringLiteral("tls.key")},
                {QStringLiteral("max_payload_size"), QStringLiteral("max_payload")},
        };
        const QString field = valid.error().field;
        ConfigNode at = broker;
        for (const QString &key :
             settings.value(field, field).split(QLatin1Char('.'), Qt::SkipEmptyParts))
            at = at[key];
        return at.error(valid.error().message);
    }
    return options;
}

} // namespace Cairn
