// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <nodestore.h>
#include <testbackends.h>
#include <uuid7.h>

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimeZone>

using namespace Cairn;

class tst_NodeStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void createAndGet();
    void createErrors_data();
    void createErrors();
    void duplicateId();
    void transitions_data();
    void transitions();
    void staleRevisionIsAConflict();
    void immutableFields_data();
    void immutableFields();
    void insertTree();
    void insertTreeIsAllOrNothing();
    void childrenDescendantsSubtree();
    void removeSubtree();
    void outboxEvents();
    void outboxEventsOfAnyText();
    void failedEventLeavesNoNode();
    void failedBatchLeavesNothing();
    void query_data();
    void query();
    void concurrentUpdates();

private:
    Node node(const QString &kind, const QString &name, const QString &parent = {}) const;
    qint64 rows(const QString &table);
    QList<QJsonObject> events();
    void seed();

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    QHash<QString, QString> m_ids; // name -> id of the seeded nodes
};

void tst_NodeStore::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_NodeStore::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_NodeStore::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_db = m_backends.open(backend);
    QVERIFY2(m_db, qPrintable(m_backends.errorString()));
    m_store = std::make_unique<NodeStore>(*m_db);
}

void tst_NodeStore::cleanup()
{
    m_store.reset();
    m_db.reset();
    m_ids.clear();
}

Node tst_NodeStore::node(const QString &kind, const QString &name, const QString &parent) const
{
    Node n;
    n.kind = kind;
    n.name = name;
    n.parent = parent;
    return n;
}

qint64 tst_NodeStore::rows(const QString &table)
{
    QSqlQuery query(m_db->connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

QList<QJsonObject> tst_NodeStore::events()
{
    QSqlQuery query(m_db->connection());
    QList<QJsonObject> list;
    if (!query.exec(QStringLiteral(
                "SELECT seq, id, type, source, subject, time, data FROM events ORDER BY seq")))
        return list;
    while (query.next()) {
        list.append(QJsonObject{
                {QStringLiteral("seq"), query.value(0).toLongLong()},
                {QStringLiteral("id"), query.value(1).toString()},
                {QStringLiteral("type"), query.value(2).toString()},
                {QStringLiteral("source"), query.value(3).toString()},
                {QStringLiteral("subject"), query.value(4).toString()},
                {QStringLiteral("time"), query.value(5).toString()},
                {QStringLiteral("data"),
                 QJsonDocument::fromJson(query.value(6).toString().toUtf8()).object()},
        });
    }
    return list;
}

void tst_NodeStore::createAndGet()
{
    Node root = node(QStringLiteral("site"), QStringLiteral("lab"));
    root.data = QJsonObject{{QStringLiteral("city"), QStringLiteral("Lyon")}};
    root.owner = QStringLiteral("alice");
    root.timeout = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc());
    const QDateTime before = Node::now();
    Result<Node> created = m_store->create(root);
    QVERIFY2(created, qPrintable(created.ok() ? QString() : created.error().toString()));
    QCOMPARE(created->id.size(), 36);
    QCOMPARE(created->id.at(14), QLatin1Char('7')); // UUID version 7
    QCOMPARE(created->revision, 1);
    QCOMPARE(created->path, QStringList{QStringLiteral("lab")});
    QVERIFY(created->created >= before);
    QCOMPARE(created->created.offsetFromUtc(), 0);
    QCOMPARE(created->created.time().msec(), created->created.toMSecsSinceEpoch() % 1000);
    QCOMPARE(created->created, created->updated);

    Node reading = node(QStringLiteral("reading"), QStringLiteral("t1"), created->id);
    reading.state = Node::State::Done;
    reading.result = Node::Outcome::Pass;
    reading.data = QJsonObject{
            {QStringLiteral("value"), 21.5},
            {QStringLiteral("nested"), QJsonObject{{QStringLiteral("ok"), true}}}};
    reading.artifacts = QJsonObject{{QStringLiteral("log"), QStringLiteral("file:///tmp/x.log")}};
    Result<Node> child = m_store->create(reading);
    QVERIFY(child);
    QCOMPARE(child->path, (QStringList{QStringLiteral("lab"), QStringLiteral("t1")}));

    Result<Node> fetched = m_store->get(child->id);
    QVERIFY(fetched);
    QCOMPARE(*fetched, *child);
    QCOMPARE(m_store->get(created->id)->timeout, root.timeout);
    QCOMPARE(m_store->get(created->id)->owner, QStringLiteral("alice"));

    Result<Node> missing = m_store->get(createUuid7());
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, Error::NotFound);
}

