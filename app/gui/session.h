// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <error.h>

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <memory>

class QAbstractItemModel;

namespace Cairn {

class Engine;
class RemoteMirror;
class Scheduler;

/*
 * What the desktop app is looking at: a project file run in-process by an Engine, or (see
 * openRemote) a remote cairnd. The views read `database` and `bus` through their models and
 * act through the operations below, which answer with operationFinished() so that a view
 * can say what happened; an operation never blocks the window.
 */
class Session : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString title READ title NOTIFY stateChanged)
    Q_PROPERTY(QString location READ location NOTIFY stateChanged)
    Q_PROPERTY(bool remote READ isRemote NOTIFY stateChanged)
    Q_PROPERTY(Cairn::Database *database READ database NOTIFY stateChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus NOTIFY stateChanged)
    Q_PROPERTY(QStringList pipelines READ pipelines NOTIFY pipelinesChanged)
    Q_PROPERTY(QString brokerState READ brokerState NOTIFY brokerStateChanged)
    Q_PROPERTY(QString brokerAddress READ brokerAddress NOTIFY stateChanged)
public:
    enum State { Closed, Opening, Open, Failed };
    Q_ENUM(State)

    explicit Session(QObject *parent = nullptr);
    ~Session() override;

    State state() const { return m_state; }
    QString error() const { return m_error; }
    QString title() const { return m_title; }
    // The project file, or the remote's URL.
    QString location() const { return m_location; }
    bool isRemote() const { return m_remote; }
    Database *database() const;
    EventBus *bus() const;
    QStringList pipelines() const { return m_pipelines; }
    // "connected", "connecting", "disconnected", or "none" when the project has no broker.
    QString brokerState() const { return m_brokerState; }
    QString brokerAddress() const { return m_brokerAddress; }

    // Reads the project file and runs it here: its database, scheduler, rules and devices.
    Q_INVOKABLE bool openProject(const QString &path);
    // Attaches to a remote cairnd through a local cache of it (RemoteMirror): Opening until
    // the cache holds what the server holds, then Open. An empty token: the one kept for
    // url (cairnctl login, or an earlier connection from the app); a token given is kept in
    // the keychain once the server accepted it. caFile: a PEM file of CAs to trust, or empty.
    Q_INVOKABLE void openRemote(const QString &url, const QString &token, const QString &caFile);
    Q_INVOKABLE void close();

    // The inputs of a pipeline: [{name, defaultValue (JSON text), required, description}].
    Q_INVOKABLE QVariantList pipelineInputs(const QString &pipeline) const;

    // The operations; each ends with operationFinished(operation, ok, message).
    Q_INVOKABLE void cancelRun(const QString &runId);
    Q_INVOKABLE void retryRun(const QString &runId);
    Q_INVOKABLE void cancelJob(const QString &jobId);
    Q_INVOKABLE void retryJob(const QString &jobId);
    // params: a JSON object as text ("{"city": "Oslo"}").
    Q_INVOKABLE void startRun(const QString &pipeline, const QString &params);
    // command: the payload to publish, JSON or plain text.
    Q_INVOKABLE void sendCommand(const QString &deviceId, const QString &command);

    // The log of a job, line by line, as the job pane shows it when attached to a remote
    // (JobLogModel reads the local files otherwise); owned by owner. Null unless remote.
    Q_INVOKABLE QAbstractItemModel *remoteJobLog(QObject *owner);

    // The in-process engine; null when none runs.
    Engine *engine() const { return m_engine.get(); }
    // The remote's mirror; null unless attached.
    RemoteMirror *mirror() const { return m_mirror.get(); }
    // Where the caches of remotes are kept (by default in the user's cache folder).
    void setCacheDir(const QString &dir) { m_cacheDir = dir; }

Q_SIGNALS:
    void stateChanged();
    void errorChanged();
    void pipelinesChanged();
    void brokerStateChanged();
    void operationFinished(const QString &operation, bool ok, const QString &message);
    // A run started by startRun(); its id, so that a view can show it.
    void runStarted(const QString &runId);

private:
    void setState(State state);
    void setError(const QString &error);
    void finishOperation(const QString &operation, bool ok, const QString &message);
    void updateBrokerState();
    void mirrorStateChanged();
    void pollRemoteBroker();
    std::function<void(Status)> remoteAnswer(const QString &operation, const QString &success);
    void changeQueue(const QString &operation, const QString &success,
                     const std::function<void(RemoteMirror &, std::function<void(Status)>)> &remote,
                     const std::function<Status(Scheduler &)> &local);

    State m_state = Closed;
    QString m_error;
    QString m_title;
    QString m_location;
    bool m_remote = false;
    QStringList m_pipelines;
    QString m_brokerState = QStringLiteral("none");
    QString m_brokerAddress;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<RemoteMirror> m_mirror;
    QString m_pendingToken; // kept once the server accepts it
    QString m_cacheDir;
    QTimer m_brokerPoll;
};

} // namespace Cairn
