// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <durablesubscription.h>
#include <eventbus.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace Cairn;

class tst_EventBus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void publish();
    void publishErrors_data();
    void publishErrors();
    void batchIsAllOrNothing();
    void subscribeAfterCommit();
    void subscriberFilters();
    void nodeChangesReachTheBus();
    void contextEndsSubscription();
    void otherWritersArePolled();
    void concurrentPublishersInOrder();
    void history();
    void durableResumesAfterRestart();
    void durableAtLeastOnce();
    void durableFilterAndFrom();
    void retentionByCount();
    void retentionByAge();
    void retentionConfig();

private:
    static EventFilter filter(const QStringList &terms);
    QList<qint64> publishMany(int count, const QString &type = QStringLiteral("test.tick"));
    void restartBus();

    CairnTest::TestBackends m_backends;
    QString m_url;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
};

void tst_EventBus::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_EventBus::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_EventBus::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_url = m_backends.freshUrl(backend);
    QVERIFY2(!m_url.isEmpty(), qPrintable(m_backends.errorString()));
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_url), qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
}

void tst_EventBus::cleanup()
{
    m_bus.reset();
    m_db.reset();
}

// A new bus on a new connection, as after the process restarted.
void tst_EventBus::restartBus()
{
    m_bus.reset();
    m_db.reset();
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_url), qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
}

EventFilter tst_EventBus::filter(const QStringList &terms)
{
    Result<EventFilter> f = EventFilter::parse(terms);
    if (!f)
        qFatal("bad filter in test: %s", qPrintable(f.error().toString()));
    return *f;
}

QList<qint64> tst_EventBus::publishMany(int count, const QString &type)
{
    QList<qint64> sequences;
    for (int i = 0; i < count; ++i) {
        Result<CloudEvent> e = m_bus->publish(type, QStringLiteral("s%1").arg(i),
                                              QJsonObject{{QStringLiteral("i"), i}});
        if (!e)
            qFatal("publish failed: %s", qPrintable(e.error().toString()));
        sequences.append(e->sequence);
    }
    return sequences;
}

void tst_EventBus::publish()
{
    Result<CloudEvent> first = m_bus->publish(QStringLiteral("cairn.test.hello"),
                                              QStringLiteral("me"), QJsonValue(42));
    QVERIFY2(first, qPrintable(first.ok() ? QString() : first.error().toString()));
    QVERIFY(first->sequence > 0);
    QCOMPARE(first->id.size(), 36);
    QCOMPARE(first->source, m_bus->defaultSource());
    QVERIFY(first->time.isValid());

    CloudEvent given;
    given.type = QStringLiteral("cairn.test.given");
    given.source = QStringLiteral("mqtt://broker/sensors/1");
    given.id = QStringLiteral("my-id-1");
    given.data = QJsonArray{1, QStringLiteral("two"), QJsonValue::Null};
    Result<CloudEvent> second = m_bus->publish(given);
    QVERIFY(second);
    QVERIFY(second->sequence > first->sequence);
    QCOMPARE(second->id, QStringLiteral("my-id-1"));

    // The same id again is a conflict, not a second event.
    QCOMPARE(m_bus->publish(given).error().code, Error::Conflict);

    Result<QList<CloudEvent>> stored = m_bus->history({});
    QVERIFY(stored);
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(0), *first);
    QCOMPARE(stored->at(1), *second);
    const QJsonObject json = stored->at(1).toJson();
    QCOMPARE(json.value(QStringLiteral("specversion")).toString(), QStringLiteral("1.0"));
    QCOMPARE(json.value(QStringLiteral("sequence")).toString(), QString::number(second->sequence));
    QCOMPARE(CloudEvent::fromJson(json).value(), *second);
}

