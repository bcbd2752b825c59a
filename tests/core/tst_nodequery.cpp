// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <nodequery.h>

#include <QTest>

using namespace Cairn;

class tst_NodeQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse();
    void values_data();
    void values();
    void errors_data();
    void errors();
};

void tst_NodeQuery::parse()
{
    Result<NodeQuery> query = NodeQuery::parse(
            {QStringLiteral("kind=device"), QStringLiteral("data.board.arch__in=x86_64,arm64"),
             QStringLiteral("sort=-created"), QStringLiteral("sort=name"),
             QStringLiteral("limit=5"), QStringLiteral("offset=10")});
    QVERIFY(query);
    QCOMPARE(query->conditions().size(), 2);
    const NodeQuery::Condition &arch = query->conditions().at(1);
    QCOMPARE(arch.field, QStringLiteral("data.board.arch"));
    QCOMPARE(arch.type, NodeQuery::FieldType::Json);
    QCOMPARE(
            arch.jsonPath,
            (QStringList{QStringLiteral("data"), QStringLiteral("board"), QStringLiteral("arch")}));
    QCOMPARE(arch.op, NodeQuery::Op::In);
    QCOMPARE(arch.values.size(), 2);
    QCOMPARE(query->sort().size(), 2);
    QVERIFY(query->sort().at(0).descending);
    QCOMPARE(query->sort().at(1).field, QStringLiteral("name"));
    QCOMPARE(query->limit(), 5);
    QCOMPARE(query->offset(), 10);

    Result<NodeQuery> empty = NodeQuery::parse({});
    QVERIFY(empty);
    QCOMPARE(empty->limit(), NodeQuery::DefaultLimit);
    // A value may hold '=' itself: only the first one separates.
    Result<NodeQuery> equals = NodeQuery::parse({QStringLiteral("data.expr=a=b")});
    QVERIFY(equals);
    QCOMPARE(equals->conditions().first().values.first().toString(), QStringLiteral("a=b"));
}

void tst_NodeQuery::values_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("integer") << "data.x=12" << QJsonValue(12);
    QTest::newRow("negative real") << "data.x=-1.5e2" << QJsonValue(-150.0);
    QTest::newRow("true") << "data.x=true" << QJsonValue(true);
    QTest::newRow("null") << "data.x=null" << QJsonValue(QJsonValue::Null);
    QTest::newRow("quoted number") << "data.x=\"12\"" << QJsonValue(QStringLiteral("12"));
    QTest::newRow("leading zero is text") << "data.x=007" << QJsonValue(QStringLiteral("007"));
    QTest::newRow("text") << "data.x=x86_64" << QJsonValue(QStringLiteral("x86_64"));
    QTest::newRow("time normalised") << "created__gt=2026-01-01T01:00:00+01:00"
                                     << QJsonValue(QStringLiteral("2026-01-01T00:00:00.000Z"));
    QTest::newRow("revision") << "revision__gte=3" << QJsonValue(3);
}

void tst_NodeQuery::values()
{
    QFETCH(QString, term);
    QFETCH(QJsonValue, value);
    Result<NodeQuery> query = NodeQuery::parse({term});
    QVERIFY2(query, qPrintable(query.ok() ? QString() : query.error().toString()));
    QCOMPARE(query->conditions().first().values.first(), value);
}

void tst_NodeQuery::errors_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown field") << "colour=red"
                                   << "colour";
    QTest::newRow("unknown operator") << "kind__like=dev"
                                      << "kind__like";
    QTest::newRow("no value separator") << "kind"
                                        << "kind";
    QTest::newRow("empty field") << "=x"
                                 << "=x";
    QTest::newRow("integer") << "revision=abc"
                             << "revision";
    QTest::newRow("state") << "state=sleeping"
                           << "state";
    QTest::newRow("state in") << "state__in=done,sleeping"
                              << "state";
    QTest::newRow("result") << "result=passed"
                            << "result";
    QTest::newRow("state order") << "state__gt=done"
                                 << "state";
    QTest::newRow("time") << "created__gt=yesterday"
                          << "created";
    QTest::newRow("regex") << "name__re=(unclosed"
                           << "name";
    QTest::newRow("bool order") << "data.ok__gt=true"
                                << "data.ok";
    QTest::newRow("bad key") << "data.a b=1"
                             << "data.a b";
    QTest::newRow("empty key") << "data..x=1"
                               << "data..x";
    QTest::newRow("quote in key") << "data.a'b=1"
                                  << "data.a'b";
    QTest::newRow("nested artifact") << "artifacts.a.b=x"
                                     << "artifacts.a.b";
    QTest::newRow("negative limit") << "limit=-1"
                                    << "limit";
    QTest::newRow("huge limit") << "limit=1000000"
                                << "limit";
    QTest::newRow("text offset") << "offset=many"
                                 << "offset";
    QTest::newRow("sort unknown") << "sort=-colour"
                                  << "sort";
    QTest::newRow("sort artifacts") << "sort=artifacts.log"
                                    << "sort";
}

void tst_NodeQuery::errors()
{
    QFETCH(QString, term);
    QFETCH(QString, field);
    Result<NodeQuery> query = NodeQuery::parse({QStringLiteral("kind=device"), term});
    QVERIFY(!query);
    QCOMPARE(query.error().code, Error::Invalid);
    QCOMPARE(query.error().field, field);
    QVERIFY(!query.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(tst_NodeQuery)
#include "tst_nodequery.moc"
