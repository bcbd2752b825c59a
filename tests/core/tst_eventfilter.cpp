// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <eventfilter.h>

#include <QJsonDocument>
#include <QTest>

using namespace Cairn;

class tst_EventFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globs_data();
    void globs();
    void matches_data();
    void matches();
    void errors_data();
    void errors();
    void typePrefix_data();
    void typePrefix();
};

void tst_EventFilter::globs_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("match");
    QTest::newRow("exact") << "a.b"
                           << "a.b" << true;
    QTest::newRow("exact differs") << "a.b"
                                   << "a.c" << false;
    QTest::newRow("star end") << "cairn.node.*"
                              << "cairn.node.created" << true;
    QTest::newRow("star spans dots") << "cairn.*"
                                     << "cairn.node.created" << true;
    QTest::newRow("star empty") << "a*"
                                << "a" << true;
    QTest::newRow("star middle") << "a*z"
                                 << "abcz" << true;
    QTest::newRow("star middle no") << "a*z"
                                    << "abcza" << false;
    QTest::newRow("question") << "s/?"
                              << "s/1" << true;
    QTest::newRow("question one only") << "s/?"
                                       << "s/12" << false;
    QTest::newRow("many stars") << "*a*b*c*"
                                << "xxaxxbxxcxx" << true;
    QTest::newRow("backtracking") << "*aab"
                                  << "aaaab" << true;
    QTest::newRow("only star") << "*"
                               << "" << true;
    QTest::newRow("empty pattern") << ""
                                   << "x" << false;
}

void tst_EventFilter::globs()
{
    QFETCH(QString, pattern);
    QFETCH(QString, text);
    QFETCH(bool, match);
    QCOMPARE(EventFilter::globMatches(pattern, text), match);
}

void tst_EventFilter::matches_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<bool>("match");
    // The event: type weather.reading, source mqtt://b/s/1, subject st-1,
    // data {"temperature": 31.5, "station": {"name": "roof", "ok": true}, "tags": "a,b"}
    using L = QStringList;
    QTest::newRow("empty") << L{} << true;
    QTest::newRow("type") << L{QStringLiteral("type=weather.*")} << true;
    QTest::newRow("type list") << L{QStringLiteral("type=x.*,weather.reading")} << true;
    QTest::newRow("type in") << L{QStringLiteral("type__in=x.*,y.*")} << false;
    QTest::newRow("source") << L{QStringLiteral("source=mqtt://*")} << true;
    QTest::newRow("source no") << L{QStringLiteral("source=http://*")} << false;
    QTest::newRow("subject") << L{QStringLiteral("subject=st-1")} << true;
    QTest::newRow("subject is exact") << L{QStringLiteral("subject=st-*")} << false;
    QTest::newRow("number gt") << L{QStringLiteral("data.temperature__gt=30")} << true;
    QTest::newRow("number lte") << L{QStringLiteral("data.temperature__lte=30")} << false;
    QTest::newRow("nested") << L{QStringLiteral("data.station.name=roof")} << true;
    QTest::newRow("bool") << L{QStringLiteral("data.station.ok=true")} << true;
    QTest::newRow("number is not text") << L{QStringLiteral("data.temperature=\"31.5\"")} << false;
    QTest::newRow("ne missing") << L{QStringLiteral("data.missing__ne=3")} << true;
    QTest::newRow("eq missing") << L{QStringLiteral("data.missing=3")} << false;
    QTest::newRow("in") << L{QStringLiteral("data.station.name__in=cellar,roof")} << true;
    QTest::newRow("nin") << L{QStringLiteral("data.station.name__nin=cellar,roof")} << false;
    QTest::newRow("re") << L{QStringLiteral("data.tags__re=^a,")} << true;
    QTest::newRow("re on number") << L{QStringLiteral("data.temperature__re=3")} << false;
    QTest::newRow("all must hold")
            << L{QStringLiteral("type=weather.*"), QStringLiteral("data.temperature__gt=40")}
            << false;
    QTest::newRow("through a scalar") << L{QStringLiteral("data.temperature.x=1")} << false;
}

void tst_EventFilter::matches()
{
    QFETCH(QStringList, terms);
    QFETCH(bool, match);
    CloudEvent event;
    event.type = QStringLiteral("weather.reading");
    event.source = QStringLiteral("mqtt://b/s/1");
    event.subject = QStringLiteral("st-1");
    event.data = QJsonDocument::fromJson(R"({"temperature": 31.5,
        "station": {"name": "roof", "ok": true}, "tags": "a,b"})")
                         .object();
    Result<EventFilter> filter = EventFilter::parse(terms);
    QVERIFY2(filter, qPrintable(filter.ok() ? QString() : filter.error().toString()));
    QCOMPARE(filter->matches(event), match);
    QCOMPARE(filter->terms(), terms);
    QCOMPARE(filter->isEmpty(), terms.isEmpty());
}

void tst_EventFilter::errors_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown field") << "colour=red"
                                   << "colour";
    QTest::newRow("no equals") << "type"
                               << "type";
    QTest::newRow("type with operator") << "type__gt=a"
                                        << "type__gt";
    QTest::newRow("subject with operator") << "subject__re=a"
                                           << "subject__re";
    QTest::newRow("empty type") << "type="
                                << "type";
    QTest::newRow("bad data operator") << "data.x__like=1"
                                       << "data.x__like";
    QTest::newRow("bad regex") << "data.x__re=("
                               << "data.x";
    QTest::newRow("node field") << "kind=device"
                                << "kind";
}

void tst_EventFilter::errors()
{
    QFETCH(QString, term);
    QFETCH(QString, field);
    Result<EventFilter> filter = EventFilter::parse({term});
    QVERIFY(!filter);
    QCOMPARE(filter.error().field, field);
}

void tst_EventFilter::typePrefix_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("none") << "subject=x"
                          << "";
    QTest::newRow("exact") << "type=a.b"
                           << "a.b";
    QTest::newRow("glob") << "type=cairn.node.*"
                          << "cairn.node.";
    QTest::newRow("common") << "type=cairn.node.*,cairn.job.*"
                            << "cairn.";
    QTest::newRow("nothing common") << "type=a.*,b.*"
                                    << "";
    QTest::newRow("question") << "type=s?x"
                              << "s";
}

void tst_EventFilter::typePrefix()
{
    QFETCH(QString, term);
    QFETCH(QString, prefix);
    QCOMPARE(EventFilter::parse({term})->typePrefix(), prefix);
}

QTEST_GUILESS_MAIN(tst_EventFilter)
#include "tst_eventfilter.moc"
