// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "latency.h"
#include "machinefacts.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

class QTextStream;

namespace CairnBench {

/*
 * The figures of one run: printed as an aligned table for people and as one JSON object
 * for scripts that track them over time.
 */
class Report
{
public:
    // A write rate of Cairn next to the raw-SQLite reference of the same rows.
    struct Rate
    {
        QString key; // the JSON name
        QString label;
        qint64 nodes = 0;
        double cairnPerSecond = 0;
        double rawPerSecond = 0;
        double targetRatio = 0; // 0: no target
        double ratio() const { return rawPerSecond > 0 ? cairnPerSecond / rawPerSecond : 0; }
        bool met() const { return targetRatio <= 0 || ratio() >= targetRatio; }
    };
    // A read latency distribution.
    struct Read
    {
        QString key;
        QString label;
        QString note; // what one call returned, e.g. "100 nodes"
        Latency latency;
        qint64 targetP99 = 0; // nanoseconds; 0: no target
        bool met() const { return targetP99 <= 0 || latency.p99 <= targetP99; }
    };

    MachineFacts &machine() { return m_machine; }
    void addRate(const Rate &rate) { m_rates.append(rate); }
    void addRead(const Read &read) { m_reads.append(read); }
    void setBigNodes(qint64 nodes, double buildSeconds);
    void addNote(const QString &note) { m_notes.append(note); }

    void print(QTextStream &out) const;
    QJsonObject toJson() const;

private:
    MachineFacts m_machine;
    QList<Rate> m_rates;
    QList<Read> m_reads;
    QStringList m_notes;
    qint64 m_bigNodes = 0;
    double m_bigBuildSeconds = 0;
};

} // namespace CairnBench
