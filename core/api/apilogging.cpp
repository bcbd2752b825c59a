// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apilogging.h"

Q_LOGGING_CATEGORY(lcApi, "cairn.api", QtInfoMsg)
