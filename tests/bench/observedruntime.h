// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <runtime.h>

#include <QHash>

namespace CairnBench {

/*
 * Passes every call on to another runtime and keeps count of what it was asked to do, so
 * that a benchmark can check that each job ran exactly once, and know the moment an
 * attempt really started (a process spawned, not merely asked for).
 */
class ObservedRuntime : public Cairn::Runtime
{
    Q_OBJECT
public:
    // inner is not owned and must outlive this.
    explicit ObservedRuntime(Cairn::Runtime &inner, QObject *parent = nullptr);

    QString name() const override { return m_inner.name(); }
    QList<Cairn::JobKind> kinds() const override { return m_inner.kinds(); }
    int capacity() const override { return m_inner.capacity(); }
    Cairn::Result<Cairn::RuntimeJob *> start(const Cairn::JobSpec &spec, QObject *parent) override;

    // Attempts asked of the inner runtime, of one job or in all.
    int startsOf(const QString &jobId) const { return m_starts.value(jobId); }
    qint64 startCount() const { return m_startCount; }
    // Attempts that reported started(), and how many were running at most at once.
    qint64 startedCount() const { return m_startedCount; }
    int peakRunning() const { return m_peak; }

Q_SIGNALS:
    // An attempt reported started(); emitted from that signal, so a slot connected directly
    // sees the moment it happened.
    void jobRunning(const Cairn::JobSpec &spec);

private:
    Cairn::Runtime &m_inner;
    QHash<QString, int> m_starts;
    qint64 m_startCount = 0;
    qint64 m_startedCount = 0;
    int m_running = 0;
    int m_peak = 0;
};

} // namespace CairnBench
