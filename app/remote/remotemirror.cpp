// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remotemirror.h"

#include "apiclient.h"
#include "database.h"
#include "eventbus.h"
#include "mirrorcopy.h"
#include "remotelogging.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QWebSocket>

namespace Cairn {

namespace {

const QString Events = QStringLiteral("/api/v1/events");
const QString Stream = QStringLiteral("/api/v1/events/stream");

// Events applied per transaction while the stream replays what the cache missed.
constexpr qsizetype BatchSize = 1000;
// The cache keeps this many of the remote's events for the event list, the newest.
constexpr qint64 KeptEvents = 100000;
// A stream that answers no ping for this long is taken as dropped.
constexpr std::chrono::seconds KeepAlive(20);

enum class NodeChange { None, Put, Remove };

NodeChange nodeChange(const QString &type)
{
    if (type == u"cairn.node.created" || type == u"cairn.node.updated")
        return NodeChange::Put;
    if (type == u"cairn.node.deleted")
        return NodeChange::Remove;
    return NodeChange::None;
}

// Errors worth connecting again for: the remote cannot be reached, failed or went away.
// A refused token, a refused request or an answer that cannot be read stay as they are.
bool isTransient(const Error &error)
{
    return error.code == Error::Database;
}

} // namespace

RemoteMirror::RemoteMirror(QObject *parent) : QObject(parent)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &RemoteMirror::connectRemote);
    m_keepAlive.setInterval(KeepAlive);
    connect(&m_keepAlive, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        if (m_pongMissing) {
            qCInfo(lcRemote).noquote() << m_client->displayUrl() << "answers no ping";
            m_socket->abort();
            return;
        }
        m_pongMissing = true;
        m_socket->ping();
    });
}

RemoteMirror::~RemoteMirror()
{
    close();
}

/*!
    Opens the cache and starts connecting to \a url in the background; see the class
    comment. A mirror that was open is closed first.
*/
void RemoteMirror::open(const QUrl &url, const QString &token, const QString &caFile,
                        const QString &cacheFile)
{
    close();
    m_url = url;
    m_report = {};
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http" && url.scheme() != u"https")) {
        fail(tr("expected http://HOST:PORT or https://HOST:PORT, got '%1'")
                     .arg(url.toDisplayString(QUrl::RemoveUserInfo)));
        return;
    }
    QList<QSslCertificate> trusted;
    if (!caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(tr("cannot read the CA file %1: %2").arg(caFile, file.errorString()));
            return;
        }
        trusted = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (trusted.isEmpty()) {
            fail(tr("the CA file %1 holds no PEM certificate").arg(caFile));
            return;
        }
    }
    m_client = std::make_shared<ApiClient>(url, token, trusted);
    m_remote = m_client->displayUrl();

    m_db = std::make_unique<Database>();
    if (!m_db->open(QStringLiteral("sqlite:") + cacheFile)) {
        const QString why = m_db->errorString();
        m_db.reset();
        m_client.reset();
        fail(tr("cannot open the cache %1: %2").arg(cacheFile, why));
        return;
    }
    m_bus = std::make_unique<EventBus>(*m_db);
    EventRetention retention;
    retention.maxCount = KeptEvents;
    m_bus->setRetention(retention);
    m_store = std::make_unique<MirrorStore>(*m_db, m_remote + QStringLiteral("/mirror"));

    const Result<MirrorStore::Cursor> cursor = m_store->cursor();
    Status ready = cursor ? Status(Done{}) : Status(cursor.error());
    // A cache of another remote is of no use: it starts again.
    if (cursor && cursor->remote != m_remote)
        ready = m_store->reset(m_remote);
    if (!ready) {
        fail(tr("cannot use the cache %1: %2").arg(cacheFile, ready.error().message));
        return;
    }
    m_applied = cursor->remote == m_remote ? cursor->sequence : 0;
    qCInfo(lcRemote).noquote() << "mirroring" << m_remote << "into" << cacheFile << "from event"
                               << m_applied;
    m_delay = m_firstDelay;
    setState(State::Connecting);
    connectRemote();
}

