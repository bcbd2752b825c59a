// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "cronschedule.h"

#include <QStringList>

#include <array>
#include <bit>
#include <optional>

namespace Cairn {

namespace {

struct Field
{
    QLatin1String name; // what Error::field says
    int min;
    int max;
    const QLatin1String *names; // three-letter names of min, min + 1...; nullptr if none
    int nameCount;
};

const QLatin1String monthNames[] = {
        QLatin1String("JAN"), QLatin1String("FEB"), QLatin1String("MAR"), QLatin1String("APR"),
        QLatin1String("MAY"), QLatin1String("JUN"), QLatin1String("JUL"), QLatin1String("AUG"),
        QLatin1String("SEP"), QLatin1String("OCT"), QLatin1String("NOV"), QLatin1String("DEC"),
};
const QLatin1String weekdayNames[] = {
        QLatin1String("SUN"), QLatin1String("MON"), QLatin1String("TUE"), QLatin1String("WED"),
        QLatin1String("THU"), QLatin1String("FRI"), QLatin1String("SAT"),
};

enum FieldIndex { Minute, Hour, Day, Month, Weekday };

const std::array<Field, 5> fields = {{
        {QLatin1String("minute"), 0, 59, nullptr, 0},
        {QLatin1String("hour"), 0, 23, nullptr, 0},
        {QLatin1String("day of month"), 1, 31, nullptr, 0},
        {QLatin1String("month"), 1, 12, monthNames, 12},
        // 7 is accepted because both conventions for Sunday are in use; it is stored as 0.
        {QLatin1String("day of week"), 0, 7, weekdayNames, 7},
}};

struct Nickname
{
    QLatin1String name;
    QLatin1String fields;
};

const Nickname nicknames[] = {
        {QLatin1String("@yearly"), QLatin1String("0 0 1 1 *")},
        {QLatin1String("@annually"), QLatin1String("0 0 1 1 *")},
        {QLatin1String("@monthly"), QLatin1String("0 0 1 * *")},
        {QLatin1String("@weekly"), QLatin1String("0 0 * * 0")},
        {QLatin1String("@daily"), QLatin1String("0 0 * * *")},
        {QLatin1String("@midnight"), QLatin1String("0 0 * * *")},
        {QLatin1String("@hourly"), QLatin1String("0 * * * *")},
};

// The longest wait between two matches of a possible expression is the one between two
// 29ths of February across 2100, which is not a leap year: 2096 to 2104.
constexpr int horizonYears = 8;
constexpr qint64 unixEpochJulianDay = 2440588;
// Further than any UTC offset in use (-12:00 to +14:00).
constexpr qint64 offsetReach = 15 * 3600;

bool isDigits(QStringView text)
{
    for (QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !text.isEmpty();
}

Result<int> parseValue(QStringView text, QStringView item, const Field &field)
{
    if (text.isEmpty())
        return Error::invalid(field.name, CronSchedule::tr("%1 lacks a value").arg(item));
    if (isDigits(text)) {
        bool ok = false;
        const int value = text.toInt(&ok);
        if (!ok || value < field.min || value > field.max)
            return Error::invalid(
                    field.name,
                    CronSchedule::tr("%1 is out of range %2-%3")
                            .arg(text, QString::number(field.min), QString::number(field.max)));
        return value;
    }
    if (!field.names)
        return Error::invalid(field.name, CronSchedule::tr("%1 is not a number").arg(text));
    for (int i = 0; i < field.nameCount; ++i) {
        if (text.compare(field.names[i], Qt::CaseInsensitive) == 0)
            return field.min + i;
    }
    return Error::invalid(field.name, CronSchedule::tr("unknown name %1").arg(text));
}

// One item of a field's list: "*", "5", "1-5", each with an optional "/step".
Status addItem(QStringView item, const Field &field, quint64 &bits)
{
    if (item.isEmpty())
        return Error::invalid(field.name, CronSchedule::tr("the list has an empty item"));

    int step = 1;
    QStringView range = item;
    const qsizetype slash = item.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        range = item.left(slash);
        const QStringView stepText = item.mid(slash + 1);
        if (stepText.isEmpty())
            return Error::invalid(field.name, CronSchedule::tr("%1 lacks a step").arg(item));
        if (!isDigits(stepText))
            return Error::invalid(field.name,
                                  CronSchedule::tr("step %1 is not a number").arg(stepText));
        bool ok = false;
        step = stepText.toInt(&ok);
        if (!ok)
            return Error::invalid(field.name,
                                  CronSchedule::tr("step %1 is too large").arg(stepText));
        if (step == 0)
            return Error::invalid(field.name,
                                  CronSchedule::tr("step 0 would never advance; use 1 or more"));
    }

    int first = field.min;
    int last = field.max;
    if (range != QLatin1String("*")) {
        const qsizetype dash = range.indexOf(QLatin1Char('-'));
        const QStringView firstText = dash < 0 ? range : range.left(dash);
        const Result<int> from = parseValue(firstText, item, field);
        if (!from)
            return from.error();
        first = *from;
        // "5/10" runs from 5 to the end of the field, a lone "5" is just 5.
        last = slash >= 0 ? field.max : first;
        if (dash >= 0) {
            const QStringView lastText = range.mid(dash + 1);
            const Result<int> to = parseValue(lastText, item, field);
            if (!to)
                return to.error();
            last = *to;
            // "FRI-SUN" reads naturally; SUN is 0 by name, so let it close a range as 7.
            if (field.max == 7 && last == 0 && first > 0 && !isDigits(lastText))
                last = 7;
            if (last < first)
                return Error::invalid(field.name,
                                      CronSchedule::tr("range %1 runs backwards").arg(range));
        }
    }
    for (int value = first; value <= last; value += step)
        bits |= quint64(1) << (field.max == 7 ? value % 7 : value);
    return Done{};
}

Result<quint64> parseField(QStringView text, const Field &field)
{
    quint64 bits = 0;
    const QList<QStringView> items = text.split(QLatin1Char(','));
    for (QStringView item : items) {
        if (Status s = addItem(item, field, bits); !s)
            return s.error();
    }
    return bits;
}

// The lowest set bit of mask at or above from, or -1.
int nextBit(quint64 mask, int from)
{
    const quint64 rest = mask >> from;
    return rest ? from + std::countr_zero(rest) : -1;
}

bool hasBit(quint64 mask, int bit)
{
    return mask & (quint64(1) << bit);
}

/*
 * The instant at which the wall-clock time date hour:minute first happens in the zone of
 * zoned, or nothing if the clocks skip it. Asking QDateTime for the local time directly
 * would not do: Qt 6.4 moves times in a gap forward instead of rejecting them and does not
 * say which of two ambiguous instants it picks.
 */
std::optional<qint64> firstOccurrence(const QDateTime &zoned, QDate date, int hour, int minute)
{
    const qint64 wall = (date.toJulianDay() - unixEpochJulianDay) * 86400 + hour * 3600
            + minute * 60;
    QDateTime probe = zoned;
    const auto offsetAt = [&probe](qint64 secs) {
        probe.setSecsSinceEpoch(secs);
        return probe.offsetFromUtc();
    };
    // Every offset that could place the wall time is in force somewhere in this window; the
    // ends and the middle catch them as long as the zone changes at most twice in 30 hours.
    std::optional<qint64> first;
    for (const qint64 sample : {wall - offsetReach, wall, wall + offsetReach}) {
        const qint64 candidate = wall - offsetAt(sample);
        if (offsetAt(candidate) == wall - candidate && (!first || candidate < *first))
            first = candidate;
    }
    return first;
}

} // namespace

/*!
    Parses a five-field cron expression or a nickname such as "@daily". Fields are separated
    by whitespace; each is a comma-separated list of items: "*", a value or a range "a-b",
    each with an optional step ("10-50/20"; "5/10" runs from 5 to the end of the field, a star
    with a step over the whole field). Month and day-of-week names are three letters, in any
    case; a range that ends on SUN runs up to Sunday as 7 ("FRI-SUN"). The error names the field
   that is wrong, or "expression" when the number of fields is.
*/
Result<CronSchedule> CronSchedule::parse(const QString &expression)
{
    const QString simplified = expression.simplified();
    QString text = simplified;
    if (simplified.startsWith(QLatin1Char('@'))) {
        text.clear();
        for (const Nickname &nickname : nicknames) {
            if (simplified.compare(nickname.name, Qt::CaseInsensitive) == 0)
                text = nickname.fields;
        }
        if (text.isEmpty())
            return Error::invalid(QStringLiteral("expression"),
                                  tr("unknown nickname %1; use @yearly, @annually, @monthly, "
                                     "@weekly, @daily, @midnight or @hourly")
                                          .arg(simplified));
    }

    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() != qsizetype(fields.size()))
        return Error::invalid(QStringLiteral("expression"),
                              tr("expected 5 fields (minute, hour, day of month, month, day of "
                                 "week) but found %1")
                                      .arg(parts.size()));

