// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The operations of RemoteMirror: requests to the remote's API, answered later.

#include "remotemirror.h"

#include "apiclient.h"
#include "remotejoblog.h"

#include <QJsonArray>

namespace Cairn {

namespace {

QString idPath(const char *collection, const QString &id, const char *action)
{
    return QStringLiteral("/api/v1/") + QLatin1String(collection) + u'/' + ApiClient::segment(id)
            + u'/' + QLatin1String(action);
}

} // namespace

/*!
    Calls \a done with \a result from the event loop, so that an operation answers later
    whatever happens, as one that waits for the remote does.
*/
template<typename T>
void RemoteMirror::later(std::function<void(Result<T>)> done, Result<T> result)
{
    QMetaObject::invokeMethod(
            this, [done = std::move(done), result = std::move(result)] { done(result); },
            Qt::QueuedConnection);
}

/*!
    Sends a request of an operation. \a done gets the answer; or, should the mirror close
    before it came, an error saying so.
*/
void RemoteMirror::send(const QByteArray &method, const QString &path, const QJsonObject &body,
                        std::function<void(Result<QJsonObject>)> done)
{
    if (!m_client) {
        later<QJsonObject>(std::move(done), Error::invalid({}, tr("The mirror is not open.")));
        return;
    }
    const int id = ++m_lastOperation;
    m_operations.insert(id, std::move(done));
    m_client->requestJson(method, path, {}, body, this,
                          [this, id](const Result<QJsonObject> &answer) {
                              if (auto handler = m_operations.take(id))
                                  handler(answer);
                          });
}

void RemoteMirror::post(const QString &path, const QJsonObject &body,
                        std::function<void(Status)> done)
{
    send("POST", path, body, [done = std::move(done)](const Result<QJsonObject> &answer) {
        if (!answer)
            done(answer.error());
        else
            done(Done{});
    });
}

void RemoteMirror::cancelRun(const QString &runId, std::function<void(Status)> done)
{
    post(idPath("runs", runId, "cancel"), {}, std::move(done));
}

void RemoteMirror::retryRun(const QString &runId, std::function<void(Status)> done)
{
    post(idPath("runs", runId, "retry"), {}, std::move(done));
}

void RemoteMirror::cancelJob(const QString &jobId, std::function<void(Status)> done)
{
    post(idPath("jobs", jobId, "cancel"), {}, std::move(done));
}

void RemoteMirror::retryJob(const QString &jobId, std::function<void(Status)> done)
{
    post(idPath("jobs", jobId, "retry"), {}, std::move(done));
}

void RemoteMirror::startRun(const QString &pipeline, const QVariantMap &params,
                            std::function<void(Result<QString>)> done)
{
    const QString path = idPath("pipelines", pipeline, "runs");
    const QString where = m_client ? m_client->displayUrl(path) : path;
    send("POST", path, {{QStringLiteral("params"), QJsonObject::fromVariantMap(params)}},
         [where, done = std::move(done)](const Result<QJsonObject> &answer) {
             if (!answer) {
                 done(answer.error());
                 return;
             }
             const QString id = answer->value(QStringLiteral("id")).toString();
             if (id.isEmpty()) {
                 done(Error::database(tr("POST %1 gave no run id.").arg(where)));
                 return;
             }
             done(id);
         });
}

void RemoteMirror::sendCommand(const QString &deviceId, const QJsonObject &command,
                               std::function<void(Status)> done)
{
    post(QStringLiteral("/api/v1/devices/") + ApiClient::segment(deviceId)
                 + QStringLiteral("/command"),
         command, std::move(done));
}

void RemoteMirror::pipelines(std::function<void(Result<QStringList>)> done)
{
    const QString path = QStringLiteral("/api/v1/pipelines");
    const QString where = m_client ? m_client->displayUrl(path) : path;
    send("GET", path, {}, [where, done = std::move(done)](const Result<QJsonObject> &answer) {
        if (!answer) {
            done(answer.error());
            return;
        }
        const QJsonValue items = answer->value(QStringLiteral("items"));
        QStringList names;
        for (const QJsonValue &item : items.toArray()) {
            const QJsonValue name = item.toObject().value(QStringLiteral("name"));
            if (!name.isString()) {
                names.clear();
                break;
            }
            names.append(name.toString());
        }
        if (!items.isArray() || names.size() != items.toArray().size()) {
            done(Error::database(
                    tr("GET %1 gave a list of pipelines that cannot be read.").arg(where)));
            return;
        }
        names.sort();
        done(names);
    });
}

/*!
    Whether the remote's MQTT broker link is up, as its device list tells (false when the
    remote has no broker).
*/
void RemoteMirror::brokerConnected(std::function<void(Result<bool>)> done)
{
    const QString path = QStringLiteral("/api/v1/devices");
    const QString where = m_client ? m_client->displayUrl(path) : path;
    send("GET", path, {}, [where, done = std::move(done)](const Result<QJsonObject> &answer) {
        if (!answer) {
            done(answer.error());
            return;
        }
        const QJsonValue connected = answer->value(QStringLiteral("broker_connected"));
        if (!connected.isBool()) {
            done(Error::database(
                    tr("GET %1 did not say whether the broker is connected.").arg(where)));
            return;
        }
        done(connected.toBool());
    });
}

/*!
    Starts following the log of job \a jobId: its latest attempt's log as stored, then as
    it is written, until the job has finished.
*/
RemoteJobLog *RemoteMirror::followLog(const QString &jobId, QObject *parent)
{
    if (!m_client)
        return nullptr;
    auto *log = new RemoteJobLog(m_client, jobId, parent);
    log->start();
    return log;
}

} // namespace Cairn
