// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runtime.h"

#include <QPointer>

#include <chrono>

class QNetworkAccessManager;

namespace Cairn {

class DeviceRegistry;
class MqttClient;
class NodeStore;

/*
 * Runs the job kinds that need no external runtime, inside Cairn itself: "mqtt.publish"
 * (command a device), "http.request" (call a remote API) and "node.create" (write a
 * result node).
 */
class BuiltinRuntime : public Runtime
{
    Q_OBJECT
public:
    BuiltinRuntime(NodeStore &store, DeviceRegistry *registry, MqttClient *client,
                   QNetworkAccessManager *network = nullptr, int capacity = 64,
                   QObject *parent = nullptr);

    // The kinds it runs, with the schemas of their params; no instance is needed to know them.
    static QList<JobKind> jobKinds();

    QString name() const override;
    QList<JobKind> kinds() const override;
    int capacity() const override;

    // How long an mqtt.publish job with QoS 1 or 2 waits for the broker; 30 s by default.
    std::chrono::milliseconds publishTimeout() const { return m_publishTimeout; }
    void setPublishTimeout(std::chrono::milliseconds timeout);

    Result<RuntimeJob *> start(const JobSpec &spec, QObject *parent) override;

private:
    NodeStore &m_store;
    QPointer<DeviceRegistry> m_registry;
    QPointer<MqttClient> m_client;
    QPointer<QNetworkAccessManager> m_network;
    int m_capacity;
    std::chrono::milliseconds m_publishTimeout{30000};
};

} // namespace Cairn
