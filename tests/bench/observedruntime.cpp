// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "observedruntime.h"

#include <algorithm>

using namespace Cairn;

namespace CairnBench {

ObservedRuntime::ObservedRuntime(Runtime &inner, QObject *parent) : Runtime(parent), m_inner(inner)
{ }

Result<RuntimeJob *> ObservedRuntime::start(const JobSpec &spec, QObject *parent)
{
    ++m_starts[spec.jobId];
    ++m_startCount;
    Result<RuntimeJob *> job = m_inner.start(spec, parent);
    if (!job)
        return job;
    m_peak = std::max(m_peak, ++m_running);
    // Connected before the scheduler's own connections, so these run first.
    connect(*job, &RuntimeJob::started, this, [this, spec] {
        ++m_startedCount;
        Q_EMIT jobRunning(spec);
    });
    connect(*job, &RuntimeJob::finished, this, [this] { --m_running; });
    return job;
}

} // namespace CairnBench
