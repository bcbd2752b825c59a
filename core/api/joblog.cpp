// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "joblog.h"

#include "jobstate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace Cairn {

QString JobLog::path(const Node &job)
{
    const QUrl url(job.artifacts.value(QStringLiteral("log")).toString());
    return url.isLocalFile() ? url.toLocalFile() : QString();
}

/*!
    The log of attempt \a attempt of \a job: the "log" artifact names the latest attempt's
    log, in a folder of its own beside the folders of the other attempts (see
    JobQueue::attemptDir()).
*/
Result<QString> JobLog::attemptPath(const Node &job, int attempt)
{
    const QString url = job.artifacts.value(QStringLiteral("log")).toString();
    if (url.isEmpty())
        return Error::notFound(tr("Job %1 has no log yet: it has not started.").arg(job.id));
    const QUrl location(url);
    if (!location.isLocalFile())
        return Error::notFound(tr("The log of job %1 is not a local file: %2").arg(job.id, url));
    const QString latest = location.toLocalFile();
    const int latestAttempt = job.data.value(QStringLiteral("attempt")).toInt();
    if (attempt == latestAttempt)
        return latest;
    QDir attempts = QFileInfo(latest).dir();
    if (attempts.dirName() != QString::number(latestAttempt) || !attempts.cdUp())
        return Error::notFound(tr("The log of attempt %1 of job %2 cannot be found from %3.")
                                       .arg(QString::number(attempt), job.id, latest));
    return attempts.filePath(QString::number(attempt) + u'/' + QFileInfo(latest).fileName());
}

bool JobLog::isFinished(const Node &job)
{
    const auto state = JobStates::fromName(job.data.value(QStringLiteral("state")).toString());
    return state ? JobStates::isFinished(*state) : job.state == Node::State::Done;
}

qint64 JobLog::size(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() ? info.size() : 0;
}

Result<QByteArray> JobLog::read(const QString &path, qint64 offset, qint64 length)
{
    QFile file(path);
    if (!file.exists() || length <= 0)
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return Error::database(tr("The log cannot be read: %1").arg(file.errorString()));
    if (!file.seek(offset))
        return QByteArray();
    return file.read(length);
}

std::optional<Result<JobLog::Range>> JobLog::parseRange(const QByteArray &header, qint64 size)
{
    static const QRegularExpression pattern(
            QStringLiteral("^\\s*bytes\\s*=\\s*(\\d*)-(\\d*)\\s*$"));
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(header));
    if (!match.hasMatch())
        return std::nullopt;
    const QString first = match.captured(1);
    const QString last = match.captured(2);
    if (first.isEmpty() && last.isEmpty())
        return std::nullopt;
    bool ok = true;
    Range range;
    if (first.isEmpty()) {
        // bytes=-N: the last N bytes.
        const qint64 suffix = last.toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        if (suffix == 0 || size == 0)
            return Result<Range>(Error::notFound(tr("The log is empty.")));
        range.offset = std::max<qint64>(0, size - suffix);
        range.length = size - range.offset;
        return Result<Range>(range);
    }
    range.offset = first.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    qint64 end = size - 1;
    if (!last.isEmpty()) {
        end = last.toLongLong(&ok);
        if (!ok || end < range.offset)
            return std::nullopt;
        end = std::min(end, size - 1);
    }
    if (range.offset >= size)
        return Result<Range>(Error::notFound(
                tr("The log has %1 bytes; the range starts at %2.").arg(size).arg(range.offset)));
    range.length = end - range.offset + 1;
    return Result<Range>(range);
}

} // namespace Cairn
