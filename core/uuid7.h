// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace Cairn {

// A new UUIDv7 (RFC 9562) in its text form. Strictly increasing within this process, so
// that ids sort in creation order.
QString createUuid7();

} // namespace Cairn
