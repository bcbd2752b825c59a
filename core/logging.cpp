// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "logging.h"

Q_LOGGING_CATEGORY(lcStore, "cairn.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBus, "cairn.bus", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSched, "cairn.sched", QtInfoMsg)
