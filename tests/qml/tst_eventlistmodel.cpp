// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <eventlistmodel.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;

class tst_EventListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void newestFirst();
    void live();
    void filter();
    void pauseAndResume();
    void capacity();
    void burstIsBatched();

private:
    QList<qint64> publish(int count, const QString &type = QStringLiteral("test.tick"));
    std::unique_ptr<EventListModel> makeModel();
    qint64 sequenceAt(int row) const;

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    EventListModel *m_model = nullptr;
};

void tst_EventListModel::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
}

void tst_EventListModel::cleanup()
{
    m_tester.reset();
    m_bus.reset();
    m_db.reset();
    m_model = nullptr;
}

QList<qint64> tst_EventListModel::publish(int count, const QString &type)
{
    QList<CloudEvent> events;
    for (int i = 0; i < count; ++i) {
        CloudEvent event;
        event.type = type;
        event.subject = QStringLiteral("s%1").arg(i);
        event.data = QJsonObject{{QStringLiteral("n"), i},
                                 {QStringLiteral("unit"), QStringLiteral("C")}};
        events.append(event);
    }
    Result<QList<CloudEvent>> stored = m_bus->publishBatch(events);
    if (!stored)
        qFatal("publishing failed: %s", qPrintable(stored.error().toString()));
    QList<qint64> sequences;
    for (const CloudEvent &event : *stored)
        sequences.append(event.sequence);
    return sequences;
}

std::unique_ptr<EventListModel> tst_EventListModel::makeModel()
{
    auto model = std::make_unique<EventListModel>();
    model->setBatchInterval(std::chrono::milliseconds(20));
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setBus(m_bus.get());
    m_model = model.get();
    return model;
}

qint64 tst_EventListModel::sequenceAt(int row) const
{
    return m_model->index(row).data(EventListModel::SequenceRole).toLongLong();
}

void tst_EventListModel::newestFirst()
{
    const QList<qint64> sequences = publish(5);
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 5);
    QCOMPARE(model->count(), 5);
    QCOMPARE(sequenceAt(0), sequences.last());
    QCOMPARE(sequenceAt(4), sequences.first());

    const QModelIndex top = model->index(0);
    QCOMPARE(top.data(EventListModel::TypeRole).toString(), QStringLiteral("test.tick"));
    QCOMPARE(top.data(EventListModel::SubjectRole).toString(), QStringLiteral("s4"));
    QVERIFY(top.data(EventListModel::SourceRole).toString().startsWith(QStringLiteral("cairn://")));
    QVERIFY(top.data(EventListModel::TimeRole).toDateTime().isValid());
    QCOMPARE(top.data(EventListModel::DataRole).toMap().value(QStringLiteral("n")).toInt(), 4);
    QCOMPARE(top.data(EventListModel::SummaryRole).toString(), QStringLiteral("n=4 unit=C"));
    QCOMPARE(model->get(0).value(QStringLiteral("subject")).toString(), QStringLiteral("s4"));

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role : {"sequence", "time", "type", "source", "subject", "data", "summary"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_EventListModel::live()
{
    publish(2);
    auto model = makeModel();
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    const QList<qint64> sequences = publish(3);
    QTRY_COMPARE(model->rowCount(), 5);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 2);
    QCOMPARE(sequenceAt(0), sequences.last());

    // Node changes reach the list through the store's outbox.
    NodeStore store(*m_db);
    Node node;
    node.kind = QStringLiteral("thing");
    node.name = QStringLiteral("one");
    QVERIFY(store.create(node));
    QTRY_COMPARE(model->rowCount(), 6);
    QCOMPARE(model->index(0).data(EventListModel::TypeRole).toString(),
             QStringLiteral("cairn.node.created"));
    QVERIFY(model->index(0)
                    .data(EventListModel::SummaryRole)
                    .toString()
                    .contains(QStringLiteral("name=one")));
}

