// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "workload.h"

#include <QString>

namespace CairnBench {

/*
 * The write measurements, each on a database file of its own, Cairn's and the raw
 * reference's side by side. Each gives the nanoseconds spent writing: for Cairn inside the
 * NodeStore calls (building the Node values is the caller's work), for the reference from
 * BEGIN to COMMIT including making the row texts (which is the store's work).
 */
Cairn::Result<qint64> cairnBatchIngest(const QString &file, const Workload &workload,
                                       int batchSize);
Cairn::Result<qint64> rawBatchIngest(const QString &file, const Workload &workload, int batchSize);

// count creates of one node each, the workload's nodes first to first + count - 1, into a
// database that already holds the first nodes of the workload.
Cairn::Result<qint64> cairnSingleCreates(const QString &file, const Workload &workload,
                                         qint64 first, int count);
Cairn::Result<qint64> rawSingleCreates(const QString &file, const Workload &workload, qint64 first,
                                       int count);

// Whether both databases hold the same rows but for ids and times, said in one sentence.
QString compareRows(const QString &cairnFile, const QString &rawFile);

inline double perSecond(qint64 count, qint64 nanoseconds)
{
    return nanoseconds > 0 ? double(count) * 1e9 / double(nanoseconds) : 0;
}

} // namespace CairnBench
