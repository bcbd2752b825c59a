// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "../host/signalwatcher.h"

namespace CairnCtl {
using Cairn::SignalWatcher;
} // namespace CairnCtl
