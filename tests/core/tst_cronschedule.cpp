// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <cronschedule.h>

#include <QTest>
#include <QTimeZone>

using namespace Cairn;

class tst_CronSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void expression();
    void next_data();
    void next();
    void nextAgreesWithScan_data();
    void nextAgreesWithScan();
    void matches_data();
    void matches();
    void errors_data();
    void errors();
    void defaultNeverFires();

private:
    static QDateTime at(const QString &iso, const QByteArray &zone);
};

// after: an ISO time with its offset, so that ambiguous local times are unambiguous here.
QDateTime tst_CronSchedule::at(const QString &iso, const QByteArray &zone)
{
    const QDateTime parsed = QDateTime::fromString(iso, Qt::ISODate);
    // Qt::UTC rather than the UTC zone, so that times print with "Z".
    return zone == "UTC" ? parsed.toUTC() : parsed.toTimeZone(QTimeZone(zone));
}

void tst_CronSchedule::initTestCase()
{
    if (!QTimeZone(QByteArrayLiteral("Europe/Paris")).isValid())
        QSKIP("the time zone database lacks Europe/Paris");
}

void tst_CronSchedule::expression()
{
    Result<CronSchedule> spaced = CronSchedule::parse(QStringLiteral("  */5\t*  * *\n* "));
    QVERIFY(spaced);
    QCOMPARE(spaced->expression(), QStringLiteral("*/5 * * * *"));
    Result<CronSchedule> nickname = CronSchedule::parse(QStringLiteral("@Daily"));
    QVERIFY(nickname);
    QCOMPARE(nickname->expression(), QStringLiteral("@Daily"));
}

