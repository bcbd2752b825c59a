// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "remotelogmodel.h"

#include "remotejoblog.h"
#include "remotemirror.h"

#include <utility>

namespace Cairn {

RemoteLogModel::RemoteLogModel(RemoteMirror *mirror, QObject *parent)
    : QAbstractListModel(parent), m_mirror(mirror)
{
    m_batch.setSingleShot(true);
    m_batch.setInterval(50);
    connect(&m_batch, &QTimer::timeout, this, &RemoteLogModel::flush);
}

RemoteLogModel::~RemoteLogModel()
{
    if (m_log)
        m_log->stop();
}

void RemoteLogModel::setJobId(const QString &jobId)
{
    if (m_jobId == jobId)
        return;
    m_jobId = jobId;
    Q_EMIT jobIdChanged();
    restart();
}

void RemoteLogModel::restart()
{
    if (m_log) {
        m_log->stop();
        m_log->deleteLater();
    }
    beginResetModel();
    m_lines.clear();
    m_pending.clear();
    endResetModel();
    Q_EMIT countChanged();
    setError({});
    if (m_jobId.isEmpty() || !m_mirror)
        return;
    m_log = m_mirror->followLog(m_jobId, this);
    if (!m_log) {
        setError(tr("The connection to the server is closed."));
        return;
    }
    connect(m_log, &RemoteJobLog::attemptStarted, this, [this] {
        // A new attempt's log starts from its beginning.
        m_batch.stop();
        beginResetModel();
        m_lines.clear();
        m_pending.clear();
        endResetModel();
        Q_EMIT countChanged();
    });
    connect(m_log, &RemoteJobLog::output, this, [this](const QByteArray &bytes) {
        m_pending += bytes;
        if (!m_batch.isActive())
            m_batch.start();
    });
    connect(m_log, &RemoteJobLog::finished, this, &RemoteLogModel::flush);
    connect(m_log, &RemoteJobLog::failed, this, [this](const QString &error) {
        flush();
        setError(error);
    });
}

void RemoteLogModel::flush()
{
    m_batch.stop();
    if (m_pending.isEmpty())
        return;
    // Whole lines only, but for the end of a finished log.
    QByteArray chunk;
    const bool ended = m_log && !m_log->isActive();
    if (ended) {
        chunk = std::exchange(m_pending, {});
    } else {
        const qsizetype end = m_pending.lastIndexOf('\n');
        if (end < 0)
            return;
        chunk = m_pending.left(end);
        m_pending.remove(0, end + 1);
    }
    QStringList lines = QString::fromUtf8(chunk).split(QLatin1Char('\n'));
    if (ended && !lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return;
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size() + lines.size() - 1));
    m_lines.append(lines);
    endInsertRows();
    Q_EMIT countChanged();
}

void RemoteLogModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

int RemoteLogModel::find(const QString &text, int fromRow, bool backwards) const
{
    if (text.isEmpty() || m_lines.isEmpty())
        return -1;
    const int last = int(m_lines.size()) - 1;
    for (int row = std::clamp(fromRow, 0, last); row >= 0 && row <= last;
         row += backwards ? -1 : 1) {
        if (m_lines.at(row).contains(text, Qt::CaseInsensitive))
            return row;
    }
    return -1;
}

QString RemoteLogModel::allText() const
{
    return m_lines.join(QLatin1Char('\n'));
}

int RemoteLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant RemoteLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m_lines.at(index.row());
    case StreamRole:
        // The stored log does not say which stream a line came from.
        return QStringLiteral("stdout");
    case LineNumberRole:
        return index.row() + 1;
    default:
        return {};
    }
}

QHash<int, QByteArray> RemoteLogModel::roleNames() const
{
    return {{TextRole, "text"}, {StreamRole, "stream"}, {LineNumberRole, "lineNumber"}};
}

} // namespace Cairn
