// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventhistorycommand.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "eventbus.h"
#include "eventcommands.h"
#include "eventprinter.h"
#include "optionvalue.h"
#include "session.h"

namespace CairnCtl {

EventHistoryCommand::EventHistoryCommand(Session &session) : m_session(session) { }

int EventHistoryCommand::run(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("event history"), QStringLiteral("[options] [<term>...]"),
                         tr("Prints the stored events that match a filter, oldest first; all of "
                            "them\nwithout terms.")
                                 + QStringLiteral("\n\n") + EventCommands::filterSyntax());
    const QCommandLineOption since(QStringLiteral("since"),
                                   tr("Only events after this sequence number (default: 0)."),
                                   tr("seq"), QStringLiteral("0"));
    const QCommandLineOption limit(
            QStringLiteral("limit"),
            tr("At most this many events (1 to %1, default: 100); the rest with --since.")
                    .arg(Cairn::EventHistoryQuery::MaxLimit),
            tr("n"), QStringLiteral("100"));
    parser.addOption(since);
    parser.addOption(limit);
    parser.addArgument(QStringLiteral("term"), tr("A filter term."), QStringLiteral("[<term>...]"));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;

    Cairn::EventHistoryQuery query;
    const auto after = OptionValue::number(QStringLiteral("--since"), parser.value(since), 0);
    if (!after)
        return m_session.console().fail(after.error());
    query.since = *after;
    const auto most = OptionValue::number(QStringLiteral("--limit"), parser.value(limit), 1,
                                          Cairn::EventHistoryQuery::MaxLimit);
    if (!most)
        return m_session.console().fail(most.error());
    query.limit = int(*most);
    auto filter = Cairn::EventFilter::parse(parser.arguments());
    if (!filter)
        return m_session.console().fail(filter.error());
    query.filter = std::move(*filter);
    if (const auto stop = m_session.openBackend())
        return *stop;

    const auto events = m_session.backend().eventHistory(query);
    if (!events)
        return m_session.console().fail(events.error());
    EventPrinter(m_session.console()).printHistory(*events, query.limit);
    return ExitOk;
}

} // namespace CairnCtl
