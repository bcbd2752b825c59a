// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <deviceregistry.h>
#include <deviceseriesmodel.h>
#include <eventbus.h>
#include <nodestore.h>
#include <testbackends.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace {

DeviceConfig station(const QString &id)
{
    DeviceConfig device;
    device.id = id;
    device.name = u"Station "_s + id;
    TopicMapping reading;
    reading.pattern = u"weather/"_s + id;
    reading.type = u"weather.reading"_s;
    reading.format = TopicMapping::Format::Json; // every member of the payload
    device.topics = {reading};
    device.statusTopic = u"weather/"_s + id + u"/status"_s;
    return device;
}

QByteArray reading(double temperature, double wind)
{
    return QStringLiteral(R"({"temperature": %1, "wind": {"speed": %2, "dir": "N"},)"
                          R"( "ok": true, "label": "roof", "gust": null})")
            .arg(temperature)
            .arg(wind)
            .toUtf8();
}

QList<double> values(const QVariantList &points)
{
    QList<double> ys;
    for (const QVariant &point : points)
        ys.append(point.toPointF().y());
    return ys;
}

} // namespace

class tst_DeviceSeriesModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void numbers();
    void history();
    void window();
    void live();
    void storedAndLiveOnce();
    void maxPoints();
    void otherDevice();

private:
    std::unique_ptr<DeviceSeriesModel> makeModel(const QString &deviceId);
    void receive(const QString &topic, const QByteArray &payload);
    // A reading as the registry would have published it at time.
    void publishOld(const QString &deviceId, const QDateTime &time, double temperature);

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<DeviceRegistry> m_registry;
};

void tst_DeviceSeriesModel::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_DeviceSeriesModel::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_DeviceSeriesModel::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_db = m_backends.open(backend);
    QVERIFY2(m_db, qPrintable(m_backends.errorString()));
    m_store = std::make_unique<NodeStore>(*m_db);
    m_bus = std::make_unique<EventBus>(*m_db);
    m_registry = std::make_unique<DeviceRegistry>(*m_bus, *m_store);
    m_registry->setNodeInterval(0ms);
    QVERIFY(m_registry->setDevices({station(u"s1"_s), station(u"s2"_s)}));
}

void tst_DeviceSeriesModel::cleanup()
{
    m_registry.reset();
    m_bus.reset();
    m_store.reset();
    m_db.reset();
}

std::unique_ptr<DeviceSeriesModel> tst_DeviceSeriesModel::makeModel(const QString &deviceId)
{
    auto model = std::make_unique<DeviceSeriesModel>();
    model->setBatchInterval(20ms);
    model->setBus(m_bus.get());
    model->setDeviceId(deviceId);
    model->setDatabase(m_db.get());
    return model;
}

void tst_DeviceSeriesModel::receive(const QString &topic, const QByteArray &payload)
{
    MqttMessage message;
    message.topic = topic;
    message.payload = payload;
    m_registry->handleMessage(message);
    m_registry->flush();
}

void tst_DeviceSeriesModel::publishOld(const QString &deviceId, const QDateTime &time,
                                       double temperature)
{
    CloudEvent event;
    event.type = u"weather.reading"_s;
    event.source = u"mqtt://localhost/weather/"_s + deviceId;
    event.subject = deviceId;
    event.time = time;
    event.data = QJsonObject{{u"temperature"_s, temperature},
                             {u"device"_s, deviceId},
                             {u"topic"_s, QString(u"weather/"_s + deviceId)}};
    QVERIFY(m_bus->publish(event));
}

void tst_DeviceSeriesModel::numbers()
{
    const QJsonObject data{
            {u"device"_s, u"s1"_s},
            {u"topic"_s, u"weather/s1"_s},
            {u"t"_s, 1.5},
            {u"on"_s, true},
            {u"name"_s, u"x"_s},
            {u"none"_s, QJsonValue()},
            {u"wind"_s, QJsonObject{{u"speed"_s, 3}, {u"deep"_s, QJsonObject{{u"x"_s, -1}}}}},
            {u"values"_s, QJsonArray{4, u"five"_s, 6}},
    };
    QList<std::pair<QString, double>> expected = {
            {u"t"_s, 1.5},          {u"values[0]"_s, 4},  {u"values[2]"_s, 6},
            {u"wind.deep.x"_s, -1}, {u"wind.speed"_s, 3},
    };
    QCOMPARE(DeviceSeriesModel::numbers(data), expected);
}

void tst_DeviceSeriesModel::history()
{
    for (int i = 0; i < 3; ++i)
        receive(u"weather/s1"_s, reading(20 + i, i));
    // Not readings: the status, and a payload that is not one.
    receive(u"weather/s1/status"_s, "offline");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"bad payload on weather/s1"_s));
    receive(u"weather/s1"_s, "{not json");

    auto model = makeModel(u"s1"_s);
    QCOMPARE(model->error(), QString());
    QCOMPARE(model->window(), 3600);
    QCOMPARE(model->maxPoints(), 2000);
    QCOMPARE(model->fields(), QStringList({u"temperature"_s, u"wind.speed"_s}));
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({20, 21, 22}));
    QCOMPARE(values(model->points(u"wind.speed"_s)), QList<double>({0, 1, 2}));
    QCOMPARE(model->pointCount(), 6);
    QVERIFY(model->points(u"label"_s).isEmpty());

    const QVariantList points = model->points(u"temperature"_s);
    const double first = points.first().toPointF().x();
    const double last = points.last().toPointF().x();
    QVERIFY(first <= last);
    QCOMPARE(model->minTime(), first);
    QCOMPARE(model->maxTime(), last);
    QVERIFY(qAbs(last - double(QDateTime::currentMSecsSinceEpoch())) < 60000);

    const QVariantMap range = model->range(u"temperature"_s);
    QCOMPARE(range.value(u"min"_s).toDouble(), 20.0);
    QCOMPARE(range.value(u"max"_s).toDouble(), 22.0);
    QVERIFY(model->range(u"nothing"_s).isEmpty());
}

