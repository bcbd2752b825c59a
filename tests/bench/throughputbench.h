// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "statementprofile.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace CairnBench {

// One throughput measurement: runs of one pipeline queued at once, drained by a scheduler.
struct ThroughputCase
{
    enum class Work {
        Noop, // jobs that finish on the next turn of the event loop
        Process, // /bin/true through the process runtime
    };

    QString key; // the JSON name
    QString label;
    Work work = Work::Noop;
    int capacity = 64;
    int runs = 10;
    int stages = 1; // each with jobsPerStage jobs; a stage opens when the one before is done
    int jobsPerStage = 500;
    // An event bus with a rule engine listening, as in the daemon: every commit then wakes
    // the bus, which reads the new events and hands each to the rule engine.
    bool withRules = false;
    QString databaseFile; // a new SQLite file (WAL), removed first if it exists
    QString dataDir; // the scheduler's attempt folders
    bool profileStatements = false;

    qint64 jobs() const { return qint64(runs) * stages * jobsPerStage; }
};

struct ThroughputResult
{
    qint64 jobs = 0; // that reached DONE and passed
    double seconds = 0; // from the first startRun to the last run DONE
    double enqueueSeconds = 0; // of that, in the startRun calls
    qint64 transactions = 0; // write transactions committed, enqueue included
    int peakRunning = 0;
    QList<StatementProfile::Entry> statements; // when profiled
    QString profileError; // why statements could not be profiled
    // What did not happen as it should; empty when every job ran once and passed.
    QStringList problems;

    double jobsPerSecond() const { return seconds > 0 ? double(jobs) / seconds : 0; }
    double transactionsPerJob() const { return jobs > 0 ? double(transactions) / double(jobs) : 0; }
};

ThroughputResult measureThroughput(const ThroughputCase &setup);

} // namespace CairnBench
