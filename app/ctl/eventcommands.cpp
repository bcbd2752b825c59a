// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventcommands.h"

#include "commandparser.h"
#include "console.h"
#include "eventhistorycommand.h"
#include "eventsendcommand.h"
#include "eventtailcommand.h"
#include "session.h"

#include <functional>

namespace CairnCtl {

EventCommands::EventCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString EventCommands::summary()
{
    return tr("Publish, list and follow events.");
}

QString EventCommands::filterSyntax()
{
    return tr("A filter is made of terms, all of which must hold:\n"
              "  type=GLOB[,GLOB]     the event type: type=cairn.node.*,demo.door.?\n"
              "  source=GLOB[,GLOB]   the source URI: source=mqtt://*\n"
              "  subject=TEXT         the subject, exactly\n"
              "  data.KEY=VALUE       the data, as in node queries: data.temperature__gt=30\n"
              "                       (ops: lt, lte, gt, gte, ne, re, in, nin)\n"
              "In a glob, * is any run of characters (dots too) and ? one character.\n\n"
              "Example: type=demo.sensor.* data.temperature__gte=25");
}

int EventCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    EventSendCommand send(session);
    EventHistoryCommand history(session);
    EventTailCommand tail(session);
    using Handler = std::function<int(const QStringList &)>;
    struct Subcommand
    {
        QString name;
        Handler handler;
        QString summary;
    };
    const QList<Subcommand> subcommands{
            {QStringLiteral("send"), [&](const QStringList &rest) { return send.run(rest); },
             tr("Publishes one event.")},
            {QStringLiteral("history"), [&](const QStringList &rest) { return history.run(rest); },
             tr("Prints stored events, oldest first.")},
            {QStringLiteral("tail"), [&](const QStringList &rest) { return tail.run(rest); },
             tr("Prints new events as they arrive.")},
    };

    QString list;
    for (const Subcommand &subcommand : subcommands)
        list += QStringLiteral("\n  ") + subcommand.name.leftJustified(9) + subcommand.summary;
    CommandParser parser(QStringLiteral("event"),
                         QStringLiteral("[options] <subcommand> [<args>...]"),
                         summary() + u'\n' + tr("\nSubcommands:") + list);
    // The subcommand's options are its own.
    parser.stopAtFirstArgument();
    parser.addArgument(QStringLiteral("subcommand"), tr("One of the subcommands above."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;

    const QStringList rest = parser.arguments();
    if (rest.isEmpty())
        return m_console.usageError(tr("a subcommand is needed"), parser.command());
    for (const Subcommand &subcommand : subcommands) {
        if (subcommand.name == rest.constFirst())
            return subcommand.handler(rest.mid(1));
    }
    return m_console.usageError(tr("unknown subcommand '%1'").arg(rest.constFirst()),
                                parser.command());
}

} // namespace CairnCtl
