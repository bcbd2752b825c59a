// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// The logging category of the builtin runtime; the README lists every category of Cairn.
Q_DECLARE_LOGGING_CATEGORY(lcBuiltinRuntime) // cairn.runtime.builtin: jobs and their outcomes
