// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "builtinlogging.h"

Q_LOGGING_CATEGORY(lcBuiltinRuntime, "cairn.runtime.builtin", QtInfoMsg)
