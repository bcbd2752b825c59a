// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "latency.h"

#include <algorithm>
#include <cmath>

namespace CairnBench {

Latency Latency::fromSamples(QList<qint64> samples)
{
    Latency latency;
    if (samples.isEmpty())
        return latency;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&samples](double percent) {
        const auto index = qsizetype(std::ceil(percent / 100.0 * double(samples.size()))) - 1;
        return samples.at(std::clamp<qsizetype>(index, 0, samples.size() - 1));
    };
    latency.runs = samples.size();
    latency.p50 = rank(50);
    latency.p90 = rank(90);
    latency.p99 = rank(99);
    latency.max = samples.constLast();
    qint64 sum = 0;
    for (qint64 sample : std::as_const(samples))
        sum += sample;
    latency.mean = sum / samples.size();
    return latency;
}

} // namespace CairnBench
