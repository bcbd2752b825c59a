// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "node.h"
#include "nodestore.h"
#include "queuedjob.h"

#include <QCoreApplication>
#include <QList>

#include <functional>

namespace CairnCtl {

class Backend;
class Console;

/*
 * Prints runs and jobs the way the console asks for: readable text, or their nodes as JSON
 * for programs. What the queue knows of a job (its state, attempts, exit code) comes from
 * its queue row; the rest from its node.
 */
class RunPrinter
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RunPrinter)
public:
    explicit RunPrinter(Console &console);

    // A table, one run per row, newest first as given, and a "3 of 17 runs" footer.
    void printList(const Cairn::NodePage &page);
    // The run's fields, then a table of its jobs. jobNodes: the job nodes, in any order.
    void printRun(const Cairn::Node &run, const QList<Cairn::QueuedJob> &jobs,
                  const QList<Cairn::Node> &jobNodes);
    // Every field of a job, its params, and a table of its attempts.
    void printJob(const Cairn::Node &job, const Cairn::QueuedJob &row);
    // What a command that changed a run or job says after: the node as it is now with
    // --json, else the line text(node). Gives the exit code.
    int printChanged(Backend &backend, const QString &id,
                     const std::function<QString(const Cairn::Node &)> &text);

    // One line on how a job's attempt ended: "compile: DONE pass, attempt 1/1, exit 0, 1.2s".
    static QString jobEndLine(const Cairn::QueuedJob &row);
    // One line on how a run ended: "Run ID (nightly) passed in 3.2s."
    static QString runEndLine(const Cairn::Node &run);

    // "1 job", "3 jobs".
    static QString jobCount(qsizetype count);
    // "350ms", "12.3s", "3m04s", "2h03m".
    static QString duration(qint64 milliseconds);
    static QString time(const QDateTime &time);
    // The result of the job as its node has it: pass, fail, incomplete (ERROR), skip
    // (CANCELLED); "-" while it is not finished.
    static QString jobResult(const Cairn::QueuedJob &row);
    // The run's duration once it has ended; "-" before.
    static QString runDuration(const Cairn::Node &run);

private:
    Console &m_console;
};

} // namespace CairnCtl
