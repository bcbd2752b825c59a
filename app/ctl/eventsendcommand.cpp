// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventsendcommand.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "eventprinter.h"
#include "optionvalue.h"
#include "session.h"

using Cairn::CloudEvent;
using Cairn::Error;

namespace CairnCtl {

EventSendCommand::EventSendCommand(Session &session) : m_session(session) { }

int EventSendCommand::run(const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("event send"), QStringLiteral("[options] <type>"),
            tr("Publishes one event and prints it with its sequence number. Those following\n"
               "the bus (event tail, durable subscriptions) receive it once it is stored."));
    const QCommandLineOption subject(QStringLiteral("subject"),
                                     tr("What the event is about: a node id, a device id..."),
                                     tr("subject"));
    const QCommandLineOption source(
            QStringLiteral("source"),
            tr("Where the event comes from, a URI-reference. Default: cairn://HOST."), tr("uri"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  tr("The event's data, any JSON value: '{\"open\": true}', 42, "
                                     "'\"text\"'. Default: null."),
                                  tr("json"));
    const QCommandLineOption id(QStringLiteral("id"),
                                tr("The event's id; a new UUID by default. An id that exists "
                                   "already is refused (exit code 1)."),
                                tr("id"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   tr("Prints only the event's sequence number, for scripts."));
    for (const auto &option : {subject, source, data, id, quiet})
        parser.addOption(option);
    parser.addArgument(QStringLiteral("type"),
                       tr("The event type, reverse-DNS style: com.example.door.opened."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("an event type")))
        return *stop;

    CloudEvent event;
    event.type = parser.arguments().constFirst();
    event.subject = parser.value(subject);
    event.source = parser.value(source);
    event.id = parser.value(id);
    event.data = QJsonValue::Null;
    if (parser.isSet(data)) {
        const auto value = OptionValue::json(QStringLiteral("--data"), parser.value(data));
        if (!value)
            return m_session.console().fail(value.error());
        event.data = *value;
    }
    // Checked before the database is opened. The bus (or cairnd) fills in a missing source only
    // when it publishes, so a stand-in lets the other attributes be checked now.
    CloudEvent probe = event;
    if (probe.source.isEmpty())
        probe.source = QStringLiteral("cairn://localhost");
    if (const Cairn::Status valid = probe.validate(); !valid) {
        Error error = valid.error();
        // The type is the argument; the other attributes are options.
        if (error.field != QStringLiteral("type"))
            error.field.prepend(QStringLiteral("--"));
        return m_session.console().fail(error);
    }

    if (const auto stop = m_session.openBackend())
        return *stop;
    const auto published = m_session.backend().publishEvent(event);
    if (!published)
        return m_session.console().fail(published.error());
    if (parser.isSet(quiet))
        m_session.console().out() << published->sequence << u'\n';
    else
        EventPrinter(m_session.console()).printEvent(*published);
    return ExitOk;
}

} // namespace CairnCtl