void tst_NodeStore::createErrors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("code");

    const int invalid = Error::Invalid;
    QTest::newRow("no kind") << R"({"name":"a"})"
                             << "kind" << invalid;
    QTest::newRow("no name") << R"({"kind":"a"})"
                             << "name" << invalid;
    QTest::newRow("upper-case kind") << R"({"kind":"Device","name":"a"})"
                                     << "kind" << invalid;
    QTest::newRow("slash in name") << R"({"kind":"a","name":"a/b"})"
                                   << "name" << invalid;
    QTest::newRow("control in name") << "{\"kind\":\"a\",\"name\":\"a\\u0001\"}"
                                     << "name" << invalid;
    QTest::newRow("long name")
            << QStringLiteral(R"({"kind":"a","name":"%1"})").arg(QString(256, QLatin1Char('x')))
            << "name" << invalid;
    QTest::newRow("bad id") << R"({"kind":"a","name":"a","id":"42"})"
                            << "id" << invalid;
    QTest::newRow("bad parent") << R"({"kind":"a","name":"a","parent":"x"})"
                                << "parent" << invalid;
    QTest::newRow("missing parent")
            << QStringLiteral(R"({"kind":"a","name":"a","parent":"%1"})").arg(createUuid7())
            << "parent" << int(Error::NotFound);
    QTest::newRow("artifact not a URL") << R"({"kind":"a","name":"a","artifacts":{"log":3}})"
                                        << "artifacts.log" << invalid;
}

void tst_NodeStore::createErrors()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    QFETCH(int, code);
    Result<Node> parsed = Node::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    QVERIFY(parsed);
    Result<Node> created = m_store->create(*parsed);
    QVERIFY(!created);
    QCOMPARE(created.error().field, field);
    QCOMPARE(int(created.error().code), code);
    QVERIFY(!created.error().message.isEmpty());
    QCOMPARE(rows(QStringLiteral("nodes")), 0);
    QCOMPARE(rows(QStringLiteral("events")), 0);
}

void tst_NodeStore::duplicateId()
{
    Node n = node(QStringLiteral("site"), QStringLiteral("a"));
    n.id = createUuid7();
    QVERIFY(m_store->create(n));
    Result<Node> again = m_store->create(n);
    QVERIFY(!again);
    QCOMPARE(again.error().code, Error::Conflict);
    QCOMPARE(rows(QStringLiteral("nodes")), 1);
    QCOMPARE(rows(QStringLiteral("events")), 1);
}

void tst_NodeStore::transitions_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<bool>("allowed");
    const QStringList states = {QStringLiteral("running"), QStringLiteral("available"),
                                QStringLiteral("closing"), QStringLiteral("done")};
    const QSet<QString> allowed = {
            QStringLiteral("running>available"), QStringLiteral("running>closing"),
            QStringLiteral("running>done"),      QStringLiteral("available>closing"),
            QStringLiteral("available>done"),    QStringLiteral("closing>done"),
    };
    for (const QString &from : states) {
        for (const QString &to : states) {
            const QString key = from + QLatin1Char('>') + to;
            QTest::newRow(qPrintable(key)) << from << to << (from == to || allowed.contains(key));
        }
    }
}

void tst_NodeStore::transitions()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(bool, allowed);
    Node n = node(QStringLiteral("job"), QStringLiteral("j"));
    n.state = *Node::stateFromName(from);
    Result<Node> created = m_store->create(n);
    QVERIFY(created);
    Node changed = *created;
    changed.state = *Node::stateFromName(to);
    Result<Node> updated = m_store->update(changed);
    QCOMPARE(updated.ok(), allowed);
    if (allowed) {
        QCOMPARE(updated->revision, 2);
        QCOMPARE(m_store->get(created->id)->state, changed.state);
    } else {
        QCOMPARE(updated.error().code, Error::Invalid);
        QCOMPARE(updated.error().field, QStringLiteral("state"));
        QCOMPARE(m_store->get(created->id)->revision, 1);
        QCOMPARE(rows(QStringLiteral("events")), 1);
    }
}

