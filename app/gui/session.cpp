// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "session.h"

#include "database.h"
#include "deviceregistry.h"
#include "engine.h"
#include "eventbus.h"
#include "jsontext.h"
#include "loginstore.h"
#include "mqttclient.h"
#include "node.h"
#include "projectconfig.h"
#include "remotelogmodel.h"
#include "remotemirror.h"
#include "scheduler.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLoggingCategory>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcGui, "cairn.gui")

namespace Cairn {

Session::Session(QObject *parent) : QObject(parent) { }

Session::~Session()
{
    close();
}

Database *Session::database() const
{
    if (m_engine)
        return &m_engine->database();
    return m_mirror ? m_mirror->database() : nullptr;
}

EventBus *Session::bus() const
{
    if (m_engine)
        return &m_engine->bus();
    return m_mirror ? m_mirror->bus() : nullptr;
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

void Session::openRemote(const QString &url, const QString &token, const QString &caFile)
{
    close();
    setState(Opening);
    const QUrl address = QUrl::fromUserInput(url.trimmed());
    if (!address.isValid()
        || (address.scheme() != QLatin1String("http")
            && address.scheme() != QLatin1String("https"))) {
        setError(tr("\"%1\" is not the URL of a cairnd: it takes http:// or https://, a host and a "
                    "port.")
                         .arg(url));
        setState(Failed);
        return;
    }
    QString bearer = token.trimmed();
    m_pendingToken = bearer;
    if (bearer.isEmpty()) {
        const Result<QString> kept = LoginStore::token(address);
        if (!kept) {
            setError(tr("No token is given or kept for %1: %2")
                             .arg(address.toDisplayString(), kept.error().toString()));
            setState(Failed);
            return;
        }
        bearer = *kept;
    }
    // One cache per server, reused at the next connection so that only what changed is read.
    const QString dir = m_cacheDir.isEmpty()
            ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation)
                    + QStringLiteral("/remotes")
            : m_cacheDir;
    QDir().mkpath(dir);
    const QString name = QString::fromLatin1(
            QCryptographicHash::hash(address.toString(QUrl::StripTrailingSlash).toUtf8(),
                                     QCryptographicHash::Sha1)
                    .toHex());
    m_mirror = std::make_unique<RemoteMirror>();
    connect(m_mirror.get(), &RemoteMirror::stateChanged, this, &Session::mirrorStateChanged);
    connect(m_mirror.get(), &RemoteMirror::errorChanged, this, &Session::mirrorStateChanged);
    m_remote = true;
    m_location = address.toString(QUrl::StripTrailingSlash);
    m_title = address.host();
    m_brokerAddress = tr("the server's broker");
    m_mirror->open(address, bearer, caFile.trimmed(),
                   QDir(dir).filePath(name + QStringLiteral(".db")));
    qCInfo(lcGui).noquote() << "attaching to" << m_location;
    mirrorStateChanged();
}

void Session::mirrorStateChanged()
{
    if (!m_mirror)
        return;
    switch (m_mirror->state()) {
    case RemoteMirror::State::Live:
        setError({});
        if (m_state != Open) {
            if (!m_pendingToken.isEmpty()) {
                const Result<QString> kept = LoginStore::save(m_mirror->url(), m_pendingToken);
                if (!kept)
                    qCWarning(lcGui).noquote()
                            << "the token could not be kept:" << kept.error().toString();
                m_pendingToken.clear();
            }
            m_mirror->pipelines([this, mirror = QPointer<RemoteMirror>(m_mirror.get())](
                                        Result<QStringList> names) {
                if (!mirror || mirror != m_mirror.get())
                    return;
                if (!names) {
                    qCWarning(lcGui).noquote() << names.error().toString();
                    return;
                }
                m_pipelines = *names;
                Q_EMIT pipelinesChanged();
            });
            setState(Open);
            pollRemoteBroker();
            m_brokerPoll.start();
        }
        break;
    case RemoteMirror::State::Connecting:
    case RemoteMirror::State::Syncing:
        // While open, the cache stays on view and the line below says why it may be behind.
        if (m_state == Open && !m_mirror->error().isEmpty())
            setError(tr("Reconnecting to %1: %2").arg(m_location, m_mirror->error()));
        break;
    case RemoteMirror::State::Failed:
        setError(m_mirror->error());
        if (m_state != Open) {
            QTimer::singleShot(0, this, [this] {
                if (m_state == Opening && m_mirror
                    && m_mirror->state() == RemoteMirror::State::Failed) {
                    const QString error = m_error;
                    close();
                    setError(error);
                    setState(Failed);
                }
            });
        }
        break;
    case RemoteMirror::State::Closed:
        break;
    }
}

void Session::pollRemoteBroker()
{
    if (!m_mirror)
        return;
    m_mirror->brokerConnected(
            [this, mirror = QPointer<RemoteMirror>(m_mirror.get())](Result<bool> connected) {
                if (!mirror || mirror != m_mirror.get())
                    return;
                const QString state = !connected ? QStringLiteral("unknown")
                        : *connected             ? QStringLiteral("connected")
                                                 : QStringLiteral("disconnected");
                if (m_brokerState != state) {
                    m_brokerState = state;
                    Q_EMIT brokerStateChanged();
                }
            });
}

QAbstractItemModel *Session::remoteJobLog(QObject *owner)
{
    return m_mirror ? new RemoteLogModel(m_mirror.get(), owner) : nullptr;
}

void Session::close()
{
    if (!m_engine && !m_mirror)
        return;
    // The views let go of the database and bus first: from here they read nothing.
    std::unique_ptr<Engine> engine = std::move(m_engine);
    std::unique_ptr<RemoteMirror> mirror = std::move(m_mirror);
    m_brokerPoll.stop();
    m_pipelines.clear();
    Q_EMIT pipelinesChanged();
    m_title.clear();
    m_location.clear();
    m_brokerAddress.clear();
    m_remote = false;
    m_pendingToken.clear();
    updateBrokerState();
    setState(Closed);

    if (mirror) {
        mirror->disconnect(this);
        mirror->close();
    }
    if (engine) {
        // The app is going away or another project opens: running jobs are stopped at
        // once and go back to the queue, for the next process that runs the project. Their
        // processes get the project's stop grace to end; what still runs then is the next
        // start's to recover.
        bool stopped = false;
        QEventLoop loop;
        connect(engine.get(), &Engine::stopped, &loop, [&] {
            stopped = true;
            loop.quit();
        });
        engine->shutdown(std::chrono::milliseconds(0));
        if (!stopped) {
            QTimer::singleShot(engine->config().scheduler.stopGrace + std::chrono::seconds(1),
                               &loop, &QEventLoop::quit);
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        }
    }
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
        // A default is shown as one would type it: a string without its quotes.
        const QString value = input.isRequired() ? QString() : JsonText::text(input.defaultValue);
        inputs.append(QVariantMap{{QStringLiteral("name"), input.name},
                                  {QStringLiteral("defaultValue"), value},
                                  {QStringLiteral("required"), input.isRequired()},
                                  {QStringLiteral("description"), input.description}});
    }
    return inputs;
}

