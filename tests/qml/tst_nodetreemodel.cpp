// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <nodestore.h>
#include <nodetreemodel.h>
#include <testbackends.h>
#include <uuid7.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Cairn;

class tst_NodeTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void initialLoad();
    void fetchMorePages();
    void liveChanges();
    void liveChangesAreBatched();
    void createdUnderUnreadParent();
    void query();
    void queryPagingAndLimit();
    void queryFollowsChanges();
    void firstPageOfALargeDatabase();

private:
    Node create(const QString &name, const QString &parent = {},
                const QString &kind = QStringLiteral("item"));
    std::unique_ptr<NodeTreeModel> makeModel(int pageSize = NodeTreeModel::DefaultPageSize);
    static QStringList names(const QAbstractItemModel &model, const QModelIndex &parent = {});

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<NodeStore> m_store;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_NodeTreeModel::init()
{
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_backends.freshUrl(QStringLiteral("sqlite"))),
             qPrintable(m_db->errorString()));
    m_store = std::make_unique<NodeStore>(*m_db);
    m_bus = std::make_unique<EventBus>(*m_db);
}

void tst_NodeTreeModel::cleanup()
{
    m_tester.reset();
    m_bus.reset();
    m_store.reset();
    m_db.reset();
}

Node tst_NodeTreeModel::create(const QString &name, const QString &parent, const QString &kind)
{
    Node node;
    node.name = name;
    node.parent = parent;
    node.kind = kind;
    Result<Node> created = m_store->create(node);
    if (!created)
        qFatal("cannot create %s: %s", qPrintable(name), qPrintable(created.error().toString()));
    return *created;
}

// A model under QAbstractItemModelTester, attached before there is anything to read so that
// it checks every change; the model reads the first level by itself.
std::unique_ptr<NodeTreeModel> tst_NodeTreeModel::makeModel(int pageSize)
{
    auto model = std::make_unique<NodeTreeModel>();
    model->setPageSize(pageSize);
    model->setBatchInterval(std::chrono::milliseconds(20));
    m_tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    model->setBus(m_bus.get());
    model->setDatabase(m_db.get());
    return model;
}

QStringList tst_NodeTreeModel::names(const QAbstractItemModel &model, const QModelIndex &parent)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(parent); ++row)
        list.append(model.index(row, 0, parent).data(NodeTreeModel::NameRole).toString());
    return list;
}

