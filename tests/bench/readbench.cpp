// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "readbench.h"

#include "rawsqlite.h"

#include "database.h"
#include "nodestore.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace CairnBench {

namespace {

constexpr qint64 Millisecond = 1000000; // in nanoseconds
constexpr qint64 ProgressEvery = 100000; // nodes

QString number(qint64 value)
{
    return QLocale(QLocale::English).toString(value);
}

// The columns NodeStore selects (NodeSql::columns()), in its order.
constexpr int ColumnCount = 15;
#define CAIRN_BENCH_COLUMNS \
    "id, parent, kind, name, path, state, result, data, artifacts, owner, created, updated, " \
    "timeout, holdoff, revision"

// Rows of the raw reads, kept between calls so that copying a row reuses the buffers.
using RawRow = std::array<std::string, ColumnCount>;

// Steps through a query and copies every column of every row: the least a store must do
// to hand rows to its caller. Gives the number of rows, or -1 on an error.
qsizetype copyRows(RawSqlite::Statement &statement, std::vector<RawRow> *rows)
{
    qsizetype count = 0;
    RawSqlite::Statement::Step step;
    while ((step = statement.next()) == RawSqlite::Statement::Step::Row) {
        if (rows->size() <= size_t(count))
            rows->resize(size_t(count) + 1);
        RawRow &row = (*rows)[size_t(count)];
        for (int column = 0; column < ColumnCount; ++column) {
            int size = 0;
            const char *text = statement.columnText(column, &size);
            row[size_t(column)].assign(text ? text : "", size_t(size));
        }
        ++count;
    }
    statement.reset();
    return step == RawSqlite::Statement::Step::Done ? count : -1;
}

} // namespace

Cairn::Result<double> buildDatabase(Cairn::Database &db, const Workload &workload, int batchSize,
                                    QTextStream &progress)
{
    Cairn::NodeStore store(db);
    QElapsedTimer total;
    total.start();
    qint64 nextReport = ProgressEvery;
    QList<Cairn::Node> batch;
    batch.reserve(batchSize);
    for (qint64 from = 0; from < workload.size(); from += batchSize) {
        const qint64 to = std::min(from + batchSize, workload.size());
        batch.clear();
        for (qint64 i = from; i < to; ++i)
            batch.append(workload.node(workload.spec(i)));
        const auto created = store.createBatch(batch);
        if (!created)
            return Cairn::Error::database(QStringLiteral("createBatch at node %1: %2")
                                                  .arg(from)
                                                  .arg(created.error().toString()));
        if (to >= nextReport || to == workload.size()) {
            const double seconds = double(total.nsecsElapsed()) / 1e9;
            progress << QStringLiteral("  built %1 of %2 nodes, %3 s, %4 nodes/s")
                                .arg(number(to), number(workload.size()),
                                     QString::number(seconds, 'f', 1),
                                     number(qint64(double(to) / seconds)))
                     << '\n';
            progress.flush();
            nextReport = to + ProgressEvery;
        }
    }
    return double(total.nsecsElapsed()) / 1e9;
}

Cairn::Result<QList<Report::Read>> measureReads(Cairn::Database &db, const Workload &workload,
                                                const ReadOptions &options)
{
    Cairn::NodeStore store(db);
    QRandomGenerator random(options.seed);
    const QList<QString> devices = workload.idsOf(Workload::Kind::Device);
    if (devices.isEmpty())
        return Cairn::Error::invalid(QStringLiteral("big"), QStringLiteral("no devices"));

    QList<Report::Read> reads;
    QList<qint64> samples;
    samples.reserve(options.runs);
    QElapsedTimer timer;

    // Children of a device: about a hundred readings each, scattered over the table.
    // Reading ids come out of it for the get() figure, as a client would learn them.
    QList<QString> readingIds;
    qint64 childCount = 0;
    for (int i = -options.warmup; i < options.runs; ++i) {
        const QString &parent = devices.at(random.bounded(qsizetype(devices.size())));
        timer.start();
        const auto children = store.children(parent);
        const qint64 elapsed = timer.nsecsElapsed();
        if (!children)
            return Cairn::Error::database(QStringLiteral("children: ")
                                          + children.error().toString());
        if (i < 0)
            continue;
        samples.append(elapsed);
        childCount += children->size();
        if (!children->isEmpty())
            readingIds.append(children->at(random.bounded(children->size())).id);
    }
    reads.append({QStringLiteral("children"), QStringLiteral("children(id) of a device"),
                  QStringLiteral("%1 nodes").arg(options.runs > 0 ? childCount / options.runs : 0),
                  Latency::fromSamples(samples), Millisecond});

    // The scheduler's question: which jobs can run? Parsed once, like a prepared request.
    const auto query = Cairn::NodeQuery::parse({QStringLiteral("kind=job"),
                                                QStringLiteral("state=available"),
                                                QStringLiteral("limit=100")});
    if (!query)
        return Cairn::Error::invalid(QStringLiteral("query"), query.error().toString());
    samples.clear();
    qint64 found = 0;
    qint64 total = 0;
    for (int i = -options.warmup; i < options.runs; ++i) {
        timer.start();
        const auto page = store.find(*query);
        const qint64 elapsed = timer.nsecsElapsed();
        if (!page)
            return Cairn::Error::database(QStringLiteral("find: ") + page.error().toString());
        if (i < 0)
            continue;
        samples.append(elapsed);
        found = page->nodes.size();
        total = page->total;
    }
    reads.append({QStringLiteral("findAvailableJobs"),
                  QStringLiteral("find kind=job state=available limit=100"),
                  QStringLiteral("%1 of %2").arg(found).arg(total), Latency::fromSamples(samples),
                  Millisecond});

    // One node by id: the floor under every other read.
    samples.clear();
    for (int i = 0; i < options.runs && !readingIds.isEmpty(); ++i) {
        const QString &id = readingIds.at(random.bounded(readingIds.size()));
        timer.start();
        const auto node = store.get(id);
        const qint64 elapsed = timer.nsecsElapsed();
        if (!node)
            return Cairn::Error::database(QStringLiteral("get: ") + node.error().toString());
        samples.append(elapsed);
    }
    reads.append({QStringLiteral("get"), QStringLiteral("get(id) of a reading"),
                  QStringLiteral("1 node"), Latency::fromSamples(samples), 0});
    return reads;
}

