// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "report.h"

#include <QJsonArray>
#include <QLocale>
#include <QTextStream>

#include <algorithm>

namespace CairnBench {

namespace {

// Thousands separators make six- and seven-digit rates readable at a glance.
QString count(double value)
{
    return QLocale(QLocale::English).toString(qint64(value + 0.5));
}

QString millis(qint64 nanoseconds)
{
    return QString::number(double(nanoseconds) / 1e6, 'f', 3);
}

QString verdict(bool met)
{
    return met ? QStringLiteral("ok") : QStringLiteral("MISSED");
}

} // namespace

void Report::setBigNodes(qint64 nodes, double buildSeconds)
{
    m_bigNodes = nodes;
    m_bigBuildSeconds = buildSeconds;
}

void Report::print(QTextStream &out) const
{
    out << QStringLiteral("Cairn node store benchmark\n\n");
    m_machine.print(out);

    // One label column for both tables, as wide as the longest label.
    qsizetype width = 0;
    for (const Rate &rate : m_rates)
        width = std::max(width, rate.label.size());
    for (const Read &read : m_reads)
        width = std::max(width, read.label.size());

    if (!m_rates.isEmpty()) {
        out << '\n'
            << QStringLiteral("  %1 %2 %3 %4 %5  %6")
                        .arg(QStringLiteral("Writes").leftJustified(width + 12),
                             QStringLiteral("Cairn/s").rightJustified(10),
                             QStringLiteral("raw/s").rightJustified(10),
                             QStringLiteral("Cairn/raw").rightJustified(9),
                             QStringLiteral("nodes").rightJustified(10), QStringLiteral("target"))
            << '\n';
        for (const Rate &rate : m_rates) {
            const QString target = rate.targetRatio > 0
                    ? QStringLiteral(">= %1x  %2")
                              .arg(QString::number(rate.targetRatio, 'f', 1), verdict(rate.met()))
                    : QStringLiteral("-");
            const QString ratio = QString::number(rate.ratio(), 'f', 2) + QLatin1Char('x');
            out << QStringLiteral("  %1 %2 %3 %4 %5  %6")
                            .arg(rate.label.leftJustified(width + 12),
                                 count(rate.cairnPerSecond).rightJustified(10),
                                 count(rate.rawPerSecond).rightJustified(10),
                                 ratio.rightJustified(9), count(rate.nodes).rightJustified(10),
                                 target)
                << '\n';
        }
    }

    if (!m_reads.isEmpty()) {
        out << '\n'
            << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7  %8")
                        .arg(QStringLiteral("Reads on %1 nodes")
                                     .arg(count(double(m_bigNodes)))
                                     .leftJustified(width),
                             QStringLiteral("returns").rightJustified(11),
                             QStringLiteral("p50 ms").rightJustified(9),
                             QStringLiteral("p90 ms").rightJustified(9),
                             QStringLiteral("p99 ms").rightJustified(9),
                             QStringLiteral("max ms").rightJustified(9),
                             QStringLiteral("runs").rightJustified(10), QStringLiteral("target"))
            << '\n';
        for (const Read &read : m_reads) {
            const QString target = read.targetP99 > 0
                    ? QStringLiteral("p99 <= %1 ms  %2")
                              .arg(QString::number(double(read.targetP99) / 1e6, 'g', 3),
                                   verdict(read.met()))
                    : QStringLiteral("-");
            const Latency &l = read.latency;
            out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7  %8")
                            .arg(read.label.leftJustified(width), read.note.rightJustified(11),
                                 millis(l.p50).rightJustified(9), millis(l.p90).rightJustified(9),
                                 millis(l.p99).rightJustified(9), millis(l.max).rightJustified(9),
                                 count(double(l.runs)).rightJustified(10), target)
                << '\n';
        }
        out << QStringLiteral("  (the %1-node database took %2 s to build through createBatch)")
                        .arg(count(double(m_bigNodes)), QString::number(m_bigBuildSeconds, 'f', 1))
            << '\n';
    }

    if (!m_notes.isEmpty()) {
        out << '\n';
        for (const QString &note : m_notes)
            out << QStringLiteral("  ") << note << '\n';
    }
    out.flush();
}

QJsonObject Report::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("machine"), m_machine.toJson());

    QJsonObject writes;
    for (const Rate &rate : m_rates) {
        writes.insert(rate.key,
                      QJsonObject{
                              {QStringLiteral("nodes"), rate.nodes},
                              {QStringLiteral("cairnPerSecond"), qRound64(rate.cairnPerSecond)},
                              {QStringLiteral("rawPerSecond"), qRound64(rate.rawPerSecond)},
                              {QStringLiteral("ratio"), qRound(rate.ratio() * 1000) / 1000.0},
                              {QStringLiteral("targetRatio"), rate.targetRatio},
                              {QStringLiteral("met"), rate.met()},
                      });
    }
    json.insert(QStringLiteral("writes"), writes);

    QJsonObject reads;
    for (const Read &read : m_reads) {
        const Latency &l = read.latency;
        reads.insert(read.key,
                     QJsonObject{
                             {QStringLiteral("returns"), read.note},
                             {QStringLiteral("runs"), l.runs},
                             {QStringLiteral("p50us"), l.p50 / 1000.0},
                             {QStringLiteral("p90us"), l.p90 / 1000.0},
                             {QStringLiteral("p99us"), l.p99 / 1000.0},
                             {QStringLiteral("maxUs"), l.max / 1000.0},
                             {QStringLiteral("meanUs"), l.mean / 1000.0},
                             {QStringLiteral("targetP99us"), read.targetP99 / 1000.0},
                             {QStringLiteral("met"), read.met()},
                     });
    }
    if (m_bigNodes > 0) {
        json.insert(QStringLiteral("bigNodes"), m_bigNodes);
        json.insert(QStringLiteral("bigBuildSeconds"), qRound(m_bigBuildSeconds * 10) / 10.0);
    }
    json.insert(QStringLiteral("reads"), reads);
    json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(m_notes));
    return json;
}

} // namespace CairnBench
