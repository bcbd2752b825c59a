// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

namespace Cairn {

class Database;

/*
 * Turns the output of running jobs into `cairn.job.log` events, so that whoever watches the
 * bus sees a job's log as it is written. Output is gathered for a short interval and each
 * job's share goes out as a few events in one transaction, however chatty the job is:
 *
 *   type    cairn.job.log
 *   subject the job's id
 *   data    {"job": ID, "run": ID, "attempt": N, "stream": "stdout"|"stderr",
 *            "offset": bytes of the log before this text, "text": ...,
 *            "dropped": bytes left out of the events (only when some were)}
 *
 * The log file keeps every byte; the events keep at most maxBytesPerFlush of each job per
 * interval, so that a job printing megabytes a second cannot flood the bus.
 */
class JobLogPublisher : public QObject
{
    Q_OBJECT
public:
    explicit JobLogPublisher(Database &database, QObject *parent = nullptr);

    QString source() const { return m_source; }
    void setSource(const QString &source) { m_source = source; }
    void setInterval(std::chrono::milliseconds interval) { m_timer.setInterval(interval); }
    void setMaxBytesPerFlush(qsizetype bytes) { m_maxBytes = bytes; }

    void append(const QString &jobId, const QString &runId, int attempt, const QByteArray &chunk,
                bool isError);
    // Sends what is gathered for the job now (before its end is recorded) and forgets it.
    void finish(const QString &jobId);

public Q_SLOTS:
    void flush();

private:
    struct Piece
    {
        bool isError = false;
        QByteArray bytes;
    };
    struct Pending
    {
        QString runId;
        int attempt = 0;
        qint64 offset = 0; // bytes of the log before the first piece
        qint64 dropped = 0;
        qsizetype size = 0;
        QList<Piece> pieces;
    };

    void publish(const QList<std::pair<QString, Pending>> &jobs);

    Database &m_db;
    QString m_source; // cairn://HOST/jobs
    qsizetype m_maxBytes = 64 * 1024;
    QHash<QString, Pending> m_pending; // by job id
    QHash<QString, qint64> m_written; // bytes of each running attempt's log so far
    QHash<QString, int> m_attempts; // the attempt each job's bytes are of
    QTimer m_timer;
};

} // namespace Cairn
