// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"
#include "apirequest.h"
#include "apiresponse.h"
#include "node.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
class NodeStore;

/*
 * /api/v1/runs: the runs of pipelines (nodes of kind "run"), one run with its jobs, and
 * cancelling and retrying them through the scheduler.
 */
class RunRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::RunRoutes)
public:
    explicit RunRoutes(const ApiContext &context) : m_context(context) { }

    void addTo(ApiRouter &router);

    // What a scheduler's refusal means to a client: a run or job in a state that does not
    // allow the change is a 409; the rest as ApiResponse::fromError().
    static ApiResponse refusal(const Error &error);
    static ApiResponse noScheduler();
    // The node id of kind, or 404 when there is none.
    static Result<Node> nodeOfKind(NodeStore &store, const QString &id, const QString &kind);

private:
    ApiResponse list(const ApiRequest &request);
    ApiResponse get(const ApiRequest &request);
    ApiResponse cancel(const ApiRequest &request);
    ApiResponse retry(const ApiRequest &request);

    const ApiContext &m_context;
};

} // namespace Cairn
