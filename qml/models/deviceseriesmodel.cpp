// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "deviceseriesmodel.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>
#include <node.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

#include <algorithm>
#include <limits>

namespace Cairn {

namespace {

// The events the device registry publishes about a device that are not readings.
const QStringList NotReadings = {
        QStringLiteral("cairn.device.online"),     QStringLiteral("cairn.device.offline"),
        QStringLiteral("cairn.device.invalid"),    QStringLiteral("cairn.device.command"),
        QStringLiteral("cairn.device.discovered"), QStringLiteral("cairn.device.removed"),
};
// What the registry adds to every reading.
const QStringList ReadingEnvelope = {QStringLiteral("device"), QStringLiteral("topic")};

constexpr int HistoryPage = 500;

void collect(const QJsonValue &value, const QString &path,
             QList<std::pair<QString, double>> &numbers)
{
    if (value.isDouble()) {
        numbers.append({path, value.toDouble()});
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(it.value(), path.isEmpty() ? it.key() : path + u'.' + it.key(), numbers);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            collect(array.at(i), path + u'[' + QString::number(i) + u']', numbers);
    }
}

} // namespace

DeviceSeriesModel::DeviceSeriesModel(QObject *parent) : QObject(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &DeviceSeriesModel::applyEvents);
    // Points leave the window as time passes, also while the device is silent.
    m_pruneTimer.setInterval(std::chrono::seconds(1));
    connect(&m_pruneTimer, &QTimer::timeout, this, [this] {
        if (prune()) {
            updateTimes();
            Q_EMIT changed();
        }
    });
}

DeviceSeriesModel::~DeviceSeriesModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void DeviceSeriesModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    load();
    Q_EMIT databaseChanged();
}

void DeviceSeriesModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    m_bus = bus;
    subscribe();
    Q_EMIT busChanged();
}

void DeviceSeriesModel::setDeviceId(const QString &deviceId)
{
    if (deviceId == m_deviceId)
        return;
    m_deviceId = deviceId;
    subscribe();
    load();
    Q_EMIT deviceIdChanged();
}

void DeviceSeriesModel::setWindow(int seconds)
{
    seconds = std::max(1, seconds);
    if (seconds == m_window)
        return;
    const bool wider = seconds > m_window;
    m_window = seconds;
    // A wider window needs what was not read; a narrower one only drops points.
    if (wider) {
        load();
    } else if (prune()) {
        updateTimes();
        Q_EMIT changed();
    }
    Q_EMIT windowChanged();
}

void DeviceSeriesModel::setMaxPoints(int points)
{
    points = std::max(1, points);
    if (points == m_maxPoints)
        return;
    const bool more = points > m_maxPoints;
    m_maxPoints = points;
    if (more) {
        load();
    } else if (prune()) {
        updateTimes();
        Q_EMIT changed();
    }
    Q_EMIT maxPointsChanged();
}

void DeviceSeriesModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void DeviceSeriesModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

QStringList DeviceSeriesModel::fields() const
{
    QStringList names = m_series.keys();
    names.sort();
    return names;
}

int DeviceSeriesModel::pointCount() const
{
    qsizetype points = 0;
    for (const QList<QPointF> &series : m_series)
        points += series.size();
    return int(points);
}

/*!
    The points of \a field oldest first, each a QPointF of the reading's time in ms since the
    epoch and the value: what a line series takes.
*/
QVariantList DeviceSeriesModel::points(const QString &field) const
{
    const QList<QPointF> series = m_series.value(field);
    QVariantList list;
    list.reserve(series.size());
    for (const QPointF &point : series)
        list.append(QVariant::fromValue(point));
    return list;
}