void tst_NodeStore::staleRevisionIsAConflict()
{
    Result<Node> created = m_store->create(node(QStringLiteral("device"), QStringLiteral("d")));
    QVERIFY(created);
    Node first = *created;
    Node second = *created;
    first.data.insert(QStringLiteral("v"), 1);
    QVERIFY(m_store->update(first));
    second.data.insert(QStringLiteral("v"), 2);
    Result<Node> stale = m_store->update(second);
    QVERIFY(!stale);
    QCOMPARE(stale.error().code, Error::Conflict);
    const Node stored = *m_store->get(created->id);
    QCOMPARE(stored.revision, 2);
    QCOMPARE(stored.data.value(QStringLiteral("v")).toInt(), 1);
    QCOMPARE(rows(QStringLiteral("events")), 2);

    Node gone = stored;
    gone.id = createUuid7();
    QCOMPARE(m_store->update(gone).error().code, Error::NotFound);
}

void tst_NodeStore::immutableFields_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("kind") << QStringLiteral("kind");
    QTest::newRow("name") << QStringLiteral("name");
    QTest::newRow("parent") << QStringLiteral("parent");
}

void tst_NodeStore::immutableFields()
{
    QFETCH(QString, field);
    Result<Node> root = m_store->create(node(QStringLiteral("site"), QStringLiteral("r")));
    Result<Node> created = m_store->create(node(QStringLiteral("device"), QStringLiteral("d")));
    QVERIFY(root && created);
    Node changed = *created;
    if (field == QLatin1String("kind"))
        changed.kind = QStringLiteral("other");
    else if (field == QLatin1String("name"))
        changed.name = QStringLiteral("other");
    else
        changed.parent = root->id;
    Result<Node> updated = m_store->update(changed);
    QVERIFY(!updated);
    QCOMPARE(updated.error().field, field);
    QCOMPARE(*m_store->get(created->id), *created);
}

void tst_NodeStore::insertTree()
{
    const QByteArray json = R"({"kind":"run","name":"run-1","data":{"n":1},"children":[
        {"kind":"job","name":"build","state":"done","result":"pass"},
        {"kind":"job","name":"test","children":[
            {"kind":"case","name":"boot"},{"kind":"case","name":"net"}]}]})";
    Result<Node> site = m_store->create(node(QStringLiteral("site"), QStringLiteral("lab")));
    QVERIFY(site);
    Result<QList<Node>> nodes = m_store->insertTree(QJsonDocument::fromJson(json).object(),
                                                    site->id);
    QVERIFY2(nodes, qPrintable(nodes.ok() ? QString() : nodes.error().toString()));
    QCOMPARE(nodes->size(), 5);
    QCOMPARE(nodes->at(0).parent, site->id);
    QCOMPARE(nodes->at(3).path.join(QLatin1Char('/')), QStringLiteral("lab/run-1/test/boot"));
    QCOMPARE(nodes->at(3).parent, nodes->at(2).id);
    QCOMPARE(nodes->at(1).result, Node::Outcome::Pass);
    QCOMPARE(*m_store->count(), 6);
    QCOMPARE(rows(QStringLiteral("events")), 6);
}

void tst_NodeStore::insertTreeIsAllOrNothing()
{
    const QByteArray json = R"({"kind":"run","name":"run-1","children":[
        {"kind":"job","name":"ok"},
        {"kind":"job","name":"test","children":[{"kind":"Bad Kind","name":"boot"}]}]})";
    Result<QList<Node>> nodes = m_store->insertTree(QJsonDocument::fromJson(json).object());
    QVERIFY(!nodes);
    QCOMPARE(nodes.error().field, QStringLiteral("children[1].children[0].kind"));

    const QByteArray typo = R"({"kind":"run","name":"r","children":[{"kind":"job","nmae":"x"}]})";
    nodes = m_store->insertTree(QJsonDocument::fromJson(typo).object());
    QVERIFY(!nodes);
    QCOMPARE(nodes.error().field, QStringLiteral("children[0].nmae"));

    const QByteArray notArray = R"({"kind":"run","name":"r","children":{"kind":"job"}})";
    nodes = m_store->insertTree(QJsonDocument::fromJson(notArray).object());
    QVERIFY(!nodes);
    QCOMPARE(nodes.error().field, QStringLiteral("children"));
    QCOMPARE(rows(QStringLiteral("nodes")), 0);
    QCOMPARE(rows(QStringLiteral("events")), 0);
}

