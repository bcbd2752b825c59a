// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "joblogpublisher.h"

#include "cloudevent.h"
#include "database.h"
#include "logging.h"
#include "node.h"
#include "outbox_p.h"
#include "uuid7.h"

#include <QHostInfo>
#include <QJsonObject>

namespace Cairn {

namespace {

const QString LogType = QStringLiteral("cairn.job.log");

} // namespace

JobLogPublisher::JobLogPublisher(Database &database, QObject *parent)
    : QObject(parent),
      m_db(database),
      m_source(QStringLiteral("cairn://") + QHostInfo::localHostName() + QStringLiteral("/jobs"))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::chrono::milliseconds(100));
    connect(&m_timer, &QTimer::timeout, this, &JobLogPublisher::flush);
}

void JobLogPublisher::append(const QString &jobId, const QString &runId, int attempt,
                             const QByteArray &chunk, bool isError)
{
    if (chunk.isEmpty())
        return;
    if (m_attempts.value(jobId, attempt) != attempt)
        finish(jobId); // a new attempt writes a new log, from offset 0
    m_attempts.insert(jobId, attempt);
    auto it = m_pending.find(jobId);
    if (it == m_pending.end()) {
        Pending pending;
        pending.runId = runId;
        pending.attempt = attempt;
        pending.offset = m_written.value(jobId);
        it = m_pending.insert(jobId, pending);
    }
    m_written[jobId] += chunk.size();
    const qsizetype room = m_maxBytes - it->size;
    if (room <= 0) {
        it->dropped += chunk.size();
    } else {
        const QByteArray kept = chunk.left(room);
        it->dropped += chunk.size() - kept.size();
        it->size += kept.size();
        if (!it->pieces.isEmpty() && it->pieces.last().isError == isError)
            it->pieces.last().bytes.append(kept);
        else
            it->pieces.append({isError, kept});
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void JobLogPublisher::finish(const QString &jobId)
{
    const auto it = m_pending.find(jobId);
    if (it != m_pending.end()) {
        publish({{jobId, *it}});
        m_pending.erase(it);
    }
    m_written.remove(jobId);
    m_attempts.remove(jobId);
}

void JobLogPublisher::flush()
{
    if (m_pending.isEmpty())
        return;
    QList<std::pair<QString, Pending>> jobs;
    jobs.reserve(m_pending.size());
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        jobs.append({it.key(), it.value()});
    m_pending.clear();
    publish(jobs);
}

void JobLogPublisher::publish(const QList<std::pair<QString, Pending>> &jobs)
{
    QList<CloudEvent> events;
    const QDateTime now = Node::now();
    for (const auto &[jobId, pending] : jobs) {
        qint64 offset = pending.offset;
        for (qsizetype i = 0; i < pending.pieces.size(); ++i) {
            const Piece &piece = pending.pieces.at(i);
            QJsonObject data{
                    {QStringLiteral("job"), jobId},
                    {QStringLiteral("run"), pending.runId},
                    {QStringLiteral("attempt"), pending.attempt},
                    {QStringLiteral("stream"),
                     piece.isError ? QStringLiteral("stderr") : QStringLiteral("stdout")},
                    {QStringLiteral("offset"), offset},
                    {QStringLiteral("text"), QString::fromUtf8(piece.bytes)},
            };
            if (pending.dropped > 0 && i == pending.pieces.size() - 1)
                data.insert(QStringLiteral("dropped"), pending.dropped);
            offset += piece.bytes.size();
            CloudEvent event;
            event.id = createUuid7();
            event.source = m_source;
            event.type = LogType;
            event.subject = jobId;
            event.time = now;
            event.data = data;
            events.append(event);
        }
    }
    if (events.isEmpty())
        return;

    Outbox outbox(m_db, m_source);
    Transaction transaction(m_db);
    QString why;
    const bool written = transaction.isActive() && outbox.lock(&why)
            && (events.size() == 1 ? outbox.append(events.first(), &events.first().sequence, &why)
                                   : outbox.append(events, &why))
            && transaction.commit();
    if (!written) {
        // The log file has it all; the events are only a live view of it.
        qCWarning(lcSched).noquote() << "cannot publish job output:"
                                     << (why.isEmpty() ? transaction.errorString() : why);
    }
}

} // namespace Cairn
