// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace Cairn {

/*
 * The log of a job: the file its "log" artifact names (a file URL of the attempt's log.txt),
 * read by byte ranges.
 */
class JobLog
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JobLog)
public:
    struct Range
    {
        qint64 offset = 0;
        qint64 length = 0;
    };

    // The local path of job's log; empty when the job has no log yet or it is not local.
    static QString path(const Node &job);
    // The local path of the log of one attempt of job, from 1; the error says why there is
    // none (NotFound).
    static Result<QString> attemptPath(const Node &job, int attempt);
    // Whether the job will write no more: DONE, ERROR or CANCELLED.
    static bool isFinished(const Node &job);

    // The size of the file at path; 0 when it does not exist (yet).
    static qint64 size(const QString &path);
    // Up to length bytes from offset; what is there when the file is shorter.
    static Result<QByteArray> read(const QString &path, qint64 offset, qint64 length);

    // The range a "Range: bytes=..." header asks for in a file of size bytes. Nothing when the
    // header is not one range of bytes, which HTTP lets a server ignore; a NotFound error
    // when the range lies past the end (416).
    static std::optional<Result<Range>> parseRange(const QByteArray &header, qint64 size);
};

} // namespace Cairn
