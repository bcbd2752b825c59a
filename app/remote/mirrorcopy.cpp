// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "mirrorcopy.h"

#include "apiclient.h"
#include "mirrorstore.h"
#include "remotelogging.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace Cairn {

namespace {

const QString Nodes = QStringLiteral("/api/v1/nodes");

} // namespace

MirrorCopy::MirrorCopy(
        std::shared_ptr<ApiClient> client, MirrorStore &store,
        std::function<QString(const QByteArray &, const QString &, const Error &)> describe,
        QObject *parent)
    : QObject(parent), m_client(std::move(client)), m_store(store), m_describe(std::move(describe))
{ }

void MirrorCopy::start(std::function<void(Status)> done)
{
    m_done = std::move(done);
    requestPage();
}

void MirrorCopy::abandon()
{
    m_done = nullptr;
}

void MirrorCopy::requestPage()
{
    ApiClient::Query query{{QStringLiteral("sort"), QStringLiteral("id")},
                           {QStringLiteral("limit"), QString::number(PageSize)}};
    if (!m_after.isEmpty())
        query.append({QStringLiteral("id__gt"), m_after});
    m_client->requestJson(
            "GET", Nodes, query, {}, this,
            [this](const Result<QJsonObject> &answer) { page(answer); }, Error::Invalid);
}

/*!
    Writes one page: the remote's nodes after the last id copied, up to the page's last id
    (or all the rest, for the last page), against the cache's nodes of the same range.
*/
void MirrorCopy::page(const Result<QJsonObject> &answer)
{
    if (!m_done)
        return;
    if (!answer) {
        finish(Error{answer.error().code, m_describe("GET", Nodes, answer.error()), {}, {}});
        return;
    }
    const auto unreadable = [this](const QString &what) {
        finish(Error::invalid(QStringLiteral("answer"),
                              tr("GET %1 gave %2 that cannot be read; is it a cairnd of this "
                                 "version?")
                                      .arg(m_client->displayUrl(Nodes), what)));
    };
    const QJsonValue items = answer->value(QStringLiteral("items"));
    if (!items.isArray()) {
        unreadable(tr("no list of nodes"));
        return;
    }
    QList<Node> nodes;
    for (const QJsonValue &item : items.toArray()) {
        const Result<Node> node = item.isObject() ? Node::fromJson(item.toObject())
                                                  : Result<Node>(Error::invalid({}, {}));
        if (!node || node->id.isEmpty() || node->id <= m_after) {
            unreadable(tr("a node"));
            return;
        }
        nodes.append(*node);
    }
    const bool last = nodes.size() < PageSize;
    const QString upTo = last ? QString() : nodes.constLast().id;
    const Result<QHash<QString, qint64>> cached = m_store.revisions(m_after, upTo);
    if (!cached) {
        finish(cached.error());
        return;
    }
    // A parent may come after its children in id order when ids were given by a client:
    // those kept from earlier pages are tried again, and every node goes after those above
    // it, shallower first.
    QList<Node> puts = std::exchange(m_orphans, {});
    QSet<QString> present;
    for (const Node &node : std::as_const(nodes)) {
        present.insert(node.id);
        if (cached->value(node.id, -1) != node.revision)
            puts.append(node);
    }
    std::stable_sort(puts.begin(), puts.end(),
                     [](const Node &a, const Node &b) { return a.path.size() < b.path.size(); });
    MirrorStore::Batch batch;
    for (auto it = cached->cbegin(); it != cached->cend(); ++it) {
        if (!present.contains(it.key()))
            batch.remove(it.key(), true);
    }
    for (const Node &node : std::as_const(puts))
        batch.put(node, true);
    const Result<MirrorStore::Outcome> outcome = m_store.apply(batch);
    if (!outcome) {
        finish(outcome.error());
        return;
    }
    m_written += outcome->written;
    m_removed += outcome->removed;
    m_orphans = outcome->orphans;
    if (!last) {
        m_after = upTo;
        requestPage();
        return;
    }
    // A node whose parent never came was deleted with it while the copy ran: the stream
    // tells of both.
    for (const Node &orphan : std::as_const(m_orphans))
        qCDebug(lcRemote).noquote() << "node" << orphan.id << "has no parent in the copy";
    finish(Done{});
}

void MirrorCopy::finish(Status status)
{
    if (m_done)
        std::exchange(m_done, nullptr)(std::move(status));
}

} // namespace Cairn