Cairn::Result<QList<Report::Read>> measureRawReads(const QString &file, const Workload &workload,
                                                   const ReadOptions &options)
{
    RawSqlite db;
    RawSqlite::Statement children;
    RawSqlite::Statement find;
    RawSqlite::Statement count;
    RawSqlite::Statement get;
    // The SQL NodeStore runs, as NodeSql writes it for these queries.
    if (!db.open(file) || !db.setUpLikeCairn()
        || !db.prepare("SELECT " CAIRN_BENCH_COLUMNS " FROM nodes WHERE parent = ? ORDER BY id",
                       &children)
        || !db.prepare("SELECT " CAIRN_BENCH_COLUMNS " FROM nodes WHERE kind = ? AND state = ?"
                       " ORDER BY id LIMIT ? OFFSET ?",
                       &find)
        || !db.prepare("SELECT COUNT(*) FROM nodes WHERE kind = ? AND state = ?", &count)
        || !db.prepare("SELECT " CAIRN_BENCH_COLUMNS " FROM nodes WHERE id = ?", &get))
        return Cairn::Error::database(db.errorString());

    // The same seed and the same sequence of draws as measureReads(): the same targets.
    QRandomGenerator random(options.seed);
    QList<QByteArray> devices;
    for (const Workload::Inner &inner : workload.inners()) {
        if (inner.kind == Workload::Kind::Device)
            devices.append(inner.idUtf8);
    }
    if (devices.isEmpty())
        return Cairn::Error::invalid(QStringLiteral("big"), QStringLiteral("no devices"));

    QList<Report::Read> reads;
    QList<qint64> samples;
    samples.reserve(options.runs);
    std::vector<RawRow> rows;
    QElapsedTimer timer;

    QList<QByteArray> readingIds;
    for (int i = -options.warmup; i < options.runs; ++i) {
        const QByteArray &parent = devices.at(random.bounded(qsizetype(devices.size())));
        timer.start();
        children.bindText(1, parent);
        const qsizetype found = copyRows(children, &rows);
        const qint64 elapsed = timer.nsecsElapsed();
        if (found < 0)
            return Cairn::Error::database(QStringLiteral("children: ") + db.errorString());
        if (i < 0)
            continue;
        samples.append(elapsed);
        if (found > 0)
            readingIds.append(QByteArray::fromStdString(rows[size_t(random.bounded(found))][0]));
    }
    reads.append({QStringLiteral("childrenRaw"), QStringLiteral("  the same in raw sqlite3"),
                  QString(), Latency::fromSamples(samples), 0});

    samples.clear();
    static constexpr char kind[] = "job";
    static constexpr char state[] = "available";
    for (int i = -options.warmup; i < options.runs; ++i) {
        timer.start();
        find.bindText(1, kind, int(sizeof kind - 1));
        find.bindText(2, state, int(sizeof state - 1));
        find.bindInt(3, Cairn::NodeQuery::DefaultLimit);
        find.bindInt(4, 0);
        qsizetype found = copyRows(find, &rows);
        // NodeStore counts only when the page is full; so does the reference.
        if (found == Cairn::NodeQuery::DefaultLimit) {
            count.bindText(1, kind, int(sizeof kind - 1));
            count.bindText(2, state, int(sizeof state - 1));
            if (count.next() != RawSqlite::Statement::Step::Row)
                found = -1;
            count.reset();
        }
        const qint64 elapsed = timer.nsecsElapsed();
        if (found < 0)
            return Cairn::Error::database(QStringLiteral("find: ") + db.errorString());
        if (i >= 0)
            samples.append(elapsed);
    }
    reads.append({QStringLiteral("findAvailableJobsRaw"),
                  QStringLiteral("  the same in raw sqlite3"), QString(),
                  Latency::fromSamples(samples), 0});

    samples.clear();
    for (int i = 0; i < options.runs && !readingIds.isEmpty(); ++i) {
        const QByteArray &id = readingIds.at(random.bounded(readingIds.size()));
        timer.start();
        get.bindText(1, id);
        const qsizetype found = copyRows(get, &rows);
        const qint64 elapsed = timer.nsecsElapsed();
        if (found != 1)
            return Cairn::Error::database(QStringLiteral("get: ") + db.errorString());
        samples.append(elapsed);
    }
    reads.append({QStringLiteral("getRaw"), QStringLiteral("  the same in raw sqlite3"), QString(),
                  Latency::fromSamples(samples), 0});
    return reads;
}

} // namespace CairnBench