    std::array<quint64, 5> bits = {};
    for (size_t i = 0; i < fields.size(); ++i) {
        const Result<quint64> field = parseField(parts.at(qsizetype(i)), fields[i]);
        if (!field)
            return field.error();
        bits[i] = *field;
    }

    CronSchedule schedule;
    schedule.m_expression = simplified;
    schedule.m_minutes = bits[Minute];
    schedule.m_hours = bits[Hour];
    schedule.m_days = bits[Day];
    schedule.m_months = bits[Month];
    schedule.m_weekdays = bits[Weekday];
    // Vixie cron looks at the first character only, so "*/2" counts as unrestricted too.
    schedule.m_anyDay = parts.at(Day).startsWith(QLatin1Char('*'));
    schedule.m_anyWeekday = parts.at(Weekday).startsWith(QLatin1Char('*'));
    return schedule;
}

/*!
    The first whole minute strictly after \a after that matches, in the time zone (or local
    time, UTC, offset) of \a after. Wall-clock times that the clocks skip when they go forward
    do not fire; those that happen twice when they go back fire the first time only, so a job
    running every minute pauses for the repeated hour. Returns an invalid QDateTime if
    nothing matches within eight years, as for "0 0 30 2 *".
*/
QDateTime CronSchedule::next(const QDateTime &after) const
{
    if (!after.isValid() || m_minutes == 0)
        return {};
    const qint64 afterSecs = after.toSecsSinceEpoch();
    QDate date = after.date();
    int hour = after.time().hour();
    int minute = after.time().minute() + 1;
    const QDate limit = date.addYears(horizonYears);
    // Each turn finds the next matching wall-clock time; only a time in a gap or one already
    // passed (the repeat of an ambiguous hour, when after lies in it) sends us round again.
    while (advanceToMatch(date, hour, minute, limit)) {
        const std::optional<qint64> secs = firstOccurrence(after, date, hour, minute);
        if (secs && *secs > afterSecs) {
            QDateTime result = after;
            result.setSecsSinceEpoch(*secs);
            return result;
        }
        ++minute;
    }
    return {};
}

