// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "pipelineprinter.h"

#include "console.h"
#include "runprinter.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonDocument>

using Cairn::Pipeline;
using Cairn::PipelineJob;

namespace CairnCtl {

namespace {

QString compactJson(const QJsonValue &value)
{
    // Wrapped in an array, since a JSON document cannot hold a scalar.
    const QByteArray text = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(text.mid(1, text.size() - 2));
}

} // namespace

PipelinePrinter::PipelinePrinter(Console &console) : m_console(console) { }

void PipelinePrinter::print(const Pipeline &pipeline)
{
    if (m_console.json()) {
        m_console.printJson(QJsonDocument(pipeline.toJson()));
        return;
    }

    constexpr int KeyWidth = 13;
    m_console.printFields({{QStringLiteral("name"), pipeline.name},
                           {QStringLiteral("description"), Console::orDash(pipeline.description)},
                           {QStringLiteral("stages"), pipeline.stages.join(QStringLiteral(", "))}},
                          KeyWidth);
    QTextStream &out = m_console.out();
    out << QStringLiteral("inputs:");
    if (pipeline.inputs.isEmpty()) {
        out << QString(KeyWidth - 7, u' ') << QStringLiteral("-\n");
    } else {
        out << u'\n';
        TextTable inputs;
        for (const Cairn::PipelineInput &input : pipeline.inputs)
            inputs.addRow({QStringLiteral("  ") + input.name,
                           input.isRequired()
                                   ? tr("required")
                                   : tr("default %1").arg(compactJson(input.defaultValue)),
                           input.description});
        inputs.print(out);
    }
    out << u'\n';

    TextTable jobs;
    jobs.setHeader({tr("STAGE"), tr("JOB"), tr("KIND"), tr("VERSION"), tr("PRIORITY"),
                    tr("RETRIES"), tr("ALLOW FAILURE"), tr("TIMEOUT")});
    for (qsizetype stage = 0; stage < pipeline.stages.size(); ++stage) {
        const QList<PipelineJob> stageJobs = pipeline.jobsOfStage(stage);
        for (const PipelineJob &job : stageJobs)
            jobs.addRow({job.stage, job.name, job.kind, job.version, QString::number(job.priority),
                         QString::number(job.retryAttempt), job.allowFailure ? tr("yes") : tr("no"),
                         job.timeout.count() > 0 ? RunPrinter::duration(job.timeout.count())
                                                 : QStringLiteral("-")});
    }
    jobs.print(out);
}

} // namespace CairnCtl
