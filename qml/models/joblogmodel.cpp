// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "joblogmodel.h"

#include <database.h>
#include <eventbus.h>
#include <eventfilter.h>
#include <nodestore.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlError>
#include <QUrl>

#include <algorithm>

namespace Cairn {

namespace {

const QString LogType = QStringLiteral("cairn.job.log");
constexpr qint64 ReadChunk = 1024 * 1024;

QString lineText(QByteArrayView bytes)
{
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    return QString::fromUtf8(bytes);
}

/*
 * The log of an attempt of job: the "log" artifact names the latest attempt's file, in a
 * folder named after the attempt beside those of the others (jobs/ID/N/log.txt, see
 * JobQueue::attemptDir()). Empty when the job has no local log (yet).
 */
QString attemptLogPath(const Node &job, int attempt)
{
    const QUrl url(job.artifacts.value(QStringLiteral("log")).toString());
    if (!url.isLocalFile())
        return {};
    const QString latest = url.toLocalFile();
    const int latestAttempt = job.data.value(QStringLiteral("attempt")).toInt();
    if (attempt == latestAttempt)
        return latest;
    QDir attempts = QFileInfo(latest).dir();
    if (attempts.dirName() != QString::number(latestAttempt) || !attempts.cdUp())
        return {};
    return attempts.filePath(QString::number(attempt) + u'/' + QFileInfo(latest).fileName());
}

} // namespace

JobLogModel::JobLogModel(QObject *parent) : QAbstractListModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(std::chrono::milliseconds(50));
    connect(&m_batchTimer, &QTimer::timeout, this, &JobLogModel::applyEvents);
}

JobLogModel::~JobLogModel()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
}

void JobLogModel::setDatabase(Database *database)
{
    if (m_db == database)
        return;
    m_db = database;
    m_store = database ? std::make_unique<NodeStore>(*database) : nullptr;
    load();
    Q_EMIT databaseChanged();
}

void JobLogModel::setBus(EventBus *bus)
{
    if (m_bus == bus)
        return;
    m_bus = bus;
    subscribe();
    Q_EMIT busChanged();
}

void JobLogModel::setJobId(const QString &jobId)
{
    if (jobId == m_jobId)
        return;
    m_jobId = jobId;
    subscribe();
    load();
    Q_EMIT jobIdChanged();
}

void JobLogModel::setAttempt(int attempt)
{
    attempt = attempt < 1 ? -1 : attempt;
    if (attempt == m_attempt)
        return;
    m_attempt = attempt;
    load();
    Q_EMIT attemptChanged();
}

void JobLogModel::setMaxLines(int lines)
{
    lines = std::max(1, lines);
    if (lines == m_maxLines)
        return;
    m_maxLines = lines;
    commit();
    Q_EMIT maxLinesChanged();
}

void JobLogModel::setBatchInterval(std::chrono::milliseconds interval)
{
    m_batchTimer.setInterval(interval);
}

void JobLogModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void JobLogModel::setShown(int attempt)
{
    if (attempt == m_shown)
        return;
    m_path.clear();
    m_shown = attempt;
    Q_EMIT shownAttemptChanged();
}

void JobLogModel::subscribe()
{
    if (m_bus && m_subscription)
        m_bus->unsubscribe(m_subscription);
    m_subscription = 0;
    m_pending.clear();
    if (!m_bus || m_jobId.isEmpty())
        return;
    EventFilter filter;
    if (!filter.addTerm(QStringLiteral("type=") + LogType)
        || !filter.addTerm(QStringLiteral("subject=") + m_jobId)) {
        setError(tr("Job id %1 cannot be followed.").arg(m_jobId));
        return;
    }
    m_subscription = m_bus->subscribe(filter, this, [this](const CloudEvent &event) {
        m_pending.append(event);
        if (!m_batchTimer.isActive())
            m_batchTimer.start();
    });
}

void JobLogModel::reload()
{
    load();
}

void JobLogModel::clearRows()
{
    m_rows.clear();
    m_added.clear();
    m_size = 0;
    m_lineCount = 0;
    m_lastOpen = false;
    m_lastBytes.clear();
    m_lastChanged = false;
}

