// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remotebackend.h"

#include "apiclient.h"
#include "loginstore.h"
#include "remoteeventfeed.h"

#include <QFile>
#include <QJsonArray>
#include <QSslCertificate>

#include <limits>

using Cairn::CloudEvent;
using Cairn::Error;
using Cairn::LoginStore;
using Cairn::Node;
using Cairn::Result;
using Cairn::Status;

namespace CairnCtl {

namespace {

const QString Nodes = QStringLiteral("/api/v1/nodes");
const QString Events = QStringLiteral("/api/v1/events");
const QString Tokens = QStringLiteral("/api/v1/tokens");

// The deepest subtree the API gives; deeper means all of it.
constexpr int MaxDepth = 1000;

} // namespace

RemoteBackend::RemoteBackend(const QString &url, const QString &caFile)
    : m_url(url), m_caFile(caFile)
{ }

RemoteBackend::~RemoteBackend() = default;

/*!
    Checks the URL, reads the certificates of the CA file and finds the token: no request
    is sent yet.
*/
Status RemoteBackend::open()
{
    if (m_opened)
        return *m_opened;
    const auto fail = [this](const Error &error) {
        m_opened = Status(error);
        return *m_opened;
    };
    const QUrl url(m_url, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != u"http" && url.scheme() != u"https"))
        return fail(Error::invalid(QStringLiteral("--url"),
                                   tr("expected http://HOST:PORT or https://HOST:PORT, got "
                                      "'%1'")
                                           .arg(m_url)));
    QList<QSslCertificate> trusted;
    if (!m_caFile.isEmpty()) {
        QFile file(m_caFile);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::invalid(QStringLiteral("--ca"),
                                       tr("cannot read %1: %2").arg(m_caFile, file.errorString())));
        trusted = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (trusted.isEmpty())
            return fail(Error::invalid(QStringLiteral("--ca"),
                                       tr("%1 holds no PEM certificate").arg(m_caFile)));
    }
    QString token = m_token;
    if (token.isEmpty()) {
        const Result<QString> found = LoginStore::token(url);
        if (!found)
            return fail(found.error());
        token = *found;
    }
    m_client = std::make_unique<ApiClient>(url, token, trusted);
    m_client->setHints({tr("Give a valid one in CAIRN_TOKEN, or with 'cairnctl login --url %1'."),
                        tr("(--ca FILE trusts the CA that signed it)")});
    m_opened = Status(Cairn::Done{});
    return *m_opened;
}

Result<ApiClient *> RemoteBackend::client()
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_client.get();
}

Error RemoteBackend::unexpected(const QString &what) const
{
    return Error::database(tr("cairnd at %1 gave %2 that cannot be read; is it a cairnd of "
                              "this version?")
                                   .arg(m_client ? m_client->displayUrl() : m_url, what));
}

Result<Node> RemoteBackend::nodeFrom(const QJsonObject &json) const
{
    Result<Node> node = Node::fromJson(json);
    if (!node || node->id.isEmpty())
        return unexpected(tr("a node"));
    return node;
}

Result<QList<Node>> RemoteBackend::nodesFrom(const QJsonValue &items) const
{
    if (!items.isArray())
        return unexpected(tr("a list of nodes"));
    QList<Node> nodes;
    for (const QJsonValue &item : items.toArray()) {
        Result<Node> node = nodeFrom(item.toObject());
        if (!node)
            return node.error();
        nodes.append(*node);
    }
    return nodes;
}

Result<Node> RemoteBackend::node(const QString &id)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("GET", Nodes + u'/' + ApiClient::segment(id));
    if (!json)
        return json.error();
    return nodeFrom(*json);
}

Result<Cairn::NodePage> RemoteBackend::findNodes(const QStringList &terms)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("GET", Nodes, ApiClient::terms(terms));
    if (!json)
        return json.error();
    Result<QList<Node>> nodes = nodesFrom(json->value(QStringLiteral("items")));
    if (!nodes)
        return nodes.error();
    Cairn::NodePage page;
    page.nodes = *nodes;
    page.total = json->value(QStringLiteral("total")).toInteger();
    page.limit = json->value(QStringLiteral("limit")).toInt();
    page.offset = json->value(QStringLiteral("offset")).toInteger();
    return page;
}

Result<qint64> RemoteBackend::countNodes(const QStringList &terms)
{
    // The total of a page of one node: what matches, whatever the page.
    QStringList conditions;
    for (const QString &term : terms) {
        const QString key = term.section(u'=', 0, 0);
        if (key != u"sort" && key != u"limit" && key != u"offset")
            conditions.append(term);
    }
    const Result<Cairn::NodePage> page = findNodes(conditions << QStringLiteral("limit=1"));
    if (!page)
        return page.error();
    return page->total;
}

Result<QList<Node>> RemoteBackend::subtree(const QString &id, int depth)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json(
            "GET", Nodes + u'/' + ApiClient::segment(id) + QStringLiteral("/subtree"),
            {{QStringLiteral("depth"), QString::number(depth > MaxDepth ? -1 : depth)}});
    if (!json)
        return json.error();
    return nodesFrom(json->value(QStringLiteral("items")));
}

Result<Node> RemoteBackend::createNode(const Node &node)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("POST", Nodes, {}, node.toJson());
    if (!json)
        return json.error();
    return nodeFrom(*json);
}

