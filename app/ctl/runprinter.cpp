// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "runprinter.h"

#include "backend.h"
#include "console.h"
#include "texttable.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

using Cairn::JobState;
using Cairn::Node;
using Cairn::QueuedJob;

namespace CairnCtl {

namespace {

QString resultText(Node::Outcome outcome)
{
    return outcome == Node::Outcome::None ? QStringLiteral("-") : Node::outcomeName(outcome);
}

QString jobDuration(const QueuedJob &row)
{
    if (!row.started.isValid() || !row.ended.isValid())
        return QStringLiteral("-");
    return RunPrinter::duration(row.started.msecsTo(row.ended));
}

QString exitText(const QueuedJob &row)
{
    return row.exitCode ? QString::number(*row.exitCode) : QStringLiteral("-");
}

QString compactJson(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

int RunPrinter::printChanged(Backend &backend, const QString &id,
                             const std::function<QString(const Cairn::Node &)> &text)
{
    const Cairn::Result<Cairn::Node> node = backend.node(id);
    if (!node)
        return m_console.fail(node.error());
    if (m_console.json())
        m_console.printJson(QJsonDocument(node->toJson()));
    else
        m_console.out() << text(*node) << u'\n';
    return ExitOk;
}

RunPrinter::RunPrinter(Console &console) : m_console(console) { }

QString RunPrinter::duration(qint64 milliseconds)
{
    if (milliseconds < 1000)
        return QStringLiteral("%1ms").arg(std::max<qint64>(milliseconds, 0));
    if (milliseconds < 60 * 1000)
        return QStringLiteral("%1s").arg(double(milliseconds) / 1000, 0, 'f', 1);
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 3600)
        return QStringLiteral("%1m%2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    return QStringLiteral("%1h%2m")
            .arg(seconds / 3600)
            .arg(seconds % 3600 / 60, 2, 10, QChar(u'0'));
}

QString RunPrinter::jobCount(qsizetype count)
{
    return count == 1 ? tr("1 job") : tr("%1 jobs").arg(count);
}

QString RunPrinter::time(const QDateTime &time)
{
    return time.isValid() ? Node::timeToText(time) : QStringLiteral("-");
}

QString RunPrinter::jobResult(const QueuedJob &row)
{
    return resultText(row.applyTo(Node()).result);
}

QString RunPrinter::runDuration(const Node &run)
{
    const QJsonValue duration = run.data.value(QStringLiteral("duration_ms"));
    return run.state == Node::State::Done && duration.isDouble()
            ? RunPrinter::duration(qint64(duration.toDouble()))
            : QStringLiteral("-");
}

void RunPrinter::printList(const Cairn::NodePage &page)
{
    if (m_console.json()) {
        QJsonArray items;
        for (const Node &run : page.nodes)
            items.append(run.toJson());
        m_console.printJson(QJsonDocument(QJsonObject{
                {QStringLiteral("items"), items},
                {QStringLiteral("total"), page.total},
                {QStringLiteral("limit"), page.limit},
        }));
        return;
    }
    QTextStream &out = m_console.out();
    if (!page.nodes.isEmpty()) {
        TextTable table;
        table.setHeader({tr("ID"), tr("PIPELINE"), tr("STATE"), tr("RESULT"), tr("CLIENT"),
                         tr("CREATED"), tr("DURATION")});
        for (const Node &run : page.nodes)
            table.addRow({run.id, run.name, Node::stateName(run.state), resultText(run.result),
                          Console::orDash(run.data.value(QStringLiteral("client")).toString()),
                          time(run.created), runDuration(run)});
        table.print(out);
    }
    out << (page.total == 1 ? tr("%1 of 1 run").arg(page.nodes.size())
                            : tr("%1 of %2 runs").arg(page.nodes.size()).arg(page.total))
        << u'\n';
}

void RunPrinter::printRun(const Node &run, const QList<QueuedJob> &jobs,
                          const QList<Node> &jobNodes)
{
    if (m_console.json()) {
        QHash<QString, const Node *> byId;
        for (const Node &node : jobNodes)
            byId.insert(node.id, &node);
        QJsonArray list;
        for (const QueuedJob &row : jobs) {
            if (const Node *node = byId.value(row.id))
                list.append(node->toJson());
        }
        m_console.printJson(QJsonDocument(QJsonObject{{QStringLiteral("run"), run.toJson()},
                                                      {QStringLiteral("jobs"), list}}));
        return;
    }

    const QJsonObject &data = run.data;
    const QJsonArray stages = data.value(QStringLiteral("stages")).toArray();
    QString stage = data.value(QStringLiteral("stage")).toString();
    if (!stages.isEmpty())
        stage += QStringLiteral(" (%1 of %2)")
                         .arg(data.value(QStringLiteral("stage_index")).toInt() + 1)
                         .arg(stages.size());
    QString failure = data.value(QStringLiteral("failure")).toString();
    const QJsonArray failures = data.value(QStringLiteral("failures")).toArray();
    if (failure.isEmpty() && !failures.isEmpty()) {
        QStringList names;
        for (const QJsonValue &name : failures)
            names.append(name.toString());
        failure = tr("failed: %1").arg(names.join(QStringLiteral(", ")));
    }
    QList<std::pair<QString, QString>> fields{
            {QStringLiteral("id"), run.id},
            {QStringLiteral("pipeline"), run.name},
            {QStringLiteral("state"), Node::stateName(run.state)},
            {QStringLiteral("result"), resultText(run.result)},
            {QStringLiteral("client"),
             Console::orDash(data.value(QStringLiteral("client")).toString())},
            {QStringLiteral("priority"),
             QString::number(data.value(QStringLiteral("priority")).toInt())},
            {QStringLiteral("stage"), Console::orDash(stage)},
            {QStringLiteral("inputs"),
             compactJson(data.value(QStringLiteral("inputs")).toObject())},
            {QStringLiteral("created"), time(run.created)},
            {QStringLiteral("ended"),
             Console::orDash(data.value(QStringLiteral("ended")).toString())},
            {QStringLiteral("duration"), runDuration(run)},
            {QStringLiteral("failure"), Console::orDash(failure)},
    };
    if (const int retries = data.value(QStringLiteral("retries")).toInt(); retries > 0)
        fields.append({QStringLiteral("retries"), QString::number(retries)});
    m_console.printFields(fields, 10);

    QTextStream &out = m_console.out();
    out << u'\n';
    TextTable table;
    table.setHeader({tr("JOB"), tr("STAGE"), tr("STATE"), tr("RESULT"), tr("ATTEMPT"), tr("EXIT"),
                     tr("DURATION"), tr("ID"), tr("FAILURE")});
    for (const QueuedJob &row : jobs)
        table.addRow({row.name, row.stage(), Cairn::JobStates::name(row.state), jobResult(row),
                      QStringLiteral("%1/%2").arg(row.attempt).arg(row.maxAttempts), exitText(row),
                      jobDuration(row), row.id, Console::orDash(row.failure)});
    table.print(out);
}

void RunPrinter::printJob(const Node &job, const QueuedJob &row)
{
    if (m_console.json()) {
        m_console.printJson(QJsonDocument(job.toJson()));
        return;
    }
    const QJsonObject &data = job.data;
    const QList<std::pair<QString, QString>> fields{
            {QStringLiteral("id"), job.id},
            {QStringLiteral("name"), row.name},
            {QStringLiteral("run"), row.runId},
            {QStringLiteral("stage"), row.stage()},
            {QStringLiteral("kind"),
             row.kind + QStringLiteral(" ") + data.value(QStringLiteral("version")).toString()},
            {QStringLiteral("state"), Cairn::JobStates::name(row.state)},
            {QStringLiteral("result"), jobResult(row)},
            {QStringLiteral("attempt"), tr("%1 of %2").arg(row.attempt).arg(row.maxAttempts)},
            {QStringLiteral("exit code"), exitText(row)},
            {QStringLiteral("owner"), Console::orDash(row.leaseOwner)},
            {QStringLiteral("scheduled"), time(row.scheduled)},
            {QStringLiteral("started"), time(row.started)},
            {QStringLiteral("ended"), time(row.ended)},
            {QStringLiteral("duration"), jobDuration(row)},
            {QStringLiteral("failure"), Console::orDash(row.failure)},
            {QStringLiteral("log"),
             Console::orDash(job.artifacts.value(QStringLiteral("log")).toString())},
    };
    m_console.printFields(fields, 11);
    QTextStream &out = m_console.out();
    out << QStringLiteral("params:\n")
        << Console::indented(QJsonDocument(row.spec.value(QStringLiteral("params")).toObject())
                                     .toJson(QJsonDocument::Indented),
                             QStringLiteral("  "))
        << u'\n';

    const QJsonArray attempts = data.value(QStringLiteral("attempts")).toArray();
    if (attempts.isEmpty())
        return;
    out << QStringLiteral("attempts:\n");
    TextTable table;
    table.setHeader({QStringLiteral("  ") + tr("ATTEMPT"), tr("STATUS"), tr("EXIT"), tr("STARTED"),
                     tr("DURATION"), tr("FAILURE")});
    for (const QJsonValue &value : attempts) {
        const QJsonObject attempt = value.toObject();
        const QDateTime started = Node::timeFromText(
                attempt.value(QStringLiteral("started")).toString());
        const QDateTime ended = Node::timeFromText(
                attempt.value(QStringLiteral("ended")).toString());
        const QJsonValue exitCode = attempt.value(QStringLiteral("exit_code"));
        table.addRow({QStringLiteral("  ")
                              + QString::number(attempt.value(QStringLiteral("attempt")).toInt()),
                      attempt.value(QStringLiteral("status")).toString(),
                      exitCode.isDouble() ? QString::number(exitCode.toInt()) : QStringLiteral("-"),
                      time(started),
                      started.isValid() && ended.isValid() ? duration(started.msecsTo(ended))
                                                           : QStringLiteral("-"),
                      Console::orDash(attempt.value(QStringLiteral("failure")).toString())});
    }
    table.print(out);
}

QString RunPrinter::jobEndLine(const QueuedJob &row)
{
    QString line = QStringLiteral("%1: %2").arg(row.name, Cairn::JobStates::name(row.state));
    if (row.state == JobState::Ready)
        line = tr("%1: attempt %2 of %3 failed, queued again")
                       .arg(row.name)
                       .arg(row.attempt)
                       .arg(row.maxAttempts);
    else if (const QString result = jobResult(row); result != QStringLiteral("-"))
        line += u' ' + result;
    if (row.attempt > 0 && row.state != JobState::Ready)
        line += tr(", attempt %1/%2").arg(row.attempt).arg(row.maxAttempts);
    if (row.exitCode)
        line += tr(", exit %1").arg(*row.exitCode);
    if (row.started.isValid() && row.ended.isValid())
        line += QStringLiteral(", ") + duration(row.started.msecsTo(row.ended));
    if (!row.failure.isEmpty())
        line += QStringLiteral(": ") + row.failure;
    return line;
}

QString RunPrinter::runEndLine(const Node &run)
{
    const QString duration = runDuration(run);
    switch (run.result) {
    case Node::Outcome::Pass:
        return tr("Run %1 (%2) passed in %3.").arg(run.id, run.name, duration);
    case Node::Outcome::Fail:
        return tr("Run %1 (%2) failed in %3.").arg(run.id, run.name, duration);
    case Node::Outcome::None:
    case Node::Outcome::Skip:
    case Node::Outcome::Incomplete:
        break;
    }
    const QString failure = run.data.value(QStringLiteral("failure")).toString();
    return failure.isEmpty()
            ? tr("Run %1 (%2) ended %3 in %4.")
                      .arg(run.id, run.name, resultText(run.result), duration)
            : tr("Run %1 (%2) ended %3 in %4: %5")
                      .arg(run.id, run.name, resultText(run.result), duration, failure);
}

} // namespace CairnCtl
