// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventroutes.h"

#include "apirouter.h"
#include "eventbus.h"

#include <QJsonArray>

namespace Cairn {

void EventRoutes::addTo(ApiRouter &router)
{
    router.add({QHttpServerRequest::Method::Get, QStringLiteral("/api/v1/events"),
                ApiToken::Role::Viewer, [this](const ApiRequest &r) {
                    return history(r);
                }});
    router.add({QHttpServerRequest::Method::Post, QStringLiteral("/api/v1/events"),
                ApiToken::Role::Operator, [this](const ApiRequest &r) {
                    return publish(r);
                }});
}

/*!
    GET /api/v1/events?since=SEQ&limit=N&TERM...: the events after since that match the
    terms, oldest first; next_since, the sequence to ask from for the next page; and
    last_sequence, that of the newest event stored, where a client that wants the last few
    events or only new ones starts.
*/
ApiResponse EventRoutes::history(const ApiRequest &request)
{
    EventHistoryQuery query;
    qint64 limit = 100;
    if (const auto refused = request.readInteger(QStringLiteral("since"), 0, 0,
                                                 std::numeric_limits<qint64>::max(), &query.since))
        return *refused;
    if (const auto refused = request.readInteger(QStringLiteral("limit"), 100, 1,
                                                 EventHistoryQuery::MaxLimit, &limit))
        return *refused;
    query.limit = int(limit);
    const Result<EventFilter> filter = EventFilter::parse(
            request.queryTerms({QStringLiteral("since"), QStringLiteral("limit")}));
    if (!filter)
        return ApiResponse::fromError(filter.error());
    query.filter = *filter;
    const Result<QList<CloudEvent>> events = m_bus.history(query);
    if (!events)
        return ApiResponse::fromError(events.error());
    QJsonArray items;
    for (const CloudEvent &event : *events)
        items.append(event.toJson());
    const qint64 next = events->isEmpty() ? query.since : events->constLast().sequence;
    const Result<qint64> last = m_bus.lastSequence();
    if (!last)
        return ApiResponse::fromError(last.error());
    return ApiResponse::json({{QStringLiteral("items"), items},
                              {QStringLiteral("next_since"), next},
                              {QStringLiteral("last_sequence"), *last}});
}

/*!
    POST /api/v1/events with a CloudEvent: id, time, specversion and source may be left out.
    Answers 201 with the event as stored, sequence included.
*/
ApiResponse EventRoutes::publish(const ApiRequest &request)
{
    QJsonObject body;
    if (const auto refused = request.readObject(&body))
        return *refused;
    Result<CloudEvent> event = CloudEvent::fromJson(body);
    if (!event)
        return ApiResponse::fromError(event.error());
    event->sequence = 0;
    if (event->source.isEmpty())
        event->source = m_bus.defaultSource() + QStringLiteral("/api");
    if (Status valid = event->validate(); !valid)
        return ApiResponse::fromError(valid.error());
    const Result<CloudEvent> published = m_bus.publish(*event);
    if (!published)
        return ApiResponse::fromError(published.error());
    return ApiResponse::json(published->toJson(), 201);
}

} // namespace Cairn