/*!
    Replaces the node's fields with PUT: the API checks the revision, as the store does.
*/
Result<Node> RemoteBackend::updateNode(const Node &node)
{
    const auto api = client();
    if (!api)
        return api.error();
    QJsonObject body = node.toJson();
    body.remove(QStringLiteral("updated"));
    const Result<QJsonObject> json = (*api)->json("PUT", Nodes + u'/' + ApiClient::segment(node.id),
                                                  {}, body);
    if (!json)
        return json.error();
    return nodeFrom(*json);
}

Result<qint64> RemoteBackend::deleteNode(const QString &id)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("DELETE", Nodes + u'/' + ApiClient::segment(id));
    if (!json)
        return json.error();
    const QJsonValue deleted = json->value(QStringLiteral("deleted"));
    if (!deleted.isDouble())
        return unexpected(tr("an answer to a delete"));
    return deleted.toInteger();
}

Result<CloudEvent> RemoteBackend::publishEvent(const CloudEvent &event)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("POST", Events, {}, event.toJson());
    if (!json)
        return json.error();
    Result<CloudEvent> published = CloudEvent::fromJson(*json);
    if (!published || published->sequence <= 0)
        return unexpected(tr("an event"));
    return published;
}

Result<QList<CloudEvent>> RemoteBackend::eventHistory(const Cairn::EventHistoryQuery &query)
{
    const auto api = client();
    if (!api)
        return api.error();
    ApiClient::Query items{{QStringLiteral("since"), QString::number(query.since)},
                           {QStringLiteral("limit"), QString::number(query.limit)}};
    items += ApiClient::terms(query.filter.terms());
    const Result<QJsonObject> json = (*api)->json("GET", Events, items);
    if (!json)
        return json.error();
    const QJsonValue list = json->value(QStringLiteral("items"));
    if (!list.isArray())
        return unexpected(tr("a list of events"));
    QList<CloudEvent> events;
    for (const QJsonValue &item : list.toArray()) {
        Result<CloudEvent> event = CloudEvent::fromJson(item.toObject());
        if (!event)
            return unexpected(tr("an event"));
        events.append(*event);
    }
    return events;
}

/*!
    Asks for the events after the last possible sequence: none, and the API says which is
    the newest.
*/
Result<qint64> RemoteBackend::lastEventSequence()
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json(
            "GET", Events,
            {{QStringLiteral("since"), QString::number(std::numeric_limits<qint64>::max())},
             {QStringLiteral("limit"), QStringLiteral("1")}});
    if (!json)
        return json.error();
    const QJsonValue last = json->value(QStringLiteral("last_sequence"));
    if (!last.isDouble())
        return unexpected(tr("no newest event sequence"));
    return last.toInteger();
}

Result<std::unique_ptr<EventFeed>> RemoteBackend::followEvents(const Cairn::EventFilter &filter,
                                                               qint64 after)
{
    const auto api = client();
    if (!api)
        return api.error();
    return std::unique_ptr<EventFeed>(std::make_unique<RemoteEventFeed>(**api, filter, after));
}

Result<std::unique_ptr<EventFeed>>
RemoteBackend::followDurable(const QString &, const Cairn::EventFilter &, std::optional<qint64>)
{
    return Error::invalid(QStringLiteral("--durable"),
                          tr("durable subscriptions keep their cursor in the database, and the "
                             "HTTP API offers none: follow with --since instead"));
}

Result<Cairn::IssuedToken> RemoteBackend::createToken(const QString &name,
                                                      Cairn::ApiToken::Role role,
                                                      std::optional<int> priority,
                                                      std::optional<qint64> queueSize)
{
    const auto api = client();
    if (!api)
        return api.error();
    QJsonObject body{{QStringLiteral("name"), name},
                     {QStringLiteral("role"), Cairn::ApiToken::roleName(role)}};
    if (priority)
        body.insert(QStringLiteral("priority"), *priority);
    if (queueSize)
        body.insert(QStringLiteral("queue_size"), *queueSize);
    const Result<QJsonObject> json = (*api)->json("POST", Tokens, {}, body);
    if (!json)
        return json.error();
    const auto token = Cairn::ApiToken::fromJson(*json);
    const QString secret = json->value(QStringLiteral("token")).toString();
    if (!token || secret.isEmpty())
        return unexpected(tr("a token"));
    return Cairn::IssuedToken{*token, secret};
}

Result<QList<Cairn::ApiToken>> RemoteBackend::tokens()
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("GET", Tokens);
    if (!json)
        return json.error();
    QList<Cairn::ApiToken> list;
    for (const QJsonValue &item : json->value(QStringLiteral("items")).toArray()) {
        const auto token = Cairn::ApiToken::fromJson(item.toObject());
        if (!token)
            return unexpected(tr("a token"));
        list.append(*token);
    }
    return list;
}

Result<Cairn::ApiToken> RemoteBackend::revokeToken(const QString &idOrName)
{
    const auto api = client();
    if (!api)
        return api.error();
    const Result<QJsonObject> json = (*api)->json("DELETE",
                                                  Tokens + u'/' + ApiClient::segment(idOrName));
    if (!json)
        return json.error();
    const auto token = Cairn::ApiToken::fromJson(*json);
    if (!token)
        return unexpected(tr("a token"));
    return *token;
}

} // namespace CairnCtl
