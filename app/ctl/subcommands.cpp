// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "subcommands.h"

#include "commandparser.h"
#include "console.h"
#include "session.h"

#include <QCoreApplication>

namespace CairnCtl {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("CairnCtl::Subcommands", text);
}
} // namespace

int runSubcommand(Session &session, Console &console, const QString &group, const QString &summary,
                  const QList<Subcommand> &subcommands, const QStringList &arguments)
{
    qsizetype width = 0;
    for (const Subcommand &subcommand : subcommands)
        width = std::max(width, subcommand.name.size());
    QString list;
    for (const Subcommand &subcommand : subcommands)
        list += QStringLiteral("\n  ") + subcommand.name.leftJustified(width + 2)
                + subcommand.summary;
    CommandParser parser(group, QStringLiteral("[options] <subcommand> [<args>...]"),
                         summary + u'\n' + tr("\nSubcommands:") + list);
    // The subcommand's options are its own.
    parser.stopAtFirstArgument();
    parser.addArgument(QStringLiteral("subcommand"), tr("One of the subcommands above."));
    if (const auto stop = session.parse(parser, arguments))
        return *stop;

    const QStringList rest = parser.arguments();
    if (rest.isEmpty())
        return console.usageError(tr("a subcommand is needed"), parser.command());
    for (const Subcommand &subcommand : subcommands) {
        if (subcommand.name == rest.constFirst())
            return subcommand.handler(rest.mid(1));
    }
    return console.usageError(tr("unknown subcommand '%1'").arg(rest.constFirst()),
                              parser.command());
}

} // namespace CairnCtl
