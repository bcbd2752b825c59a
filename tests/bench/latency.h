// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QtGlobal>

namespace CairnBench {

// The distribution of one call's latency, in nanoseconds.
struct Latency
{
    qsizetype runs = 0;
    qint64 p50 = 0;
    qint64 p90 = 0;
    qint64 p99 = 0;
    qint64 max = 0;
    qint64 mean = 0;

    // Nearest-rank percentiles, so every figure is a latency that was really measured.
    static Latency fromSamples(QList<qint64> samples);
};

} // namespace CairnBench
