// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "joblogcommand.h"

#include "backend.h"
#include "commandparser.h"
#include "console.h"
#include "logfeed.h"
#include "logfollower.h"
#include "optionvalue.h"
#include "runlookup.h"
#include "session.h"

#include <joblog.h>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <limits>

using Cairn::Error;

namespace CairnCtl {

JobLogCommand::JobLogCommand(Session &session) : m_session(session) { }

int JobLogCommand::run(const QStringList &arguments)
{
    CommandParser parser(
            QStringLiteral("job log"), QStringLiteral("[options] <id>"),
            tr("Prints the log of a job's latest attempt, or of the attempt --attempt names.\n\n"
               "With --follow it goes on printing the output as it is written, through the\n"
               "attempts that follow a failure, until the job has finished: exit code 0\n"
               "when it passed, 1 when it did not. SIGINT and SIGTERM end it with exit\n"
               "code 0. A job that has not started yet is waited for.\n\n"
               "With --json (and no --follow) it prints the job's id, the attempt, the log's\n"
               "path and its text."));
    const QCommandLineOption attempt(QStringLiteral("attempt"),
                                     tr("The attempt whose log to print, from 1; the latest by "
                                        "default."),
                                     tr("n"));
    const QCommandLineOption follow({QStringLiteral("f"), QStringLiteral("follow")},
                                    tr("Prints new output as it comes until the job has "
                                       "finished."));
    parser.addOption(attempt);
    parser.addOption(follow);
    parser.addArgument(QStringLiteral("id"), tr("The job's id."));
    if (const auto stop = m_session.parse(parser, arguments))
        return *stop;
    if (const auto stop = m_session.expectArguments(parser, 1, 1, tr("a job id")))
        return *stop;
    Console &console = m_session.console();
    if (parser.isSet(follow) && console.json())
        return console.usageError(tr("--follow prints the log as it is, not JSON"),
                                  parser.command());
    int wanted = 0;
    if (parser.isSet(attempt)) {
        const auto value = OptionValue::number(QStringLiteral("--attempt"), parser.value(attempt),
                                               1, std::numeric_limits<int>::max());
        if (!value)
            return console.fail(value.error());
        wanted = int(*value);
    }
    if (const auto stop = m_session.openBackend())
        return *stop;

    Backend &backend = m_session.backend();
    const QString id = parser.arguments().constFirst();
    const auto job = RunLookup::job(backend, id);
    if (!job)
        return console.fail(job.error());
    const int latest = job->data.value(QStringLiteral("attempt")).toInt();
    if (wanted > latest && !parser.isSet(follow))
        return console.fail(Error::invalid(
                QStringLiteral("--attempt"),
                latest == 0 ? tr("job %1 has not started yet").arg(id)
                        : latest == 1
                        ? tr("job %1 has had 1 attempt so far").arg(id)
                        : tr("job %1 has had %2 attempts so far").arg(id).arg(latest)));

    if (parser.isSet(follow)) {
        const auto feed = backend.followLog(id, wanted);
        if (!feed)
            return console.fail(feed.error());
        LogFollower follower(console, **feed);
        return follower.follow();
    }

    const int number = wanted > 0 ? wanted : latest;
    const auto path = Cairn::JobLog::attemptPath(*job, number);
    if (!path)
        return console.fail(path.error());
    const auto log = backend.jobLog(*job, number);
    if (!log)
        return console.fail(log.error());
    const QByteArray &text = *log;
    if (console.json()) {
        console.printJson(QJsonDocument(QJsonObject{
                {QStringLiteral("job"), id},
                {QStringLiteral("attempt"), number},
                {QStringLiteral("path"), *path},
                {QStringLiteral("log"), QString::fromUtf8(text)},
        }));
        return ExitOk;
    }
    console.out().flush();
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly) || out.write(text) != text.size() || !out.flush())
        return console.databaseError(tr("cannot write to standard output"));
    return ExitOk;
}

} // namespace CairnCtl