void tst_CronSchedule::next_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("expected"); // empty: never

    const QByteArray utc("UTC");
    const QByteArray paris("Europe/Paris");
    // 2026-01-15 is a Thursday.
    const QString thu = QStringLiteral("2026-01-15T10:07:30Z");

    QTest::newRow("every minute") << "* * * * *" << utc << thu << "2026-01-15T10:08:00Z";
    QTest::newRow("strictly after") << "0 10 * * *" << utc << "2026-01-15T10:00:00Z"
                                    << "2026-01-16T10:00:00Z";
    QTest::newRow("seconds dropped") << "* * * * *" << utc << "2026-01-15T10:07:59Z"
                                     << "2026-01-15T10:08:00Z";
    QTest::newRow("star step 5") << "*/5 * * * *" << utc << thu << "2026-01-15T10:10:00Z";
    QTest::newRow("star step 15") << "*/15 * * * *" << utc << thu << "2026-01-15T10:15:00Z";
    QTest::newRow("range step") << "10-50/20 * * * *" << utc << thu << "2026-01-15T10:10:00Z";
    QTest::newRow("range step middle") << "10-50/20 * * * *" << utc << "2026-01-15T10:30:00Z"
                                       << "2026-01-15T10:50:00Z";
    QTest::newRow("range step wraps hour") << "10-50/20 * * * *" << utc << "2026-01-15T10:50:00Z"
                                           << "2026-01-15T11:10:00Z";
    QTest::newRow("value step") << "5/10 * * * *" << utc << thu << "2026-01-15T10:15:00Z";
    QTest::newRow("value step to end") << "5/10 * * * *" << utc << "2026-01-15T10:55:00Z"
                                       << "2026-01-15T11:05:00Z";
    QTest::newRow("list") << "1,2,3-5,50-52/2 * * * *" << utc << "2026-01-15T10:05:00Z"
                          << "2026-01-15T10:50:00Z";
    QTest::newRow("list step") << "1,2,3-5,50-52/2 * * * *" << utc << "2026-01-15T10:50:00Z"
                               << "2026-01-15T10:52:00Z";
    QTest::newRow("list wraps") << "1,2,3-5,50-52/2 * * * *" << utc << "2026-01-15T10:52:00Z"
                                << "2026-01-15T11:01:00Z";
    QTest::newRow("hour list step") << "0,30 */6 * * *" << utc << thu << "2026-01-15T12:00:00Z";
    QTest::newRow("next day") << "30 8 * * *" << utc << thu << "2026-01-16T08:30:00Z";
    QTest::newRow("hourly") << "@hourly" << utc << thu << "2026-01-15T11:00:00Z";
    QTest::newRow("daily") << "@daily" << utc << thu << "2026-01-16T00:00:00Z";
    QTest::newRow("midnight") << "@midnight" << utc << thu << "2026-01-16T00:00:00Z";
    QTest::newRow("weekly") << "@weekly" << utc << thu << "2026-01-18T00:00:00Z";
    QTest::newRow("monthly") << "@monthly" << utc << thu << "2026-02-01T00:00:00Z";
    QTest::newRow("yearly") << "@yearly" << utc << thu << "2027-01-01T00:00:00Z";
    QTest::newRow("annually") << "@ANNUALLY" << utc << thu << "2027-01-01T00:00:00Z";

    // Names, in any case.
    QTest::newRow("month names") << "0 0 1 JAN,jul *" << utc << thu << "2026-07-01T00:00:00Z";
    QTest::newRow("month name range") << "0 12 * Feb-apr *" << utc << thu << "2026-02-01T12:00:00Z";
    QTest::newRow("month numbers") << "0 12 1 11 *" << utc << thu << "2026-11-01T12:00:00Z";
    QTest::newRow("workdays") << "0 9-17 * * MON-FRI" << utc << "2026-01-16T17:30:00Z"
                              << "2026-01-19T09:00:00Z";
    QTest::newRow("sunday 0") << "0 0 * * 0" << utc << thu << "2026-01-18T00:00:00Z";
    QTest::newRow("sunday 7") << "0 0 * * 7" << utc << thu << "2026-01-18T00:00:00Z";
    QTest::newRow("sunday name") << "0 0 * * sun" << utc << thu << "2026-01-18T00:00:00Z";
    QTest::newRow("range to 7") << "0 0 * * 5-7" << utc << thu << "2026-01-16T00:00:00Z";
    QTest::newRow("range to 7 sunday") << "0 0 * * 6-7" << utc << "2026-01-17T00:00:00Z"
                                       << "2026-01-18T00:00:00Z";
    QTest::newRow("range to SUN") << "0 0 * * SAT-SUN" << utc << "2026-01-17T00:00:00Z"
                                  << "2026-01-18T00:00:00Z";
    QTest::newRow("weekday step") << "0 0 * * */2" << utc << thu << "2026-01-17T00:00:00Z";

    // Both day fields restricted: either one matching is enough.
    QTest::newRow("dom or dow: dow") << "0 0 20 * MON" << utc << thu << "2026-01-19T00:00:00Z";
    QTest::newRow("dom or dow: dom") << "0 0 20 * MON" << utc << "2026-01-19T00:00:00Z"
                                     << "2026-01-20T00:00:00Z";
    QTest::newRow("friday or 13th") << "0 0 13 * 5" << utc << "2026-01-31T00:00:00Z"
                                    << "2026-02-06T00:00:00Z";
    QTest::newRow("feb 30 or monday") << "0 0 30 2 MON" << utc << thu << "2026-02-02T00:00:00Z";
    // A field starting with '*' counts as unrestricted (Vixie cron): odd days AND Mondays.
    QTest::newRow("star step dom and dow")
            << "0 0 */2 * MON" << utc << thu << "2026-01-19T00:00:00Z";
    QTest::newRow("star step dom and dow later") << "0 0 */2 * MON" << utc << "2026-01-19T00:00:00Z"
                                                 << "2026-02-09T00:00:00Z";
    QTest::newRow("dom only") << "0 0 31 * *" << utc << "2026-01-31T00:00:00Z"
                              << "2026-03-31T00:00:00Z";

    // Rollover and leap days.
    QTest::newRow("year rollover minute") << "* * * * *" << utc << "2026-12-31T23:59:00Z"
                                          << "2027-01-01T00:00:00Z";
    QTest::newRow("year rollover new year") << "0 0 1 1 *" << utc << "2026-12-31T23:59:59Z"
                                            << "2027-01-01T00:00:00Z";
    QTest::newRow("last minute of year") << "59 23 31 12 *" << utc << "2026-12-31T23:59:00Z"
                                         << "2027-12-31T23:59:00Z";
    QTest::newRow("leap day") << "0 0 29 2 *" << utc << thu << "2028-02-29T00:00:00Z";
    QTest::newRow("leap day after leap day") << "0 0 29 2 *" << utc << "2028-02-29T00:00:00Z"
                                             << "2032-02-29T00:00:00Z";
    QTest::newRow("leap day across 2100") << "0 0 29 2 *" << utc << "2096-03-01T00:00:00Z"
                                          << "2104-02-29T00:00:00Z";
    QTest::newRow("feb 30") << "0 0 30 2 *" << utc << thu << "";
    QTest::newRow("feb 31") << "0 0 31 2 *" << utc << thu << "";
    QTest::newRow("31st of short months") << "0 0 31 4,6,9,11 *" << utc << thu << "";

    // Europe/Paris: winter +01:00, summer +02:00. In 2026 the clocks go forward at 02:00 on
    // Sunday 29 March and back at 03:00 on Sunday 25 October.
    QTest::newRow("paris winter") << "0 9 * * MON-FRI" << paris << "2026-01-16T10:00:00+01:00"
                                  << "2026-01-19T09:00:00+01:00";
    QTest::newRow("paris summer") << "0 9 * * *" << paris << "2026-07-01T10:00:00+02:00"
                                  << "2026-07-02T09:00:00+02:00";
    QTest::newRow("gap skipped") << "30 2 * * *" << paris << "2026-03-28T12:00:00+01:00"
                                 << "2026-03-30T02:30:00+02:00";
    QTest::newRow("gap every minute") << "* * * * *" << paris << "2026-03-29T01:59:00+01:00"
                                      << "2026-03-29T03:00:00+02:00";
    QTest::newRow("gap half hours") << "*/30 * * * *" << paris << "2026-03-29T01:30:00+01:00"
                                    << "2026-03-29T03:00:00+02:00";
    QTest::newRow("after gap") << "0 3 * * *" << paris << "2026-03-29T01:59:00+01:00"
                               << "2026-03-29T03:00:00+02:00";
    QTest::newRow("midnight before spring") << "0 0 * * *" << paris << "2026-03-28T00:00:00+01:00"
                                            << "2026-03-29T00:00:00+01:00";
    QTest::newRow("midnight after spring") << "0 0 * * *" << paris << "2026-03-29T00:00:00+01:00"
                                           << "2026-03-30T00:00:00+02:00";
    QTest::newRow("noon of spring day") << "0 12 29 3 *" << paris << "2026-01-01T00:00:00+01:00"
                                        << "2026-03-29T12:00:00+02:00";
    QTest::newRow("ambiguous first") << "30 2 * * *" << paris << "2026-10-24T12:00:00+02:00"
                                     << "2026-10-25T02:30:00+02:00";
    QTest::newRow("ambiguous once") << "30 2 * * *" << paris << "2026-10-25T02:30:00+02:00"
                                    << "2026-10-26T02:30:00+01:00";
    QTest::newRow("ambiguous from repeat") << "30 2 * * *" << paris << "2026-10-25T02:10:00+01:00"
                                           << "2026-10-26T02:30:00+01:00";
    QTest::newRow("hourly over fall back") << "0 * * * *" << paris << "2026-10-25T01:30:00+02:00"
                                           << "2026-10-25T02:00:00+02:00";
    QTest::newRow("hourly repeat skipped") << "0 * * * *" << paris << "2026-10-25T02:00:00+02:00"
                                           << "2026-10-25T03:00:00+01:00";
    QTest::newRow("minutes pause in repeat") << "* * * * *" << paris << "2026-10-25T02:59:00+02:00"
                                             << "2026-10-25T03:00:00+01:00";
    QTest::newRow("minutes from repeat") << "* * * * *" << paris << "2026-10-25T02:10:00+01:00"
                                         << "2026-10-25T03:00:00+01:00";
    QTest::newRow("paris feb 30") << "0 0 30 2 *" << paris << "2026-01-01T00:00:00+01:00"
                                  << "";
}