void tst_EventBus::publishErrors_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("field");
    QTest::newRow("no type") << ""
                             << ""
                             << "type";
    QTest::newRow("space in type") << "cairn test"
                                   << ""
                                   << "type";
    QTest::newRow("control in subject") << "cairn.test"
                                        << "a\nb"
                                        << "subject";
    QTest::newRow("long subject") << "cairn.test" << QString(2000, QLatin1Char('x')) << "subject";
}

void tst_EventBus::publishErrors()
{
    QFETCH(QString, type);
    QFETCH(QString, subject);
    QFETCH(QString, field);
    Result<CloudEvent> e = m_bus->publish(type, subject, QJsonValue());
    QVERIFY(!e);
    QCOMPARE(e.error().field, field);
    QCOMPARE(*m_bus->lastSequence(), 0);
}

void tst_EventBus::batchIsAllOrNothing()
{
    CloudEvent good;
    good.type = QStringLiteral("a.b");
    CloudEvent duplicate = good;
    duplicate.id = QStringLiteral("same");
    CloudEvent again = duplicate;
    Result<QList<CloudEvent>> stored = m_bus->publishBatch({good, duplicate, again});
    QVERIFY(!stored);
    QCOMPARE(*m_bus->lastSequence(), 0);

    stored = m_bus->publishBatch({good, duplicate});
    QVERIFY(stored);
    QCOMPARE(stored->size(), 2);
    QCOMPARE(stored->at(1).sequence, stored->at(0).sequence + 1);

    // Every kind of data survives a batch, which is written as one JSON document.
    QList<CloudEvent> kinds;
    for (const QJsonValue &data :
         {QJsonValue(QJsonObject{{QStringLiteral("a"), QStringLiteral("x\"y\n")}}),
          QJsonValue(QJsonArray{1, 2.5, true}), QJsonValue(QStringLiteral("text \u00e9")),
          QJsonValue(42), QJsonValue(false), QJsonValue(QJsonValue::Null)}) {
        CloudEvent e;
        e.type = QStringLiteral("a.kind");
        e.subject = kinds.size() % 2 ? QString() : QStringLiteral("s\"1");
        e.data = data;
        kinds.append(e);
    }
    Result<QList<CloudEvent>> written = m_bus->publishBatch(kinds);
    QVERIFY(written);
    EventHistoryQuery query;
    query.since = stored->at(1).sequence;
    Result<QList<CloudEvent>> read = m_bus->history(query);
    QVERIFY(read);
    QCOMPARE(read->size(), kinds.size());
    for (qsizetype i = 0; i < kinds.size(); ++i) {
        QCOMPARE(read->at(i), written->at(i));
        QCOMPARE(read->at(i).data, kinds.at(i).data);
        QCOMPARE(read->at(i).subject, kinds.at(i).subject);
    }
}

