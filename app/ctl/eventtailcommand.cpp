// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventtailcommand.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "eventcommands.h"
#include "eventfeed.h"
#include "eventfollower.h"
#include "optionvalue.h"
#include "session.h"

using Cairn::CloudEvent;
using Cairn::Error;

namespace CairnCtl {

namespace {

constexpr int PageSize = 1000;

} // namespace

EventTailCommand::EventTailCommand(Session &session) : m_session(session) { }

int EventTailCommand::run(const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("event tail"), QStringLiteral("[options] [<term>...]"),
            tr("Prints new events that match a filter as they arrive, one line each (one\n"
               "JSON object per line with --json), until interrupted. SIGINT and SIGTERM end\n"
               "it with exit code 0.\n\n"
               "With --durable NAME it resumes where the last run with that name stopped:\n"
               "each event is printed at least once, none is skipped.")
                    + QStringLiteral("\n\n") + EventCommands::filterSyntax());
    const QCommandLineOption since(QStringLiteral("since"),
                                   tr("Starts with the events after this sequence number "
                                      "(with --durable: where a new subscription starts)."),
                                   tr("seq"));
    const QCommandLineOption last(QStringLiteral("last"),
                                  tr("Starts with the last N matching events (with --durable: "
                                     "where a new subscription starts)."),
                                  tr("n"));
    const QCommandLineOption durable(
            QStringLiteral("durable"),
            tr("Follows the durable subscription NAME, made on first use, starting after the "
               "newest event."),
            tr("name"));
    const QCommandLineOption count(QStringLiteral("count"), tr("Stops after printing N events."),
                                   tr("n"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     tr("Stops after this long, with exit code 0: 500ms, 30s, "
                                        "2m, 1h."),
                                     tr("duration"));
    // For scripts and tests that publish once tail is sure to see what they publish.
    QCommandLineOption ready(QStringLiteral("notify-ready"),
                             tr("Prints 'ready' on standard error once following."));
    ready.setFlags(QCommandLineOption::HiddenFromHelp);
    for (const auto &option : {since, last, durable, count, timeout, ready})
        parser.addOption(option);
    parser.addArgument(QStringLiteral("term"), tr("A filter term."), QStringLiteral("[<term>...]"));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;

    Console &console = m_session.console();
    const auto filter = Cairn::EventFilter::parse(parser.arguments());
    if (!filter)
        return console.fail(filter.error());
    if (parser.isSet(since) && parser.isSet(last))
        return console.fail(
                Error::invalid(QStringLiteral("--last"), tr("cannot be used with --since")));
    std::optional<qint64> sinceSequence;
    if (parser.isSet(since)) {
        const auto value = OptionValue::number(QStringLiteral("--since"), parser.value(since), 0);
        if (!value)
            return console.fail(value.error());
        sinceSequence = *value;
    }
    std::optional<qsizetype> lastCount;
    if (parser.isSet(last)) {
        const auto value = OptionValue::number(QStringLiteral("--last"), parser.value(last), 0,
                                               Cairn::EventHistoryQuery::MaxLimit);
        if (!value)
            return console.fail(value.error());
        lastCount = *value;
    }
    EventFollower::Limits limits;
    if (parser.isSet(count)) {
        const auto value = OptionValue::number(QStringLiteral("--count"), parser.value(count), 1);
        if (!value)
            return console.fail(value.error());
        limits.count = *value;
    }
    if (parser.isSet(timeout)) {
        const auto value = OptionValue::duration(QStringLiteral("--timeout"),
                                                 parser.value(timeout));
        if (!value)
            return console.fail(value.error());
        limits.timeout = *value;
    }
    const QString name = parser.value(durable);
    if (parser.isSet(durable) && (name.isEmpty() || name.size() > 255))
        return console.fail(Error::invalid(QStringLiteral("--durable"),
                                           tr("a subscription needs a name of 1 to 255 "
                                              "characters")));
    if (const auto stop = m_session.openBackend())
        return *stop;

    Backend &backend = m_session.backend();
    // Following starts after the newest event there is now; what comes before is read from
    // the history.
    const auto newest = backend.lastEventSequence();
    if (!newest)
        return console.fail(newest.error());
    QList<CloudEvent> past;
    qint64 start = *newest;
    if (sinceSequence) {
        start = *sinceSequence;
    } else if (lastCount) {
        const auto events = lastEvents(backend, *filter, *lastCount, *newest);
        if (!events)
            return console.fail(events.error());
        past = *events;
        if (!past.isEmpty())
            start = past.constFirst().sequence - 1;
    }

    EventFollower follower(console, limits);
    follower.setAnnounceReady(parser.isSet(ready));
    if (parser.isSet(durable)) {
        const bool chosen = sinceSequence || lastCount;
        auto feed = backend.followDurable(name, *filter,
                                          chosen ? std::optional(start) : std::nullopt);
        if (!feed)
            return console.fail(feed.error());
        return follower.follow({}, **feed);
    }
    if (sinceSequence) {
        const auto events = readRange(backend, *filter, start, *newest);
        if (!events)
            return console.fail(events.error());
        past = *events;
    }
    auto feed = backend.followEvents(*filter, std::max(start, *newest));
    if (!feed)
        return console.fail(feed.error());
    return follower.follow(past, **feed);
}

Cairn::Result<QList<CloudEvent>> EventTailCommand::readRange(Backend &backend,
                                                             const Cairn::EventFilter &filter,
                                                             qint64 after, qint64 upTo,
                                                             qsizetype keepLast)
{
    QList<CloudEvent> found;
    Cairn::EventHistoryQuery query;
    query.since = after;
    query.filter = filter;
    query.limit = PageSize;
    for (;;) {
        const auto page = backend.eventHistory(query);
        if (!page)
            return page.error();
        for (const CloudEvent &event : *page) {
            if (event.sequence > upTo)
                return found;
            found.append(event);
            if (keepLast > 0 && found.size() > keepLast)
                found.removeFirst();
        }
        if (page->size() < PageSize)
            return found;
        query.since = page->constLast().sequence;
    }
}

/*!
    Looks back over a window of sequence numbers that grows fourfold until it holds
    \a count matching events or reaches the first event: a selective filter reads further
    back, while the usual case reads only the last few events.
*/
Cairn::Result<QList<CloudEvent>> EventTailCommand::lastEvents(Backend &backend,
                                                              const Cairn::EventFilter &filter,
                                                              qsizetype count, qint64 upTo)
{
    if (count == 0)
        return QList<CloudEvent>();
    qint64 window = count;
    for (;;) {
        const qint64 after = std::max<qint64>(0, upTo - window);
        auto events = readRange(backend, filter, after, upTo, count);
        if (!events || events->size() >= count || after == 0)
            return events;
        window = window > upTo / 4 ? upTo : window * 4;
    }
}

} // namespace CairnCtl
