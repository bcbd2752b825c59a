// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "processlogging.h"

Q_LOGGING_CATEGORY(lcProcessRuntime, "cairn.runtime.process", QtInfoMsg)
