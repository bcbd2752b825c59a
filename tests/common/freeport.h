// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QtGlobal>

namespace CairnTest {

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
quint16 freePort();

} // namespace CairnTest