void tst_DeviceSeriesModel::window()
{
    const QDateTime now = Node::now();
    publishOld(u"s1"_s, now.addSecs(-3 * 3600), 5);
    publishOld(u"s1"_s, now.addSecs(-2 * 3600), 10);
    receive(u"weather/s1"_s, reading(20, 1));

    // The last hour only: the history is read back to the window's start.
    auto model = makeModel(u"s1"_s);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({20}));

    // Wider: read again.
    QSignalSpy changed(model.get(), &DeviceSeriesModel::changed);
    model->setWindow(150 * 60);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({10, 20}));
    QCOMPARE(model->minTime(), double(now.addSecs(-2 * 3600).toMSecsSinceEpoch()));
    model->setWindow(4 * 3600);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({5, 10, 20}));

    // Narrower: points go.
    model->setWindow(60);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({20}));
    QCOMPARE(model->fields(), QStringList({u"temperature"_s, u"wind.speed"_s}));
}

void tst_DeviceSeriesModel::live()
{
    auto model = makeModel(u"s1"_s);
    QVERIFY(model->fields().isEmpty());
    QCOMPARE(model->minTime(), 0.0);
    QSignalSpy changed(model.get(), &DeviceSeriesModel::changed);
    for (int i = 0; i < 5; ++i)
        receive(u"weather/s1"_s, reading(i, 10 * i));
    QTRY_COMPARE(model->pointCount(), 10);
    // Five readings, one batch.
    QVERIFY2(changed.size() < 5, qPrintable(QString::number(changed.size())));
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({0, 1, 2, 3, 4}));
    QCOMPARE(model->fields(), QStringList({u"temperature"_s, u"wind.speed"_s}));
    QCOMPARE(model->range(u"wind.speed"_s).value(u"max"_s).toDouble(), 40.0);

    // A new field shows up with its first reading.
    const int before = int(changed.size());
    receive(u"weather/s1"_s, R"({"temperature": 9, "pressure": 1013.25})");
    QTRY_COMPARE(model->fields(), QStringList({u"pressure"_s, u"temperature"_s, u"wind.speed"_s}));
    QCOMPARE(changed.size(), before + 1);
    QCOMPARE(values(model->points(u"pressure"_s)), QList<double>({1013.25}));
}

void tst_DeviceSeriesModel::storedAndLiveOnce()
{
    // Subscribed first; the reading arrives between the subscription and the history read,
    // so both see it.
    auto model = std::make_unique<DeviceSeriesModel>();
    model->setBatchInterval(20ms);
    model->setBus(m_bus.get());
    model->setDeviceId(u"s1"_s);
    receive(u"weather/s1"_s, reading(1, 1));
    model->setDatabase(m_db.get());
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({1}));

    receive(u"weather/s1"_s, reading(2, 2));
    QTRY_COMPARE(values(model->points(u"temperature"_s)), QList<double>({1, 2}));
}

void tst_DeviceSeriesModel::maxPoints()
{
    for (int i = 0; i < 5; ++i)
        receive(u"weather/s1"_s, reading(i, i));
    auto model = std::make_unique<DeviceSeriesModel>();
    model->setMaxPoints(3);
    model->setBatchInterval(20ms);
    model->setBus(m_bus.get());
    model->setDeviceId(u"s1"_s);
    model->setDatabase(m_db.get());
    // The newest.
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({2, 3, 4}));

    receive(u"weather/s1"_s, reading(5, 5));
    QTRY_COMPARE(values(model->points(u"temperature"_s)), QList<double>({3, 4, 5}));
    QCOMPARE(values(model->points(u"wind.speed"_s)), QList<double>({3, 4, 5}));

    model->setMaxPoints(10);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({0, 1, 2, 3, 4, 5}));
    model->setMaxPoints(1);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({5}));
}

void tst_DeviceSeriesModel::otherDevice()
{
    receive(u"weather/s2"_s, reading(30, 3));
    auto model = makeModel(u"s1"_s);
    QVERIFY(model->fields().isEmpty());
    receive(u"weather/s2"_s, reading(31, 3));
    receive(u"weather/s1"_s, reading(1, 1));
    QTRY_COMPARE(model->pointCount(), 2);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({1}));

    // Another device: read again.
    QSignalSpy changed(model.get(), &DeviceSeriesModel::changed);
    model->setDeviceId(u"s2"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(values(model->points(u"temperature"_s)), QList<double>({30, 31}));
}

QTEST_MAIN(tst_DeviceSeriesModel)
#include "tst_deviceseriesmodel.moc"
