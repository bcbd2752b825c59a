// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

/*
 * bench_scheduler: how many jobs per second the durable queue moves on SQLite, with jobs
 * that do nothing and with /bin/true through the process runtime, and how long an MQTT
 * reading takes to start the process of the job a rule runs for it. It prints figures next
 * to their targets; it exits non-zero only when what it measured did not happen as it
 * should (a job not DONE, or run twice), so it is a program and not a CTest entry.
 */

#include "schedulerreport.h"
#include "throughputbench.h"
#include "triggerbench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <optional>

using namespace CairnBench;
using namespace std::chrono_literals;

namespace {

constexpr double TargetJobsPerSecond = 5000;
constexpr qint64 TargetP50 = 10'000'000; // ns
constexpr qint64 TargetP99 = 50'000'000;

struct Options
{
    int jobs = 2000; // per no-op case
    int runSize = 500;
    int stages = 5;
    int singleRuns = 1000;
    int capacity = 64;
    int processJobs = 400;
    int processRunSize = 100;
    QList<int> processCapacities = {4, 16};
    TriggerOptions trigger;
    QStringList parts = {QStringLiteral("noop"), QStringLiteral("process"), QStringLiteral("mqtt")};
    QString dir;
    bool json = false;
};

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures the Cairn scheduler on SQLite: no-op jobs/s through the durable queue, "
            "/bin/true jobs/s through the process runtime, and the latency from an MQTT "
            "reading to the process of the job a rule starts for it. The table goes to stdout, "
            "progress to stderr; with --json the last line of stdout is one JSON object. Exits "
            "with 1 when a job did not run exactly once and pass."));
    parser.addHelpOption();
    const QCommandLineOption jobs(QStringLiteral("jobs"),
                                  QStringLiteral("No-op jobs per case (2000)."),
                                  QStringLiteral("N"));
    const QCommandLineOption runSize(QStringLiteral("run-size"),
                                     QStringLiteral("Jobs per run of the no-op cases (500)."),
                                     QStringLiteral("N"));
    const QCommandLineOption stages(
            QStringLiteral("stages"),
            QStringLiteral("Stages of the staged no-op case, splitting --run-size (5)."),
            QStringLiteral("N"));
    const QCommandLineOption singleRuns(
            QStringLiteral("single-runs"),
            QStringLiteral("Runs of the no-op case with one job per run (1000); 0 skips it."),
            QStringLiteral("N"));
    const QCommandLineOption capacity(QStringLiteral("capacity"),
                                      QStringLiteral("Capacity of the no-op runtime (64)."),
                                      QStringLiteral("N"));
    const QCommandLineOption processJobs(QStringLiteral("process-jobs"),
                                         QStringLiteral("/bin/true jobs per process case (400)."),
                                         QStringLiteral("N"));
    const QCommandLineOption processRunSize(
            QStringLiteral("process-run-size"),
            QStringLiteral("Jobs per run of the process cases (100)."), QStringLiteral("N"));
    const QCommandLineOption processCapacity(
            QStringLiteral("process-capacity"),
            QStringLiteral("Capacities of the process runtime, one case each (4,16)."),
            QStringLiteral("N,..."));
    const QCommandLineOption samples(QStringLiteral("samples"),
                                     QStringLiteral("MQTT readings measured (500)."),
                                     QStringLiteral("N"));
    const QCommandLineOption warmup(QStringLiteral("warmup"),
                                    QStringLiteral("MQTT readings sent first, not counted (20)."),
                                    QStringLiteral("N"));
    const QCommandLineOption gap(
            QStringLiteral("gap"),
            QStringLiteral("Milliseconds between a reading's run ending and the next (20)."),
            QStringLiteral("ms"));
    const QCommandLineOption parts(QStringLiteral("parts"),
                                   QStringLiteral("What to measure (noop,process,mqtt); "
                                                  "statements also traces the SQL of a no-op "
                                                  "case of 2 runs."),
                                   QStringLiteral("list"));
    const QCommandLineOption statements(QStringLiteral("statements"),
                                        QStringLiteral("Adds statements to --parts."));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Folder for the database files, which are kept; "
                                                "default a temporary folder."),
                                 QStringLiteral("path"));
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("Small sizes for a smoke run: 1000 no-op jobs "
                                                  "per case, 100 process jobs, 50 readings."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("End the output with one line of JSON."));
    parser.addOptions({jobs, runSize, stages, singleRuns, capacity, processJobs, processRunSize,
                       processCapacity, samples, warmup, gap, parts, statements, dir, quick, json});
    parser.process(app);

    Options options;
    if (parser.isSet(quick)) {
        options.jobs = 1000;
        options.singleRuns = 100;
        options.processJobs = 100;
        options.trigger.samples = 50;
        options.trigger.warmup = 5;
    }
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, int min, int *target) {
        if (!parser.isSet(option))
            return;
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < min) {
            std::fprintf(stderr, "--%s must be a whole number from %d\n",
                         qPrintable(option.names().constFirst()), min);
            ok = false;
            return;
        }
        *target = value;
    };
    number(jobs, 1, &options.jobs);
    number(runSize, 1, &options.runSize);
    number(stages, 1, &options.stages);
    number(singleRuns, 0, &options.singleRuns);
    number(capacity, 1, &options.capacity);
    number(processJobs, 1, &options.processJobs);
    number(processRunSize, 1, &options.processRunSize);
    number(samples, 1, &options.trigger.samples);
    number(warmup, 0, &options.trigger.warmup);
    int gapMs = int(options.trigger.gap.count());
    number(gap, 0, &gapMs);
    options.trigger.gap = std::chrono::milliseconds(gapMs);
    if (parser.isSet(processCapacity)) {
        options.processCapacities.clear();
        for (const QString &item : parser.value(processCapacity).split(QLatin1Char(','))) {
            bool valid = false;
            const int value = item.trimmed().toInt(&valid);
            if (!valid || value < 1) {
                std::fprintf(stderr, "--process-capacity takes whole numbers from 1\n");
                ok = false;
                break;
            }
            options.processCapacities.append(value);
        }
    }
    if (parser.isSet(parts)) {
        options.parts = parser.value(parts).split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (const QString &part : std::as_const(options.parts)) {
            if (part != QLatin1String("noop") && part != QLatin1String("process")
                && part != QLatin1String("mqtt") && part != QLatin1String("statements")) {
                std::fprintf(stderr, "--parts takes noop, process, mqtt and statements\n");
                ok = false;
            }
        }
    }
    if (options.runSize % options.stages != 0) {
        std::fprintf(stderr, "--run-size must be a multiple of --stages\n");
        ok = false;
    }
    if (parser.isSet(statements) && !options.parts.contains(QStringLiteral("statements")))
        options.parts.append(QStringLiteral("statements"));
    options.dir = parser.value(dir);
    options.json = parser.isSet(json);
    if (!ok)
        return std::nullopt;
    return options;
}

