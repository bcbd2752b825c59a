// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// The logging category of the process runtime; the README lists every category of Cairn.
Q_DECLARE_LOGGING_CATEGORY(lcProcessRuntime) // cairn.runtime.process: start, signals, exit
