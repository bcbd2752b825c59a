// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// The logging categories of devices/; the README lists every category of Cairn.
Q_DECLARE_LOGGING_CATEGORY(lcMqtt) // cairn.mqtt: the broker link, subscriptions, publishing
Q_DECLARE_LOGGING_CATEGORY(lcDevices) // cairn.devices: device mapping, discovery, bad payloads
Q_DECLARE_LOGGING_CATEGORY(lcHooks) // cairn.hooks: webhooks received and refused
Q_DECLARE_LOGGING_CATEGORY(lcPoll) // cairn.poll: polled remote APIs
