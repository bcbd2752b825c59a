// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "builtinruntime.h"
#include "httprequestjob.h"
#include "mqttpublishjob.h"
#include "nodecreatejob.h"

#include <deviceregistry.h>
#include <mqttclient.h>

#include <QNetworkAccessManager>

#include <algorithm>

namespace Cairn {

/*!
    A runtime writing nodes to \a store, commanding devices through \a registry and
    publishing through \a client (either may be null: the jobs needing it then end with
    the status Error), calling APIs through \a network (one of its own if null), with at
    most \a capacity jobs at once (at least one). All of them must outlive the runtime.
*/
BuiltinRuntime::BuiltinRuntime(NodeStore &store, DeviceRegistry *registry, MqttClient *client,
                               QNetworkAccessManager *network, int capacity, QObject *parent)
    : Runtime(parent),
      m_store(store),
      m_registry(registry),
      m_client(client),
      m_network(network ? network : new QNetworkAccessManager(this)),
      m_capacity(std::max(1, capacity))
{ }

QString BuiltinRuntime::name() const
{
    return QStringLiteral("builtin");
}

/*!
    The kinds of the built-in runtime: mqtt.publish, http.request and node.create. Static, so
    that pipelines can be checked where no runtime runs.
*/
QList<JobKind> BuiltinRuntime::jobKinds()
{
    return {MqttPublishJob::kind(), HttpRequestJob::kind(), NodeCreateJob::kind()};
}

QList<JobKind> BuiltinRuntime::kinds() const
{
    return jobKinds();
}

int BuiltinRuntime::capacity() const
{
    return m_capacity;
}

/*!
    Sets how long mqtt.publish jobs started from now on wait for the broker to acknowledge
    a QoS 1 or 2 message before they end with the status Error; 0 waits for ever (up to the
    job's own timeout).
*/
void BuiltinRuntime::setPublishTimeout(std::chrono::milliseconds timeout)
{
    m_publishTimeout = std::max(timeout, std::chrono::milliseconds::zero());
}

/*!
    Starts an attempt of \a spec as a job owned by \a parent. It fails only when the kind is
    not one of this runtime's, the params are unusable or the log cannot be opened.
*/
Result<RuntimeJob *> BuiltinRuntime::start(const JobSpec &spec, QObject *parent)
{
    if (spec.kind == QStringLiteral("mqtt.publish")) {
        Result<MqttPublishJob *> job = MqttPublishJob::create(spec, m_registry, m_client,
                                                              m_publishTimeout, parent);
        if (!job)
            return job.error();
        return *job;
    }
    if (spec.kind == QStringLiteral("http.request")) {
        Result<HttpRequestJob *> job = HttpRequestJob::create(spec, m_network, parent);
        if (!job)
            return job.error();
        return *job;
    }
    if (spec.kind == QStringLiteral("node.create")) {
        Result<NodeCreateJob *> job = NodeCreateJob::create(spec, m_store, parent);
        if (!job)
            return job.error();
        return *job;
    }
    return Error::invalid(QStringLiteral("kind"),
                          tr("the builtin runtime does not run jobs of kind %1").arg(spec.kind));
}

} // namespace Cairn