void tst_CronSchedule::next()
{
    QFETCH(QString, expression);
    QFETCH(QByteArray, zone);
    QFETCH(QString, after);
    QFETCH(QString, expected);

    const Result<CronSchedule> schedule = CronSchedule::parse(expression);
    QVERIFY2(schedule, qPrintable(schedule ? QString() : schedule.error().toString()));
    const QDateTime start = at(after, zone);
    QVERIFY(start.isValid());
    const QDateTime result = schedule->next(start);
    QCOMPARE(result.toString(Qt::ISODate), expected);
    if (result.isValid()) {
        QCOMPARE(result.timeZone(), start.timeZone());
        QVERIFY(schedule->matches(result));
    }
}

void tst_CronSchedule::nextAgreesWithScan_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("after");

    const QStringList expressions = {
            QStringLiteral("*/7 * * * *"),        QStringLiteral("0,30 1-3 * * *"),
            QStringLiteral("15 2 * * *"),         QStringLiteral("*/20 1,2,3 25,29 * SUN"),
            QStringLiteral("0 */5 * * 1-5"),      QStringLiteral("0 0 13 * FRI"),
            QStringLiteral("10-50/20 */3 * * *"), QStringLiteral("59 23 * * *"),
    };
    const QStringList starts = {
            QStringLiteral("2026-03-26T20:00:00Z"),
            QStringLiteral("2026-10-22T20:00:00Z"),
            QStringLiteral("2026-12-28T10:07:30Z"),
    };
    for (const QByteArray &zone : {QByteArray("UTC"), QByteArray("Europe/Paris")}) {
        for (const QString &expression : expressions) {
            for (const QString &start : starts) {
                QTest::addRow("%s %s %s", zone.constData(), qPrintable(expression),
                              qPrintable(start))
                        << expression << zone << start;
            }
        }
    }
}

