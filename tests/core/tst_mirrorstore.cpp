// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <jobqueue.h>
#include <mirrorstore.h>
#include <nodestore.h>
#include <uuid7.h>

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;

/*
 * MirrorStore on SQLite: nodes written as the remote has them, events appended once, the
 * cursor moved with them, and the queue rows of job nodes.
 */
class tst_MirrorStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writesNodesAsTheyAre();
    void keepsTheLaterRevision();
    void givesBackOrphans();
    void appendsEventsOnceWithTheCursor();
    void removesSubtrees();
    void resetForgetsEverything();
    void jobRowsForTheJobList();

private:
    Node remoteNode(const QString &name, const QString &parent = {}, qint64 revision = 1) const;
    qint64 eventCount(const QString &type = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<MirrorStore> m_store;
};

void tst_MirrorStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY(m_db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cache.db"))));
    m_store = std::make_unique<MirrorStore>(*m_db, QStringLiteral("cairn://remote/mirror"));
    QVERIFY(m_store->reset(QStringLiteral("http://remote:8080")));
}

void tst_MirrorStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_dir.reset();
}

Node tst_MirrorStore::remoteNode(const QString &name, const QString &parent, qint64 revision) const
{
    Node node;
    node.id = createUuid7();
    node.parent = parent;
    node.kind = QStringLiteral("note");
    node.name = name;
    node.data = {{QStringLiteral("n"), 1}};
    node.owner = QStringLiteral("remote");
    node.created = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05.678Z"),
                                         Qt::ISODateWithMs);
    node.updated = node.created.addSecs(60);
    node.revision = revision;
    return node;
}

qint64 tst_MirrorStore::eventCount(const QString &type)
{
    EventHistoryQuery query;
    query.limit = EventHistoryQuery::MaxLimit;
    if (!type.isEmpty())
        query.filter = EventFilter::parse({QStringLiteral("type=") + type}).value();
    return EventBus(*m_db).history(query).value().size();
}

void tst_MirrorStore::writesNodesAsTheyAre()
{
    Node root = remoteNode(QStringLiteral("lab"), {}, 7);
    Node child = remoteNode(QStringLiteral("r1"), root.id, 3);
    MirrorStore::Batch batch;
    batch.put(root, true);
    batch.put(child, false);
    const Result<MirrorStore::Outcome> outcome = m_store->apply(batch);
    QVERIFY(outcome);
    QCOMPARE(outcome->written, 2);
    NodeStore nodes(*m_db);
    child.path = {QStringLiteral("lab"), QStringLiteral("r1")};
    root.path = {QStringLiteral("lab")};
    QCOMPARE(nodes.get(child.id).value(), child);
    QCOMPARE(nodes.get(root.id).value(), root);
    // Only the announced write has an event of the store's own.
    QCOMPARE(eventCount(QStringLiteral("cairn.node.created")), qint64(1));
}

void tst_MirrorStore::keepsTheLaterRevision()
{
    Node node = remoteNode(QStringLiteral("n"), {}, 2);
    MirrorStore::Batch first;
    first.put(node, false);
    QVERIFY(m_store->apply(first));
    Node older = node;
    older.revision = 1;
    older.owner = QStringLiteral("stale");
    Node newer = node;
    newer.revision = 3;
    newer.state = Node::State::Done;
    newer.result = Node::Outcome::Pass;
    MirrorStore::Batch second;
    second.put(older, true);
    second.put(newer, true);
    const Result<MirrorStore::Outcome> outcome = m_store->apply(second);
    QVERIFY(outcome);
    QCOMPARE(outcome->written, 1);
    const Node stored = NodeStore(*m_db).get(node.id).value();
    QCOMPARE(stored.revision, qint64(3));
    QCOMPARE(stored.owner, QStringLiteral("remote"));
    QCOMPARE(stored.result, Node::Outcome::Pass);
    QCOMPARE(eventCount(QStringLiteral("cairn.node.updated")), qint64(1));
}

void tst_MirrorStore::givesBackOrphans()
{
    const Node parent = remoteNode(QStringLiteral("parent"));
    const Node child = remoteNode(QStringLiteral("child"), parent.id);
    MirrorStore::Batch early;
    early.put(child, true);
    const Result<MirrorStore::Outcome> outcome = m_store->apply(early);
    QVERIFY(outcome);
    QCOMPARE(outcome->written, 0);
    QCOMPARE(outcome->orphans.size(), 1);
    QCOMPARE(outcome->orphans.first().id, child.id);
    QCOMPARE(eventCount(), qint64(0));

    MirrorStore::Batch late;
    late.put(parent, true);
    late.put(outcome->orphans.first(), true);
    QCOMPARE(m_store->apply(late).value().written, 2);
    QCOMPARE(NodeStore(*m_db).get(child.id).value().path,
             (QStringList{QStringLiteral("parent"), QStringLiteral("child")}));
}

