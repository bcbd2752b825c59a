// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <cloudevent.h>
#include <node.h>

#include <optional>

namespace Cairn::NodeEvent {

enum class Change { Created, Updated, Deleted, Other };

// Which node change event is, by its type.
Change change(const CloudEvent &event);
// The node a cairn.node.* event carries (an update's "previous" left out); none when the
// data is not a node.
std::optional<Node> node(const CloudEvent &event);

} // namespace Cairn::NodeEvent
