// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventcommands.h"

#include "console.h"
#include "eventhistorycommand.h"
#include "eventsendcommand.h"
#include "eventtailcommand.h"
#include "session.h"
#include "subcommands.h"

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
    const QList<Subcommand> subcommands{
            {QStringLiteral("send"), [&](const QStringList &rest) { return send.run(rest); },
             tr("Publishes one event.")},
            {QStringLiteral("history"), [&](const QStringList &rest) { return history.run(rest); },
             tr("Prints stored events, oldest first.")},
            {QStringLiteral("tail"), [&](const QStringList &rest) { return tail.run(rest); },
             tr("Prints new events as they arrive.")},
    };

    return runSubcommand(session, m_console, QStringLiteral("event"), summary(), subcommands,
                         arguments);
}

} // namespace CairnCtl