void tst_MirrorStore::appendsEventsOnceWithTheCursor()
{
    CloudEvent event;
    event.id = createUuid7();
    event.type = QStringLiteral("test.ping");
    event.source = QStringLiteral("test://remote");
    event.subject = QStringLiteral("bell");
    event.time = QDateTime::fromString(QStringLiteral("2026-01-02T03:04:05.678Z"),
                                       Qt::ISODateWithMs);
    event.data = QJsonObject{{QStringLiteral("n"), 1}};
    event.sequence = 41;
    MirrorStore::Batch batch;
    batch.append(event);
    batch.append(event);
    batch.setSequence(41);
    QCOMPARE(m_store->apply(batch).value().appended, 1);
    QCOMPARE(m_store->cursor().value().sequence, qint64(41));
    QCOMPARE(m_store->cursor().value().remote, QStringLiteral("http://remote:8080"));

    // Delivered again after a reconnect: still once.
    MirrorStore::Batch again;
    again.append(event);
    again.setSequence(42);
    QCOMPARE(m_store->apply(again).value().appended, 0);
    QCOMPARE(m_store->cursor().value().sequence, qint64(42));

    EventHistoryQuery query;
    const QList<CloudEvent> stored = EventBus(*m_db).history(query).value();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().id, event.id);
    QCOMPARE(stored.first().source, event.source);
    QCOMPARE(stored.first().time, event.time);
    QCOMPARE(stored.first().data, event.data);

    // A batch that fails leaves the cursor where it was.
    MirrorStore::Batch broken;
    Node bad = remoteNode(QStringLiteral("a/b"));
    broken.put(bad, false);
    broken.setSequence(99);
    QVERIFY(!m_store->apply(broken));
    QCOMPARE(m_store->cursor().value().sequence, qint64(42));
}

void tst_MirrorStore::removesSubtrees()
{
    const Node root = remoteNode(QStringLiteral("root"));
    const Node child = remoteNode(QStringLiteral("child"), root.id);
    const Node grandchild = remoteNode(QStringLiteral("grandchild"), child.id);
    MirrorStore::Batch batch;
    for (const Node &node : {root, child, grandchild})
        batch.put(node, false);
    QVERIFY(m_store->apply(batch));
    QCOMPARE(m_store->revisions({}, {}).value().size(), 3);
    QCOMPARE(m_store->revisions(root.id, child.id).value().keys(), QList<QString>{child.id});

    MirrorStore::Batch removal;
    removal.remove(child.id, true);
    removal.remove(QStringLiteral("not-here"), true);
    const Result<MirrorStore::Outcome> outcome = m_store->apply(removal);
    QVERIFY(outcome);
    QCOMPARE(outcome->removed, 2);
    QCOMPARE(eventCount(QStringLiteral("cairn.node.deleted")), qint64(2));
    QCOMPARE(m_store->revisions({}, {}).value().keys(), QList<QString>{root.id});
}

void tst_MirrorStore::resetForgetsEverything()
{
    MirrorStore::Batch batch;
    batch.put(remoteNode(QStringLiteral("n")), true);
    batch.setSequence(5);
    QVERIFY(m_store->apply(batch));
    QVERIFY(m_store->reset(QStringLiteral("http://other:8080")));
    QCOMPARE(m_store->cursor().value().remote, QStringLiteral("http://other:8080"));
    QCOMPARE(m_store->cursor().value().sequence, qint64(0));
    QCOMPARE(NodeStore(*m_db).count().value(), qint64(0));
    QCOMPARE(eventCount(), qint64(0));
}

void tst_MirrorStore::jobRowsForTheJobList()
{
    Node run = remoteNode(QStringLiteral("build"));
    run.kind = QStringLiteral("run");
    run.data = {{QStringLiteral("stages"),
                 QJsonArray{QStringLiteral("compile"), QStringLiteral("test")}},
                {QStringLiteral("stage_index"), 0},
                {QStringLiteral("priority"), 5}};
    QList<Node> jobs;
    for (const auto &[name, stage] : {std::pair("unit", "test"), std::pair("gcc", "compile")}) {
        Node job = remoteNode(QLatin1String(name), run.id);
        job.kind = QStringLiteral("job");
        job.data = {{QStringLiteral("kind"), QStringLiteral("process")},
                    {QStringLiteral("stage"), QLatin1String(stage)},
                    {QStringLiteral("state"), QStringLiteral("READY")},
                    {QStringLiteral("attempt"), 0},
                    {QStringLiteral("max_attempts"), 2}};
        jobs.append(job);
    }
    MirrorStore::Batch batch;
    batch.put(run, false);
    for (const Node &job : std::as_const(jobs))
        batch.put(job, false);
    QVERIFY(m_store->apply(batch));

    JobQueue queue(*m_db);
    QList<QueuedJob> rows = queue.jobsOfRun(run.id).value();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).name, QStringLiteral("gcc"));
    QCOMPARE(rows.at(0).stageIndex, 0);
    QVERIFY(rows.at(0).stageOpen);
    QCOMPARE(rows.at(1).name, QStringLiteral("unit"));
    QCOMPARE(rows.at(1).stageIndex, 1);
    QVERIFY(!rows.at(1).stageOpen);
    QCOMPARE(rows.at(1).maxAttempts, 2);
    QCOMPARE(rows.at(1).runPriority, 5);

    // The job finished on the remote: its row follows.
    Node done = jobs.at(0); // unit, the second in pipeline order
    done.revision = 2;
    done.state = Node::State::Done;
    done.result = Node::Outcome::Pass;
    done.data.insert(QStringLiteral("state"), QStringLiteral("DONE"));
    done.data.insert(QStringLiteral("attempt"), 1);
    done.data.insert(QStringLiteral("exit_code"), 0);
    MirrorStore::Batch update;
    update.put(done, false);
    QVERIFY(m_store->apply(update));
    rows = queue.jobsOfRun(run.id).value();
    QVERIFY(rows.at(1).state == JobState::Done);
    QCOMPARE(rows.at(1).result, Node::Outcome::Pass);
    QCOMPARE(rows.at(1).attempt, 1);
    QVERIFY(rows.at(1).exitCode == 0);

    // Deleted with the run.
    MirrorStore::Batch removal;
    removal.remove(run.id, false);
    QVERIFY(m_store->apply(removal));
    QVERIFY(queue.jobsOfRun(run.id).value().isEmpty());
}

QTEST_GUILESS_MAIN(tst_MirrorStore)
#include "tst_mirrorstore.moc"
