// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mqttpublishjob.h"

#include <deviceregistry.h>
#include <mqttclient.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace Cairn {

namespace {

QJsonObject typed(const QString &type, const QString &description)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("description"), description}};
}

// The compact JSON text of any value; QJsonDocument holds only objects and arrays, so a
// scalar is written inside an array whose brackets are then cut off.
QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

} // namespace

MqttPublishJob::MqttPublishJob(const JobSpec &spec) : BuiltinJob(spec)
{
    m_ackTimer.setSingleShot(true);
    connect(&m_ackTimer, &QTimer::timeout, this, [this] {
        const QString message = tr("the broker did not acknowledge message %1 within %2 s")
                                        .arg(m_messageId)
                                        .arg(double(m_ackTimeout.count()) / 1000.0);
        log(message, true);
        finish(JobOutcome::Error, message);
    });
}

/*!
    The "mqtt.publish" kind, version 1.0.0. Its params: \c device (a device id) or \c topic,
    \c payload (a string, or any JSON value, sent compact), \c qos and \c retain.
*/
JobKind MqttPublishJob::kind()
{
    QJsonObject device = typed(QStringLiteral("string"),
                               QStringLiteral("The id of a device: the payload goes to its "
                                              "command topic. Either device or topic."));
    device.insert(QStringLiteral("minLength"), 1);
    QJsonObject topic = typed(QStringLiteral("string"),
                              QStringLiteral("The topic to publish on, through Cairn's MQTT "
                                             "client. Either device or topic."));
    topic.insert(QStringLiteral("minLength"), 1);
    const QJsonObject payload{
            {QStringLiteral("type"),
             QJsonArray{QStringLiteral("string"), QStringLiteral("object"), QStringLiteral("array"),
                        QStringLiteral("number"), QStringLiteral("boolean"),
                        QStringLiteral("null")}},
            {QStringLiteral("description"),
             QStringLiteral("A string is sent as it is (UTF-8); any other value as compact "
                            "JSON.")},
    };
    QJsonObject qos = typed(QStringLiteral("integer"),
                            QStringLiteral("The MQTT quality of service; with 1 or 2 the job "
                                           "waits until the broker has the message."));
    qos.insert(QStringLiteral("minimum"), 0);
    qos.insert(QStringLiteral("maximum"), 2);
    qos.insert(QStringLiteral("default"), 1);
    QJsonObject retain = typed(QStringLiteral("boolean"),
                               QStringLiteral("Whether the broker keeps the message for "
                                              "later subscribers."));
    retain.insert(QStringLiteral("default"), false);

    JobKind kind;
    kind.name = QStringLiteral("mqtt.publish");
    kind.version = QStringLiteral("1.0.0");
    kind.schema = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("device"), device},
                         {QStringLiteral("topic"), topic},
                         {QStringLiteral("payload"), payload},
                         {QStringLiteral("qos"), qos},
                         {QStringLiteral("retain"), retain}}},
            {QStringLiteral("additionalProperties"), false},
    };
    kind.description = tr("Publishes an MQTT message: a command to a device, or on a topic");
    return kind;
}