void tst_EventBus::subscribeAfterCommit()
{
    QList<CloudEvent> received;
    m_bus->subscribe({}, nullptr, [&](const CloudEvent &e) { received.append(e); });
    const QList<qint64> sent = publishMany(5);
    // Never inside the publisher's call: after it, from the event loop.
    QCOMPARE(received.size(), 0);
    QTRY_COMPARE(received.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(received.at(i).sequence, sent.at(i));
}

void tst_EventBus::subscriberFilters()
{
    QList<QString> hot, nodes, sensors;
    m_bus->subscribe(
            filter({QStringLiteral("type=weather.*"), QStringLiteral("data.temperature__gt=30")}),
            nullptr, [&](const CloudEvent &e) { hot.append(e.subject); });
    m_bus->subscribe(filter({QStringLiteral("type=cairn.node.*")}), nullptr,
                     [&](const CloudEvent &e) { nodes.append(e.type); });
    m_bus->subscribe(filter({QStringLiteral("source=mqtt://*/sensors/?")}), nullptr,
                     [&](const CloudEvent &e) { sensors.append(e.subject); });

    const auto reading = [&](const char *subject, double t, const char *source) {
        CloudEvent e;
        e.type = QStringLiteral("weather.reading");
        e.subject = QString::fromLatin1(subject);
        e.source = QString::fromLatin1(source);
        e.data = QJsonObject{{QStringLiteral("temperature"), t}};
        QVERIFY(m_bus->publish(e));
    };
    reading("cold", 12.5, "mqtt://b/sensors/1");
    reading("hot", 31, "mqtt://b/sensors/22");
    reading("hotter", 35, "http://poller");
    QVERIFY(m_bus->publish(QStringLiteral("weather.reading"), QStringLiteral("text"),
                           QJsonObject{{QStringLiteral("temperature"), QStringLiteral("40")}}));
    QVERIFY(m_bus->publish(QStringLiteral("cairn.node.created"), QStringLiteral("n"), {}));

    QTRY_COMPARE(nodes.size(), 1);
    QCOMPARE(hot, (QList<QString>{QStringLiteral("hot"), QStringLiteral("hotter")}));
    QCOMPARE(sensors, QList<QString>{QStringLiteral("cold")});
}

void tst_EventBus::nodeChangesReachTheBus()
{
    QList<CloudEvent> received;
    m_bus->subscribe(filter({QStringLiteral("type=cairn.node.*")}), nullptr,
                     [&](const CloudEvent &e) { received.append(e); });
    NodeStore store(*m_db);
    Node node;
    node.kind = QStringLiteral("device");
    node.name = QStringLiteral("d");
    Result<Node> created = store.create(node);
    QVERIFY(created);
    Node done = *created;
    done.state = Node::State::Done;
    QVERIFY(store.update(done));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.at(0).type, QStringLiteral("cairn.node.created"));
    QCOMPARE(received.at(0).subject, created->id);
    QCOMPARE(received.at(0).source, store.eventSource());
    QCOMPARE(received.at(1).data.toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("done"));
}

void tst_EventBus::contextEndsSubscription()
{
    int calls = 0;
    auto *context = new QObject;
    m_bus->subscribe({}, context, [&](const CloudEvent &) { ++calls; });
    publishMany(1);
    QTRY_COMPARE(calls, 1);
    delete context;
    publishMany(1);
    QSignalSpy delivered(m_bus.get(), &EventBus::delivered);
    QVERIFY(delivered.wait(5000));
    QCOMPARE(calls, 1);
}

// Events that another process writes reach subscribers through the poll timer.
void tst_EventBus::otherWritersArePolled()
{
    QList<qint64> received;
    m_bus->setPollInterval(std::chrono::milliseconds(50));
    m_bus->subscribe({}, nullptr, [&](const CloudEvent &e) { received.append(e.sequence); });

    Database other;
    QVERIFY(other.open(m_url));
    NodeStore otherStore(other);
    Node node;
    node.kind = QStringLiteral("site");
    node.name = QStringLiteral("elsewhere");
    // The other Database's commits are not connected to this bus: only polling finds them.
    QVERIFY(otherStore.create(node));
    QTRY_COMPARE(received.size(), 1);
}

