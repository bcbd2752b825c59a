// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "apicontext.h"
#include "apirequest.h"
#include "apiresponse.h"

#include <QCoreApplication>

namespace Cairn {

class ApiRouter;
struct RunOptions;

/*
 * /api/v1/pipelines: the project's pipelines, checking a pipeline before it is written into
 * the project (JSON, or YAML sent as application/yaml; errors name the line, column and
 * field), and starting runs, of them or (POST /api/v1/runs, for admins) of a pipeline given
 * in full.
 */
class PipelineRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::PipelineRoutes)
public:
    explicit PipelineRoutes(const ApiContext &context) : m_context(context) { }

    void addTo(ApiRouter &router);

    // An invalid pipeline as a 422 whose "line" and "column" come from the error's location.
    static ApiResponse invalid(const Error &error);

private:
    ApiResponse list(const ApiRequest &request);
    ApiResponse get(const ApiRequest &request);
    ApiResponse validate(const ApiRequest &request);
    ApiResponse startRun(const ApiRequest &request);
    ApiResponse startDefinedRun(const ApiRequest &request);
    std::optional<ApiResponse> readRunRequest(const ApiRequest &request, const QStringList &extra,
                                              QJsonObject *body, QJsonObject *params,
                                              RunOptions *options);
    ApiResponse queueRun(const Pipeline &pipeline, const QJsonObject &params,
                         const RunOptions &options);
    QHash<QString, Pipeline> pipelines() const;

    const ApiContext &m_context;
};

} // namespace Cairn
