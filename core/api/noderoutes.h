// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
class NodeStore;

/*
 * /api/v1/nodes: query, read, create, update (with the revision read: a stale one is 409),
 * read a subtree and delete.
 *
 * PUT replaces what a node may change (state, result, data, artifacts, owner, timeout,
 * holdoff), leaving out meaning unset; PATCH is a JSON merge patch (RFC 7386) of the node, so
 * {"data": {"key": null}} removes one key. Both need the revision.
 */
class NodeRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::NodeRoutes)
public:
    explicit NodeRoutes(NodeStore &store) : m_store(store) { }

    void addTo(ApiRouter &router);

    // RFC 7386: patch's members replace target's, null removes, objects merge recursively.
    static QJsonValue mergePatch(const QJsonValue &target, const QJsonValue &patch);

private:
    ApiResponse list(const ApiRequest &request);
    ApiResponse get(const ApiRequest &request);
    ApiResponse create(const ApiRequest &request);
    ApiResponse update(const ApiRequest &request, bool merge);
    ApiResponse subtree(const ApiRequest &request);
    ApiResponse remove(const ApiRequest &request);

    NodeStore &m_store;
};

} // namespace Cairn