/*!
    Checks the params of \a spec, which the schema cannot fully check (device or topic, not
    both), and opens the log. A missing broker or registry is not an error here: the job
    then ends with the status Error, like an unknown device.
*/
Result<MqttPublishJob *> MqttPublishJob::create(const JobSpec &spec, DeviceRegistry *registry,
                                                MqttClient *client,
                                                std::chrono::milliseconds ackTimeout,
                                                QObject *parent)
{
    const QJsonObject &params = spec.params;
    const QJsonValue device = params.value(QStringLiteral("device"));
    const QJsonValue topic = params.value(QStringLiteral("topic"));
    if (!device.isUndefined() && !device.isString())
        return Error::invalid(QStringLiteral("params.device"), tr("must be a device id"));
    if (!topic.isUndefined() && !topic.isString())
        return Error::invalid(QStringLiteral("params.topic"), tr("must be a topic"));
    if (device.toString().isEmpty() == topic.toString().isEmpty())
        return Error::invalid(QStringLiteral("params"),
                              tr("an mqtt.publish job needs either a device or a topic"));
    const QJsonValue qos = params.value(QStringLiteral("qos"));
    if (!qos.isUndefined()
        && (!qos.isDouble() || qos.toDouble() != double(qos.toInt()) || qos.toInt() < 0
            || qos.toInt() > 2))
        return Error::invalid(QStringLiteral("params.qos"), tr("must be 0, 1 or 2"));
    const QJsonValue retain = params.value(QStringLiteral("retain"));
    if (!retain.isUndefined() && !retain.isBool())
        return Error::invalid(QStringLiteral("params.retain"), tr("must be true or false"));

    std::unique_ptr<MqttPublishJob> job(new MqttPublishJob(spec));
    job->m_registry = registry;
    job->m_client = client;
    job->m_device = device.toString();
    job->m_topic = topic.toString();
    const QJsonValue payload = params.value(QStringLiteral("payload"));
    if (payload.isString())
        job->m_payload = payload.toString().toUtf8();
    else if (!payload.isUndefined())
        job->m_payload = compact(payload);
    job->m_qos = qos.isUndefined() ? 1 : qos.toInt();
    job->m_retain = retain.toBool();
    job->m_ackTimeout = ackTimeout;
    if (Status opened = job->openLog(); !opened)
        return opened.error();
    job->setParent(parent);
    job->schedule();
    return job.release();
}

void MqttPublishJob::run()
{
    if (!m_device.isEmpty() && !m_registry) {
        finish(JobOutcome::Error,
               tr("no device registry is configured to command %1").arg(m_device));
        return;
    }
    if (m_device.isEmpty() && !m_client) {
        finish(JobOutcome::Error, tr("no MQTT broker is configured to publish on %1").arg(m_topic));
        return;
    }
    // Connected before publishing, so that no acknowledgement can slip past in between.
    const bool awaitAck = m_qos > 0 && m_client;
    if (awaitAck)
        m_publishedConnection = connect(m_client, &MqttClient::published, this,
                                        &MqttPublishJob::onPublished);

    const Result<int> id = m_device.isEmpty()
            ? m_client->publish(m_topic, m_payload, m_qos, m_retain)
            : m_registry->sendCommand(m_device, m_payload, m_qos, m_retain);
    const QString target = m_device.isEmpty() ? tr("topic %1").arg(m_topic)
                                              : tr("device %1").arg(m_device);
    if (!id) {
        disconnect(m_publishedConnection);
        const QString message = tr("cannot publish to %1: %2").arg(target, id.error().message);
        log(message, true);
        finish(JobOutcome::Error, message);
        return;
    }
    m_messageId = *id;
    log(tr("published %1 bytes to %2 (QoS %3%4), message id %5")
                .arg(m_payload.size())
                .arg(target)
                .arg(m_qos)
                .arg(m_retain ? tr(", retained") : QString())
                .arg(m_messageId));

    if (!awaitAck) {
        JobOutcome outcome;
        outcome.status = JobOutcome::Passed;
        outcome.message = tr("published to %1").arg(target);
        outcome.data.insert(QStringLiteral("message_id"), m_messageId);
        finish(outcome);
        return;
    }
    if (m_ackTimeout > std::chrono::milliseconds::zero())
        m_ackTimer.start(m_ackTimeout);
}

void MqttPublishJob::onPublished(int messageId)
{
    if (messageId != m_messageId || isFinished())
        return;
    m_ackTimer.stop();
    disconnect(m_publishedConnection);
    log(tr("the broker acknowledged message %1").arg(messageId));
    JobOutcome outcome;
    outcome.status = JobOutcome::Passed;
    outcome.message = tr("published, acknowledged by the broker");
    outcome.data.insert(QStringLiteral("message_id"), messageId);
    finish(outcome);
}

void MqttPublishJob::abort()
{
    // The message may still reach the broker: MQTT has no way to take it back.
    m_ackTimer.stop();
    disconnect(m_publishedConnection);
}

} // namespace Cairn