/*!
    Stops mirroring and closes the cache; database() and bus() are null after. Operations
    still under way report their outcome.
*/
void RemoteMirror::close()
{
    m_retry.stop();
    endAttempt();
    m_incoming.clear();
    m_orphans.clear();
    m_flushScheduled = false;
    m_store.reset();
    m_bus.reset();
    if (m_db)
        m_db->close();
    m_db.reset();
    m_client.reset();
    // The answers that did not come will not.
    const auto operations = std::exchange(m_operations, {});
    for (const auto &done : operations)
        done(Error::database(
                tr("The connection to %1 was closed before the answer came.").arg(m_remote)));
    setError({});
    setState(State::Closed);
}

void RemoteMirror::setReconnectDelays(std::chrono::milliseconds first,
                                      std::chrono::milliseconds longest)
{
    m_firstDelay = first;
    m_longestDelay = std::max(first, longest);
    m_delay = m_firstDelay;
}

void RemoteMirror::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged();
}

void RemoteMirror::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

/*!
    Stops for good: the reason does not go away by trying again.
*/
void RemoteMirror::fail(const QString &error)
{
    qCWarning(lcRemote).noquote() << error;
    m_retry.stop();
    endAttempt();
    setError(error);
    setState(State::Failed);
}

QString RemoteMirror::describe(const QByteArray &method, const QString &path,
                               const Error &error) const
{
    return QString::fromLatin1(method) + u' ' + m_client->displayUrl(path) + QStringLiteral(": ")
            + error.message;
}

/*!
    One attempt: asks for the first event after the cursor, which tells whether the remote
    still holds what the cache missed, and the newest sequence, which the cache is synced at
    once it has reached.
*/
void RemoteMirror::connectRemote()
{
    endAttempt();
    m_attempt = std::make_unique<QObject>();
    m_incoming.clear();
    m_flushScheduled = false;
    if (m_state != State::Connecting)
        setState(State::Connecting);
    QObject *attempt = m_attempt.get();
    m_client->requestJson(
            "GET", Events,
            {{QStringLiteral("since"), QString::number(m_applied)},
             {QStringLiteral("limit"), QStringLiteral("1")}},
            {}, attempt,
            [this, attempt](const Result<QJsonObject> &answer) {
                if (attempt != m_attempt.get())
                    return;
                if (!answer) {
                    const Error error{
                            answer.error().code, describe("GET", Events, answer.error()), {}, {}};
                    dropped(error);
                    return;
                }
                started(*answer);
            },
            Error::Invalid);
}

void RemoteMirror::started(const QJsonObject &answer)
{
    const QJsonValue items = answer.value(QStringLiteral("items"));
    const QJsonValue last = answer.value(QStringLiteral("last_sequence"));
    const QJsonArray list = items.toArray();
    const QJsonObject first = list.isEmpty() ? QJsonObject() : list.first().toObject();
    const QJsonValue firstSequence = first.value(QStringLiteral("sequence"));
    if (!items.isArray() || !last.isDouble()
        || (!list.isEmpty() && !firstSequence.isString() && !firstSequence.isDouble())) {
        fail(tr("GET %1 gave an answer that cannot be read; is it a cairnd of this version?")
                     .arg(m_client->displayUrl(Events)));
        return;
    }
    m_target = last.toInteger();
    // CloudEvents carry the sequence as a string.
    const qint64 next = firstSequence.isString() ? firstSequence.toString().toLongLong()
                                                 : firstSequence.toInteger();
    const bool reset = m_target < m_applied; // another database behind the same URL
    const bool lost = m_applied > 0 && next > m_applied + 1; // pruned before it was read
    m_report = {};
    setState(State::Syncing);
    if (m_applied > 0 && !reset && !lost) {
        qCInfo(lcRemote).noquote() << "replaying the events of" << m_remote << "after" << m_applied
                                   << "up to" << m_target;
        openStream(m_applied);
        return;
    }
    if (reset) {
        qCInfo(lcRemote).noquote() << m_remote << "holds fewer events than the cache read:"
                                   << "copying it again";
        if (Status cleared = m_store->reset(m_remote); !cleared) {
            fail(tr("cannot write the cache: %1").arg(cleared.error().message));
            return;
        }
        m_applied = 0;
    }
    qCInfo(lcRemote).noquote() << "copying the nodes of" << m_remote << "at event" << m_target;
    m_report.fullCopy = true;
    const qint64 from = m_target;
    QObject *attempt = m_attempt.get();
    auto *copy = new MirrorCopy(
            m_client, *m_store,
            [this](const QByteArray &method, const QString &path, const Error &error) {
                return describe(method, path, error);
            },
            attempt);
    m_copy = copy;
    copy->start([this, attempt, copy, from](const Status &status) {
        if (attempt != m_attempt.get())
            return;
        m_report.nodesWritten = copy->written();
        m_report.nodesRemoved = copy->removed();
        copy->deleteLater();
        if (!status) {
            dropped(status.error());
            return;
        }
        MirrorStore::Batch batch;
        batch.setSequence(from);
        if (Result<MirrorStore::Outcome> saved = m_store->apply(batch); !saved) {
            fail(tr("cannot write the cache: %1").arg(saved.error().message));
            return;
        }
        m_applied = from;
        openStream(from);
    });
}

