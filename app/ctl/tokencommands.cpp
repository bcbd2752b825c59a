// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "tokencommands.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "optionvalue.h"
#include "session.h"
#include "subcommands.h"
#include "texttable.h"

#include <apitoken.h>
#include <node.h>

#include <QJsonArray>

#include <limits>

using Cairn::ApiToken;
using Cairn::Error;

namespace CairnCtl {

namespace {

QString timeText(const QDateTime &time)
{
    return time.isValid() ? Cairn::Node::timeToText(time) : QStringLiteral("-");
}

QString clientText(const ApiToken &token)
{
    if (!token.isClient())
        return QStringLiteral("-");
    return QStringLiteral("priority %1, queue %2")
            .arg(token.priority.value_or(10))
            .arg(token.queueSize.value_or(0));
}

} // namespace

TokenCommands::TokenCommands(Console &console, const GlobalOptions &globals)
    : m_console(console), m_globals(globals)
{ }

QString TokenCommands::summary()
{
    return tr("Make, list and revoke the tokens of the HTTP API.");
}

int TokenCommands::run(const QStringList &arguments)
{
    Session session(m_console, m_globals);
    const QList<Subcommand> subcommands{
            {QStringLiteral("create"),
             [&](const QStringList &rest) { return create(session, rest); },
             tr("Makes a token and prints it, the only time it is shown.")},
            {QStringLiteral("list"), [&](const QStringList &rest) { return list(session, rest); },
             tr("Lists the tokens, revoked ones too.")},
            {QStringLiteral("revoke"),
             [&](const QStringList &rest) { return revoke(session, rest); },
             tr("Revokes a token by name or id.")},
    };
    return runSubcommand(session, m_console, QStringLiteral("token"), summary(), subcommands,
                         arguments);
}

int TokenCommands::create(Session &session, const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("token create"), QStringLiteral("--name <name> --role <role> [options]"),
            tr("Makes a token of the HTTP API and prints it. Only its hash is stored: keep the\n"
               "token now, it cannot be shown again.\n\n"
               "Roles: viewer (reads), operator (also changes nodes, publishes events, runs\n"
               "pipelines, commands devices), admin (also manages tokens).\n"
               "With --priority or --queue-size the token is a task-pipeline client's: the runs\n"
               "it starts carry its name as their client, with that priority and queue size."));
    const QCommandLineOption name(QStringLiteral("name"), tr("A unique name: the client's id."),
                                  tr("name"));
    const QCommandLineOption role(QStringLiteral("role"), tr("viewer, operator or admin."),
                                  tr("role"));
    const QCommandLineOption priority(QStringLiteral("priority"),
                                      tr("The client's priority, smaller first (10 by default)."),
                                      tr("n"));
    const QCommandLineOption queueSize(
            QStringLiteral("queue-size"),
            tr("How many unfinished jobs the client may queue; 0, the default, for no limit."),
            tr("n"));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   tr("Prints only the token, for scripts."));
    for (const auto &option : {name, role, priority, queueSize, quiet})
        parser.addOption(option);
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 0, 0, QString()))
        return *stop;

    // Everything is checked before the database is opened.
    for (const auto &required : {name, role}) {
        if (parser.value(required).isEmpty())
            return m_console.fail(
                    Error::invalid(u"--" + required.names().constFirst(), tr("is required")));
    }
    if (!ApiToken::isValidName(parser.value(name)))
        return m_console.fail(Error::invalid(
                QStringLiteral("--name"),
                tr("1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")));
    const auto roleValue = ApiToken::roleFromName(parser.value(role));
    if (!roleValue)
        return m_console.fail(Error::invalid(
                QStringLiteral("--role"),
                tr("expected viewer, operator or admin, got '%1'").arg(parser.value(role))));
    std::optional<int> priorityValue;
    std::optional<qint64> queueSizeValue;
    if (parser.isSet(priority)) {
        const auto value = OptionValue::number(QStringLiteral("--priority"), parser.value(priority),
                                               std::numeric_limits<int>::min(),
                                               std::numeric_limits<int>::max());
        if (!value)
            return m_console.fail(value.error());
        priorityValue = int(*value);
    }
    if (parser.isSet(queueSize)) {
        const auto value = OptionValue::number(QStringLiteral("--queue-size"),
                                               parser.value(queueSize), 0);
        if (!value)
            return m_console.fail(value.error());
        queueSizeValue = *value;
    }

    if (const auto stop = session.openBackend())
        return *stop;
    const auto issued = session.backend().createToken(parser.value(name), *roleValue, priorityValue,
                                                      queueSizeValue);
    if (!issued)
        return m_console.fail(issued.error());
    if (parser.isSet(quiet))
        m_console.out() << issued->secret << u'\n';
    else
        printToken(issued->token, issued->secret);
    return ExitOk;
}

int TokenCommands::list(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("token list"), QStringLiteral("[options]"),
                         tr("Lists the tokens of the HTTP API, oldest first. Secrets are never "
                            "stored, so none is shown."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 0, 0, QString()))
        return *stop;
    if (const auto stop = session.openBackend())
        return *stop;
    const auto all = session.backend().tokens();
    if (!all)
        return m_console.fail(all.error());
    if (m_console.json()) {
        QJsonArray array;
        for (const ApiToken &token : *all)
            array.append(token.toJson());
        m_console.printJson(QJsonDocument(array));
        return ExitOk;
    }
    if (all->isEmpty()) {
        m_console.out() << tr("No tokens.") << u'\n';
        return ExitOk;
    }
    TextTable table;
    table.setHeader({tr("ID"), tr("NAME"), tr("ROLE"), tr("CLIENT"), tr("CREATED"), tr("LAST USED"),
                     tr("REVOKED")});
    for (const ApiToken &token : *all)
        table.addRow({token.id, token.name, ApiToken::roleName(token.role), clientText(token),
                      timeText(token.created), timeText(token.lastUsed), timeText(token.revoked)});
    table.print(m_console.out());
    return ExitOk;
}

int TokenCommands::revoke(Session &session, const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("token revoke"), QStringLiteral("[options] <name|id>"),
                         tr("Revokes a token: the API refuses it from now on. A name means the "
                            "valid token of that name."));
    parser.addArgument(QStringLiteral("name|id"), tr("The token's name or id."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;
    if (const auto stop = session.expectArguments(parser, 1, 1, tr("a token name or id")))
        return *stop;
    if (const auto stop = session.openBackend())
        return *stop;
    const auto revoked = session.backend().revokeToken(parser.arguments().constFirst());
    if (!revoked)
        return m_console.fail(revoked.error());
    if (m_console.json())
        m_console.printJson(QJsonDocument(revoked->toJson()));
    else
        m_console.out() << tr("Revoked token %1 (%2).").arg(revoked->name, revoked->id) << u'\n';
    return ExitOk;
}

void TokenCommands::printToken(const ApiToken &token, const QString &secret)
{
    if (m_console.json()) {
        QJsonObject json = token.toJson();
        json.insert(QStringLiteral("token"), secret);
        m_console.printJson(QJsonDocument(json));
        return;
    }
    m_console.printFields({{tr("token"), secret},
                           {tr("name"), token.name},
                           {tr("role"), ApiToken::roleName(token.role)},
                           {tr("client"), clientText(token)},
                           {tr("id"), token.id},
                           {tr("created"), timeText(token.created)}},
                          9);
    m_console.out() << u'\n'
                    << tr("Keep the token now: only its hash is stored, it cannot be shown "
                          "again.")
                    << u'\n';
}

} // namespace CairnCtl