// "1 stage x 500 jobs", "5 stages x 100 jobs", "1 stage x 1 job".
QString shape(int stages, int jobsPerStage)
{
    return QStringLiteral("%1 stage%2 x %3 job%4")
            .arg(stages)
            .arg(stages == 1 ? QString() : QStringLiteral("s"))
            .arg(jobsPerStage)
            .arg(jobsPerStage == 1 ? QString() : QStringLiteral("s"));
}

QList<ThroughputCase> noopCases(const Options &options, const QString &dir)
{
    const int runs = std::max(1, options.jobs / options.runSize);
    ThroughputCase flat;
    flat.key = QStringLiteral("noopFlat");
    flat.label = shape(1, options.runSize);
    flat.capacity = options.capacity;
    flat.runs = runs;
    flat.jobsPerStage = options.runSize;

    ThroughputCase staged = flat;
    staged.key = QStringLiteral("noopStaged");
    staged.stages = options.stages;
    staged.jobsPerStage = options.runSize / options.stages;
    staged.label =
            QStringLiteral("%1 stages x %2 jobs").arg(staged.stages).arg(staged.jobsPerStage);

    ThroughputCase rules = flat;
    rules.key = QStringLiteral("noopRules");
    rules.withRules = true;
    rules.label = flat.label + QStringLiteral(", rule engine on the bus");

    QList<ThroughputCase> cases = {flat, staged, rules};
    if (options.singleRuns > 0) {
        ThroughputCase single = flat;
        single.key = QStringLiteral("noopSingle");
        single.runs = options.singleRuns;
        single.jobsPerStage = 1;
        single.label = shape(1, 1);
        cases.append(single);
    }
    for (ThroughputCase &c : cases) {
        c.databaseFile = dir + QLatin1Char('/') + c.key + QStringLiteral(".db");
        c.dataDir = dir + QLatin1Char('/') + c.key + QStringLiteral("-data");
    }
    return cases;
}