void RemoteMirror::openStream(qint64 after)
{
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, m_attempt.get());
    m_sslErrors.clear();
    m_socketConnected = false;
    m_pongMissing = false;
    connect(m_socket, &QWebSocket::connected, this, [this] {
        m_socketConnected = true;
        m_keepAlive.start();
        if (m_applied >= m_target)
            goLive();
    });
    connect(m_socket, &QWebSocket::pong, this, [this] { m_pongMissing = false; });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &RemoteMirror::received);
    connect(m_socket, &QWebSocket::disconnected, this, &RemoteMirror::streamClosed);
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors.append(error.errorString());
    });
    m_client->openWebSocket(*m_socket, Stream, {{QStringLiteral("since"), QString::number(after)}});
}

void RemoteMirror::received(const QString &message)
{
    if (sender() != m_socket)
        return;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(message.toUtf8(), &parseError);
    const Result<CloudEvent> event = document.isObject()
            ? CloudEvent::fromJson(document.object())
            : Result<CloudEvent>(Error::invalid({}, parseError.errorString()));
    if (!event || event->sequence <= 0) {
        fail(tr("%1 sent an event that cannot be read (%2); is it a cairnd of this version?")
                     .arg(m_client->displayUrl(Stream),
                          event ? tr("no sequence") : event.error().toString()));
        return;
    }
    const qint64 lastSeen = m_incoming.isEmpty() ? m_applied : m_incoming.constLast().sequence;
    if (event->sequence <= lastSeen)
        return; // seen already: the stream is at least once
    m_incoming.append(*event);
    if (m_incoming.size() >= BatchSize) {
        flush();
    } else if (!m_flushScheduled) {
        // Everything that arrived in one turn of the event loop goes in one transaction.
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &RemoteMirror::flush, Qt::QueuedConnection);
    }
}

/*!
    Applies the events received so far and moves the cursor past them, in one transaction.
*/
void RemoteMirror::flush()
{
    m_flushScheduled = false;
    if (m_incoming.isEmpty() || !m_store)
        return;
    MirrorStore::Batch batch;
    // Nodes that came before their parent are tried again first.
    for (const Node &orphan : std::as_const(m_orphans))
        batch.put(orphan, true);
    m_orphans.clear();
    for (const CloudEvent &event : std::as_const(m_incoming))
        applyEvent(event, batch);
    const qint64 last = m_incoming.constLast().sequence;
    const qsizetype count = m_incoming.size();
    batch.setSequence(last);
    const Result<MirrorStore::Outcome> outcome = m_store->apply(batch);
    if (!outcome) {
        fail(tr("cannot write the cache: %1").arg(outcome.error().message));
        return;
    }
    m_incoming.clear();
    m_orphans = outcome->orphans;
    m_applied = last;
    if (m_state == State::Syncing) {
        m_report.eventsReplayed += count;
        if (m_socketConnected && m_applied >= m_target)
            goLive();
    }
}