void tst_NodeStore::childrenDescendantsSubtree()
{
    const QByteArray json = R"({"kind":"site","name":"lab","children":[
        {"kind":"device","name":"a","children":[{"kind":"reading","name":"r1"},
                                                {"kind":"reading","name":"r2"}]},
        {"kind":"device","name":"b","children":[{"kind":"reading","name":"r1"}]}]})";
    Result<QList<Node>> nodes = m_store->insertTree(QJsonDocument::fromJson(json).object());
    QVERIFY(nodes);
    // A sibling whose name extends "lab" must not count as inside /lab.
    QVERIFY(m_store->create(node(QStringLiteral("site"), QStringLiteral("lab2"))));
    const QString lab = nodes->at(0).id;
    const QString a = nodes->at(1).id;

    Result<QList<Node>> children = m_store->children(lab);
    QVERIFY(children);
    QCOMPARE(children->size(), 2);
    QCOMPARE(children->at(0).name, QStringLiteral("a"));
    QCOMPARE(m_store->children(a)->size(), 2);
    QCOMPARE(m_store->children(nodes->at(2).id)->size(), 0);
    QCOMPARE(m_store->children(createUuid7()).error().code, Error::NotFound);

    QCOMPARE(m_store->descendants(lab)->size(), 6);
    QCOMPARE(m_store->descendants(lab, 0)->size(), 1);
    QCOMPARE(m_store->descendants(lab, 1)->size(), 3);
    QCOMPARE(m_store->descendants(a)->size(), 3);
    QCOMPARE(m_store->descendants(lab)->last().name, QStringLiteral("r1"));

    QCOMPARE(m_store->subtree({QStringLiteral("lab")})->size(), 6);
    QCOMPARE(m_store->subtree({QStringLiteral("lab")}, 1)->size(), 3);
    QCOMPARE(m_store->subtree({QStringLiteral("lab"), QStringLiteral("a")})->size(), 3);
    QCOMPARE(m_store->subtree({QStringLiteral("lab2")})->size(), 1);
    QCOMPARE(m_store->subtree({QStringLiteral("nowhere")})->size(), 0);
}

void tst_NodeStore::removeSubtree()
{
    const QByteArray json = R"({"kind":"site","name":"lab","children":[
        {"kind":"device","name":"a","children":[{"kind":"reading","name":"r1"}]},
        {"kind":"device","name":"b"}]})";
    Result<QList<Node>> nodes = m_store->insertTree(QJsonDocument::fromJson(json).object());
    QVERIFY(nodes);
    QVERIFY(m_store->create(node(QStringLiteral("site"), QStringLiteral("other"))));
    const qint64 before = rows(QStringLiteral("events"));

    Result<qint64> removed = m_store->remove(nodes->at(1).id);
    QVERIFY(removed);
    QCOMPARE(*removed, 2);
    QCOMPARE(m_store->get(nodes->at(2).id).error().code, Error::NotFound);
    QCOMPARE(*m_store->count(), 3);
    const QList<QJsonObject> log = events();
    QCOMPARE(log.size(), before + 2);
    // Children go before their parents.
    QCOMPARE(log.at(before).value(QStringLiteral("subject")).toString(), nodes->at(2).id);
    QCOMPARE(log.at(before + 1).value(QStringLiteral("subject")).toString(), nodes->at(1).id);
    QCOMPARE(log.last().value(QStringLiteral("type")).toString(),
             QStringLiteral("cairn.node.deleted"));

    QCOMPARE(*m_store->remove(nodes->at(0).id), 2);
    QCOMPARE(m_store->remove(nodes->at(0).id).error().code, Error::NotFound);
    QCOMPARE(*m_store->count(), 1);
}