void tst_NodeTreeModel::initialLoad()
{
    const Node a = create(QStringLiteral("a"));
    const Node b = create(QStringLiteral("b"));
    create(QStringLiteral("a1"), a.id);
    Node a2;
    a2.name = QStringLiteral("a2");
    a2.parent = a.id;
    a2.kind = QStringLiteral("job");
    a2.state = Node::State::Done;
    a2.result = Node::Outcome::Pass;
    a2.data = {{QStringLiteral("exit_code"), 0}};
    a2.artifacts = {{QStringLiteral("log"), QStringLiteral("file:///tmp/log.txt")}};
    a2 = *m_store->create(a2);

    auto model = makeModel();
    QCOMPARE(names(*model), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    const QModelIndex ai = model->index(0, 0);
    const QModelIndex bi = model->index(1, 0);
    QVERIFY(model->hasChildren(ai));
    QVERIFY(!model->hasChildren(bi));
    QVERIFY(!model->canFetchMore(bi));
    // Children are read when a view asks for them.
    QCOMPARE(model->rowCount(ai), 0);
    QVERIFY(model->canFetchMore(ai));
    QCOMPARE(model->pagesRead(), 1);
    model->fetchMore(ai);
    QCOMPARE(model->pagesRead(), 2);
    QCOMPARE(names(*model, ai), (QStringList{QStringLiteral("a1"), QStringLiteral("a2")}));
    QVERIFY(!model->canFetchMore(ai));
    QVERIFY(!model->canFetchMore({}));

    const QModelIndex job = model->index(1, 0, ai);
    QCOMPARE(job.parent(), ai);
    QCOMPARE(job.data(NodeTreeModel::IdRole).toString(), a2.id);
    QCOMPARE(job.data(NodeTreeModel::KindRole).toString(), QStringLiteral("job"));
    QCOMPARE(job.data(NodeTreeModel::StateRole).toString(), QStringLiteral("done"));
    QCOMPARE(job.data(NodeTreeModel::ResultRole).toString(), QStringLiteral("pass"));
    QCOMPARE(job.data(NodeTreeModel::UpdatedRole).toDateTime(), a2.updated);
    QCOMPARE(job.data(NodeTreeModel::DataRole).toMap().value(QStringLiteral("exit_code")).toInt(),
             0);
    QCOMPARE(job.data(NodeTreeModel::ArtifactsRole).toMap().value(QStringLiteral("log")),
             QVariant(QStringLiteral("file:///tmp/log.txt")));
    QCOMPARE(job.data(NodeTreeModel::PathRole).toString(), QStringLiteral("/a/a2"));
    QCOMPARE(model->indexOf(a2.id), job);
    QCOMPARE(model->indexOf(b.id), bi);

    const QHash<int, QByteArray> roles = model->roleNames();
    for (const char *role :
         {"id", "kind", "name", "state", "result", "updated", "data", "artifacts"})
        QVERIFY2(roles.values().contains(QByteArray(role)), role);
}

void tst_NodeTreeModel::fetchMorePages()
{
    QList<Node> nodes;
    for (int i = 0; i < 25; ++i) {
        Node node;
        node.id = createUuid7();
        node.name = QStringLiteral("n%1").arg(i, 2, 10, QLatin1Char('0'));
        node.kind = QStringLiteral("item");
        nodes.append(node);
    }
    QVERIFY(m_store->createBatch(nodes));

    auto model = makeModel(10);
    QCOMPARE(model->rowCount(), 10);
    QCOMPARE(model->pagesRead(), 1);
    QVERIFY(model->canFetchMore({}));
    model->fetchMore({});
    QCOMPARE(model->rowCount(), 20);
    QVERIFY(model->canFetchMore({}));
    model->fetchMore({});
    QCOMPARE(model->rowCount(), 25);
    QCOMPARE(model->pagesRead(), 3);
    QVERIFY(!model->canFetchMore({}));
    QStringList expected;
    for (const Node &node : std::as_const(nodes))
        expected.append(node.name);
    QCOMPARE(names(*model), expected); // creation order, none twice
    QVERIFY(!model->hasChildren(model->index(24, 0)));
}

void tst_NodeTreeModel::liveChanges()
{
    const Node a = create(QStringLiteral("a"));
    const Node b = create(QStringLiteral("b"));
    Node a1 = create(QStringLiteral("a1"), a.id);
    auto model = makeModel();
    const QPersistentModelIndex ai = model->index(0, 0);
    const QPersistentModelIndex bi = model->index(1, 0);
    model->fetchMore(ai);
    QCOMPARE(model->rowCount(ai), 1);

    // A new child under a loaded parent.
    const Node a2 = create(QStringLiteral("a2"), a.id);
    QTRY_COMPARE(model->rowCount(ai), 2);
    QCOMPARE(model->index(1, 0, ai).data(NodeTreeModel::IdRole).toString(), a2.id);

    // An update changes its row in place.
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    a1.state = Node::State::Done;
    a1.result = Node::Outcome::Fail;
    a1.data.insert(QStringLiteral("temperature"), 21.5);
    QVERIFY(m_store->update(a1));
    QTRY_COMPARE(model->index(0, 0, ai).data(NodeTreeModel::ResultRole).toString(),
                 QStringLiteral("fail"));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.constLast().at(0).value<QModelIndex>(), model->index(0, 0, ai));
    QCOMPARE(model->index(0, 0, ai)
                     .data(NodeTreeModel::DataRole)
                     .toMap()
                     .value(QStringLiteral("temperature"))
                     .toDouble(),
             21.5);

    // A first child under a leaf, and a new root.
    QVERIFY(!model->hasChildren(bi));
    const Node b1 = create(QStringLiteral("b1"), b.id);
    const Node c = create(QStringLiteral("c"));
    QTRY_COMPARE(model->rowCount(), 3);
    QVERIFY(model->hasChildren(bi));
    QCOMPARE(names(*model, bi), QStringList{QStringLiteral("b1")});
    QCOMPARE(model->index(2, 0).data(NodeTreeModel::IdRole).toString(), c.id);

    // A deleted leaf, then a deleted subtree.
    QVERIFY(m_store->remove(a1.id));
    QTRY_COMPARE(model->rowCount(ai), 1);
    QCOMPARE(names(*model, ai), QStringList{QStringLiteral("a2")});
    QSignalSpy removed(model.get(), &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_store->remove(a.id));
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(removed.size(), 1); // the subtree goes with its top
    QVERIFY(!ai.isValid());
    QVERIFY(!model->indexOf(a2.id).isValid());
    QCOMPARE(names(*model), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(model->indexOf(b1.id).parent(), QModelIndex(bi));
}

void tst_NodeTreeModel::liveChangesAreBatched()
{
    const Node a = create(QStringLiteral("a"));
    auto model = makeModel();
    const QPersistentModelIndex ai = model->index(0, 0);
    QSignalSpy inserted(model.get(), &QAbstractItemModel::rowsInserted);
    for (int i = 0; i < 100; ++i)
        create(QStringLiteral("c%1").arg(i), a.id);
    QTRY_COMPARE(model->rowCount(ai), 100);
    qDebug() << "100 creations gave" << inserted.size() << "rowsInserted signals";
    QVERIFY(inserted.size() <= 5);
}

void tst_NodeTreeModel::createdUnderUnreadParent()
{
    const Node a = create(QStringLiteral("a"));
    for (int i = 0; i < 5; ++i)
        create(QStringLiteral("c%1").arg(i), a.id);
    auto owner = makeModel(3);
    NodeTreeModel &model = *owner;
    const QModelIndex ai = model.index(0, 0);
    QVERIFY(model.hasChildren(ai));
    QCOMPARE(model.rowCount(ai), 0);

    // Unread children come with the pages, new ones included, each once.
    const Node late = create(QStringLiteral("late"), a.id);
    QTest::qWait(100);
    QCOMPARE(model.rowCount(ai), 0);
    model.fetchMore(ai);
    QCOMPARE(model.rowCount(ai), 3);
    const Node later = create(QStringLiteral("later"), a.id);
    QTest::qWait(100);
    QCOMPARE(model.rowCount(ai), 3);
    while (model.canFetchMore(ai))
        model.fetchMore(ai);
    QCOMPARE(model.rowCount(ai), 7);
    QCOMPARE(model.index(5, 0, ai).data(NodeTreeModel::IdRole).toString(), late.id);
    QCOMPARE(model.index(6, 0, ai).data(NodeTreeModel::IdRole).toString(), later.id);
}

void tst_NodeTreeModel::query()
{
    const Node devices = create(QStringLiteral("devices"));
    create(QStringLiteral("d1"), devices.id, QStringLiteral("device"));
    create(QStringLiteral("d2"), devices.id, QStringLiteral("device"));
    create(QStringLiteral("r1"), devices.id, QStringLiteral("reading"));
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 1);

    QSignalSpy queryChanged(model.get(), &NodeTreeModel::queryChanged);
    model->setQuery(QStringLiteral("kind=device sort=-name"));
    QCOMPARE(queryChanged.size(), 1);
    QVERIFY(model->error().isEmpty());
    QCOMPARE(names(*model), (QStringList{QStringLiteral("d2"), QStringLiteral("d1")}));
    QVERIFY(!model->hasChildren(model->index(0, 0)));

    // A bad query says why and keeps the last good view.
    QSignalSpy errorChanged(model.get(), &NodeTreeModel::errorChanged);
    model->setQuery(QStringLiteral("kind__near=device"));
    QCOMPARE(errorChanged.size(), 1);
    QVERIFY(model->error().contains(QStringLiteral("near")));
    QCOMPARE(model->query(), QStringLiteral("kind=device sort=-name"));
    QCOMPARE(names(*model), (QStringList{QStringLiteral("d2"), QStringLiteral("d1")}));
    model->setQuery(QStringLiteral("state=sleeping"));
    QVERIFY(!model->error().isEmpty());
    QCOMPARE(model->rowCount(), 2);

    model->setQuery(QString());
    QVERIFY(model->error().isEmpty());
    QCOMPARE(names(*model), QStringList{QStringLiteral("devices")});
    model->fetchMore(model->index(0, 0));
    QCOMPARE(model->rowCount(model->index(0, 0)), 3);
}

