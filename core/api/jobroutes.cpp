// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobroutes.h"

#include "apirouter.h"
#include "joblog.h"
#include "nodestore.h"
#include "runroutes.h"
#include "scheduler.h"

namespace Cairn {

namespace {

using Method = QHttpServerRequest::Method;
const QString Job = QStringLiteral("job");

QByteArray number(qint64 value)
{
    return QByteArray::number(value);
}

} // namespace

void JobRoutes::addTo(ApiRouter &router)
{
    router.add({Method::Get, QStringLiteral("/api/v1/jobs/{id}"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return get(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/jobs/{id}/cancel"), ApiToken::Role::Operator,
                [this](const ApiRequest &r) {
                    return cancel(r);
                }});
    router.add({Method::Post, QStringLiteral("/api/v1/jobs/{id}/retry"), ApiToken::Role::Operator,
                [this](const ApiRequest &r) {
                    return retry(r);
                }});
    router.add({Method::Get, QStringLiteral("/api/v1/jobs/{id}/log"), ApiToken::Role::Viewer,
                [this](const ApiRequest &r) {
                    return log(r);
                }});
}

ApiResponse JobRoutes::get(const ApiRequest &request)
{
    const Result<Node> job = RunRoutes::nodeOfKind(*m_context.store,
                                                   request.arg(QStringLiteral("id")), Job);
    if (!job)
        return ApiResponse::fromError(job.error());
    return ApiResponse::json(job->toJson());
}

ApiResponse JobRoutes::cancel(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body, true))
        return *refused;
    const QJsonValue reason = body.value(QStringLiteral("reason"));
    if (!reason.isUndefined() && !reason.isNull() && !reason.isString())
        return ApiResponse::fromError(
                Error::invalid(QStringLiteral("reason"), tr("must be a string")));
    const QString id = request.arg(QStringLiteral("id"));
    if (Result<Node> job = RunRoutes::nodeOfKind(*m_context.store, id, Job); !job)
        return ApiResponse::fromError(job.error());
    if (!m_context.scheduler)
        return RunRoutes::noScheduler();
    if (Status cancelled = m_context.scheduler->cancelJob(id, reason.toString()); !cancelled)
        return RunRoutes::refusal(cancelled.error());
    return get(request);
}

ApiResponse JobRoutes::retry(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body, true))
        return *refused;
    const QString id = request.arg(QStringLiteral("id"));
    if (Result<Node> job = RunRoutes::nodeOfKind(*m_context.store, id, Job); !job)
        return ApiResponse::fromError(job.error());
    if (!m_context.scheduler)
        return RunRoutes::noScheduler();
    if (Status retried = m_context.scheduler->retryJob(id); !retried)
        return RunRoutes::refusal(retried.error());
    return get(request);
}

/*!
    GET /api/v1/jobs/{id}/log: the whole log (200), or the part a Range header or ?offset= and
    &length= ask for (206, at most ApiOptions::logRangeBytes), with Content-Range; 416 for a
    range past the end. X-Job-State tells whether more may come. ?attempt=N gives the log of
    that attempt instead of the latest one's.
*/
ApiResponse JobRoutes::log(const ApiRequest &request)
{
    const Result<Node> job = RunRoutes::nodeOfKind(*m_context.store,
                                                   request.arg(QStringLiteral("id")), Job);
    if (!job)
        return ApiResponse::fromError(job.error());
    QString path = JobLog::path(*job);
    if (path.isEmpty())
        return ApiResponse::fromError(
                Error::notFound(tr("Job %1 has no log yet: it has not started.").arg(job->id)));
    if (request.hasQueryItem(QStringLiteral("attempt"))) {
        // An earlier attempt's log, which is complete.
        const int latest = job->data.value(QStringLiteral("attempt")).toInt();
        qint64 attempt = 0;
        if (const auto refused = request.readInteger(QStringLiteral("attempt"), latest, 1,
                                                     std::max(latest, 1), &attempt))
            return *refused;
        const Result<QString> attemptPath = JobLog::attemptPath(*job, int(attempt));
        if (!attemptPath)
            return ApiResponse::fromError(attemptPath.error());
        path = *attemptPath;
    }
    const qint64 size = JobLog::size(path);

    std::optional<JobLog::Range> range;
    const bool byQuery = request.hasQueryItem(QStringLiteral("offset"))
            || request.hasQueryItem(QStringLiteral("length"));
    if (byQuery) {
        qint64 offset = 0, length = 0;
        if (const auto refused = request.readInteger(QStringLiteral("offset"), 0, 0,
                                                     std::numeric_limits<qint64>::max(), &offset))
            return *refused;
        if (const auto refused = request.readInteger(QStringLiteral("length"),
                                                     m_options.logRangeBytes, 1,
                                                     std::numeric_limits<qint64>::max(), &length))
            return *refused;
        if (offset >= size)
            return ApiResponse::error(416, ApiResponse::codeFor(416),
                                      tr("The log has %1 bytes; the range starts at %2.")
                                              .arg(size)
                                              .arg(offset))
                    .withHeader(QByteArrayLiteral("Content-Range"), "bytes */" + number(size));
        range = JobLog::Range{offset, std::min(length, size - offset)};
    } else if (const QByteArray header = request.header(QByteArrayLiteral("Range"));
               !header.isEmpty()) {
        if (const auto parsed = JobLog::parseRange(header, size)) {
            if (!*parsed)
                return ApiResponse::error(416, ApiResponse::codeFor(416), parsed->error().message)
                        .withHeader(QByteArrayLiteral("Content-Range"), "bytes */" + number(size));
            range = parsed->value();
        }
    }

    const QByteArray state = job->data.value(QStringLiteral("state")).toString().toUtf8();
    const QByteArray type = QByteArrayLiteral("text/plain; charset=utf-8");
    if (!range) {
        const Result<QByteArray> all = JobLog::read(path, 0, size);
        if (!all)
            return ApiResponse::fromError(all.error());
        return ApiResponse::raw(*all, type)
                .withHeader(QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes"))
                .withHeader(QByteArrayLiteral("X-Job-State"), state);
    }
    range->length = std::min(range->length, m_options.logRangeBytes);
    const Result<QByteArray> part = JobLog::read(path, range->offset, range->length);
    if (!part)
        return ApiResponse::fromError(part.error());
    const qint64 last = range->offset + part->size() - 1;
    return ApiResponse::raw(*part, type, 206)
            .withHeader(QByteArrayLiteral("Content-Range"),
                        "bytes " + number(range->offset) + '-' + number(last) + '/' + number(size))
            .withHeader(QByteArrayLiteral("Accept-Ranges"), QByteArrayLiteral("bytes"))
            .withHeader(QByteArrayLiteral("X-Job-State"), state);
}

} // namespace Cairn