void tst_NodeStore::outboxEvents()
{
    Result<Node> created = m_store->create(node(QStringLiteral("device"), QStringLiteral("d")));
    QVERIFY(created);
    Node changed = *created;
    changed.state = Node::State::Done;
    changed.result = Node::Outcome::Fail;
    Result<Node> updated = m_store->update(changed);
    QVERIFY(updated);
    QVERIFY(m_store->remove(created->id));

    const QList<QJsonObject> log = events();
    QCOMPARE(log.size(), 3);
    const QStringList types = {QStringLiteral("cairn.node.created"),
                               QStringLiteral("cairn.node.updated"),
                               QStringLiteral("cairn.node.deleted")};
    qint64 lastSeq = 0;
    for (int i = 0; i < 3; ++i) {
        const QJsonObject &e = log.at(i);
        QCOMPARE(e.value(QStringLiteral("type")).toString(), types.at(i));
        QCOMPARE(e.value(QStringLiteral("subject")).toString(), created->id);
        QCOMPARE(e.value(QStringLiteral("source")).toString(), m_store->eventSource());
        QVERIFY(e.value(QStringLiteral("seq")).toInteger() > lastSeq);
        lastSeq = e.value(QStringLiteral("seq")).toInteger();
        QVERIFY(Node::timeFromText(e.value(QStringLiteral("time")).toString()).isValid());
        QCOMPARE(e.value(QStringLiteral("id")).toString().size(), 36);
    }
    const QJsonObject createdData = log.at(0).value(QStringLiteral("data")).toObject();
    QCOMPARE(createdData, created->toJson());
    const QJsonObject updateData = log.at(1).value(QStringLiteral("data")).toObject();
    QCOMPARE(updateData.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(updateData.value(QStringLiteral("revision")).toInt(), 2);
    const QJsonObject previous = updateData.value(QStringLiteral("previous")).toObject();
    QCOMPARE(previous.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    QVERIFY(previous.value(QStringLiteral("result")).isNull());
    QCOMPARE(log.at(2).value(QStringLiteral("data")).toObject(), updated->toJson());
}

// Names, owners and data in any script, with quotes, backslashes and control characters,
// reach the events as they are in the node.
void tst_NodeStore::outboxEventsOfAnyText()
{
    Node input = node(QStringLiteral("device"),
                      QStringLiteral("Wetter \"S\u00fcd\" \\ \u65e5\u672c \U0001F326"));
    input.owner = QStringLiteral("op\u00e9rateur \"1\"");
    input.data = {{QStringLiteral("note"), QStringLiteral("\u00e9t\u00e9 \"chaud\"\n\u0001")},
                  {QStringLiteral("\u00fcber"), 1.5}};
    Result<Node> created = m_store->create(input);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
    Node changed = *created;
    changed.state = Node::State::Done;
    changed.result = Node::Outcome::Pass;
    Result<Node> updated = m_store->update(changed);
    QVERIFY(updated);

    const QList<QJsonObject> log = events();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0).value(QStringLiteral("data")).toObject(), created->toJson());
    QJsonObject updateData = log.at(1).value(QStringLiteral("data")).toObject();
    updateData.remove(QStringLiteral("previous"));
    QCOMPARE(updateData, updated->toJson());
    QCOMPARE(m_store->get(created->id)->name, input.name);
}

// An event that cannot be written takes its node change down with it.
void tst_NodeStore::failedEventLeavesNoNode()
{
    QFETCH_GLOBAL(QString, backend);
    Result<Node> kept = m_store->create(node(QStringLiteral("device"), QStringLiteral("kept")));
    QVERIFY(kept);
    QSqlQuery sabotage(m_db->connection());
    if (backend == QLatin1String("sqlite")) {
        QVERIFY(sabotage.exec(QStringLiteral("CREATE TRIGGER no_events BEFORE INSERT ON events "
                                             "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END")));
    } else {
        QVERIFY(sabotage.exec(QStringLiteral(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                "'outbox refused'; END $$ LANGUAGE plpgsql")));
        QVERIFY(sabotage.exec(QStringLiteral("CREATE TRIGGER no_events BEFORE INSERT ON events "
                                             "FOR EACH ROW EXECUTE FUNCTION refuse()")));
    }
    Result<Node> created = m_store->create(node(QStringLiteral("device"), QStringLiteral("lost")));
    QVERIFY(!created);
    QCOMPARE(created.error().code, Error::Database);
    QVERIFY(created.error().message.contains(QLatin1String("outbox refused")));

    Node changed = *kept;
    changed.data.insert(QStringLiteral("x"), 1);
    QVERIFY(!m_store->update(changed));
    QVERIFY(!m_store->remove(kept->id));

    QCOMPARE(rows(QStringLiteral("nodes")), 1);
    QCOMPARE(rows(QStringLiteral("events")), 1);
    QCOMPARE(*m_store->get(kept->id), *kept);
}