// Every minute of ten days, the slow and obvious way: next() must find the same times.
void tst_CronSchedule::nextAgreesWithScan()
{
    QFETCH(QString, expression);
    QFETCH(QByteArray, zone);
    QFETCH(QString, after);

    const Result<CronSchedule> schedule = CronSchedule::parse(expression);
    QVERIFY(schedule);
    const QDateTime start = at(after, zone);
    const qint64 end = start.toSecsSinceEpoch() + 10 * 86400;

    QStringList scanned;
    QDateTime probe = start;
    QDateTime hourBefore = start;
    for (qint64 secs = (start.toSecsSinceEpoch() / 60 + 1) * 60; secs < end; secs += 60) {
        probe.setSecsSinceEpoch(secs);
        hourBefore.setSecsSinceEpoch(secs - 3600);
        // A wall-clock time repeated when the clocks go back fires the first time only.
        const bool repeated = hourBefore.date() == probe.date()
                && hourBefore.time() == probe.time();
        if (!repeated && schedule->matches(probe))
            scanned.append(probe.toString(Qt::ISODate));
    }

    QStringList found;
    for (QDateTime t = schedule->next(start); t.isValid() && t.toSecsSinceEpoch() < end;
         t = schedule->next(t))
        found.append(t.toString(Qt::ISODate));

    QVERIFY(!scanned.isEmpty());
    QCOMPARE(found, scanned);
}

