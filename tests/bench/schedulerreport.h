// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "throughputbench.h"
#include "triggerbench.h"

#include "machinefacts.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class QTextStream;

namespace CairnBench {

/*
 * The figures of bench_scheduler: an aligned table for people, one JSON object for
 * scripts, each figure next to its target.
 */
class SchedulerReport
{
public:
    struct Throughput
    {
        QString section; // the table it goes in
        ThroughputCase setup;
        ThroughputResult result;
        double target = 0; // jobs/s; 0: none
        bool met() const { return target <= 0 || result.jobsPerSecond() >= target; }
    };

    MachineFacts &machine() { return m_machine; }
    void addThroughput(const Throughput &throughput) { m_throughputs.append(throughput); }
    void setTrigger(const TriggerResult &trigger, qint64 targetP50, qint64 targetP99);
    void addNote(const QString &note) { m_notes.append(note); }

    // Whether every measurement checked out: each job ran once and passed.
    bool verified() const;
    void print(QTextStream &out) const;
    QJsonObject toJson() const;

private:
    void printStatements(QTextStream &out, const Throughput &throughput) const;

    MachineFacts m_machine;
    QList<Throughput> m_throughputs;
    std::optional<TriggerResult> m_trigger;
    qint64 m_targetP50 = 0;
    qint64 m_targetP99 = 0;
    QStringList m_notes;
};

} // namespace CairnBench
