// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "builtinjob.h"

#include <QPointer>
#include <QTimer>

#include <chrono>

namespace Cairn {

class DeviceRegistry;
class MqttClient;

/*
 * One attempt of an "mqtt.publish" job: a command to a device through the DeviceRegistry,
 * or a message on a raw topic through the MqttClient. With QoS 1 or 2 it waits until the
 * broker has the message.
 */
class MqttPublishJob : public BuiltinJob
{
    Q_OBJECT
public:
    // The kind it runs, with the schema of its params.
    static JobKind kind();

    [[nodiscard]] static Result<MqttPublishJob *>
    create(const JobSpec &spec, DeviceRegistry *registry, MqttClient *client,
           std::chrono::milliseconds ackTimeout, QObject *parent = nullptr);

protected:
    void run() override;
    void abort() override;

private:
    explicit MqttPublishJob(const JobSpec &spec);

    void onPublished(int messageId);

    QPointer<DeviceRegistry> m_registry;
    QPointer<MqttClient> m_client;
    QString m_device;
    QString m_topic;
    QByteArray m_payload;
    int m_qos = 1;
    bool m_retain = false;
    int m_messageId = 0;
    QTimer m_ackTimer;
    std::chrono::milliseconds m_ackTimeout{0};
    QMetaObject::Connection m_publishedConnection;
};

} // namespace Cairn