// An operation's answer from the remote, told as a local one is.
std::function<void(Status)> Session::remoteAnswer(const QString &operation, const QString &success)
{
    return [this, operation, success,
            mirror = QPointer<RemoteMirror>(m_mirror.get())](Status done) {
        if (mirror && mirror == m_mirror.get())
            finishOperation(operation, bool(done), done ? success : done.error().toString());
    };
}

// A run or job operation: sent to the remote, or done by the scheduler here.
void Session::changeQueue(
        const QString &operation, const QString &success,
        const std::function<void(RemoteMirror &, std::function<void(Status)>)> &remote,
        const std::function<Status(Scheduler &)> &local)
{
    if (m_mirror)
        return remote(*m_mirror, remoteAnswer(operation, success));
    if (!m_engine)
        return finishOperation(operation, false, tr("No project is open."));
    const Status done = local(m_engine->scheduler());
    finishOperation(operation, bool(done), done ? success : done.error().toString());
}

void Session::cancelRun(const QString &runId)
{
    changeQueue(
            QStringLiteral("cancelRun"), tr("Run cancelled."),
            [&](RemoteMirror &mirror, auto done) { mirror.cancelRun(runId, std::move(done)); },
            [&](Scheduler &scheduler) {
                return scheduler.cancelRun(runId, tr("cancelled from the desktop app"));
            });
}

void Session::retryRun(const QString &runId)
{
    changeQueue(
            QStringLiteral("retryRun"), tr("Run queued again."),
            [&](RemoteMirror &mirror, auto done) { mirror.retryRun(runId, std::move(done)); },
            [&](Scheduler &scheduler) { return scheduler.retryRun(runId); });
}

void Session::cancelJob(const QString &jobId)
{
    changeQueue(
            QStringLiteral("cancelJob"), tr("Job cancelled."),
            [&](RemoteMirror &mirror, auto done) { mirror.cancelJob(jobId, std::move(done)); },
            [&](Scheduler &scheduler) {
                return scheduler.cancelJob(jobId, tr("cancelled from the desktop app"));
            });
}

void Session::retryJob(const QString &jobId)
{
    changeQueue(
            QStringLiteral("retryJob"), tr("Job queued again."),
            [&](RemoteMirror &mirror, auto done) { mirror.retryJob(jobId, std::move(done)); },
            [&](Scheduler &scheduler) { return scheduler.retryJob(jobId); });
}

void Session::startRun(const QString &pipeline, const QString &params)
{
    const QString operation = QStringLiteral("startRun");
    if (!m_engine && !m_mirror)
        return finishOperation(operation, false, tr("No project is open."));
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
    if (m_mirror) {
        m_mirror->startRun(pipeline, inputs.toVariantMap(),
                           [this, operation, pipeline,
                            mirror = QPointer<RemoteMirror>(m_mirror.get())](Result<QString> run) {
                               if (!mirror || mirror != m_mirror.get())
                                   return;
                               if (!run)
                                   return finishOperation(operation, false, run.error().toString());
                               finishOperation(operation, true,
                                               tr("Run of %1 started.").arg(pipeline));
                               Q_EMIT runStarted(*run);
                           });
        return;
    }
    const auto it = m_engine->config().pipelines.constFind(pipeline);
    if (it == m_engine->config().pipelines.cend())
        return finishOperation(operation, false,
                               tr("The project has no pipeline \"%1\".").arg(pipeline));
    Result<Node> run = m_engine->scheduler().startRun(*it, inputs, QString(), RunOptions{});
    if (!run)
        return finishOperation(operation, false, run.error().toString());
    finishOperation(operation, true, tr("Run of %1 started.").arg(pipeline));
    Q_EMIT runStarted(run->id);
}

void Session::sendCommand(const QString &deviceId, const QString &command)
{
    const QString operation = QStringLiteral("sendCommand");
    if (m_mirror) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(command.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return finishOperation(
                    operation, false,
                    tr("A server takes a command as a JSON object, such as {\"state\": \"on\"}."));
        return m_mirror->sendCommand(deviceId, doc.object(),
                                     remoteAnswer(operation, tr("Command sent.")));
    }
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