QList<ThroughputCase> processCases(const Options &options, const QString &dir)
{
    QList<ThroughputCase> cases;
    for (int capacity : options.processCapacities) {
        ThroughputCase c;
        c.key = QStringLiteral("processCapacity%1").arg(capacity);
        c.work = ThroughputCase::Work::Process;
        c.capacity = capacity;
        c.jobsPerStage = std::min(options.processRunSize, options.processJobs);
        c.runs = std::max(1, options.processJobs / c.jobsPerStage);
        c.label = shape(1, c.jobsPerStage);
        c.databaseFile = dir + QLatin1Char('/') + c.key + QStringLiteral(".db");
        c.dataDir = dir + QLatin1Char('/') + c.key + QStringLiteral("-data");
        cases.append(c);
    }
    return cases;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_scheduler"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;
    // The figures are the output; Cairn's notes of every run would only interleave.
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.info=false"));

    std::optional<QTemporaryDir> temporary;
    QString dir = options->dir;
    if (dir.isEmpty()) {
        temporary.emplace();
        if (!temporary->isValid()) {
            std::fprintf(stderr, "bench_scheduler: no temporary folder: %s\n",
                         qPrintable(temporary->errorString()));
            return 1;
        }
        dir = temporary->path();
    } else if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "bench_scheduler: cannot create %s\n", qPrintable(dir));
        return 1;
    }
    dir = QDir(dir).absolutePath();

    QTextStream out(stdout);
    QTextStream progress(stderr);
    SchedulerReport report;
    const QString startLoad = MachineFacts::loadAverage();

    const auto measure = [&](const QString &section, const ThroughputCase &c, double target) {
        progress << section.section(QLatin1Char(','), 0, 0) << QStringLiteral(": ") << c.label
                 << QStringLiteral(", ") << c.runs << QStringLiteral(" runs, capacity ")
                 << c.capacity << Qt::endl;
        report.addThroughput({section, c, measureThroughput(c), target});
    };

    if (options->parts.contains(QStringLiteral("noop"))) {
        const QString section = QStringLiteral("No-op jobs, SQLite file (WAL)");
        // The first case would otherwise pay for what a running daemon has done long ago:
        // statements prepared, the heap grown. One run of the first case's shape on a file
        // of its own does that first; it is not counted, but it must pass like the others.
        ThroughputCase warmup = noopCases(*options, dir).constFirst();
        warmup.key = QStringLiteral("noopWarmup");
        warmup.runs = 1;
        warmup.databaseFile = dir + QStringLiteral("/noopWarmup.db");
        warmup.dataDir = dir + QStringLiteral("/noopWarmup-data");
        progress << QStringLiteral("No-op jobs: warming up with one run of ") << warmup.jobsPerStage
                 << QStringLiteral(" jobs") << Qt::endl;
        if (const ThroughputResult warm = measureThroughput(warmup); !warm.problems.isEmpty())
            report.addThroughput(
                    {QStringLiteral("No-op jobs, warm-up (not a measurement)"), warmup, warm, 0});
        // A run of one job writes its run as well: five of its thirteen writes and a
        // commit of its own to queue it. That row tells what a run costs, beside the target
        // for jobs through the queue.
        for (const ThroughputCase &c : noopCases(*options, dir))
            measure(section, c, c.key == QLatin1String("noopSingle") ? 0 : TargetJobsPerSecond);
        report.addNote(QStringLiteral(
                "No-op: a runtime whose jobs report started() and finished(Passed) on the next "
                "turn of the event loop. Runs are queued at once; the time runs from the first "
                "startRun to the last run DONE. tx/job: write transactions per job, queueing "
                "included. One run of the first case's shape warms the process up first and is "
                "not counted."));
        if (options->singleRuns > 0)
            report.addNote(QStringLiteral(
                    "\"1 stage x 1 job\": a run per job, each queued by its own startRun (one "
                    "commit each). Its jobs/s are runs/s: besides its job, each run writes its "
                    "own node and events when it is queued and when it ends, so the 5,000/s "
                    "target for jobs through the queue is not set against it."));
        report.addNote(QStringLiteral(
                "\"rule engine on the bus\": an EventBus with a RuleEngine subscribed, as in the "
                "daemon, which makes every commit deliver its events to the engine."));
    }
    if (options->parts.contains(QStringLiteral("statements"))) {
        ThroughputCase c = noopCases(*options, dir).constFirst();
        c.key = QStringLiteral("noopProfiled");
        c.runs = 2;
        c.profileStatements = true;
        c.databaseFile = dir + QStringLiteral("/noopProfiled.db");
        c.dataDir = dir + QStringLiteral("/noopProfiled-data");
        measure(QStringLiteral("No-op jobs, SQL statements traced"), c, 0);
    }
    if (options->parts.contains(QStringLiteral("process"))) {
        const QString section = QStringLiteral("/bin/true through the process runtime, SQLite");
        for (const ThroughputCase &c : processCases(*options, dir))
            measure(section, c, 0);
    }
    if (options->parts.contains(QStringLiteral("mqtt"))) {
        TriggerOptions trigger = options->trigger;
        trigger.dir = dir;
        progress << QStringLiteral("MQTT to process: ") << trigger.warmup + trigger.samples
                 << QStringLiteral(" readings, ") << trigger.gap.count()
                 << QStringLiteral(" ms apart") << Qt::endl;
        report.setTrigger(measureTrigger(trigger), TargetP50, TargetP99);
        report.addNote(QStringLiteral(
                "MQTT: a device whose readings are events, a rule (mode parallel, no holdoff) "
                "running a pipeline of one process job (/bin/true) on each; a second MqttClient "
                "in this process publishes. The next reading goes out once the run is DONE."));
    }

    report.machine() = MachineFacts::collect(
            dir, QStringLiteral("each case on a new SQLite file in WAL mode"));
    report.machine().set(QStringLiteral("load"), QStringLiteral("Load"),
                         startLoad + QStringLiteral(" at start, ") + MachineFacts::loadAverage()
                                 + QStringLiteral(" at end (1, 5, 15 min)"));
    report.print(out);
    if (options->json)
        out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    return report.verified() ? 0 : 1;
}
