// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

namespace Cairn {

class ApiClient;
class MirrorStore;

/*
 * One full copy of a remote's nodes into a MirrorStore: pages of the API's node list in id
 * order (ids never change, so a page boundary never skips a node however the others change),
 * each compared with the same id range of the cache by revision: changed and new nodes are
 * written, nodes the remote no longer has are deleted. Changes made while the copy runs come
 * again through the event stream, which starts where the copy started.
 */
class MirrorCopy : public QObject
{
    Q_OBJECT
public:
    static constexpr int PageSize = 500;

    // Reports through done, once: Done, or the error that stopped the copy. describe turns an
    // error of a request into a message that names it.
    MirrorCopy(std::shared_ptr<ApiClient> client, MirrorStore &store,
               std::function<QString(const QByteArray &, const QString &, const Error &)> describe,
               QObject *parent = nullptr);

    void start(std::function<void(Status)> done);
    // Stops: what the requests under way answer is ignored, and done is not called.
    void abandon();

    qint64 written() const { return m_written; }
    qint64 removed() const { return m_removed; }

private:
    void requestPage();
    void page(const Result<QJsonObject> &answer);
    void finish(Status status);

    std::shared_ptr<ApiClient> m_client;
    MirrorStore &m_store;
    std::function<QString(const QByteArray &, const QString &, const Error &)> m_describe;
    std::function<void(Status)> m_done;
    QString m_after; // the last id copied
    QList<Node> m_orphans; // nodes whose parent comes in a later page
    qint64 m_written = 0;
    qint64 m_removed = 0;
};

} // namespace Cairn