void tst_EventBus::concurrentPublishersInOrder()
{
    QList<qint64> received;
    m_bus->subscribe({}, nullptr, [&](const CloudEvent &e) { received.append(e.sequence); });
    constexpr int Threads = 3, Each = 40;
    QList<QThread *> threads;
    for (int t = 0; t < Threads; ++t) {
        threads.append(QThread::create([this, t] {
            for (int i = 0; i < Each; ++i) {
                if (!m_bus->publish(QStringLiteral("test.thread"), QString::number(t),
                                    QJsonObject{{QStringLiteral("i"), i}}))
                    qFatal("publish from a thread failed");
            }
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QTRY_COMPARE(received.size(), Threads * Each);
    for (int i = 1; i < received.size(); ++i)
        QVERIFY(received.at(i) > received.at(i - 1));
    QCOMPARE(received.last() - received.first(), Threads * Each - 1); // none skipped
}

void tst_EventBus::history()
{
    publishMany(3, QStringLiteral("test.a"));
    publishMany(3, QStringLiteral("test.b"));
    QVERIFY(m_bus->publish(QStringLiteral("other.c"), QStringLiteral("special"),
                           QJsonObject{{QStringLiteral("i"), 100}}));

    EventHistoryQuery query;
    QCOMPARE(m_bus->history(query)->size(), 7);
    query.filter = filter({QStringLiteral("type=test.*")});
    QCOMPARE(m_bus->history(query)->size(), 6);
    query.since = m_bus->history(query)->at(1).sequence;
    QCOMPARE(m_bus->history(query)->size(), 4);
    query.limit = 2;
    QCOMPARE(m_bus->history(query)->size(), 2);
    query = {};
    query.filter = filter({QStringLiteral("subject=special")});
    QCOMPARE(m_bus->history(query)->size(), 1);
    query.filter = filter({QStringLiteral("type=test.b,other.*"), QStringLiteral("data.i__gte=2")});
    Result<QList<CloudEvent>> found = m_bus->history(query);
    QCOMPARE(found->size(), 2);
    QCOMPARE(found->at(0).type, QStringLiteral("test.b"));
    QCOMPARE(found->at(1).type, QStringLiteral("other.c"));
    query.limit = 0;
    QCOMPARE(m_bus->history(query).error().field, QStringLiteral("limit"));
}

void tst_EventBus::durableResumesAfterRestart()
{
    Result<DurableSubscription *> sub = m_bus->durable(QStringLiteral("reports"), {});
    QVERIFY2(sub, qPrintable(sub.ok() ? QString() : sub.error().toString()));
    QList<qint64> received;
    connect(*sub, &DurableSubscription::eventReceived, this,
            [&](const CloudEvent &e) { received.append(e.sequence); });
    (*sub)->start();
    QList<qint64> sent = publishMany(10);
    QTRY_COMPARE(received.size(), 10);

    // Down: the process stops, events keep coming from elsewhere.
    m_bus.reset();
    {
        Database writer;
        QVERIFY(writer.open(m_url));
        EventBus other(writer);
        for (int i = 0; i < 25; ++i) {
            Result<CloudEvent> e = other.publish(QStringLiteral("test.tick"), QString(), {});
            QVERIFY(e);
            sent.append(e->sequence);
        }
    }
    restartBus();
    sub = m_bus->durable(QStringLiteral("reports"), {});
    QVERIFY(sub);
    QCOMPARE((*sub)->cursor(), sent.at(9));
    connect(*sub, &DurableSubscription::eventReceived, this,
            [&](const CloudEvent &e) { received.append(e.sequence); });
    (*sub)->start();
    sent.append(publishMany(5));
    QTRY_COMPARE(received.size(), 40);
    QCOMPARE(received, sent); // every one, once, in order
}

void tst_EventBus::durableAtLeastOnce()
{
    Result<DurableSubscription *> sub = m_bus->durable(QStringLiteral("slow"), {});
    QVERIFY(sub);
    (*sub)->setAutoAcknowledge(false);
    QList<qint64> received;
    connect(*sub, &DurableSubscription::eventReceived, this,
            [&](const CloudEvent &e) { received.append(e.sequence); });
    (*sub)->start();
    const QList<qint64> sent = publishMany(5);
    QTRY_COMPARE(received.size(), 5);
    QVERIFY((*sub)->acknowledge(sent.at(2)));

    restartBus(); // "crashed" before acknowledging the last two
    received.clear();
    sub = m_bus->durable(QStringLiteral("slow"), {});
    connect(*sub, &DurableSubscription::eventReceived, this,
            [&](const CloudEvent &e) { received.append(e.sequence); });
    (*sub)->start();
    QTRY_COMPARE(received, (QList<qint64>{sent.at(3), sent.at(4)}));
}

void tst_EventBus::durableFilterAndFrom()
{
    const QList<qint64> early = publishMany(3, QStringLiteral("test.early"));
    // From the start of the table, only the "late" ones and the early ones it asked for.
    Result<DurableSubscription *> sub = m_bus->durable(QStringLiteral("picky"),
                                                       filter({QStringLiteral("type=test.*")}), 0);
    QVERIFY(sub);
    QList<QString> types;
    connect(*sub, &DurableSubscription::eventReceived, this,
            [&](const CloudEvent &e) { types.append(e.type); });
    (*sub)->start();
    publishMany(2, QStringLiteral("other.x"));
    publishMany(2, QStringLiteral("test.late"));
    QTRY_COMPARE(types.size(), 5);
    QCOMPARE(types.count(QStringLiteral("test.early")), 3);
    // Its cursor passes the events it skipped too.
    QTRY_COMPARE((*sub)->cursor(), *m_bus->lastSequence());
    QCOMPARE(m_bus->durable(QString(), {}).error().field, QStringLiteral("name"));
    Q_UNUSED(early);
}

void tst_EventBus::retentionByCount()
{
    Result<DurableSubscription *> sub = m_bus->durable(QStringLiteral("behind"), {}, 0);
    QVERIFY(sub);
    publishMany(250);
    EventRetention retention;
    retention.maxCount = 100;
    retention.batchSize = 40;
    m_bus->setRetention(retention);
    Result<qint64> pruned = m_bus->prune();
    QVERIFY2(pruned, qPrintable(pruned.ok() ? QString() : pruned.error().toString()));
    QCOMPARE(*pruned, 150);
    QCOMPARE(m_bus->history({})->size(), 100);
    QCOMPARE(*m_bus->prune(), 0);

    // The subscription that never read them learns they are gone, then gets the rest.
    QSignalSpy lost(*sub, &DurableSubscription::eventsLost);
    int received = 0;
    connect(*sub, &DurableSubscription::eventReceived, this, [&] { ++received; });
    (*sub)->start();
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.first().at(0).toLongLong(), 1);
    QCOMPARE(lost.first().at(1).toLongLong(), 150);
    QTRY_COMPARE(received, 100);
}

void tst_EventBus::retentionByAge()
{
    CloudEvent old;
    old.type = QStringLiteral("test.old");
    old.time = Node::now().addDays(-3);
    QVERIFY(m_bus->publishBatch({old, old, old}));
    publishMany(2, QStringLiteral("test.new"));
    EventRetention retention;
    retention.maxAge = std::chrono::hours(24);
    m_bus->setRetention(retention);
    QCOMPARE(*m_bus->prune(), 3);
    Result<QList<CloudEvent>> kept = m_bus->history({});
    QCOMPARE(kept->size(), 2);
    QCOMPARE(kept->first().type, QStringLiteral("test.new"));
}

void tst_EventBus::retentionConfig()
{
    Result<ConfigDocument> doc = ConfigDocument::parse(
            "events:\n  retention: {max_age: 30d, max_count: 5000}\nbad:\n  retention: {interval: "
            "10ms}\n",
            QStringLiteral("p.yaml"));
    QVERIFY(doc);
    Result<EventRetention> retention = EventRetention::fromConfig(
            doc->root()[QStringLiteral("events")][QStringLiteral("retention")]);
    QVERIFY(retention);
    QCOMPARE(retention->maxAge, std::chrono::hours(24 * 30));
    QCOMPARE(retention->maxCount, 5000);
    Result<EventRetention> bad = EventRetention::fromConfig(
            doc->root()[QStringLiteral("bad")][QStringLiteral("retention")]);
    QVERIFY(!bad);
    QVERIFY(bad.error().toString().startsWith(
            QLatin1String("p.yaml:4:15: bad.retention.interval:")));
}

QTEST_GUILESS_MAIN(tst_EventBus)
#include "tst_eventbus.moc"
