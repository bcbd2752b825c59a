// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "schedulerreport.h"

#include <QJsonArray>
#include <QLocale>
#include <QTextStream>

#include <algorithm>

namespace CairnBench {

namespace {

// Statements shown per profiled case; the rest are summed up in one line.
constexpr qsizetype ShownStatements = 14;
constexpr qsizetype StatementWidth = 96;

QString count(double value)
{
    return QLocale(QLocale::English).toString(qint64(value + 0.5));
}

QString millis(qint64 nanoseconds)
{
    return QString::number(double(nanoseconds) / 1e6, 'f', 2);
}

QString verdict(bool met)
{
    return met ? QStringLiteral("ok") : QStringLiteral("MISSED");
}

QString shortened(const QString &sql)
{
    return sql.size() <= StatementWidth ? sql
                                        : sql.left(StatementWidth - 3) + QStringLiteral("...");
}

} // namespace

void SchedulerReport::setTrigger(const TriggerResult &trigger, qint64 targetP50, qint64 targetP99)
{
    m_trigger = trigger;
    m_targetP50 = targetP50;
    m_targetP99 = targetP99;
}

bool SchedulerReport::verified() const
{
    for (const Throughput &t : m_throughputs) {
        if (!t.result.problems.isEmpty())
            return false;
    }
    return !m_trigger || m_trigger->problems.isEmpty();
}

void SchedulerReport::print(QTextStream &out) const
{
    out << QStringLiteral("Cairn scheduler benchmark\n\n");
    m_machine.print(out);

    qsizetype width = 0;
    for (const Throughput &t : m_throughputs)
        width = std::max({width, t.section.size() - 2, t.setup.label.size()});
    QString section;
    for (const Throughput &t : m_throughputs) {
        if (t.section != section) {
            section = t.section;
            out << '\n'
                << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7  %8")
                            .arg(section.leftJustified(width + 2),
                                 QStringLiteral("jobs").rightJustified(7),
                                 QStringLiteral("runs").rightJustified(6),
                                 QStringLiteral("cap").rightJustified(4),
                                 QStringLiteral("seconds").rightJustified(8),
                                 QStringLiteral("jobs/s").rightJustified(8),
                                 QStringLiteral("tx/job").rightJustified(7),
                                 QStringLiteral("target"))
                << '\n';
        }
        const ThroughputResult &r = t.result;
        const QString target = t.target > 0
                ? QStringLiteral(">= %1/s  %2x %3")
                          .arg(count(t.target),
                               QString::number(r.jobsPerSecond() / t.target, 'f', 2),
                               verdict(t.met()))
                : QStringLiteral("-");
        out << QStringLiteral("    %1 %2 %3 %4 %5 %6 %7  %8")
                        .arg(t.setup.label.leftJustified(width),
                             count(double(r.jobs)).rightJustified(7),
                             QString::number(t.setup.runs).rightJustified(6),
                             QString::number(t.setup.capacity).rightJustified(4),
                             QString::number(r.seconds, 'f', 2).rightJustified(8),
                             count(r.jobsPerSecond()).rightJustified(8),
                             QString::number(r.transactionsPerJob(), 'f', 2).rightJustified(7),
                             target)
            << '\n';
    }

    if (m_trigger) {
        const TriggerResult &trigger = *m_trigger;
        const Latency total = trigger.total();
        qsizetype legWidth = 0;
        for (const TriggerResult::Leg &leg : trigger.legs)
            legWidth = std::max(legWidth, leg.label.size());
        out << '\n'
            << QStringLiteral("  MQTT publish to the job's process, %1 readings one at a time (%2)")
                        .arg(count(double(total.runs)), trigger.broker)
            << '\n'
            << QStringLiteral("    %1 %2 %3 %4 %5 %6")
                        .arg(QStringLiteral("from just before publish() to")
                                     .leftJustified(legWidth),
                             QStringLiteral("p50 ms").rightJustified(8),
                             QStringLiteral("p90 ms").rightJustified(8),
                             QStringLiteral("p99 ms").rightJustified(8),
                             QStringLiteral("max ms").rightJustified(8),
                             QStringLiteral("mean ms").rightJustified(8))
            << '\n';
        for (const TriggerResult::Leg &leg : trigger.legs) {
            const Latency &l = leg.latency;
            out << QStringLiteral("    %1 %2 %3 %4 %5 %6")
                            .arg(leg.label.leftJustified(legWidth), millis(l.p50).rightJustified(8),
                                 millis(l.p90).rightJustified(8), millis(l.p99).rightJustified(8),
                                 millis(l.max).rightJustified(8), millis(l.mean).rightJustified(8))
                << '\n';
        }
        out << QStringLiteral("    target: p50 <= %1 ms %2, p99 <= %3 ms %4")
                        .arg(millis(m_targetP50), verdict(total.p50 <= m_targetP50),
                             millis(m_targetP99), verdict(total.p99 <= m_targetP99))
            << '\n';
    }

    for (const Throughput &t : m_throughputs)
        printStatements(out, t);

    out << QStringLiteral("\n  Checks (every run DONE and passed, every job DONE, passed, in "
                          "attempt 1, started once)\n");
    for (const Throughput &t : m_throughputs) {
        const QString what = t.section.section(QLatin1Char(','), 0, 0) + QStringLiteral(", ")
                + t.setup.label;
        if (t.result.problems.isEmpty()) {
            out << QStringLiteral("    ok      %1: %2 jobs\n")
                            .arg(what, count(double(t.result.jobs)));
            continue;
        }
        out << QStringLiteral("    FAILED  %1\n").arg(what);
        for (const QString &problem : t.result.problems)
            out << QStringLiteral("              ") << problem << '\n';
    }
    if (m_trigger) {
        if (m_trigger->problems.isEmpty()) {
            out << QStringLiteral("    ok      MQTT: one event, one run and one job per reading\n");
        } else {
            out << QStringLiteral("    FAILED  MQTT\n");
            for (const QString &problem : m_trigger->problems)
                out << QStringLiteral("              ") << problem << '\n';
        }
    }

    if (!m_notes.isEmpty()) {
        out << '\n';
        for (const QString &note : m_notes)
            out << QStringLiteral("  ") << note << '\n';
    }
    out.flush();
}

void SchedulerReport::printStatements(QTextStream &out, const Throughput &t) const
{
    const ThroughputResult &r = t.result;
    if (!t.setup.profileStatements)
        return;
    out << '\n'
        << QStringLiteral("  SQL statements of %1, %2 (per job; time from first step to reset)")
                    .arg(t.section.section(QLatin1Char(','), 0, 0), t.setup.label)
        << '\n';
    if (!r.profileError.isEmpty()) {
        out << QStringLiteral("    not profiled: ") << r.profileError << '\n';
        return;
    }
    const double jobs = std::max<double>(1, double(r.jobs));
    qint64 allCount = 0;
    qint64 allNs = 0;
    for (const StatementProfile::Entry &e : r.statements) {
        allCount += e.count;
        allNs += e.nanoseconds;
    }
    out << QStringLiteral("    %1 %2  %3\n")
                    .arg(QStringLiteral("count").rightJustified(7),
                         QStringLiteral("us").rightJustified(7), QStringLiteral("statement"));
    for (qsizetype i = 0; i < r.statements.size() && i < ShownStatements; ++i) {
        const StatementProfile::Entry &e = r.statements.at(i);
        out << QStringLiteral("    %1 %2  %3\n")
                        .arg(QString::number(double(e.count) / jobs, 'f', 2).rightJustified(7),
                             QString::number(double(e.nanoseconds) / 1e3 / jobs, 'f', 1)
                                     .rightJustified(7),
                             shortened(e.sql));
    }
    if (r.statements.size() > ShownStatements) {
        qint64 restCount = 0;
        qint64 restNs = 0;
        for (qsizetype i = ShownStatements; i < r.statements.size(); ++i) {
            restCount += r.statements.at(i).count;
            restNs += r.statements.at(i).nanoseconds;
        }
        out << QStringLiteral("    %1 %2  (%3 other statements)\n")
                        .arg(QString::number(double(restCount) / jobs, 'f', 2).rightJustified(7),
                             QString::number(double(restNs) / 1e3 / jobs, 'f', 1).rightJustified(7))
                        .arg(r.statements.size() - ShownStatements);
    }
    const double wallUs = r.seconds * 1e6 / jobs;
    out << QStringLiteral("    %1 %2  all statements, of %3 us per job in all\n")
                    .arg(QString::number(double(allCount) / jobs, 'f', 2).rightJustified(7),
                         QString::number(double(allNs) / 1e3 / jobs, 'f', 1).rightJustified(7),
                         QString::number(wallUs, 'f', 1));
}

QJsonObject SchedulerReport::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("machine"), m_machine.toJson());

    QJsonObject throughput;
    for (const Throughput &t : m_throughputs) {
        const ThroughputResult &r = t.result;
        throughput.insert(t.setup.key,
                          QJsonObject{
                                  {QStringLiteral("jobs"), r.jobs},
                                  {QStringLiteral("runs"), t.setup.runs},
                                  {QStringLiteral("stages"), t.setup.stages},
                                  {QStringLiteral("capacity"), t.setup.capacity},
                                  {QStringLiteral("seconds"), qRound(r.seconds * 1000) / 1000.0},
                                  {QStringLiteral("enqueueSeconds"),
                                   qRound(r.enqueueSeconds * 1000) / 1000.0},
                                  {QStringLiteral("peakRunning"), r.peakRunning},
                                  {QStringLiteral("jobsPerSecond"), qRound64(r.jobsPerSecond())},
                                  {QStringLiteral("transactionsPerJob"),
                                   qRound(r.transactionsPerJob() * 100) / 100.0},
                                  {QStringLiteral("target"), t.target},
                                  {QStringLiteral("met"), t.met()},
                                  {QStringLiteral("verified"), r.problems.isEmpty()},
                          });
    }
    json.insert(QStringLiteral("throughput"), throughput);

    if (m_trigger) {
        QJsonArray legs;
        for (const TriggerResult::Leg &leg : m_trigger->legs) {
            const Latency &l = leg.latency;
            legs.append(QJsonObject{
                    {QStringLiteral("to"), leg.label},
                    {QStringLiteral("samples"), l.runs},
                    {QStringLiteral("p50us"), l.p50 / 1000.0},
                    {QStringLiteral("p90us"), l.p90 / 1000.0},
                    {QStringLiteral("p99us"), l.p99 / 1000.0},
                    {QStringLiteral("maxUs"), l.max / 1000.0},
                    {QStringLiteral("meanUs"), l.mean / 1000.0},
            });
        }
        const Latency total = m_trigger->total();
        json.insert(QStringLiteral("mqttToProcess"),
                    QJsonObject{
                            {QStringLiteral("legs"), legs},
                            {QStringLiteral("targetP50us"), m_targetP50 / 1000.0},
                            {QStringLiteral("targetP99us"), m_targetP99 / 1000.0},
                            {QStringLiteral("met"),
                             total.p50 <= m_targetP50 && total.p99 <= m_targetP99},
                            {QStringLiteral("verified"), m_trigger->problems.isEmpty()},
                    });
    }
    json.insert(QStringLiteral("verified"), verified());
    json.insert(QStringLiteral("notes"), QJsonArray::fromStringList(m_notes));
    return json;
}

} // namespace CairnBench
