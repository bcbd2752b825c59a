// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// The logging categories of the core; the README lists every category of Cairn.
Q_DECLARE_LOGGING_CATEGORY(lcStore) // cairn.store: database, migrations, node writes
Q_DECLARE_LOGGING_CATEGORY(lcBus) // cairn.bus: publishing, delivery, subscriptions, retention
Q_DECLARE_LOGGING_CATEGORY(lcSched) // cairn.sched: job queue, scheduler, supervisor