/*!
    Reads the stored log of the attempt. The bus subscription is made first, so an event
    for what is written meanwhile is not missed; the offsets tell what the file already gave.
*/
void JobLogModel::load()
{
    const int before = count();
    const qint64 linesBefore = m_lineCount;
    m_resetting = true;
    beginResetModel();
    clearRows();
    m_path.clear();
    int shown = 0;
    QString error;
    if (m_store && !m_jobId.isEmpty()) {
        Result<Node> job = m_store->get(m_jobId);
        if (!job) {
            error = job.error().code == Error::NotFound ? tr("There is no job %1.").arg(m_jobId)
                                                        : job.error().toString();
        } else {
            const int latest = job->data.value(QStringLiteral("attempt")).toInt();
            shown = m_attempt > 0 ? m_attempt : latest;
            setShown(shown);
            if (shown > 0 && shown <= latest) {
                m_path = attemptLogPath(*job, shown);
                if (!appendFromFile(-1, errorRanges()))
                    error = m_error;
            }
        }
    }
    setShown(shown);
    commit();
    endResetModel();
    m_resetting = false;
    setError(error);
    if (count() != before)
        Q_EMIT countChanged();
    if (m_lineCount != linesBefore)
        Q_EMIT lineCountChanged();
}

QString JobLogModel::logPath()
{
    if (m_path.isEmpty() && m_store && m_shown > 0) {
        if (Result<Node> job = m_store->get(m_jobId))
            m_path = attemptLogPath(*job, m_shown);
    }
    return m_path;
}

/*!
    The parts of the shown attempt's log written to standard error, as far as the job's log
    events are still kept: the events of one job, along the events_subject index.
*/
QList<JobLogModel::ErrorRange> JobLogModel::errorRanges()
{
    if (!m_db || m_shown <= 0)
        return {};
    QString why;
    const auto query = m_db->cachedQuery(
            QStringLiteral("SELECT data FROM events WHERE subject = ? AND type = ? ORDER BY seq"),
            &why);
    if (!query)
        return {};
    query->bindValue(0, m_jobId);
    query->bindValue(1, LogType);
    QList<ErrorRange> ranges;
    if (query->exec()) {
        while (query->next()) {
            const QJsonObject data =
                    QJsonDocument::fromJson(query->value(0).toByteArray()).object();
            if (data.value(QStringLiteral("attempt")).toInt() != m_shown
                || data.value(QStringLiteral("stream")).toString() != QLatin1String("stderr"))
                continue;
            const qint64 offset = data.value(QStringLiteral("offset")).toInteger();
            ranges.append({offset,
                           offset + data.value(QStringLiteral("text")).toString().toUtf8().size()});
        }
    }
    query->finish();
    return ranges;
}

bool JobLogModel::hasLogFile()
{
    const QString path = logPath();
    return !path.isEmpty() && QFileInfo::exists(path);
}

bool JobLogModel::appendFromFile(qint64 end, const QList<ErrorRange> &errors)
{
    // A log that is not there (yet) is an empty one.
    if (!hasLogFile())
        return true;
    QFile file(logPath());
    if (!file.open(QIODevice::ReadOnly)) {
        setError(tr("The log cannot be read: %1").arg(file.errorString()));
        return false;
    }
    if (!file.seek(m_size))
        return true;
    while (end < 0 || m_size < end) {
        const qint64 want = end < 0 ? ReadChunk : std::min(ReadChunk, end - m_size);
        const QByteArray chunk = file.read(want);
        if (chunk.isEmpty())
            break;
        appendBytes(chunk, false, errors);
    }
    return true;
}

void JobLogModel::appendBytes(const QByteArray &bytes, bool isError,
                              const QList<ErrorRange> &errors)
{
    const auto errorAt = [&](qint64 offset) {
        if (isError)
            return true;
        return std::any_of(errors.cbegin(), errors.cend(), [offset](const ErrorRange &r) {
            return offset >= r.offset && offset < r.end;
        });
    };
    qsizetype pos = 0;
    if (m_lastOpen) {
        const qsizetype newline = bytes.indexOf('\n');
        const qsizetype stop = newline < 0 ? bytes.size() : newline;
        m_lastBytes += QByteArrayView(bytes).first(stop);
        Row &last = m_added.isEmpty() ? m_rows.last() : m_added.last();
        last.text = lineText(m_lastBytes);
        m_lastChanged = m_lastChanged || m_added.isEmpty();
        if (newline < 0) {
            m_size += bytes.size();
            return;
        }
        m_lastOpen = false;
        m_lastBytes.clear();
        pos = newline + 1;
    }
    while (pos < bytes.size()) {
        const qsizetype newline = bytes.indexOf('\n', pos);
        const qsizetype stop = newline < 0 ? bytes.size() : newline;
        const QByteArrayView line = QByteArrayView(bytes).sliced(pos, stop - pos);
        m_added.append({lineText(line), errorAt(m_size + pos), ++m_lineCount});
        if (newline < 0) {
            m_lastOpen = true;
            m_lastBytes = line.toByteArray();
        }
        pos = stop + 1;
    }
    m_size += bytes.size();
    // A long log read in one go keeps only what it will show.
    if (m_added.size() > 2 * qsizetype(m_maxLines))
        m_added.remove(0, m_added.size() - m_maxLines);
}

