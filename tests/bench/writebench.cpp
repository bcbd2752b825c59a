// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "writebench.h"

#include "rawnodewriter.h"
#include "rawsqlite.h"

#include "database.h"
#include "nodestore.h"

#include <QElapsedTimer>

#include <algorithm>

namespace CairnBench {

namespace {

Cairn::Error databaseError(const QString &file, const QString &why)
{
    return Cairn::Error::database(file + QStringLiteral(": ") + why);
}

// The CloudEvents source a NodeStore of this process writes, for the reference to write too.
QString storeEventSource()
{
    Cairn::Database unopened;
    return Cairn::NodeStore(unopened).eventSource();
}

// Opens file for the reference, first creating the schema through Cairn::Database when the
// file is new, so that the reference writes into the very same tables and indexes.
bool openRaw(const QString &file, RawNodeWriter *writer, QString *why)
{
    {
        Cairn::Database db;
        if (!db.open(QStringLiteral("sqlite:") + file)) {
            *why = db.errorString();
            return false;
        }
    }
    if (!writer->open(file, storeEventSource())) {
        *why = writer->errorString();
        return false;
    }
    return true;
}

} // namespace

Cairn::Result<qint64> cairnBatchIngest(const QString &file, const Workload &workload, int batchSize)
{
    Cairn::Database db;
    if (!db.open(QStringLiteral("sqlite:") + file))
        return databaseError(file, db.errorString());
    Cairn::NodeStore store(db);
    QList<Cairn::Node> batch;
    batch.reserve(batchSize);
    QElapsedTimer timer;
    qint64 elapsed = 0;
    for (qint64 from = 0; from < workload.size(); from += batchSize) {
        const qint64 to = std::min(from + batchSize, workload.size());
        batch.clear();
        for (qint64 i = from; i < to; ++i)
            batch.append(workload.node(workload.spec(i)));
        timer.start();
        const auto created = store.createBatch(batch);
        elapsed += timer.nsecsElapsed();
        if (!created)
            return databaseError(file,
                                 QStringLiteral("createBatch at node %1: %2")
                                         .arg(from)
                                         .arg(created.error().toString()));
    }
    return elapsed;
}

Cairn::Result<qint64> rawBatchIngest(const QString &file, const Workload &workload, int batchSize)
{
    RawNodeWriter writer;
    if (QString why; !openRaw(file, &writer, &why))
        return databaseError(file, why);
    QElapsedTimer timer;
    timer.start();
    for (qint64 from = 0; from < workload.size(); from += batchSize) {
        const qint64 to = std::min(from + batchSize, workload.size());
        if (!writer.begin())
            return databaseError(file, writer.errorString());
        for (qint64 i = from; i < to; ++i) {
            if (!writer.write(workload, workload.spec(i)))
                return databaseError(file, writer.errorString());
        }
        if (!writer.commit())
            return databaseError(file, writer.errorString());
    }
    return timer.nsecsElapsed();
}

Cairn::Result<qint64> cairnSingleCreates(const QString &file, const Workload &workload,
                                         qint64 first, int count)
{
    Cairn::Database db;
    if (!db.open(QStringLiteral("sqlite:") + file))
        return databaseError(file, db.errorString());
    Cairn::NodeStore store(db);
    QElapsedTimer timer;
    qint64 elapsed = 0;
    for (qint64 i = first; i < first + count; ++i) {
        const Cairn::Node node = workload.node(workload.spec(i));
        timer.start();
        const auto created = store.create(node);
        elapsed += timer.nsecsElapsed();
        if (!created)
            return databaseError(file, QStringLiteral("create: ") + created.error().toString());
    }
    return elapsed;
}

Cairn::Result<qint64> rawSingleCreates(const QString &file, const Workload &workload, qint64 first,
                                       int count)
{
    RawNodeWriter writer;
    if (QString why; !openRaw(file, &writer, &why))
        return databaseError(file, why);
    QElapsedTimer timer;
    timer.start();
    for (qint64 i = first; i < first + count; ++i) {
        if (!writer.begin() || !writer.write(workload, workload.spec(i)) || !writer.commit())
            return databaseError(file, writer.errorString());
    }
    return timer.nsecsElapsed();
}

QString compareRows(const QString &cairnFile, const QString &rawFile)
{
    // The sizes of every column, which ids and times leave alone as they are fixed width,
    // and a few nodes and their events in full with the leaves' ids and the times masked
    // (inner nodes have the workload's ids in both databases).
    static const char *const checks[] = {
            "SELECT count(*) || ' ' || sum(length(id)) || ' ' || count(parent) || ' '"
            " || sum(length(kind)) || ' ' || sum(length(name)) || ' ' || sum(length(path))"
            " || ' ' || sum(length(lineage)) || ' ' || sum(depth) || ' ' || sum(length(state))"
            " || ' ' || count(result) || ' ' || sum(length(data)) || ' '"
            " || sum(length(artifacts)) || ' ' || count(owner) || ' ' || sum(length(created))"
            " || ' ' || sum(length(updated)) || ' ' || count(timeout) || ' ' || count(holdoff)"
            " || ' ' || sum(revision) FROM nodes",
            "SELECT count(*) || ' ' || sum(length(id)) || ' ' || sum(length(type)) || ' '"
            " || sum(length(source)) || ' ' || sum(length(subject)) || ' ' || sum(length(time))"
            " || ' ' || sum(length(data)) FROM events",
            "SELECT group_concat(x, ' | ') FROM (SELECT kind || ' ' || name || ' ' || path || ' '"
            " || depth || ' ' || state || ' ' || data || ' ' || artifacts || ' '"
            " || replace(lineage, id, 'ID') AS x FROM nodes"
            " WHERE name IN ('plant', 'device-1', 'reading-7') ORDER BY path)",
            "SELECT group_concat(x, ' | ') FROM (SELECT e.type || ' ' || e.source || ' '"
            " || replace(replace(e.data, n.id, 'ID'), n.created, 'TIME') AS x FROM events e JOIN "
            "nodes n ON n.id = e.subject"
            " WHERE n.name IN ('plant', 'device-1', 'reading-7') ORDER BY n.path)",
    };
    RawSqlite cairn;
    RawSqlite raw;
    if (!cairn.open(cairnFile) || !raw.open(rawFile))
        return QStringLiteral("Row check: cannot open the databases: ") + cairn.errorString()
                + raw.errorString();
    for (const char *check : checks) {
        const QByteArray a = cairn.queryText(check);
        const QByteArray b = raw.queryText(check);
        if (a.isEmpty() || a != b)
            return QStringLiteral("Row check: the raw rows DIFFER from Cairn's:\n    Cairn: %1\n"
                                  "    raw:   %2")
                    .arg(QString::fromUtf8(a) + cairn.errorString(),
                         QString::fromUtf8(b) + raw.errorString());
    }
    return QStringLiteral("Row check: the raw reference wrote the same nodes and events as "
                          "Cairn (column sizes, and sample rows with ids and times masked).");
}

} // namespace CairnBench
