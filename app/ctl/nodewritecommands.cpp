// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodewritecommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "nodeeditor.h"
#include "nodeprinter.h"
#include "session.h"

using Cairn::Error;
using Cairn::Node;

namespace CairnCtl {

NodeWriteCommands::NodeWriteCommands(Session &session) : m_session(session) { }

int NodeWriteCommands::add(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node add"),
                         QStringLiteral("--kind <kind> --name <name> [options]"),
                         tr("Creates a node and prints it."));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  tr("What the node is: site, device, reading, run, job..."),
                                  tr("kind"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  tr("The node's name; its path is the names from the root down."),
                                  tr("name"));
    const QCommandLineOption parent(QStringLiteral("parent"),
                                    tr("The id of the parent node; a root without it."), tr("id"));
    const QCommandLineOption state(QStringLiteral("state"),
                                   tr("running (default), available, closing or done."),
                                   tr("state"));
    const QCommandLineOption result(QStringLiteral("result"),
                                    tr("pass, fail, skip, incomplete or none (default)."),
                                    tr("result"));
    const QCommandLineOption owner(QStringLiteral("owner"), tr("Who owns the node."), tr("owner"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     tr("When the node times out (ISO 8601)."), tr("time"));
    const QCommandLineOption holdoff(QStringLiteral("holdoff"),
                                     tr("Until when the node is held off (ISO 8601)."), tr("time"));
    const QCommandLineOption data(QStringLiteral("data"), tr("The node's data, a JSON object."),
                                  tr("json"));
    const QCommandLineOption artifact(QStringLiteral("artifact"),
                                      tr("An artifact, name=url; may be repeated."),
                                      tr("name=url"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   tr("Prints only the new node's id, for scripts."));
    for (const auto &option :
         {kind, name, parent, state, result, owner, timeout, holdoff, data, artifact, quiet})
        parser.addOption(option);
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 0, 0, QString()))
        return *stop;

    // Everything is checked before the database is opened: bad input is a usage error
    // whatever the state of the database.
    Node node;
    for (const auto &required : {kind, name}) {
        const QString option = u"--" + required.names().constFirst();
        if (parser.value(required).isEmpty())
            return m_session.console().fail(Error::invalid(option, tr("is required")));
    }
    node.kind = parser.value(kind);
    node.name = parser.value(name);
    node.parent = parser.value(parent);
    for (const auto &option : {state, result, owner, timeout, holdoff}) {
        if (!parser.isSet(option))
            continue;
        const QString field = option.names().constFirst();
        if (const auto set = NodeEditor::set(node, field, parser.value(option)); !set) {
            Error error = set.error();
            error.field = u"--" + field;
            return m_session.console().fail(error);
        }
    }
    if (parser.isSet(data)) {
        const auto object = NodeEditor::parseObject(QStringLiteral("--data"), parser.value(data));
        if (!object)
            return m_session.console().fail(object.error());
        node.data = *object;
    }
    const QStringList artifacts = parser.values(artifact);
    for (const QString &entry : artifacts) {
        const qsizetype equals = entry.indexOf(u'=');
        if (equals <= 0)
            return m_session.console().fail(Error::invalid(
                    QStringLiteral("--artifact"), tr("expected name=url, got '%1'").arg(entry)));
        node.artifacts.insert(entry.left(equals), entry.mid(equals + 1));
    }

    if (const auto stop = m_session.openBackend())
        return *stop;
    const auto created = m_session.backend().createNode(node);
    if (!created)
        return m_session.console().fail(created.error());
    if (parser.isSet(quiet))
        m_session.console().out() << created->id << u'\n';
    else
        NodePrinter(m_session.console()).printNode(*created);
    return ExitOk;
}

int NodeWriteCommands::update(const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("node update"), QStringLiteral("[options] <id> <field=value>..."),
            tr("Changes fields of a node and prints it.\n\n"
               "Fields: state, result, owner, timeout, holdoff (ISO 8601 times), data (a JSON\n"
               "object), data.key.key=value (typed as in queries: 12, 1.5, true, null, {...},\n"
               "[...], \"text\"; anything else is text), artifacts.name=url. field- unsets a\n"
               "field (data.key-, owner-, timeout-). id, parent, kind, name, path and created\n"
               "cannot change."));
    const QCommandLineOption revision(
            QStringLiteral("revision"),
            tr("Changes the node only if its revision is still this one; exit code 1 if not."),
            tr("revision"));
    parser.addOption(revision);
    parser.addArgument(QStringLiteral("id"), tr("The node's id."));
    parser.addArgument(QStringLiteral("field=value"), tr("A change."),
                       QStringLiteral("<field=value>..."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 2, -1, tr("a node id and changes")))
        return *stop;

    qint64 expectedRevision = -1;
    if (parser.isSet(revision)) {
        bool ok = false;
        expectedRevision = parser.value(revision).toLongLong(&ok);
        if (!ok || expectedRevision < 1)
            return m_session.console().fail(Error::invalid(
                    QStringLiteral("--revision"),
                    tr("expected a revision number, got '%1'").arg(parser.value(revision))));
    }
    const QString id = parser.arguments().constFirst();
    const QStringList terms = parser.arguments().mid(1);
    // A dry run on a blank node catches the mistakes that do not depend on the stored node.
    for (const QString &term : terms) {
        Node blank;
        if (const auto applied = NodeEditor::apply(blank, term); !applied)
            return m_session.console().fail(applied.error());
    }
    if (const auto stop = m_session.openBackend())
        return *stop;

    const auto current = m_session.backend().node(id);
    if (!current)
        return m_session.console().fail(current.error());
    Node node = *current;
    for (const QString &term : terms) {
        if (const auto applied = NodeEditor::apply(node, term); !applied)
            return m_session.console().fail(applied.error());
    }
    // The store checks the revision, the state transition and the fields that cannot change.
    if (expectedRevision > 0)
        node.revision = expectedRevision;

    const auto updated = m_session.backend().updateNode(node);
    if (!updated)
        return m_session.console().fail(updated.error());
    NodePrinter(m_session.console()).printNode(*updated);
    return ExitOk;
}

int NodeWriteCommands::remove(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("node delete"), QStringLiteral("[options] <id>"),
                         tr("Deletes a node and every node below it, and prints how many "
                            "were deleted."));
    parser.addArgument(QStringLiteral("id"), tr("The node's id."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("a node id")))
        return *stop;
    if (const auto stop = m_session.openBackend())
        return *stop;

    const QString id = parser.arguments().constFirst();
    const auto deleted = m_session.backend().deleteNode(id);
    if (!deleted)
        return m_session.console().fail(deleted.error());
    NodePrinter(m_session.console()).printDeleted(*deleted);
    return ExitOk;
}

} // namespace CairnCtl
