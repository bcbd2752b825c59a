// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodeevent.h"

namespace Cairn::NodeEvent {

Change change(const CloudEvent &event)
{
    if (event.type == QLatin1String("cairn.node.created"))
        return Change::Created;
    if (event.type == QLatin1String("cairn.node.updated"))
        return Change::Updated;
    if (event.type == QLatin1String("cairn.node.deleted"))
        return Change::Deleted;
    return Change::Other;
}

std::optional<Node> node(const CloudEvent &event)
{
    QJsonObject data = event.data.toObject();
    // An update tells the state and result the node had before; the node is the rest.
    data.remove(QStringLiteral("previous"));
    Result<Node> node = Node::fromJson(data);
    if (!node || node->id.isEmpty())
        return std::nullopt;
    return *node;
}

} // namespace Cairn::NodeEvent
