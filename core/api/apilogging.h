// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// cairn.api: one line per request (method, path without its query, status, duration), token
// changes and refused WebSocket streams. Never a token, never a query string.
Q_DECLARE_LOGGING_CATEGORY(lcApi)
