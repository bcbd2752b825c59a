// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <chrono>
#include <limits>

namespace CairnCtl {

/*
 * Reads the values of command options. Every error names the option, so that the message
 * says which part of the command line to fix.
 */
class OptionValue
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::OptionValue)
public:
    // A whole number from min to max.
    static Cairn::Result<qint64> number(const QString &option, const QString &text, qint64 min,
                                        qint64 max = std::numeric_limits<qint64>::max());
    // A positive duration: 500ms, 30s, 1.5m, 2h; a bare number is seconds.
    static Cairn::Result<std::chrono::milliseconds> duration(const QString &option,
                                                             const QString &text);
    // Any JSON value, scalars too: 12, "text", true, null, {...}, [...].
    static Cairn::Result<QJsonValue> json(const QString &option, const QString &text);
};

} // namespace CairnCtl
