// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QLoggingCategory>

// cairn.remote: the desktop app's mirror of a remote cairnd (connects, copies, the stream)
Q_DECLARE_LOGGING_CATEGORY(lcRemote)