/*!
    The lowest and highest value of \a field in the window, as {"min", "max"}, for the value
    axis; an empty map when the field has no points.
*/
QVariantMap DeviceSeriesModel::range(const QString &field) const
{
    const QList<QPointF> series = m_series.value(field);
    if (series.isEmpty())
        return {};
    const auto [low, high] = std::minmax_element(
            series.cbegin(), series.cend(),
            [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    return {{QStringLiteral("min"), low->y()}, {QStringLiteral("max"), high->y()}};
}

QList<std::pair<QString, double>> DeviceSeriesModel::numbers(const QJsonObject &reading)
{
    QList<std::pair<QString, double>> found;
    for (auto it = reading.begin(); it != reading.end(); ++it) {
        if (!ReadingEnvelope.contains(it.key()))
            collect(it.value(), it.key(), found);
    }
    return found;
}

bool DeviceSeriesModel::isReading(const CloudEvent &event, const QString &deviceId)
{
    return event.subject == deviceId && event.data.isObject() && !NotReadings.contains(event.type)
            && event.data.toObject().value(QStringLiteral("device")).toString() == deviceId;
}

void DeviceSeriesModel::subscribe()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_pending.clear();
    if (!m_bus || m_deviceId.isEmpty())
        return;
    EventFilter filter;
    if (!filter.addTerm(QStringLiteral("subject=") + m_deviceId)) {
        setError(tr("Device id %1 cannot be followed.").arg(m_deviceId));
        return;
    }
    m_subscription = m_bus->subscribe(filter, this, [this](const CloudEvent &event) {
        m_pending.append(event);
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void DeviceSeriesModel::reload()
{
    load();
}

/*!
    Reads the window from the bus's history: the device's events newest first, a page at a
    time along the events_subject (subject, seq) index, until one is older than the window
    or every field has its maxPoints. The subscription is made before, so that the readings
    published meanwhile are not missed; m_lastSequence tells which of them were read here.
*/
void DeviceSeriesModel::load()
{
    m_series.clear();
    m_lastSequence = 0;
    m_pruneTimer.stop();
    QString error;
    if (m_db && m_db->isOpen() && !m_deviceId.isEmpty()) {
        const qint64 start = Node::now().toMSecsSinceEpoch() - qint64(m_window) * 1000;
        QHash<QString, QList<QPointF>> newestFirst;
        qint64 before = std::numeric_limits<qint64>::max();
        bool done = false;
        while (!done) {
            QString why;
            const auto query = m_db->cachedQuery(
                    QStringLiteral("SELECT seq, type, time, data FROM events WHERE subject = ? "
                                   "AND seq < ? ORDER BY seq DESC LIMIT ?"),
                    &why);
            if (!query) {
                error = why;
                break;
            }
            query->bindValue(0, m_deviceId);
            query->bindValue(1, before);
            query->bindValue(2, HistoryPage);
            if (!query->exec()) {
                error = query->lastError().text();
                break;
            }
            int rows = 0;
            while (!done && query->next()) {
                ++rows;
                before = query->value(0).toLongLong();
                m_lastSequence = std::max(m_lastSequence, before);
                CloudEvent event;
                event.subject = m_deviceId;
                event.type = query->value(1).toString();
                event.time = Node::timeFromText(query->value(2).toString());
                const qint64 time = event.time.toMSecsSinceEpoch();
                if (time < start) {
                    done = true;
                    break;
                }
                event.data = QJsonDocument::fromJson(query->value(3).toByteArray()).object();
                if (!isReading(event, m_deviceId))
                    continue;
                for (const auto &[field, value] : numbers(event.data.toObject())) {
                    QList<QPointF> &series = newestFirst[field];
                    if (series.size() < m_maxPoints)
                        series.append(QPointF(double(time), value));
                }
                done = !newestFirst.isEmpty()
                        && std::all_of(newestFirst.cbegin(), newestFirst.cend(),
                                       [this](const QList<QPointF> &series) {
                                           return series.size() >= m_maxPoints;
                                       });
            }
            query->finish();
            done = done || rows < HistoryPage;
        }
        for (auto it = newestFirst.begin(); it != newestFirst.end(); ++it) {
            std::reverse(it->begin(), it->end());
            m_series.insert(it.key(), *it);
        }
    }
    setError(error);
    // Live readings the history already held are skipped by their sequence.
    prune();
    updateTimes();
    if (!m_deviceId.isEmpty())
        m_pruneTimer.start();
    Q_EMIT changed();
}

/*!
    Adds the readings gathered since the last batch.
*/
void DeviceSeriesModel::applyEvents()
{
    const QList<CloudEvent> events = std::exchange(m_pending, {});
    bool added = false;
    for (const CloudEvent &event : events) {
        if (event.sequence <= m_lastSequence)
            continue;
        m_lastSequence = event.sequence;
        if (!isReading(event, m_deviceId))
            continue;
        const double time = double(event.time.toMSecsSinceEpoch());
        for (const auto &[field, value] : numbers(event.data.toObject())) {
            m_series[field].append(QPointF(time, value));
            added = true;
        }
    }
    const bool pruned = prune();
    if (added || pruned) {
        updateTimes();
        Q_EMIT changed();
    }
}

bool DeviceSeriesModel::prune()
{
    const double start = double(Node::now().toMSecsSinceEpoch() - qint64(m_window) * 1000);
    bool pruned = false;
    for (auto it = m_series.begin(); it != m_series.end();) {
        QList<QPointF> &series = *it;
        const auto keep = std::find_if(series.cbegin(), series.cend(),
                                       [start](const QPointF &p) { return p.x() >= start; });
        qsizetype drop = keep - series.cbegin();
        drop = std::max(drop, series.size() - qsizetype(m_maxPoints));
        if (drop > 0) {
            series.remove(0, drop);
            pruned = true;
        }
        if (series.isEmpty())
            it = m_series.erase(it);
        else
            ++it;
    }
    return pruned;
}

void DeviceSeriesModel::updateTimes()
{
    double low = 0;
    double high = 0;
    bool any = false;
    for (const QList<QPointF> &series : std::as_const(m_series)) {
        for (const QPointF &point : series) {
            low = any ? std::min(low, point.x()) : point.x();
            high = any ? std::max(high, point.x()) : point.x();
            any = true;
        }
    }
    m_minTime = low;
    m_maxTime = high;
}

} // namespace Cairn
