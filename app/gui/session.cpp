// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "session.h"

#include "database.h"
#include "deviceregistry.h"
#include "engine.h"
#include "eventbus.h"
#include "mqttclient.h"
#include "node.h"
#include "projectconfig.h"
#include "scheduler.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGui, "cairn.gui")

namespace Cairn {

Session::Session(QObject *parent) : QObject(parent) { }

Session::~Session()
{
    close();
}

Database *Session::database() const
{
    return m_engine ? &m_engine->database() : nullptr;
}

EventBus *Session::bus() const
{
    return m_engine ? &m_engine->bus() : nullptr;
}

bool Session::openProject(const QString &path)
{
    close();
    setState(Opening);
    const QString file = path.startsWith(QLatin1String("file:")) ? QUrl(path).toLocalFile() : path;
    Result<ProjectConfig> config = ProjectConfig::load(file);
    if (!config) {
        setError(config.error().toString());
        setState(Failed);
        return false;
    }
    auto engine = std::make_unique<Engine>();
    if (Status opened = engine->open(*config); !opened) {
        setError(opened.error().toString());
        setState(Failed);
        return false;
    }
    if (Status started = engine->start(); !started) {
        setError(started.error().toString());
        setState(Failed);
        return false;
    }
    m_engine = std::move(engine);
    m_remote = false;
    m_location = config->path;
    m_title = config->name.isEmpty() ? QFileInfo(config->path).completeBaseName() : config->name;
    m_brokerAddress = config->broker ? config->broker->describe() : QString();
    if (MqttClient *mqtt = m_engine->mqtt())
        connect(mqtt, &MqttClient::stateChanged, this, &Session::updateBrokerState);
    updateBrokerState();
    QStringList names = config->pipelines.keys();
    names.sort();
    m_pipelines = names;
    Q_EMIT pipelinesChanged();
    setError({});
    setState(Open);
    qCInfo(lcGui).noquote() << "opened" << m_location;
    return true;
}

void Session::close()
{
    if (!m_engine)
        return;
    // The app is going away or another project opens: running jobs are stopped at once and
    // go back to the queue, for the next process that runs the project. Their processes get
    // the project's stop grace to end; what still runs then is the next start's to recover.
    bool stopped = false;
    QEventLoop loop;
    connect(m_engine.get(), &Engine::stopped, &loop, [&] {
        stopped = true;
        loop.quit();
    });
    m_engine->shutdown(std::chrono::milliseconds(0));
    if (!stopped) {
        QTimer::singleShot(m_engine->config().scheduler.stopGrace + std::chrono::seconds(1), &loop,
                           &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    m_engine.reset();
    m_pipelines.clear();
    Q_EMIT pipelinesChanged();
    m_title.clear();
    m_location.clear();
    m_brokerAddress.clear();
    updateBrokerState();
    setState(Closed);
}

QVariantList Session::pipelineInputs(const QString &pipeline) const
{
    QVariantList inputs;
    if (!m_engine)
        return inputs;
    const auto it = m_engine->config().pipelines.constFind(pipeline);
    if (it == m_engine->config().pipelines.cend())
        return inputs;
    for (const PipelineInput &input : it->inputs) {
        QString value;
        if (input.defaultValue.isString()) {
            value = input.defaultValue.toString(); // shown as typed, without quotes
        } else if (!input.isRequired()) {
            const QJsonDocument doc = QJsonDocument(QJsonArray{input.defaultValue});
            value = QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
            value = value.mid(1, value.size() - 2); // the value without the array brackets
        }
        inputs.append(QVariantMap{{QStringLiteral("name"), input.name},
                                  {QStringLiteral("defaultValue"), value},
                                  {QStringLiteral("required"), input.isRequired()},
                                  {QStringLiteral("description"), input.description}});
    }
    return inputs;
}

void Session::cancelRun(const QString &runId)
{
    const QString operation = QStringLiteral("cancelRun");
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const Status done = m_engine->scheduler().cancelRun(runId,
                                                        tr("cancelled from the desktop app"));
    finishOperation(operation, bool(done), done ? tr("Run cancelled.") : done.error().toString());
}

void Session::retryRun(const QString &runId)
{
    const QString operation = QStringLiteral("retryRun");
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const Status done = m_engine->scheduler().retryRun(runId);
    finishOperation(operation, bool(done),
                    done ? tr("Run queued again.") : done.error().toString());
}

void Session::cancelJob(const QString &jobId)
{
    const QString operation = QStringLiteral("cancelJob");
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const Status done = m_engine->scheduler().cancelJob(jobId,
                                                        tr("cancelled from the desktop app"));
    finishOperation(operation, bool(done), done ? tr("Job cancelled.") : done.error().toString());
}

void Session::retryJob(const QString &jobId)
{
    const QString operation = QStringLiteral("retryJob");
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const Status done = m_engine->scheduler().retryJob(jobId);
    finishOperation(operation, bool(done),
                    done ? tr("Job queued again.") : done.error().toString());
}

void Session::startRun(const QString &pipeline, const QString &params)
{
    const QString operation = QStringLiteral("startRun");
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const auto it = m_engine->config().pipelines.constFind(pipeline);
    if (it == m_engine->config().pipelines.cend())
        return finishOperation(operation, false,
                               tr("The project has no pipeline \"%1\".").arg(pipeline));
    QJsonObject inputs;
    if (!params.trimmed().isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(params.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            const QString why = error.error != QJsonParseError::NoError
                    ? tr("%1 at character %2").arg(error.errorString()).arg(error.offset)
                    : tr("not a JSON object");
            return finishOperation(operation, false,
                                   tr("The parameters are not valid: %1.").arg(why));
        }
        inputs = doc.object();
    }
    Result<Node> run = m_engine->scheduler().startRun(*it, inputs, QString(), RunOptions{});
    if (!run)
        return finishOperation(operation, false, run.error().toString());
    finishOperation(operation, true, tr("Run of %1 started.").arg(pipeline));
    Q_EMIT runStarted(run->id);
}

void Session::sendCommand(const QString &deviceId, const QString &command)
{
    const QString operation = QStringLiteral("sendCommand");
    DeviceRegistry *devices = m_engine ? m_engine->devices() : nullptr;
    if (!devices)
        return finishOperation(operation, false, tr("The project has no MQTT broker."));
    const Result<int> sent = devices->sendCommand(deviceId, command.toUtf8());
    finishOperation(operation, bool(sent), sent ? tr("Command sent.") : sent.error().toString());
}

void Session::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void Session::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    if (!error.isEmpty())
        qCWarning(lcGui).noquote() << error;
    Q_EMIT errorChanged();
}

void Session::finishOperation(const QString &operation, bool ok, const QString &message)
{
    if (!ok)
        qCWarning(lcGui).noquote() << operation << "failed:" << message;
    Q_EMIT operationFinished(operation, ok, message);
}

void Session::updateBrokerState()
{
    QString state = QStringLiteral("none");
    if (MqttClient *mqtt = m_engine ? m_engine->mqtt() : nullptr) {
        switch (mqtt->state()) {
        case MqttClient::Connected:
            state = QStringLiteral("connected");
            break;
        case MqttClient::Connecting:
            state = QStringLiteral("connecting");
            break;
        default:
            state = QStringLiteral("disconnected");
            break;
        }
    }
    if (m_brokerState == state)
        return;
    m_brokerState = state;
    Q_EMIT brokerStateChanged();
}

} // namespace Cairn
