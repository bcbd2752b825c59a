// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mqttoptions.h"

#include <QFileInfo>

#include <mosquitto.h>

namespace Cairn {

namespace {

bool isValidTopic(const QString &topic)
{
    // libmosquitto stops at a NUL; the broker would see another topic than the one asked.
    return !topic.isEmpty() && !topic.contains(QChar(0))
            && mosquitto_pub_topic_check(topic.toUtf8().constData()) == MOSQ_ERR_SUCCESS;
}

} // namespace

QString MqttOptions::effectiveWillTopic() const
{
    return willTopic.isEmpty() ? statusTopic : willTopic;
}

/*!
    Checks what can be checked without a broker: a host and port, a client id for a
    persistent session, sane QoS and times, topics without wildcards, and that the TLS files
    exist. Returns the first problem with the option's name as the field.
*/
Status MqttOptions::validate() const
{
    if (host.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("host"), tr("No broker host given"));
    if (port == 0)
        return Error::invalid(QStringLiteral("port"), tr("The broker port must not be 0"));
    if (clientId.isEmpty() && !cleanSession)
        return Error::invalid(QStringLiteral("client_id"),
                              tr("A persistent session (clean session off) needs a client id"));
    if (clientId.toUtf8().size() > 65535)
        return Error::invalid(QStringLiteral("client_id"), tr("The client id is too long"));
    if (username.isEmpty() && !password.isEmpty())
        return Error::invalid(QStringLiteral("username"),
                              tr("A password was given without a user name"));
    if (keepAliveSeconds < 5 || keepAliveSeconds > 65535)
        return Error::invalid(QStringLiteral("keepalive"),
                              tr("The keepalive must be between 5 and 65535 seconds"));
    if (willQos < 0 || willQos > 2)
        return Error::invalid(QStringLiteral("will_qos"), tr("The QoS must be 0, 1 or 2"));
    if (!statusTopic.isEmpty() && !isValidTopic(statusTopic))
        return Error::invalid(QStringLiteral("status_topic"),
                              tr("\"%1\" is not a topic one can publish to").arg(statusTopic));
    if (!willTopic.isEmpty() && !isValidTopic(willTopic))
        return Error::invalid(QStringLiteral("will_topic"),
                              tr("\"%1\" is not a topic one can publish to").arg(willTopic));
    if (maxPayloadSize < 0)
        return Error::invalid(QStringLiteral("max_payload_size"),
                              tr("The maximum payload size must not be negative"));
    if (minReconnectDelay.count() <= 0 || maxReconnectDelay < minReconnectDelay)
        return Error::invalid(QStringLiteral("reconnect_delay"),
                              tr("The reconnect delays must be positive, the maximum at least "
                                 "the minimum"));
    if (connectTimeout.count() <= 0)
        return Error::invalid(QStringLiteral("connect_timeout"),
                              tr("The connect timeout must be positive"));
    if (!useTls) {
        if (!caFile.isEmpty() || !certificateFile.isEmpty() || !keyFile.isEmpty())
            return Error::invalid(QStringLiteral("tls"),
                                  tr("Certificate files were given but TLS is off"));
        return Done{};
    }
    if (certificateFile.isEmpty() != keyFile.isEmpty())
        return Error::invalid(QStringLiteral("tls"),
                              tr("A client certificate needs its key file, and a key file its "
                                 "certificate"));
    // libmosquitto only takes a client certificate together with a CA file or folder.
    if (!certificateFile.isEmpty() && caFile.isEmpty())
        return Error::invalid(QStringLiteral("ca_file"),
                              tr("A client certificate needs a CA file too"));
    const struct
    {
        const QString &path;
        const char *field;
    } files[] = {{caFile, "ca_file"}, {certificateFile, "certificate_file"}, {keyFile, "key_file"}};
    for (const auto &file : files) {
        if (file.path.isEmpty())
            continue;
        const QFileInfo info(file.path);
        if (!info.isFile() || !info.isReadable())
            return Error::invalid(QString::fromLatin1(file.field),
                                  tr("Cannot read the file %1").arg(file.path));
    }
    return Done{};
}

QString MqttOptions::describe() const
{
    QString text = useTls ? QStringLiteral("mqtts://") : QStringLiteral("mqtt://");
    if (!username.isEmpty())
        text += username + QLatin1Char('@');
    text += host + QLatin1Char(':') + QString::number(port);
    if (!clientId.isEmpty())
        text += QStringLiteral(" as ") + clientId;
    if (useTls && insecure)
        text += QStringLiteral(" (TLS checks off)");
    return text;
}

} // namespace Cairn
