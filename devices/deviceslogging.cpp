// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deviceslogging.h"

Q_LOGGING_CATEGORY(lcMqtt, "cairn.mqtt", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDevices, "cairn.devices", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHooks, "cairn.hooks", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPoll, "cairn.poll", QtInfoMsg)