void tst_NodeStore::failedBatchLeavesNothing()
{
    QList<Node> batch;
    for (int i = 0; i < 5; ++i) {
        Node n = node(QStringLiteral("reading"), QStringLiteral("r%1").arg(i));
        n.id = createUuid7();
        batch.append(n);
    }
    batch[4].id = batch[1].id; // fails on the last insert, after four nodes and events
    Result<QList<Node>> created = m_store->createBatch(batch);
    QVERIFY(!created);
    QCOMPARE(created.error().code, Error::Conflict);
    QCOMPARE(rows(QStringLiteral("nodes")), 0);
    QCOMPARE(rows(QStringLiteral("events")), 0);

    batch[4].id.clear();
    batch[4].parent = batch[0].id; // a parent earlier in the same batch
    created = m_store->createBatch(batch);
    QVERIFY(created);
    QCOMPARE(created->at(4).path, (QStringList{QStringLiteral("r0"), QStringLiteral("r4")}));
    QCOMPARE(rows(QStringLiteral("events")), 5);
}

void tst_NodeStore::seed()
{
    const QByteArray json = R"({"kind":"site","name":"lab","children":[
        {"kind":"device","name":"dev-a","state":"available","owner":"alice",
         "data":{"board":{"arch":"x86_64"},"temp":21.5,"online":true,"tags":"alpha"}},
        {"kind":"device","name":"dev-b","data":{"board":{"arch":"arm64"},"temp":30,
         "online":false,"code":"007"}},
        {"kind":"device","name":"dev-c","state":"done","result":"pass",
         "data":{"board":{"arch":"x86_64"},"temp":"hot","online":null}},
        {"kind":"run","name":"run-1","state":"done","result":"fail","data":{"temp":5},
         "children":[{"kind":"job","name":"job-1","state":"done","result":"pass",
                      "artifacts":{"log":"file:///tmp/job-1.log"}},
                     {"kind":"job","name":"job-2"}]}]})";
    Result<QList<Node>> nodes = m_store->insertTree(QJsonDocument::fromJson(json).object());
    QVERIFY2(nodes, qPrintable(nodes.ok() ? QString() : nodes.error().toString()));
    for (const Node &n : *nodes)
        m_ids.insert(n.name, n.id);
}