void tst_NodeTreeModel::queryPagingAndLimit()
{
    QList<Node> nodes;
    for (int i = 0; i < 12; ++i) {
        Node node;
        node.name = QStringLiteral("m%1").arg(i, 2, 10, QLatin1Char('0'));
        node.kind = QStringLiteral("match");
        nodes.append(node);
        node.name = QStringLiteral("o%1").arg(i);
        node.kind = QStringLiteral("other");
        nodes.append(node);
    }
    QVERIFY(m_store->createBatch(nodes));
    auto model = makeModel(5);
    model->setQuery(QStringLiteral("kind=match sort=name"));
    QCOMPARE(model->rowCount(), 5);
    QVERIFY(model->canFetchMore({}));
    while (model->canFetchMore({}))
        model->fetchMore({});
    QCOMPARE(model->rowCount(), 12);
    QCOMPARE(model->index(11, 0).data(NodeTreeModel::NameRole).toString(), QStringLiteral("m11"));

    // A limit term caps what is shown in all.
    model->setQuery(QStringLiteral("kind=match sort=-name limit=7"));
    while (model->canFetchMore({}))
        model->fetchMore({});
    QCOMPARE(model->rowCount(), 7);
    QCOMPARE(model->index(0, 0).data(NodeTreeModel::NameRole).toString(), QStringLiteral("m11"));
}