void tst_CronSchedule::matches_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("time");
    QTest::addColumn<bool>("match");

    // 2026-01-16 is a Friday.
    QTest::newRow("every minute") << "* * * * *"
                                  << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("seconds ignored") << "7 10 * * *"
                                     << "2026-01-16T10:07:42Z" << true;
    QTest::newRow("minute differs") << "8 10 * * *"
                                    << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("hour differs") << "7 11 * * *"
                                  << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("step") << "*/7 * * * *"
                          << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("step miss") << "*/5 * * * *"
                               << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("month name") << "* * * jan *"
                                << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("month miss") << "* * * FEB-DEC *"
                                << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("dow") << "* * * * fri"
                         << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("dow miss") << "* * * * 0,6"
                              << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("sunday 7") << "* * * * 7"
                              << "2026-01-18T10:07:00Z" << true;
    QTest::newRow("dom or dow by dow") << "* * 1 * 5"
                                       << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("dom or dow by dom") << "* * 16 * 1"
                                       << "2026-01-16T10:07:00Z" << true;
    QTest::newRow("dom or dow neither") << "* * 1 * 1"
                                        << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("dom and star dow") << "* * 1 * *"
                                      << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("star step dom and dow") << "* * */2 * 5"
                                           << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("dom and star step dow") << "* * 16 * */2"
                                           << "2026-01-16T10:07:00Z" << false;
    QTest::newRow("wall clock of offset") << "0 9 * * *"
                                          << "2026-01-16T09:00:00+01:00" << true;
}

void tst_CronSchedule::matches()
{
    QFETCH(QString, expression);
    QFETCH(QString, time);
    QFETCH(bool, match);

    const Result<CronSchedule> schedule = CronSchedule::parse(expression);
    QVERIFY(schedule);
    QCOMPARE(schedule->matches(QDateTime::fromString(time, Qt::ISODate)), match);
}

