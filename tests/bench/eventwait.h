// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <chrono>
#include <functional>

namespace CairnBench {

// Runs an event loop until done() holds or timeout passes; false on timeout. done() is
// looked at every 2 ms, which only decides when the wait returns: the figures are taken
// in the slots that see things happen.
bool waitUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout);

// Runs an event loop for duration.
void pause(std::chrono::milliseconds duration);

} // namespace CairnBench
