// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <database.h>
#include <eventbus.h>

#include <cloudevent.h>

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <chrono>
#include <memory>

namespace Cairn {

class NodeStore;

/*
 * The log of one attempt of a job, a row per line: what the log file of the attempt holds
 * when the model is set up, then what `cairn.job.log` events bring as the job writes more.
 *
 * Events carry the byte offset of their text in the log, so the live part joins the stored
 * part exactly: an event for bytes already read is skipped, one that starts inside them is
 * cut, and bytes the events left out (the publisher drops some when a job writes too much)
 * are read from the file. Events are gathered for batchInterval and applied together.
 *
 * With attempt -1 the model follows the job's latest attempt and starts over when the events
 * of a newer one come. At most maxLines rows are kept, the oldest going first. A log file
 * that does not exist (yet) is an empty log.
 *
 * The file does not say which stream a byte came from; a stored line is "stdout" unless
 * the events still on the bus show that it was written to standard error.
 */
class JobLogModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Cairn::Database *database READ database WRITE setDatabase NOTIFY databaseChanged)
    Q_PROPERTY(Cairn::EventBus *bus READ bus WRITE setBus NOTIFY busChanged)
    Q_PROPERTY(QString jobId READ jobId WRITE setJobId NOTIFY jobIdChanged)
    Q_PROPERTY(int attempt READ attempt WRITE setAttempt NOTIFY attemptChanged)
    Q_PROPERTY(int shownAttempt READ shownAttempt NOTIFY shownAttemptChanged)
    Q_PROPERTY(int maxLines READ maxLines WRITE setMaxLines NOTIFY maxLinesChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(qint64 lineCount READ lineCount NOTIFY lineCountChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
public:
    enum Roles {
        TextRole = Qt::UserRole + 1,
        StreamRole,
        LineNumberRole,
    };
    Q_ENUM(Roles)

    static constexpr int DefaultMaxLines = 100000;

    explicit JobLogModel(QObject *parent = nullptr);
    ~JobLogModel() override;

    Database *database() const { return m_db; }
    void setDatabase(Database *database); // not owned
    EventBus *bus() const { return m_bus; }
    void setBus(EventBus *bus); // not owned
    QString jobId() const { return m_jobId; }
    void setJobId(const QString &jobId);
    // The attempt asked for, from 1; -1 follows the latest.
    int attempt() const { return m_attempt; }
    void setAttempt(int attempt);
    // The attempt whose log is shown; 0 while there is none.
    int shownAttempt() const { return m_shown; }
    int maxLines() const { return m_maxLines; }
    void setMaxLines(int lines);
    int count() const { return int(m_rows.size()); }
    // The lines of the log so far, those dropped to keep maxLines included.
    qint64 lineCount() const { return m_lineCount; }
    QString error() const { return m_error; }
    void setBatchInterval(std::chrono::milliseconds interval);

    // The first row from fromRow on (or back, when backwards) whose text holds text, in any
    // case; -1 when there is none.
    Q_INVOKABLE int find(const QString &text, int fromRow = 0, bool backwards = false) const;
    // The lines kept, each ending with a newline unless the log does not end one.
    Q_INVOKABLE QString allText() const;
    // Reads the log again.
    Q_INVOKABLE void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void databaseChanged();
    void busChanged();
    void jobIdChanged();
    void attemptChanged();
    void shownAttemptChanged();
    void maxLinesChanged();
    void countChanged();
    void lineCountChanged();
    void errorChanged();

private:
    struct Row
    {
        QString text;
        bool isError = false;
        qint64 number = 0; // from 1
    };
    // A byte range of the log written to standard error.
    struct ErrorRange
    {
        qint64 offset = 0;
        qint64 end = 0;
    };

    void subscribe();
    void load();
    void clearRows();
    void setError(const QString &error);
    void setShown(int attempt);
    void applyEvents();
    // The path of the shown attempt's log; empty when there is none (yet).
    QString logPath();
    QList<ErrorRange> errorRanges();
    bool hasLogFile();
    // Reads the log file from m_size up to end (-1: its end) and appends it. A file that is
    // not there is an empty log; false (and error set) when it cannot be read.
    bool appendFromFile(qint64 end, const QList<ErrorRange> &errors = {});
    // Splits bytes (at offset m_size of the log) into lines and appends them.
    void appendBytes(const QByteArray &bytes, bool isError, const QList<ErrorRange> &errors = {});
    void commit();
    void trimToMaxLines();

    QPointer<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    QPointer<EventBus> m_bus;
    int m_subscription = 0;
    QString m_jobId;
    int m_attempt = -1;
    int m_shown = 0;
    int m_maxLines = DefaultMaxLines;
    QString m_error;
    QString m_path;

    QList<Row> m_rows;
    qint64 m_size = 0; // bytes of the log read so far
    qint64 m_lineCount = 0;
    bool m_lastOpen = false; // the last row has no newline yet: more text continues it
    QByteArray m_lastBytes; // its bytes so far, decoded again as it grows
    bool m_lastChanged = false;
    QList<Row> m_added; // rows for the next insertion
    bool m_resetting = false;

    QList<CloudEvent> m_pending;
    QTimer m_batchTimer;
};

} // namespace Cairn