/*!
    Shows what appendBytes() gathered: the last row grown in place, new rows at the end,
    the oldest rows gone beyond maxLines.
*/
void JobLogModel::commit()
{
    const int before = count();
    if (m_lastChanged && !m_rows.isEmpty() && !m_resetting) {
        const QModelIndex last = index(int(m_rows.size()) - 1);
        Q_EMIT dataChanged(last, last);
    }
    m_lastChanged = false;
    if (m_added.size() > m_maxLines)
        m_added.remove(0, m_added.size() - m_maxLines);
    const qsizetype excess = m_rows.size() + m_added.size() - m_maxLines;
    if (excess > 0) {
        if (!m_resetting)
            beginRemoveRows({}, 0, int(excess) - 1);
        m_rows.remove(0, excess);
        if (!m_resetting)
            endRemoveRows();
    }
    if (!m_added.isEmpty()) {
        const int first = int(m_rows.size());
        if (!m_resetting)
            beginInsertRows({}, first, first + int(m_added.size()) - 1);
        m_rows += std::exchange(m_added, {});
        if (!m_resetting)
            endInsertRows();
    }
    if (!m_resetting && count() != before)
        Q_EMIT countChanged();
}

/*!
    Applies the log events gathered since the last batch.
*/
void JobLogModel::applyEvents()
{
    const QList<CloudEvent> events = std::exchange(m_pending, {});
    const qint64 linesBefore = m_lineCount;
    for (const CloudEvent &event : events) {
        const QJsonObject data = event.data.toObject();
        const int attempt = data.value(QStringLiteral("attempt")).toInt();
        if (attempt != m_shown) {
            if (m_attempt > 0 || attempt < m_shown)
                continue;
            // A newer attempt started: its log replaces the one shown.
            commit();
            beginResetModel();
            const int before = count();
            clearRows();
            setShown(attempt);
            endResetModel();
            if (before != 0)
                Q_EMIT countChanged();
        }
        QByteArray bytes = data.value(QStringLiteral("text")).toString().toUtf8();
        const qint64 offset = data.value(QStringLiteral("offset")).toInteger();
        const qint64 end = offset + bytes.size();
        const bool lossy =
                data.value(QStringLiteral("text")).toString().contains(QChar::ReplacementCharacter);
        if (lossy && hasLogFile()) {
            // Text cut inside a UTF-8 sequence (or not UTF-8 at all) lost bytes on its way
            // into the event: its length says nothing, the file has what was written.
            appendFromFile(-1);
        } else if (end > m_size) {
            // What the events left out is in the file.
            if (offset > m_size)
                appendFromFile(offset);
            if (offset > m_size)
                m_size = offset; // not even the file has it
            bytes.remove(0, m_size - offset);
            appendBytes(bytes,
                        data.value(QStringLiteral("stream")).toString() == QLatin1String("stderr"));
        }
        // Bytes left out after this text come in no later event if the job has finished.
        if (data.value(QStringLiteral("dropped")).toInteger() > 0)
            appendFromFile(-1);
    }
    commit();
    if (m_lineCount != linesBefore)
        Q_EMIT lineCountChanged();
}

/*!
    The first row from \a fromRow on, or back from it when \a backwards, whose text holds
    \a text in any case; -1 when none does. A row out of range starts at the nearest end, so
    "find next" is find(text, current + 1) and "find previous" find(text, current - 1, true).
*/
int JobLogModel::find(const QString &text, int fromRow, bool backwards) const
{
    if (text.isEmpty() || m_rows.isEmpty())
        return -1;
    const int step = backwards ? -1 : 1;
    for (int row = std::clamp(fromRow, 0, count() - 1); row >= 0 && row < count(); row += step) {
        if (m_rows.at(row).text.contains(text, Qt::CaseInsensitive))
            return row;
    }
    return -1;
}

/*!
    The rows kept, as text to copy: lines end with a newline, except a last line the job has
    not ended yet.
*/
QString JobLogModel::allText() const
{
    QString text;
    qsizetype size = 0;
    for (const Row &row : m_rows)
        size += row.text.size() + 1;
    text.reserve(size);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        text += m_rows.at(i).text;
        if (i + 1 < m_rows.size() || !m_lastOpen)
            text += u'\n';
    }
    return text;
}

int JobLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant JobLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return row.text;
    case StreamRole:
        return row.isError ? QStringLiteral("stderr") : QStringLiteral("stdout");
    case LineNumberRole:
        return row.number;
    default:
        return {};
    }
}

QHash<int, QByteArray> JobLogModel::roleNames() const
{
    return {
            {TextRole, "text"},
            {StreamRole, "stream"},
            {LineNumberRole, "lineNumber"},
    };
}

} // namespace Cairn