void tst_NodeStore::query_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("expected"); // names in order
    QTest::addColumn<int>("total");

    const auto row = [](const char *name, QStringList terms, const char *expected, int total) {
        QTest::newRow(name) << terms << QString::fromLatin1(expected) << total;
    };
    using L = QStringList;
    const QString byName = QStringLiteral("sort=name");
    row("kind", L{QStringLiteral("kind=device"), byName}, "dev-a,dev-b,dev-c", 3);
    row("nested data", L{QStringLiteral("data.board.arch=x86_64"), byName}, "dev-a,dev-c", 2);
    row("number gt", L{QStringLiteral("data.temp__gt=20"), byName}, "dev-a,dev-b", 2);
    row("number lte", L{QStringLiteral("data.temp__lte=21.5"), byName}, "dev-a,run-1", 2);
    row("number eq", L{QStringLiteral("data.temp=30")}, "dev-b", 1);
    row("string", L{QStringLiteral("data.temp=hot")}, "dev-c", 1);
    row("string gt", L{QStringLiteral("data.temp__gt=a")}, "dev-c", 1);
    row("true", L{QStringLiteral("data.online=true")}, "dev-a", 1);
    row("false", L{QStringLiteral("data.online=false")}, "dev-b", 1);
    row("null", L{QStringLiteral("data.online=null")}, "dev-c", 1);
    row("quoted string", L{QStringLiteral("data.code=\"007\"")}, "dev-b", 1);
    row("number is not a string", L{QStringLiteral("data.temp=\"30\"")}, "", 0);
    row("ne includes missing", L{QStringLiteral("data.temp__ne=30"), byName},
        "dev-a,dev-c,job-1,job-2,lab,run-1", 6);
    row("in", L{QStringLiteral("kind__in=run,job"), byName}, "job-1,job-2,run-1", 3);
    row("nin", L{QStringLiteral("kind__nin=device,site"), byName}, "job-1,job-2,run-1", 3);
    row("data in", L{QStringLiteral("data.board.arch__in=arm64,riscv")}, "dev-b", 1);
    row("data nin", L{QStringLiteral("data.board.arch__nin=x86_64"), byName},
        "dev-b,job-1,job-2,lab,run-1", 5);
    row("re", L{QStringLiteral("name__re=^dev-[ab]$"), byName}, "dev-a,dev-b", 2);
    row("data re", L{QStringLiteral("data.tags__re=^al")}, "dev-a", 1);
    row("state", L{QStringLiteral("state=done"), byName}, "dev-c,job-1,run-1", 3);
    row("state and kind", L{QStringLiteral("kind=job"), QStringLiteral("state=running")}, "job-2",
        1);
    row("result none", L{QStringLiteral("result=none"), byName}, "dev-a,dev-b,job-2,lab", 4);
    row("result ne none", L{QStringLiteral("result__ne=none"), byName}, "dev-c,job-1,run-1", 3);
    row("result in", L{QStringLiteral("result__in=pass,fail"), byName}, "dev-c,job-1,run-1", 3);
    row("owner", L{QStringLiteral("owner=alice")}, "dev-a", 1);
    row("owner unset", L{QStringLiteral("owner="), QStringLiteral("kind=device"), byName},
        "dev-b,dev-c", 2);
    row("path", L{QStringLiteral("path=/lab/run-1")}, "run-1", 1);
    row("path re", L{QStringLiteral("path__re=^/lab/run-1"), byName}, "job-1,job-2,run-1", 3);
    row("artifact", L{QStringLiteral("artifacts.log__re=^file:")}, "job-1", 1);
    row("revision", L{QStringLiteral("revision=1"), QStringLiteral("limit=1")}, "lab", 7);
    row("created",
        L{QStringLiteral("created__gte=2000-01-01T00:00:00Z"),
          QStringLiteral("created__lt=2999-01-01T00:00:00.000Z"), byName,
          QStringLiteral("limit=2")},
        "dev-a,dev-b", 7);
    row("sort data desc", L{QStringLiteral("kind=device"), QStringLiteral("sort=-data.temp")},
        "dev-c,dev-b,dev-a", 3);
    row("sort data mixed", L{QStringLiteral("sort=data.temp")},
        "lab,job-1,job-2,run-1,dev-a,dev-b,dev-c", 7);
    row("sort two keys", L{QStringLiteral("sort=-state"), byName},
        "dev-b,job-2,lab,dev-c,job-1,run-1,dev-a", 7);
    row("page", L{byName, QStringLiteral("limit=2"), QStringLiteral("offset=1")}, "dev-b,dev-c", 7);
    row("past the end", L{QStringLiteral("offset=50")}, "", 7);
    row("nothing", L{QStringLiteral("kind=nothing")}, "", 0);
}

void tst_NodeStore::query()
{
    QFETCH(QStringList, terms);
    QFETCH(QString, expected);
    QFETCH(int, total);
    seed();
    Result<NodeQuery> query = NodeQuery::parse(terms);
    QVERIFY2(query, qPrintable(query.ok() ? QString() : query.error().toString()));
    Result<NodePage> page = m_store->find(*query);
    QVERIFY2(page, qPrintable(page.ok() ? QString() : page.error().toString()));
    QStringList names;
    for (const Node &n : page->nodes)
        names.append(n.name);
    QCOMPARE(names.join(QLatin1Char(',')), expected);
    QCOMPARE(page->total, total);
    QCOMPARE(*m_store->count(*query), total);
}

// Two writers read the same revision; exactly one of them wins.
void tst_NodeStore::concurrentUpdates()
{
    Result<Node> created = m_store->create(node(QStringLiteral("device"), QStringLiteral("d")));
    QVERIFY(created);
    constexpr int Writers = 4;
    QList<Result<Node>> results(Writers, Result<Node>(Error::database(QString())));
    QList<QThread *> threads;
    for (int i = 0; i < Writers; ++i) {
        threads.append(QThread::create([this, i, &results, base = *created] {
            Node mine = base;
            mine.data.insert(QStringLiteral("writer"), i);
            results[i] = m_store->update(mine);
        }));
    }
    for (QThread *t : threads)
        t->start();
    for (QThread *t : threads) {
        QVERIFY(t->wait(30000));
        delete t;
    }
    int won = 0;
    for (const Result<Node> &r : results) {
        if (r.ok())
            ++won;
        else
            QCOMPARE(r.error().code, Error::Conflict);
    }
    QCOMPARE(won, 1);
    QCOMPARE(m_store->get(created->id)->revision, 2);
    QCOMPARE(rows(QStringLiteral("events")), 2);
}

QTEST_GUILESS_MAIN(tst_NodeStore)
#include "tst_nodestore.moc"