void RemoteMirror::applyEvent(const CloudEvent &event, MirrorStore::Batch &batch)
{
    const NodeChange change = nodeChange(event.type);
    // The node before the event, so that a model that reads it on the event finds it.
    if (change == NodeChange::Put) {
        QJsonObject fields = event.data.toObject();
        fields.remove(QStringLiteral("previous"));
        const Result<Node> node = Node::fromJson(fields);
        if (node && !node->id.isEmpty() && node->validate())
            batch.put(*node, false);
        else if (!event.subject.isEmpty())
            fetchNode(event.subject);
    } else if (change == NodeChange::Remove) {
        const QString id = event.subject.isEmpty()
                ? event.data.toObject().value(QStringLiteral("id")).toString()
                : event.subject;
        if (!id.isEmpty())
            batch.remove(id, false);
    }
    batch.append(event);
}

/*!
    Reads a node that an event told of without carrying it, and writes it with an event of
    the cache's own so that the models learn of it.
*/
void RemoteMirror::fetchNode(const QString &id)
{
    const QString path = QStringLiteral("/api/v1/nodes/") + ApiClient::segment(id);
    QObject *attempt = m_attempt.get();
    m_client->requestJson(
            "GET", path, {}, {}, attempt,
            [this, attempt, id, path](const Result<QJsonObject> &answer) {
                if (attempt != m_attempt.get())
                    return;
                MirrorStore::Batch batch;
                if (answer) {
                    const Result<Node> node = Node::fromJson(*answer);
                    if (!node || node->id != id) {
                        fail(tr("GET %1 gave a node that cannot be read")
                                     .arg(m_client->displayUrl(path)));
                        return;
                    }
                    batch.put(*node, true);
                } else if (answer.error().code == Error::NotFound) {
                    batch.remove(id, true);
                } else {
                    qCInfo(lcRemote).noquote() << describe("GET", path, answer.error());
                    return;
                }
                if (const auto written = m_store->apply(batch); !written)
                    fail(tr("cannot write the cache: %1").arg(written.error().message));
            },
            Error::Invalid);
}

void RemoteMirror::goLive()
{
    if (m_state == State::Live)
        return;
    m_delay = m_firstDelay;
    qCInfo(lcRemote).noquote() << "live on" << m_remote << "at event" << m_applied;
    setError({});
    setState(State::Live);
    Q_EMIT synced();
}

void RemoteMirror::streamClosed()
{
    if (sender() != m_socket || !m_socket)
        return;
    m_keepAlive.stop();
    // What came before the close is the cache's: the next stream starts after it.
    flush();
    if (m_state == State::Failed)
        return;
    const std::optional<Error> error = m_client->streamError(*m_socket, m_socketConnected,
                                                             m_sslErrors);
    Error why = error.value_or(Error::database(tr("the remote closed the event stream")));
    why.message = m_client->displayUrl(Stream) + QStringLiteral(": ") + why.message;
    dropped(why);
}

/*!
    The connection failed or broke: another attempt after a delay that doubles each time,
    unless the reason is one that trying again does not change.
*/
void RemoteMirror::dropped(const Error &error)
{
    if (!isTransient(error)) {
        fail(error.message);
        return;
    }
    qCInfo(lcRemote).noquote() << error.message << "- trying again in" << m_delay.count() << "ms";
    endAttempt();
    setError(error.message);
    setState(State::Connecting);
    m_retry.start(m_delay);
    m_delay = std::min(m_delay * 2, m_longestDelay);
}

/*!
    Forgets the current attempt: its stream is closed and what its requests still answer is
    not heard. It is deleted from the event loop, as this may run in one of its signals.
*/
void RemoteMirror::endAttempt()
{
    m_keepAlive.stop();
    if (m_copy)
        m_copy->abandon();
    m_copy = nullptr;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    m_socket = nullptr;
    if (m_attempt)
        m_attempt.release()->deleteLater();
}

} // namespace Cairn
