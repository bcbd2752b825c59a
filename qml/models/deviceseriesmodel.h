// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <cloudevent.h>

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <chrono>

namespace Cairn {

/*
 * The telemetry of one device over the last `window` seconds, a time series per numeric
 * field, for the device plots.
 *
 * Readings are the events the device registry publishes for a device: subject the device
 * id, data the reading's fields plus "device" and "topic". Every number in a reading is a
 * field, nested ones named by their path ("wind.speed", "values[0]"); booleans, strings and
 * nulls are not plotted. The window is read from the bus's history along the events_subject
 * index, newest first, until the window's start or until every field has maxPoints points;
 * then readings come live from the bus, gathered for batchInterval, and changed() says so
 * once per batch. Points older than the window or beyond maxPoints per field go.
 */
class DeviceSeriesModel : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString deviceId READ deviceId WRITE setDeviceId NOTIFY deviceIdChanged)
    Q_PROPERTY(int window READ window WRITE setWindow NOTIFY windowChanged)
    Q_PROPERTY(int maxPoints READ maxPoints WRITE setMaxPoints NOTIFY maxPointsChanged)
    Q_PROPERTY(QStringList fields READ fields NOTIFY changed)
    Q_PROPERTY(double minTime READ minTime NOTIFY changed)
    Q_PROPERTY(double maxTime READ maxTime NOTIFY changed)
    Q_PROPERTY(int pointCount READ pointCount NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    static constexpr int DefaultWindow = 3600;
    static constexpr int DefaultMaxPoints = 2000;

    explicit DeviceSeriesModel(QObject *parent = nullptr);
    ~DeviceSeriesModel() override;

    Database *database() const { return m_db; }
    void setDatabase(Database *database); // not owned
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus); // not owned
    // The device's id, as DeviceListModel's id role gives it.
    QString deviceId() const { return m_deviceId; }
    void setDeviceId(const QString &deviceId);
    // Seconds back from now.
    int window() const { return m_window; }
    void setWindow(int seconds);
    // Per field.
    int maxPoints() const { return m_maxPoints; }
    void setMaxPoints(int points);
    void setBatchInterval(std::chrono::milliseconds interval);

    // The fields with points, sorted.
    QStringList fields() const;
    // The time of the oldest and newest point in ms since the epoch; 0 without points.
    double minTime() const { return m_minTime; }
    double maxTime() const { return m_maxTime; }
    // The points of every field.
    int pointCount() const;
    QString error() const { return m_error; }

    // The points of field, oldest first: QPointF(ms since the epoch, value).
    Q_INVOKABLE QVariantList points(const QString &field) const;
    // {"min": lowest value, "max": highest value} of field; empty without points.
    Q_INVOKABLE QVariantMap range(const QString &field) const;
    // Reads the window again.
    Q_INVOKABLE void reload();

    // The numbers of a reading's data by path, as the fields are named.
    static QList<std::pair<QString, double>> numbers(const QJsonObject &reading);

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void deviceIdChanged();
    void windowChanged();
    void maxPointsChanged();
    void errorChanged();
    // The points, fields or times changed; at most once per batch of readings.
    void changed();

private:
    void subscribe();
    void load();
    void setError(const QString &error);
    void applyEvents();
    // Drops what is older than the window or beyond maxPoints; says whether it did.
    bool prune();
    void updateTimes();
    static bool isReading(const CloudEvent &event, const QString &deviceId);

    QPointer<Database> m_db;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_deviceId;
    int m_window = DefaultWindow;
    int m_maxPoints = DefaultMaxPoints;
    QString m_error;

    QHash<QString, QList<QPointF>> m_series;
    qint64 m_lastSequence = 0; // the newest event read; older live ones are already in
    double m_minTime = 0;
    double m_maxTime = 0;

    QList<CloudEvent> m_pending;
    QTimer m_batchTimer;
    QTimer m_pruneTimer;
};

} // namespace Cairn
