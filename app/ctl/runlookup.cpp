// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runlookup.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "session.h"

using Cairn::Error;
using Cairn::Node;
using Cairn::Result;

namespace CairnCtl {

Result<Node> RunLookup::job(Backend &backend, const QString &id)
{
    return ofKind(backend, id, QStringLiteral("job"));
}

std::optional<int> RunLookup::readArgument(Session &session, CommandParser &parser,
                                           const QStringList &arguments, const QString &kind,
                                           Node *node)
{
    if (const auto stop = session.parse(parser, arguments))
        return stop;
    if (const auto stop = session.expectArguments(parser, 1, 1, tr("a %1 id").arg(kind)))
        return stop;
    if (const auto stop = session.openBackend())
        return stop;
    Result<Node> found = ofKind(session.backend(), parser.arguments().constFirst(), kind);
    if (!found)
        return session.console().fail(found.error());
    *node = *found;
    return std::nullopt;
}

Result<Node> RunLookup::ofKind(Backend &backend, const QString &id, const QString &kind)
{
    Result<Node> node = backend.node(id);
    if (!node) {
        if (node.error().code == Error::NotFound)
            return Error::notFound(tr("There is no %1 %2.").arg(kind, id));
        return node;
    }
    if (node->kind != kind)
        return Error::notFound(tr("Node %1 is a %2, not a %3.").arg(id, node->kind, kind));
    return node;
}

} // namespace CairnCtl
