// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <devicelistmodel.h>
#include <deviceregistry.h>
#include <eventbus.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class tst_DeviceListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void devices();
    void readingsAndStatus();
    void rootMadeLater();
    void removedDevice();

private:
    static DeviceConfig station(const QString &id);
    std::unique_ptr<DeviceListModel> makeModel();
    void receive(const QString &topic, const QByteArray &payload);
    QVariant at(int row, int role) const { return m_model->index(row).data(role); }

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<DeviceRegistry> m_registry;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    DeviceListModel *m_model = nullptr;
};

void tst_DeviceListModel::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_store = std::make_unique<NodeStore>(*m_db);
    m_bus = std::make_unique<EventBus>(*m_db);
    m_registry = std::make_unique<DeviceRegistry>(*m_bus, *m_store);
    m_registry->setNodeInterval(0ms);
}

void tst_DeviceListModel::cleanup()
{
    m_tester.reset();
    m_registry.reset();
    m_bus.reset();
    m_store.reset();
    m_db.reset();
    m_model = nullptr;
}

DeviceConfig tst_DeviceListModel::station(const QString &id)
{
    DeviceConfig device;
    device.id = id;
    device.name = QStringLiteral("Station ") + id;
    TopicMapping reading;
    reading.pattern = QStringLiteral("weather/") + id + QStringLiteral("/+");
    reading.type = QStringLiteral("weather.reading");
    FieldMapping temperature;
    temperature.name = QStringLiteral("temperature");
    temperature.path = {QStringLiteral("temp")};
    temperature.type = FieldMapping::Type::Number;
    temperature.unit = QStringLiteral("°C");
    reading.fields = {temperature};
    device.topics = {reading};
    device.statusTopic = QStringLiteral("weather/") + id + QStringLiteral("-status");
    return device;
}

std::unique_ptr<DeviceListModel> tst_DeviceListModel::makeModel()
{
    auto model = std::make_unique<DeviceListModel>();
    model->setBatchInterval(20ms);
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setBus(m_bus.get());
    model->setDatabase(m_db.get());
    m_model = model.get();
    return model;
}

void tst_DeviceListModel::receive(const QString &topic, const QByteArray &payload)
{
    MqttMessage message;
    message.topic = topic;
    message.payload = payload;
    m_registry->handleMessage(message);
    m_registry->flush();
}

void tst_DeviceListModel::devices()
{
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s2")), station(QStringLiteral("s1"))}));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->count(), 2);
    QCOMPARE(at(0, DeviceListModel::IdRole).toString(), QStringLiteral("s1"));
    QCOMPARE(at(1, DeviceListModel::IdRole).toString(), QStringLiteral("s2"));
    QCOMPARE(at(0, DeviceListModel::NameRole).toString(), QStringLiteral("Station s1"));
    QCOMPARE(at(0, DeviceListModel::OnlineRole).toBool(), false);
    QVERIFY(!at(0, DeviceListModel::LastSeenRole).toDateTime().isValid());
    QVERIFY(at(0, DeviceListModel::LastReadingRole).toMap().isEmpty());
    QCOMPARE(at(0, DeviceListModel::ReadingSummaryRole).toString(), QString());

    // A device declared later takes its place by name.
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s2")), station(QStringLiteral("s1")),
                                    station(QStringLiteral("s15"))}));
    QTRY_COMPARE(model->rowCount(), 3);
    QCOMPARE(at(1, DeviceListModel::IdRole).toString(), QStringLiteral("s15"));
    QCOMPARE(inserted.size(), 1);

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role : {"id", "name", "online", "lastSeen", "lastReading", "readingSummary"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_DeviceListModel::readingsAndStatus()
{
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s1")), station(QStringLiteral("s2"))}));
    auto model = makeModel();
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);

    receive(QStringLiteral("weather/s2/now"), R"({"temp": 21.5})");
    QTRY_COMPARE(at(1, DeviceListModel::LastReadingRole)
                         .toMap()
                         .value(QStringLiteral("temperature"))
                         .toDouble(),
                 21.5);
    QVERIFY(at(1, DeviceListModel::OnlineRole).toBool());
    QVERIFY(at(1, DeviceListModel::LastSeenRole).toDateTime().isValid());
    QCOMPARE(at(1, DeviceListModel::ReadingSummaryRole).toString(),
             QStringLiteral("temperature=21.5"));
    QVERIFY(at(0, DeviceListModel::LastReadingRole).toMap().isEmpty());
    QVERIFY(!changed.isEmpty());

    receive(QStringLiteral("weather/s2-status"), "offline");
    QTRY_COMPARE(at(1, DeviceListModel::OnlineRole).toBool(), false);
    receive(QStringLiteral("weather/s2-status"), "online");
    QTRY_COMPARE(at(1, DeviceListModel::OnlineRole).toBool(), true);
}

void tst_DeviceListModel::rootMadeLater()
{
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(model->error().isEmpty());
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s1"))}));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(at(0, DeviceListModel::IdRole).toString(), QStringLiteral("s1"));
}

void tst_DeviceListModel::removedDevice()
{
    QVERIFY(m_registry->setDevices({station(QStringLiteral("s1")), station(QStringLiteral("s2"))}));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 2);
    const QString nodeId = at(0, DeviceListModel::NodeIdRole).toString();
    QVERIFY(m_store->remove(nodeId));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(at(0, DeviceListModel::IdRole).toString(), QStringLiteral("s2"));
}

QTEST_GUILESS_MAIN(tst_DeviceListModel)
#include "tst_devicelistmodel.moc"
