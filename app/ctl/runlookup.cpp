// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runlookup.h"

#include "nodestore.h"

using Cairn::Error;
using Cairn::Node;
using Cairn::Result;

namespace CairnCtl {

Result<Node> RunLookup::run(Cairn::NodeStore &store, const QString &id)
{
    return ofKind(store, id, QStringLiteral("run"));
}

Result<Node> RunLookup::job(Cairn::NodeStore &store, const QString &id)
{
    return ofKind(store, id, QStringLiteral("job"));
}

Result<Node> RunLookup::ofKind(Cairn::NodeStore &store, const QString &id, const QString &kind)
{
    Result<Node> node = store.get(id);
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