void tst_CronSchedule::errors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message"); // a part of it

    QTest::newRow("empty") << ""
                           << "expression"
                           << "found 0";
    QTest::newRow("four fields") << "* * * *"
                                 << "expression"
                                 << "expected 5 fields";
    QTest::newRow("six fields") << "0 * * * * *"
                                << "expression"
                                << "found 6";
    QTest::newRow("reboot") << "@reboot"
                            << "expression"
                            << "unknown nickname @reboot";
    QTest::newRow("nickname with fields") << "@daily 5"
                                          << "expression"
                                          << "unknown nickname";
    QTest::newRow("minute 60") << "60 * * * *"
                               << "minute"
                               << "60 is out of range 0-59";
    QTest::newRow("minute 61 in list") << "1,61 * * * *"
                                       << "minute"
                                       << "61 is out of range 0-59";
    QTest::newRow("minute huge") << "99999999999 * * * *"
                                 << "minute"
                                 << "99999999999 is out of range 0-59";
    QTest::newRow("hour 24") << "0 24 * * *"
                             << "hour"
                             << "24 is out of range 0-23";
    QTest::newRow("range end out") << "0 9-25 * * *"
                                   << "hour"
                                   << "25 is out of range 0-23";
    QTest::newRow("day 0") << "0 0 0 * *"
                           << "day of month"
                           << "0 is out of range 1-31";
    QTest::newRow("day 32") << "0 0 32 * *"
                            << "day of month"
                            << "32 is out of range 1-31";
    QTest::newRow("month 0") << "0 0 * 0 *"
                             << "month"
                             << "0 is out of range 1-12";
    QTest::newRow("month 13") << "0 0 * 13 *"
                              << "month"
                              << "13 is out of range 1-12";
    QTest::newRow("month name") << "0 0 * FOO *"
                                << "month"
                                << "unknown name FOO";
    QTest::newRow("month long name") << "0 0 * January *"
                                     << "month"
                                     << "unknown name January";
    QTest::newRow("weekday 8") << "0 0 * * 8"
                               << "day of week"
                               << "8 is out of range 0-7";
    QTest::newRow("weekday name") << "0 0 * * FOO"
                                  << "day of week"
                                  << "unknown name FOO";
    QTest::newRow("month name as weekday") << "0 0 * * JAN"
                                           << "day of week"
                                           << "unknown name JAN";
    QTest::newRow("name in minute") << "MON * * * *"
                                    << "minute"
                                    << "MON is not a number";
    QTest::newRow("name in day") << "0 0 MON * *"
                                 << "day of month"
                                 << "MON is not a number";
    QTest::newRow("garbage value") << "5x * * * *"
                                   << "minute"
                                   << "5x is not a number";
    QTest::newRow("negative") << "-5 * * * *"
                              << "minute"
                              << "-5 lacks a value";
    QTest::newRow("open range") << "0 0 * * 5-"
                                << "day of week"
                                << "5- lacks a value";
    QTest::newRow("two dashes") << "1-2-3 * * * *"
                                << "minute"
                                << "2-3 is not a number";
    QTest::newRow("star in range") << "*-5 * * * *"
                                   << "minute"
                                   << "* is not a number";
    QTest::newRow("step 0") << "*/0 * * * *"
                            << "minute"
                            << "step 0";
    QTest::newRow("range step 0") << "0 0 * * 1-5/0"
                                  << "day of week"
                                  << "step 0";
    QTest::newRow("no step") << "0 */ * * *"
                             << "hour"
                             << "*/ lacks a step";
    QTest::newRow("step not a number") << "*/x * * * *"
                                       << "minute"
                                       << "step x is not a number";
    QTest::newRow("two steps") << "*/2/3 * * * *"
                               << "minute"
                               << "step 2/3 is not a number";
    QTest::newRow("step huge") << "*/99999999999 * * * *"
                               << "minute"
                               << "step 99999999999 is too large";
    QTest::newRow("backwards") << "30-10 * * * *"
                               << "minute"
                               << "range 30-10 runs backwards";
    QTest::newRow("backwards months") << "0 0 * DEC-JAN *"
                                      << "month"
                                      << "range DEC-JAN runs backwards";
    QTest::newRow("backwards weekdays") << "0 0 * * FRI-MON"
                                        << "day of week"
                                        << "range FRI-MON runs backwards";
    QTest::newRow("backwards to 0") << "0 0 * * 5-0"
                                    << "day of week"
                                    << "range 5-0 runs backwards";
    QTest::newRow("empty item") << "1,,2 * * * *"
                                << "minute"
                                << "empty item";
    QTest::newRow("trailing comma") << "0 0 1, * *"
                                    << "day of month"
                                    << "empty item";
}

void tst_CronSchedule::errors()
{
    QFETCH(QString, expression);
    QFETCH(QString, field);
    QFETCH(QString, message);

    const Result<CronSchedule> schedule = CronSchedule::parse(expression);
    QVERIFY(!schedule);
    QCOMPARE(schedule.error().code, Error::Invalid);
    QCOMPARE(schedule.error().field, field);
    QVERIFY2(schedule.error().message.contains(message), qPrintable(schedule.error().message));
}

void tst_CronSchedule::defaultNeverFires()
{
    const CronSchedule never;
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-01-16T10:07:00Z"),
                                                Qt::ISODate);
    QVERIFY(!never.next(now).isValid());
    QVERIFY(!never.matches(now));
    QVERIFY(never.expression().isEmpty());
    const Result<CronSchedule> valid = CronSchedule::parse(QStringLiteral("* * * * *"));
    QVERIFY(valid);
    QVERIFY(!valid->next(QDateTime()).isValid());
}

QTEST_MAIN(tst_CronSchedule)
#include "tst_cronschedule.moc"
