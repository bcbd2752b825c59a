// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"
#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;

/*
 * /api/v1/jobs: one job (a node of kind "job"), cancelling and retrying it, and its log by
 * byte ranges ("Range: bytes=a-b", or ?offset=&length=), answered 206 with Content-Range.
 * The live log is LogStream's.
 */
class JobRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobRoutes)
public:
    JobRoutes(const ApiContext &context, const ApiOptions &options)
        : m_context(context), m_options(options)
    { }

    void addTo(ApiRouter &router);

private:
    ApiResponse get(const ApiRequest &request);
    ApiResponse cancel(const ApiRequest &request);
    ApiResponse retry(const ApiRequest &request);
    ApiResponse log(const ApiRequest &request);

    const ApiContext &m_context;
    const ApiOptions &m_options;
};

} // namespace Cairn
