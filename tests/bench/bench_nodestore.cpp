// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

/*
 * bench_nodestore: how fast the node store writes and reads on SQLite, next to what the
 * sqlite3 C API does with the same rows. It prints figures and sets no pass or fail, so it
 * is not a CTest entry; the targets are printed beside the figures for people to judge.
 */

#include "rawsqlite.h"
#include "readbench.h"
#include "report.h"
#include "workload.h"
#include "writebench.h"

#include "database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QLocale>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <cstdio>
#include <limits>
#include <optional>
#include <type_traits>

using namespace CairnBench;

namespace {

struct Options
{
    qint64 nodes = 200000;
    int batch = 10000;
    int singles = 2000;
    qint64 big = 1000000;
    ReadOptions reads;
    QString dir;
    bool json = false;
};

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Measures the Cairn node store on SQLite next to raw sqlite3 writing the same "
            "rows. The table goes to stdout, progress to stderr; with --json the last line of "
            "stdout is one JSON object with every figure."));
    parser.addHelpOption();
    const QCommandLineOption nodes(QStringLiteral("nodes"),
                                   QStringLiteral("Nodes in the batched ingest (200000)."),
                                   QStringLiteral("N"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   QStringLiteral("Nodes per transaction of the ingest (10000)."),
                                   QStringLiteral("N"));
    const QCommandLineOption singles(
            QStringLiteral("singles"),
            QStringLiteral("Single-node creates, one transaction each (2000)."),
            QStringLiteral("N"));
    const QCommandLineOption big(QStringLiteral("big"),
                                 QStringLiteral("Nodes of the database the reads run on "
                                                "(1000000, at least 1000); 0 skips the reads."),
                                 QStringLiteral("N"));
    const QCommandLineOption runs(QStringLiteral("runs"),
                                  QStringLiteral("Timed calls per read (2000)."),
                                  QStringLiteral("N"));
    const QCommandLineOption warmup(QStringLiteral("warmup"),
                                    QStringLiteral("Untimed calls before each read (200)."),
                                    QStringLiteral("N"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Folder for the database files, which are kept; "
                                                "default a temporary folder."),
                                 QStringLiteral("path"));
    const QCommandLineOption quick(
            QStringLiteral("quick"),
            QStringLiteral("Small sizes for a quick look: 20000 nodes, a 100000-node database."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("End the output with one line of JSON."));
    parser.addOptions({nodes, batch, singles, big, runs, warmup, dir, quick, json});
    parser.process(app);

    Options options;
    if (parser.isSet(quick)) {
        options.nodes = 20000;
        options.big = 100000;
    }
    bool ok = true;
    const auto number = [&](const QCommandLineOption &option, qint64 min, auto *target) {
        using Target = std::remove_pointer_t<decltype(target)>;
        if (!parser.isSet(option))
            return;
        bool valid = false;
        const qint64 value = parser.value(option).toLongLong(&valid);
        if (!valid || value < min || value > std::numeric_limits<Target>::max()) {
            std::fprintf(stderr, "--%s must be a whole number from %lld to %lld\n",
                         qPrintable(option.names().constFirst()), static_cast<long long>(min),
                         static_cast<long long>(std::numeric_limits<Target>::max()));
            ok = false;
            return;
        }
        *target = static_cast<Target>(value);
    };
    number(nodes, 2, &options.nodes);
    number(batch, 1, &options.batch);
    number(singles, 0, &options.singles);
    number(big, 0, &options.big);
    number(runs, 1, &options.reads.runs);
    number(warmup, 0, &options.reads.warmup);
    // The big shape needs room for its sites, devices and jobs.
    if (options.big > 0 && options.big < 1000) {
        std::fprintf(stderr, "--big must be 0 or at least 1000\n");
        ok = false;
    }
    options.dir = parser.value(dir);
    options.json = parser.isSet(json);
    if (!ok)
        return std::nullopt;
    return options;
}

// Starts from empty files, so a kept --dir from an earlier run does not skew the figures.
void removeDatabase(const QString &file)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(file + suffix);
}

