// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "mirrorstore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

#include <chrono>
#include <functional>
#include <memory>

class QWebSocket;

namespace Cairn {

class ApiClient;
class Database;
class EventBus;
class MirrorCopy;
class RemoteJobLog;

/*
 * A remote cairnd mirrored into a local SQLite cache, so that the desktop app's item models
 * (NodeTreeModel, RunListModel, JobListModel, EventListModel, DeviceListModel) work on it
 * unchanged:
 *
 *     RemoteMirror mirror;
 *     mirror.open(QUrl(QStringLiteral("https://gateway:8443")), token, caFile, cacheFile);
 *     treeModel.setDatabase(mirror.database());
 *     treeModel.setBus(mirror.bus());
 *     mirror.cancelRun(runId, [](Status done) { ... });
 *     RemoteJobLog *log = mirror.followLog(jobId, view); // output(), finished(), failed()
 *
 * open() opens the cache at once (database() and bus() are valid from then until close())
 * and connects in the background: state() goes Connecting, Syncing, then Live, when synced()
 * is emitted. A refused token, an answer that is not what cairnd gives or a cache that cannot
 * be written is Failed, with error() naming what failed (the request and URL, the status,
 * the API's message) until open() again; the cache stays readable meanwhile. A connection that
 * drops or cannot be made is tried again after 0.5 s, then twice as long each time up to 30 s, in
 * Connecting with error() telling why; it resumes the event stream right after the last event
 * applied.
 *
 * What is mirrored:
 * - The first time (or when the cache mirrored another URL, or when the remote no longer
 *   holds the events since the cache's cursor), the remote's nodes are read in pages in id
 *   order and compared with the cache by revision: only the changed ones are written, those
 *   gone are deleted, each with a cairn.node.* event on the local bus so the models follow.
 * - Then the event stream, from the sequence the copy started at, or, on a reopening, from
 *   the cursor the cache kept: what happened meanwhile is replayed, and nothing else read.
 * - Every event of the stream is appended to the local bus (with its own id, source, time
 *   and data; the local sequence numbers are the cache's). A cairn.node.* event applies the
 *   node it carries, in the same transaction, or the node is read when it carries none.
 *   A job node also writes the queue row that the job list of a run reads (MirrorStore).
 *
 * Operations are sent to the API; done() is called once, later, with the outcome (the API's
 * message on a refusal; an error when the mirror closed before the answer came). They need
 * an open mirror, not a Live one. The token is never logged.
 */
class RemoteMirror : public QObject
{
    Q_OBJECT
    Q_MOC_INCLUDE("database.h")
    Q_MOC_INCLUDE("eventbus.h")
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(Cairn::Database *database READ database NOTIFY stateChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus NOTIFY stateChanged)
public:
    enum class State { Closed, Connecting, Syncing, Live, Failed };
    Q_ENUM(State)

    // What the last synchronisation did, once Live.
    struct SyncReport
    {
        bool fullCopy = false; // nodes were read in pages; else only the stream was replayed
        qint64 nodesWritten = 0; // by the copy
        qint64 nodesRemoved = 0; // by the copy
        qint64 eventsReplayed = 0; // from the stream, until Live
    };

    explicit RemoteMirror(QObject *parent = nullptr);
    ~RemoteMirror() override;

    // url: "http(s)://host:port" (a path prefix is kept); token: a bearer token of the API;
    // caFile: an optional PEM file of CAs to trust; cacheFile: the SQLite database the mirror
    // keeps, reused across openings so that a reconnect is incremental.
    void open(const QUrl &url, const QString &token, const QString &caFile,
              const QString &cacheFile);
    // Deletes the cache's Database and EventBus: set the models' database and bus to null
    // first.
    void close();

    State state() const { return m_state; }
    QString error() const { return m_error; }
    QUrl url() const { return m_url; }
    SyncReport lastSync() const { return m_report; }

    // The cache and its bus; not owned; null when closed.
    Database *database() const { return m_db.get(); }
    EventBus *bus() const { return m_bus.get(); }

    void cancelRun(const QString &runId, std::function<void(Status)> done);
    void retryRun(const QString &runId, std::function<void(Status)> done);
    void cancelJob(const QString &jobId, std::function<void(Status)> done);
    void retryJob(const QString &jobId, std::function<void(Status)> done);
    // Queues a run of the pipeline called pipeline on the remote; gives the run's node id.
    void startRun(const QString &pipeline, const QVariantMap &params,
                  std::function<void(Result<QString>)> done);
    // Sends command (the payload) to the device's command topic.
    void sendCommand(const QString &deviceId, const QJsonObject &command,
                     std::function<void(Status)> done);
    // The names of the remote's pipelines, sorted.
    void pipelines(std::function<void(Result<QStringList>)> done);
    // Whether the remote's MQTT broker link is up (false when it has no broker).
    void brokerConnected(std::function<void(Result<bool>)> done);

    // A job's log as stored remotely, then as it grows, from the latest attempt on; owned by
    // parent. Null when closed.
    RemoteJobLog *followLog(const QString &jobId, QObject *parent = nullptr);

    // How long to wait before the first reconnect and at most (0.5 s and 30 s by default).
    void setReconnectDelays(std::chrono::milliseconds first, std::chrono::milliseconds longest);

Q_SIGNALS:
    void stateChanged();
    void errorChanged();
    // The cache holds what the remote held when the connection was made, and follows it live.
    void synced();

private:
    void setState(State state);
    void setError(const QString &error);
    void fail(const QString &error);
    void connectRemote();
    void started(const QJsonObject &answer);
    void copied(const Status &status);
    void openStream(qint64 after);
    void received(const QString &message);
    void streamClosed();
    void flush();
    void applyEvent(const CloudEvent &event, MirrorStore::Batch &batch);
    void fetchNode(const QString &id);
    void goLive();
    void dropped(const Error &error);
    void endAttempt();
    QString describe(const QByteArray &method, const QString &path, const Error &error) const;
    void send(const QByteArray &method, const QString &path, const QJsonObject &body,
              std::function<void(Result<QJsonObject>)> done);
    void post(const QString &path, const QJsonObject &body, std::function<void(Status)> done);
    template<typename T>
    void later(std::function<void(Result<T>)> done, Result<T> result);

    State m_state = State::Closed;
    QString m_error;
    QUrl m_url;
    QString m_remote; // the URL as the cache records it
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<MirrorStore> m_store;
    std::shared_ptr<ApiClient> m_client;
    // The context of the requests and the stream of one connection: replaced on every
    // attempt, so that what a dropped one still answers is not heard.
    std::unique_ptr<QObject> m_attempt;
    QWebSocket *m_socket = nullptr; // a child of m_attempt
    QPointer<MirrorCopy> m_copy; // a child of m_attempt, while it runs
    QStringList m_sslErrors;
    bool m_socketConnected = false;
    bool m_pongMissing = false;
    QTimer m_keepAlive;
    QTimer m_retry;
    std::chrono::milliseconds m_firstDelay{500};
    std::chrono::milliseconds m_longestDelay{30000};
    std::chrono::milliseconds m_delay{500};
    qint64 m_applied = 0; // the sequence of the last remote event in the cache
    qint64 m_target = 0; // Live once m_applied reaches it
    QList<CloudEvent> m_incoming;
    QList<Node> m_orphans; // nodes whose parent the cache does not hold yet
    bool m_flushScheduled = false;
    SyncReport m_report;
    // The operations waiting for their answer, by a number of their own.
    QHash<int, std::function<void(Result<QJsonObject>)>> m_operations;
    int m_lastOperation = 0;
};

} // namespace Cairn