void tst_NodeTreeModel::queryFollowsChanges()
{
    Node hot = create(QStringLiteral("hot"), {}, QStringLiteral("sensor"));
    create(QStringLiteral("cold"), {}, QStringLiteral("other"));
    auto model = makeModel();
    model->setQuery(QStringLiteral("kind=sensor"));
    QCOMPARE(model->rowCount(), 1);

    const Node second = create(QStringLiteral("second"), {}, QStringLiteral("sensor"));
    create(QStringLiteral("nope"), {}, QStringLiteral("other"));
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(1, 0).data(NodeTreeModel::IdRole).toString(), second.id);

    hot.state = Node::State::Available;
    QVERIFY(m_store->update(hot));
    QTRY_COMPARE(model->index(0, 0).data(NodeTreeModel::StateRole).toString(),
                 QStringLiteral("available"));
    QVERIFY(m_store->remove(hot.id));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(NodeTreeModel::IdRole).toString(), second.id);
}

void tst_NodeTreeModel::firstPageOfALargeDatabase()
{
    // One root with every other node below it: opening the root must read one page of
    // its children, not all of them.
    constexpr int Total = 200000;
    constexpr int Batch = 20000;
    QElapsedTimer clock;
    clock.start();
    const Node big = create(QStringLiteral("big"));
    for (int start = 1; start < Total; start += Batch) {
        QList<Node> nodes;
        nodes.reserve(Batch);
        for (int i = start; i < std::min(Total, start + Batch); ++i) {
            Node node;
            node.parent = big.id;
            node.name = QStringLiteral("node%1").arg(i);
            node.kind = QStringLiteral("item");
            nodes.append(node);
        }
        if (Result<QList<Node>> created = m_store->createBatch(nodes); !created)
            QFAIL(qPrintable(created.error().toString()));
    }
    qDebug() << "built" << Total << "nodes in" << clock.elapsed() << "ms";
    Result<qint64> count = m_store->count();
    if (!count)
        QFAIL(qPrintable(count.error().toString()));
    QCOMPARE(*count, qint64(Total));

    // The model reads the root level, then a view expands "big".
    clock.restart();
    auto model = makeModel();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex bigIndex = model->index(0, 0);
    QVERIFY(model->hasChildren(bigIndex));
    QVERIFY(model->canFetchMore(bigIndex));
    model->fetchMore(bigIndex);
    qDebug() << "root level and the first page below it of" << Total << "nodes ready in"
             << clock.elapsed() << "ms";
    QCOMPARE(model->rowCount(bigIndex), NodeTreeModel::DefaultPageSize);
    QCOMPARE(model->pagesRead(), 2);
    QVERIFY(model->canFetchMore(bigIndex));
    QCOMPARE(model->index(0, 0, bigIndex).data(NodeTreeModel::NameRole).toString(),
             QStringLiteral("node1"));

    clock.restart();
    model->fetchMore(bigIndex);
    qDebug() << "a further page in" << clock.elapsed() << "ms";
    QCOMPARE(model->rowCount(bigIndex), 2 * NodeTreeModel::DefaultPageSize);
    QCOMPARE(model->pagesRead(), 3);
}

QTEST_GUILESS_MAIN(tst_NodeTreeModel)
#include "tst_nodetreemodel.moc"