void tst_EventListModel::filter()
{
    publish(3, QStringLiteral("test.a"));
    publish(2, QStringLiteral("test.b"));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 5);

    QSignalSpy filterChanged(model.get(), &EventListModel::filterChanged);
    model->setFilter(QStringLiteral("type=test.a"));
    QCOMPARE(filterChanged.size(), 1);
    QVERIFY(model->error().isEmpty());
    QCOMPARE(model->rowCount(), 3);
    publish(2, QStringLiteral("test.b"));
    publish(1, QStringLiteral("test.a"));
    QTRY_COMPARE(model->rowCount(), 4);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row).data(EventListModel::TypeRole).toString(),
                 QStringLiteral("test.a"));

    // A bad filter says why and keeps the rows.
    QSignalSpy errorChanged(model.get(), &EventListModel::errorChanged);
    model->setFilter(QStringLiteral("colour=red"));
    QCOMPARE(errorChanged.size(), 1);
    QVERIFY(!model->error().isEmpty());
    QCOMPARE(model->filter(), QStringLiteral("type=test.a"));
    QCOMPARE(model->rowCount(), 4);

    model->setFilter(QStringLiteral("type=test.* data.n__gte=1"));
    QVERIFY(model->error().isEmpty());
    QCOMPARE(model->rowCount(), 4); // n=1 and n=2 of the first test.a batch, n=1 of two test.b
    model->setFilter(QString());
    QCOMPARE(model->rowCount(), 8);
}

void tst_EventListModel::pauseAndResume()
{
    publish(2);
    auto model = makeModel();
    QSignalSpy pending(model.get(), &EventListModel::pendingCountChanged);
    model->setPaused(true);
    QVERIFY(model->isPaused());
    publish(3);
    publish(1);
    QTRY_COMPARE(model->pendingCount(), 4);
    QVERIFY(!pending.isEmpty());
    QCOMPARE(model->rowCount(), 2);

    const QList<qint64> last = publish(1);
    QTRY_COMPARE(model->pendingCount(), 5);
    model->setPaused(false);
    QCOMPARE(model->rowCount(), 7);
    QCOMPARE(model->pendingCount(), 0);
    QCOMPARE(sequenceAt(0), last.first());
}

void tst_EventListModel::capacity()
{
    publish(30);
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 30);
    model->setCapacity(10);
    QCOMPARE(model->rowCount(), 10);
    const qint64 newest = sequenceAt(0);
    QCOMPARE(sequenceAt(9), newest - 9);

    const QList<qint64> sequences = publish(25);
    QTRY_COMPARE(sequenceAt(0), sequences.last());
    QCOMPARE(model->rowCount(), 10);
    QCOMPARE(sequenceAt(9), sequences.last() - 9);

    // Events gathered while paused are capped as well, and all counted.
    model->setPaused(true);
    publish(15);
    QTRY_COMPARE(model->pendingCount(), 15);
    model->setPaused(false);
    QCOMPARE(model->rowCount(), 10);

    // A new bus starts from the newest events of the table, up to capacity.
    auto second = std::make_unique<EventListModel>();
    second->setCapacity(7);
    second->setBus(m_bus.get());
    QCOMPARE(second->rowCount(), 7);
    QCOMPARE(second->index(0).data(EventListModel::SequenceRole),
             model->index(0).data(EventListModel::SequenceRole));
}

void tst_EventListModel::burstIsBatched()
{
    auto model = makeModel();
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QElapsedTimer clock;
    clock.start();
    // 5,000 events as a busy gateway publishes them: many small commits, the event loop
    // running in between.
    constexpr int Total = 5000;
    constexpr int Chunk = 50;
    for (int i = 0; i < Total / Chunk; ++i) {
        publish(Chunk);
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE(model->rowCount(), Total);
    qDebug() << Total << "events shown in" << clock.elapsed() << "ms with" << inserted.size()
             << "rowsInserted signals";
    QVERIFY(inserted.size() < Total / Chunk);
    QCOMPARE(sequenceAt(0) - sequenceAt(Total - 1), qint64(Total - 1));
}

QTEST_GUILESS_MAIN(tst_EventListModel)
#include "tst_eventlistmodel.moc"