int fail(const QString &what, const Cairn::Error &error)
{
    std::fprintf(stderr, "bench_nodestore: %s: %s\n", qPrintable(what),
                 qPrintable(error.toString()));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_nodestore"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    // Removed on exit with the databases in it, unless the user named a folder to keep.
    std::optional<QTemporaryDir> temporary;
    QString dir = options->dir;
    if (dir.isEmpty()) {
        temporary.emplace();
        if (!temporary->isValid()) {
            std::fprintf(stderr, "bench_nodestore: no temporary folder: %s\n",
                         qPrintable(temporary->errorString()));
            return 1;
        }
        dir = temporary->path();
    } else if (!QDir().mkpath(dir)) {
        std::fprintf(stderr, "bench_nodestore: cannot create %s\n", qPrintable(dir));
        return 1;
    }
    dir = QDir(dir).absolutePath();
    const QString cairnFile = dir + QStringLiteral("/cairn-ingest.db");
    const QString rawFile = dir + QStringLiteral("/raw-ingest.db");
    const QString bigFile = dir + QStringLiteral("/cairn-big.db");
    for (const QString &file : {cairnFile, rawFile, bigFile})
        removeDatabase(file);

    QTextStream out(stdout);
    QTextStream progress(stderr);
    Report report;
    report.machine() = MachineFacts::collect(dir);
    report.machine().add(QStringLiteral("sqlite"), QStringLiteral("SQLite"),
                         RawSqlite::libraryVersion() + QStringLiteral(" (reference), ")
                                 + MachineFacts::qtSqliteVersion()
                                 + QStringLiteral(" (Qt SQL driver)"));

    // Writes. The ingest databases also take the single creates, so those land in a table
    // that already holds the ingest, as they would in use.
    const Workload ingest = Workload::ingest(options->nodes);
    progress << QStringLiteral("batched ingest of ") << ingest.size()
             << QStringLiteral(" nodes through Cairn\n");
    progress.flush();
    const auto cairnBatch = cairnBatchIngest(cairnFile, ingest, options->batch);
    if (!cairnBatch)
        return fail(QStringLiteral("Cairn ingest"), cairnBatch.error());
    progress << QStringLiteral("batched ingest of ") << ingest.size()
             << QStringLiteral(" nodes through raw sqlite3\n");
    progress.flush();
    const auto rawBatch = rawBatchIngest(rawFile, ingest, options->batch);
    if (!rawBatch)
        return fail(QStringLiteral("raw ingest"), rawBatch.error());
    report.addRate({QStringLiteral("batchedIngest"),
                    QStringLiteral("createBatch, %1 per transaction")
                            .arg(QLocale(QLocale::English).toString(options->batch)),
                    ingest.size(), perSecond(ingest.size(), *cairnBatch),
                    perSecond(ingest.size(), *rawBatch), 0.5});

    if (options->singles > 0) {
        progress << options->singles
                 << QStringLiteral(" single creates through Cairn and raw sqlite3\n");
        progress.flush();
        const auto cairnSingles = cairnSingleCreates(cairnFile, ingest, ingest.size(),
                                                     options->singles);
        if (!cairnSingles)
            return fail(QStringLiteral("Cairn single creates"), cairnSingles.error());
        const auto rawSingles = rawSingleCreates(rawFile, ingest, ingest.size(), options->singles);
        if (!rawSingles)
            return fail(QStringLiteral("raw single creates"), rawSingles.error());
        report.addRate({QStringLiteral("singleCreate"), QStringLiteral("create, 1 per transaction"),
                        options->singles, perSecond(options->singles, *cairnSingles),
                        perSecond(options->singles, *rawSingles), 0});
    }
    report.addNote(QStringLiteral(
            "raw/s: the same nodes and events written through sqlite3 prepared statements into "
            "the same schema with the same pragmas; Cairn/s leaves out building the Node values."));
    report.addNote(compareRows(cairnFile, rawFile));

    // Reads, on a database the size of a busy installation.
    if (options->big > 0) {
        const Workload big = Workload::big(options->big);
        Cairn::Database db;
        if (!db.open(QStringLiteral("sqlite:") + bigFile))
            return fail(QStringLiteral("big database"), Cairn::Error::database(db.errorString()));
        progress << QStringLiteral("building a ") << big.size()
                 << QStringLiteral("-node database through createBatch\n");
        progress.flush();
        const auto seconds = buildDatabase(db, big, options->batch, progress);
        if (!seconds)
            return fail(QStringLiteral("big database"), seconds.error());
        report.setBigNodes(big.size(), *seconds);
        progress << QStringLiteral("measuring reads, ") << options->reads.runs
                 << QStringLiteral(" runs each\n");
        progress.flush();
        const auto reads = measureReads(db, big, options->reads);
        if (!reads)
            return fail(QStringLiteral("reads"), reads.error());
        const auto rawReads = measureRawReads(bigFile, big, options->reads);
        if (!rawReads)
            return fail(QStringLiteral("raw reads"), rawReads.error());
        // Each Cairn figure with the raw one for the same query right below it.
        for (qsizetype i = 0; i < reads->size(); ++i) {
            report.addRead(reads->at(i));
            if (i < rawReads->size())
                report.addRead(rawReads->at(i));
        }
    }

    report.print(out);
    if (options->json)
        out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    return 0;
}
