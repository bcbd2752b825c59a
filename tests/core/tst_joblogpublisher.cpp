// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <joblogpublisher.h>
#include <testbackends.h>

#include <QTest>

using namespace Cairn;

// Job output as cairn.job.log events: order, streams, offsets, the cap, attempts.
class tst_JobLogPublisher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void piecesInOrderWithOffsets();
    void capKeepsTheBusCalm();
    void eachAttemptStartsAtZero();

private:
    QList<QJsonObject> logEvents();

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
};

void tst_JobLogPublisher::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
}

void tst_JobLogPublisher::cleanup()
{
    m_bus.reset();
    m_db.reset();
}

QList<QJsonObject> tst_JobLogPublisher::logEvents()
{
    EventHistoryQuery query;
    query.filter = *EventFilter::parse({QStringLiteral("type=cairn.job.log")});
    query.limit = EventHistoryQuery::MaxLimit;
    QList<QJsonObject> data;
    const Result<QList<CloudEvent>> events = m_bus->history(query);
    if (!events)
        qFatal("%s", qPrintable(events.error().toString()));
    for (const CloudEvent &event : *events) {
        QJsonObject object = event.data.toObject();
        object.insert(QStringLiteral("subject"), event.subject);
        data.append(object);
    }
    return data;
}

void tst_JobLogPublisher::piecesInOrderWithOffsets()
{
    JobLogPublisher logs(*m_db);
    logs.append(QStringLiteral("j1"), QStringLiteral("r"), 1, "one\n", false);
    logs.append(QStringLiteral("j1"), QStringLiteral("r"), 1, "two\n", false);
    logs.append(QStringLiteral("j1"), QStringLiteral("r"), 1, "oops\n", true);
    logs.append(QStringLiteral("j2"), QStringLiteral("r"), 1, "other\n", false);
    QVERIFY(logEvents().isEmpty()); // gathered, not yet sent
    logs.flush();
    logs.append(QStringLiteral("j1"), QStringLiteral("r"), 1, "three\n", false);
    logs.finish(QStringLiteral("j1"));

    QList<QJsonObject> events = logEvents();
    QCOMPARE(events.size(), 4);
    QList<QJsonObject> j1;
    for (const QJsonObject &e : events)
        if (e.value(QStringLiteral("job")).toString() == QStringLiteral("j1"))
            j1.append(e);
    QCOMPARE(j1.size(), 3);
    QCOMPARE(j1.at(0).value(QStringLiteral("text")).toString(), QStringLiteral("one\ntwo\n"));
    QCOMPARE(j1.at(0).value(QStringLiteral("stream")).toString(), QStringLiteral("stdout"));
    QCOMPARE(j1.at(0).value(QStringLiteral("offset")).toInteger(), 0);
    QCOMPARE(j1.at(0).value(QStringLiteral("subject")).toString(), QStringLiteral("j1"));
    QCOMPARE(j1.at(1).value(QStringLiteral("stream")).toString(), QStringLiteral("stderr"));
    QCOMPARE(j1.at(1).value(QStringLiteral("offset")).toInteger(), 8);
    QCOMPARE(j1.at(2).value(QStringLiteral("text")).toString(), QStringLiteral("three\n"));
    QCOMPARE(j1.at(2).value(QStringLiteral("offset")).toInteger(), 13);
    QCOMPARE(j1.at(2).value(QStringLiteral("run")).toString(), QStringLiteral("r"));
}

void tst_JobLogPublisher::capKeepsTheBusCalm()
{
    JobLogPublisher logs(*m_db);
    logs.setMaxBytesPerFlush(10);
    logs.append(QStringLiteral("j"), QStringLiteral("r"), 1, "0123456", false);
    logs.append(QStringLiteral("j"), QStringLiteral("r"), 1, "789abcdef", false);
    logs.flush();
    logs.append(QStringLiteral("j"), QStringLiteral("r"), 1, "next", false);
    logs.flush();
    const QList<QJsonObject> events = logEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).value(QStringLiteral("text")).toString(), QStringLiteral("0123456789"));
    QCOMPARE(events.at(0).value(QStringLiteral("dropped")).toInteger(), 6);
    // Offsets count what the log holds, dropped bytes included.
    QCOMPARE(events.at(1).value(QStringLiteral("offset")).toInteger(), 16);
    QVERIFY(!events.at(1).contains(QStringLiteral("dropped")));
}

void tst_JobLogPublisher::eachAttemptStartsAtZero()
{
    JobLogPublisher logs(*m_db);
    logs.append(QStringLiteral("j"), QStringLiteral("r"), 1, "first try\n", false);
    logs.flush();
    // No finish() in between: the attempt number alone tells a new log began.
    logs.append(QStringLiteral("j"), QStringLiteral("r"), 2, "second\n", false);
    logs.flush();
    const QList<QJsonObject> events = logEvents();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(1).value(QStringLiteral("attempt")).toInt(), 2);
    QCOMPARE(events.at(1).value(QStringLiteral("offset")).toInteger(), 0);
}

QTEST_GUILESS_MAIN(tst_JobLogPublisher)
#include "tst_joblogpublisher.moc"
