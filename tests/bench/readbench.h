// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "report.h"
#include "workload.h"

class QTextStream;

namespace Cairn {
class Database;
}

namespace CairnBench {

struct ReadOptions
{
    int runs = 2000;
    int warmup = 200;
    quint32 seed = 42; // the same targets on every run, so runs compare
};

// Fills an empty database with the workload through NodeStore::createBatch and reports
// progress as it goes; gives the seconds it took.
Cairn::Result<double> buildDatabase(Cairn::Database &db, const Workload &workload, int batchSize,
                                    QTextStream &progress);

// The latency of the reads a dashboard and the scheduler make most, on a built database.
Cairn::Result<QList<Report::Read>> measureReads(Cairn::Database &db, const Workload &workload,
                                                const ReadOptions &options);

// The same reads with the sqlite3 C API on the same file: the same SQL, statements prepared
// once, every column of every row fetched as text but not turned into a Node. What SQLite
// itself needs, so the gap to measureReads() is the store's and Qt SQL's share.
Cairn::Result<QList<Report::Read>> measureRawReads(const QString &file, const Workload &workload,
                                                   const ReadOptions &options);

} // namespace CairnBench
