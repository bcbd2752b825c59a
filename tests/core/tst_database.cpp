// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <nodestore.h>
#include <testbackends.h>
#include <walcheckpointer_p.h>

#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Cairn;

class tst_Database : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badUrls_data();
    void badUrls();
    void sqliteSettings();
    void migratesOnce_data();
    void migratesOnce();
    void refusesNewerSchema_data();
    void refusesNewerSchema();
    void connectionPerThread_data();
    void connectionPerThread();
    void passwordNotShown();
    void plannerStatistics();
    void logCheckpointedBesideTheWriter();

private:
    CairnTest::TestBackends m_backends;
};

void tst_Database::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_Database::badUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("message"); // a part of the error
    QTest::newRow("no scheme") << "cairn.db"
                               << "is not a database URL";
    QTest::newRow("mysql") << "mysql://u@h/db"
                           << "is not a database URL";
    QTest::newRow("sqlite without a file") << "sqlite:"
                                           << "names no file";
    QTest::newRow("postgresql without a database") << "postgresql://u@127.0.0.1:1/"
                                                   << "names no database";
    QTest::newRow("unreachable server") << "postgresql://u@127.0.0.1:1/db"
                                        << "Cannot open";
    QTest::newRow("unwritable folder") << "sqlite:/proc/cairn/x.db"
                                       << "Cannot create the folder";
}

void tst_Database::badUrls()
{
    QFETCH(QString, url);
    QFETCH(QString, message);
    Database db;
    if (url.contains(QLatin1String("127.0.0.1:1/db")))
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Cannot open")));
    QVERIFY(!db.open(url));
    QVERIFY2(db.errorString().contains(message), qPrintable(db.errorString()));
    QVERIFY(!db.isOpen());
    QVERIFY(!db.connection().isValid());
}

void tst_Database::sqliteSettings()
{
    QTemporaryDir dir;
    Database db;
    QVERIFY2(db.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("sub/dir/c.db"))),
             qPrintable(db.errorString()));
    QSqlQuery query(db.connection());
    const auto pragma = [&](const char *name) {
        query.exec(QStringLiteral("PRAGMA ") + QLatin1String(name));
        return query.next() ? query.value(0).toString() : QString();
    };
    QCOMPARE(pragma("journal_mode"), QStringLiteral("wal"));
    QCOMPARE(pragma("foreign_keys"), QStringLiteral("1"));
    QCOMPARE(pragma("synchronous"), QStringLiteral("1")); // NORMAL
    QCOMPARE(pragma("busy_timeout"), QStringLiteral("5000"));
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QVERIFY(Database::defaultUrl().startsWith(QLatin1String("sqlite:")));
}

void tst_Database::migratesOnce_data()
{
    CairnTest::TestBackends::addRows();
}

// Opening again keeps the data and applies nothing twice.
void tst_Database::migratesOnce()
{
    QFETCH(QString, backend);
    const QString url = m_backends.freshUrl(backend);
    QVERIFY(!url.isEmpty());
    {
        Database db;
        QVERIFY2(db.open(url), qPrintable(db.errorString()));
        NodeStore store(db);
        Node node;
        node.kind = QStringLiteral("site");
        node.name = QStringLiteral("kept");
        QVERIFY(store.create(node));
    }
    Database db;
    QVERIFY2(db.open(url), qPrintable(db.errorString()));
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM cairn_schema")) && query.next());
    QCOMPARE(query.value(0).toInt(), Database::latestSchemaVersion());
    QCOMPARE(*NodeStore(db).count(), 1);
}

void tst_Database::refusesNewerSchema_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_Database::refusesNewerSchema()
{
    QFETCH(QString, backend);
    const QString url = m_backends.freshUrl(backend);
    {
        Database db;
        QVERIFY(db.open(url));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("INSERT INTO cairn_schema (version, applied) "
                                          "VALUES (999, '2099-01-01T00:00:00.000Z')")));
    }
    Database db;
    QVERIFY(!db.open(url));
    QVERIFY2(db.errorString().contains(QLatin1String("schema version 999, newer than")),
             qPrintable(db.errorString()));
}

void tst_Database::connectionPerThread_data()
{
    CairnTest::TestBackends::addRows();
}

