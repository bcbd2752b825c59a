// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <queuedjob.h>

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>

namespace Cairn {

/*
 * The jobs of one run, in stage then job order, as the job queue records them. Node events
 * of the run's jobs are gathered for batchInterval; then the run's jobs are read again (a
 * run has tens of jobs, not millions) and rows that changed are updated in place.
 */
class JobListModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString runId READ runId WRITE setRunId NOTIFY runIdChanged)
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        NameRole,
        StageRole,
        StageIndexRole,
        StateRole,
        ResultRole,
        AttemptRole,
        MaxAttemptsRole,
        ExitCodeRole,
        StartedRole,
        EndedRole,
        DurationMsRole,
        FailureRole,
        LogUrlRole,
        KindRole,
    };
    Q_ENUM(Roles)

    explicit JobListModel(QObject *parent = nullptr);
    ~JobListModel() override;

    // Where jobs are read; not owned.
    Database *database() const { return m_db; }
    void setDatabase(Database *database);
    // Where job changes come from; not owned.
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus);

    QString runId() const { return m_runId; }
    void setRunId(const QString &runId);
    QString error() const { return m_error; }
    int count() const { return int(m_rows.size()); }
    void setBatchInterval(std::chrono::milliseconds interval);

    // Reads the run's jobs again and updates the rows that changed.
    Q_INVOKABLE void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void runIdChanged();
    void errorChanged();
    void countChanged();

private:
    struct Row
    {
        QueuedJob job;
        QString logUrl;
    };

    void subscribe();
    void setError(const QString &error);
    QList<Row> read();

    QPointer<Database> m_db;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_runId;
    QString m_error;
    QList<Row> m_rows;
    QTimer m_batchTimer;
};

} // namespace Cairn
