// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QString>

namespace Cairn {

/*
 * When a timer rule fires, as a five-field cron expression (`every: "0 8 * * MON-FRI"`):
 *
 *   minute (0-59)  hour (0-23)  day of month (1-31)  month (1-12, JAN-DEC)
 *   day of week (0-7, SUN-SAT; 0 and 7 are Sunday)
 *
 * or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.
 * The semantics are Vixie cron's, including the day rule: when neither day field starts
 * with '*', a day matches if either of them does. Times are wall-clock times in the zone of
 * the QDateTime given.
 */
class CronSchedule
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::CronSchedule)
public:
    // A schedule that never fires; parse() makes useful ones.
    CronSchedule() = default;

    static Result<CronSchedule> parse(const QString &expression);

    QDateTime next(const QDateTime &after) const;
    bool matches(const QDateTime &time) const;

    // The expression it was parsed from, whitespace collapsed, to store it and show it.
    QString expression() const { return m_expression; }

private:
    bool matchesDay(QDate date) const;
    bool advanceToMatch(QDate &date, int &hour, int &minute, QDate limit) const;

    QString m_expression;
    // Bit n set: value n matches.
    quint64 m_minutes = 0;
    quint64 m_hours = 0;
    quint64 m_days = 0; // bits 1-31
    quint64 m_months = 0; // bits 1-12
    quint64 m_weekdays = 0; // bits 0-6, 0 = Sunday
    // The day field started with '*', so the day rule ANDs instead of ORs (Vixie's DOM_STAR).
    bool m_anyDay = false;
    bool m_anyWeekday = false;
};

} // namespace Cairn