// Each thread writes through its own connection; all of it lands.
void tst_Database::connectionPerThread()
{
    QFETCH(QString, backend);
    std::unique_ptr<Database> db = m_backends.open(backend);
    QVERIFY2(db, qPrintable(m_backends.errorString()));
    NodeStore store(*db);
    const QString mainConnection = db->connection().connectionName();
    QStringList names(3);
    QList<int> failures(3, 0);
    QList<QThread *> threads;
    for (int t = 0; t < 3; ++t) {
        threads.append(QThread::create([&, t] {
            names[t] = db->connection().connectionName();
            for (int i = 0; i < 50; ++i) {
                Node node;
                node.kind = QStringLiteral("reading");
                node.name = QStringLiteral("t%1-%2").arg(t).arg(i);
                if (!store.create(node))
                    ++failures[t];
            }
        }));
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(failures, QList<int>(3, 0));
    QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), 3);
    QVERIFY(!names.contains(mainConnection));
    QCOMPARE(*store.count(), 150);
    // The threads' connections closed with them.
    for (const QString &name : names)
        QVERIFY(!QSqlDatabase::contains(name));
}

void tst_Database::passwordNotShown()
{
    Database db;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Cannot open")));
    QVERIFY(!db.open(QStringLiteral("postgresql://cairn:s3cret@127.0.0.1:1/db")));
    QVERIFY(!db.errorString().contains(QLatin1String("s3cret")));
    QCOMPARE(db.displayUrl(), QStringLiteral("postgresql://cairn@127.0.0.1:1/db"));
}

QTEST_GUILESS_MAIN(tst_Database)
/*
 * Without statistics SQLite guessed that "kind = reading" narrows as much as "parent = X"
 * and walked every reading to find one device's. A database opened with enough nodes gets
 * statistics, and the plan follows the parent.
 */
void tst_Database::plannerStatistics()
{
    QTemporaryDir dir;
    const QString url = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("s.db"));
    {
        Database db;
        QVERIFY2(db.open(url), qPrintable(db.errorString()));
        NodeStore store(db);
        Node site;
        site.kind = QStringLiteral("site");
        site.name = QStringLiteral("lab");
        const Result<Node> root = store.create(site);
        QVERIFY(root);
        QList<Node> devices;
        for (int i = 0; i < 20; ++i) {
            Node device;
            device.parent = root->id;
            device.kind = QStringLiteral("device");
            device.name = QStringLiteral("d%1").arg(i);
            devices.append(device);
        }
        const Result<QList<Node>> created = store.createBatch(devices);
        QVERIFY(created);
        QList<Node> readings;
        for (int i = 0; i < 4000; ++i) {
            Node reading;
            reading.parent = created->at(i % 20).id;
            reading.kind = QStringLiteral("reading");
            reading.name = QStringLiteral("r%1").arg(i);
            readings.append(reading);
        }
        QVERIFY(store.createBatch(readings));
    }
    Database db;
    QVERIFY2(db.open(url), qPrintable(db.errorString()));
    QSqlQuery query(db.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'nodes'")));
    QVERIFY(query.next());
    QVERIFY(query.value(0).toInt() > 0);
    QVERIFY(query.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM nodes WHERE parent = "
                                      "'x' AND kind = 'reading' ORDER BY created DESC LIMIT 20")));
    QString plan;
    while (query.next())
        plan += query.value(3).toString() + u'\n';
    QVERIFY2(plan.contains(QStringLiteral("nodes_parent")), qPrintable(plan));
}

// The writer's connection leaves copying the write-ahead log back into the database file
// to a thread of its own: once the log passes the threshold, the file grows without the
// writer's help, and nothing written is lost.
void tst_Database::logCheckpointedBesideTheWriter()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("wal.db"));
    {
        Database db;
        QVERIFY2(db.open(QStringLiteral("sqlite:") + file), qPrintable(db.errorString()));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE filler (text TEXT NOT NULL)")));
        const QString text(3000, QLatin1Char('x')); // a page each
        // Half as many pages again as the threshold, in commits of five: far below the hard
        // limit, so only the checkpointer's thread copies them.
        const int rows = WalCheckpointer::Threshold * 3 / 2;
        static_assert(WalCheckpointer::Threshold * 3 / 2 < WalCheckpointer::HardLimit);
        for (int t = 0; t < rows / 5; ++t) {
            Transaction transaction(db);
            QVERIFY(transaction.isActive());
            for (int r = 0; r < 5; ++r) {
                QVERIFY(query.prepare(QStringLiteral("INSERT INTO filler (text) VALUES (?)")));
                query.addBindValue(text);
                QVERIFY(query.exec());
            }
            QVERIFY(transaction.commit());
        }
        // The file holds what the checkpoints copied: more than the threshold's pages.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(file).size() > qint64(WalCheckpointer::Threshold) * 4096,
                                 20000);
    }
    Database again;
    QVERIFY2(again.open(QStringLiteral("sqlite:") + file), qPrintable(again.errorString()));
    QSqlQuery count(again.connection());
    QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM filler")) && count.next());
    QCOMPARE(count.value(0).toInt(), WalCheckpointer::Threshold * 3 / 2 / 5 * 5);
}

#include "tst_database.moc"