/*!
    Whether the wall-clock minute of \a time, in its own time zone, matches; seconds are
    ignored.
*/
bool CronSchedule::matches(const QDateTime &time) const
{
    if (!time.isValid())
        return false;
    const QDate date = time.date();
    return hasBit(m_months, date.month()) && matchesDay(date) && hasBit(m_hours, time.time().hour())
            && hasBit(m_minutes, time.time().minute());
}

bool CronSchedule::matchesDay(QDate date) const
{
    const bool day = hasBit(m_days, date.day());
    const bool weekday = hasBit(m_weekdays, date.dayOfWeek() % 7); // Qt's Sunday is 7
    return m_anyDay || m_anyWeekday ? day && weekday : day || weekday;
}

/*
 * Moves date hour:minute (minute may be 60) forward to the first matching wall-clock time,
 * skipping whole months, days and hours at a time. False once past limit.
 */
bool CronSchedule::advanceToMatch(QDate &date, int &hour, int &minute, QDate limit) const
{
    for (;;) {
        if (minute > 59) {
            minute = 0;
            ++hour;
        }
        if (hour > 23) {
            hour = 0;
            minute = 0;
            date = date.addDays(1);
        }
        if (date > limit)
            return false;
        if (!hasBit(m_months, date.month())) {
            date = QDate(date.year(), date.month(), 1).addMonths(1);
            hour = 0;
            minute = 0;
            continue;
        }
        if (!matchesDay(date)) {
            hour = 24;
            continue;
        }
        const int nextHour = nextBit(m_hours, hour);
        if (nextHour < 0) {
            hour = 24;
            continue;
        }
        if (nextHour != hour) {
            hour = nextHour;
            minute = 0;
        }
        const int nextMinute = nextBit(m_minutes, minute);
        if (nextMinute < 0) {
            minute = 60;
            continue;
        }
        minute = nextMinute;
        return true;
    }
}

} // namespace Cairn
