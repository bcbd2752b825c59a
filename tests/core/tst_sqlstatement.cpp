// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <sqlstatement_p.h>
#include <testbackends.h>

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <limits>

using namespace Cairn;

// SqlStatement on SQLite (the connection's own sqlite3 handle) and on PostgreSQL (through
// QSqlQuery): the same values go in and come out either way.
class tst_SqlStatement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void valuesRoundTrip();
    void emptyIsNotNull();
    void rowsAffectedAndRebinding();
    void errorsNameTheConstraint();
    void releasedWithItsDatabase();

private:
    std::shared_ptr<SqlStatement> statement(const QString &sql);

    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_db;
};

void tst_SqlStatement::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_SqlStatement::initTestCase()
{
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
}

void tst_SqlStatement::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_db = m_backends.open(backend);
    QVERIFY2(m_db, qPrintable(m_backends.errorString()));
    // DDL through a plain query: PostgreSQL does not prepare it.
    QSqlQuery create(m_db->connection());
    QVERIFY2(create.exec(QStringLiteral("CREATE TABLE t (k TEXT PRIMARY KEY NOT NULL, i BIGINT, "
                                        "r DOUBLE PRECISION, s TEXT)")),
             qPrintable(create.lastError().text()));
}

void tst_SqlStatement::cleanup()
{
    m_db.reset();
}

std::shared_ptr<SqlStatement> tst_SqlStatement::statement(const QString &sql)
{
    QString why;
    std::shared_ptr<SqlStatement> prepared = m_db->statement(sql, &why);
    if (!prepared)
        qWarning("cannot prepare %s: %s", qPrintable(sql), qPrintable(why));
    return prepared;
}

void tst_SqlStatement::valuesRoundTrip()
{
    const auto insert = statement(QStringLiteral("INSERT INTO t (k, i, r, s) VALUES (?, ?, ?, ?)"));
    QVERIFY(insert);
    const QString text = QStringLiteral("Wetter \"S\u00fcd\" \\ \u65e5\u672c \U0001F326 \u0001");
    insert->bind(0, QStringLiteral("a"));
    insert->bind(1, std::numeric_limits<qint64>::max());
    insert->bind(2, QVariant(2.5));
    insert->bind(3, text);
    QVERIFY2(insert->exec(), qPrintable(insert->errorText()));
    insert->bind(0, QStringLiteral("b"));
    insert->bindNull(1);
    insert->bind(2, QVariant(QMetaType::fromType<double>()));
    insert->bind(3, QString());
    QVERIFY2(insert->exec(), qPrintable(insert->errorText()));
    insert->bind(0, QStringLiteral("c"));
    insert->bind(1, QVariant(-7));
    insert->bind(2, QVariant(1.0f));
    insert->bindUtf8(3, QByteArrayLiteral("utf-8 \xc3\xa9t\xc3\xa9"));
    QVERIFY2(insert->exec(), qPrintable(insert->errorText()));

    const auto select = statement(QStringLiteral("SELECT k, i, r, s FROM t ORDER BY k"));
    QVERIFY(select);
    QVERIFY2(select->exec(), qPrintable(select->errorText()));
    QVERIFY(select->next());
    QCOMPARE(select->text(0), QStringLiteral("a"));
    QCOMPARE(select->integer(1), std::numeric_limits<qint64>::max());
    QCOMPARE(select->text(2).toDouble(), 2.5);
    QCOMPARE(select->text(3), text);
    QCOMPARE(QString::fromUtf8(select->utf8(3)), text);
    QVERIFY(select->next());
    QVERIFY(select->isNull(1));
    QVERIFY(select->isNull(2));
    QVERIFY(select->isNull(3));
    QVERIFY(select->text(3).isNull());
    QVERIFY(select->next());
    QCOMPARE(select->integer(1), qint64(-7));
    QCOMPARE(select->text(2).toDouble(), 1.0);
    QCOMPARE(select->text(3), QStringLiteral("utf-8 \u00e9t\u00e9"));
    QVERIFY(!select->next());
    QVERIFY(select->errorText().isEmpty());
}

void tst_SqlStatement::emptyIsNotNull()
{
    const auto insert = statement(QStringLiteral("INSERT INTO t (k, s) VALUES (?, ?)"));
    QVERIFY(insert);
    insert->bind(0, QStringLiteral("empty"));
    insert->bind(1, QStringLiteral(""));
    QVERIFY2(insert->exec(), qPrintable(insert->errorText()));
    const auto count = statement(QStringLiteral("SELECT COUNT(*) FROM t WHERE s = ?"));
    QVERIFY(count);
    count->bind(0, QStringLiteral(""));
    QVERIFY(count->exec() && count->next());
    QCOMPARE(count->integer(0), qint64(1));
    count->finish();
}

void tst_SqlStatement::rowsAffectedAndRebinding()
{
    const auto insert = statement(QStringLiteral("INSERT INTO t (k, i) VALUES (?, ?)"));
    QVERIFY(insert);
    for (int n = 0; n < 5; ++n) {
        insert->bind(0, QStringLiteral("k%1").arg(n));
        insert->bind(1, n);
        QVERIFY2(insert->exec(), qPrintable(insert->errorText()));
        QCOMPARE(insert->rowsAffected(), qint64(1));
    }
    const auto update = statement(QStringLiteral("UPDATE t SET i = i + 10 WHERE i >= ?"));
    QVERIFY(update);
    update->bind(0, 2);
    QVERIFY(update->exec());
    QCOMPARE(update->rowsAffected(), qint64(3));

    // A statement left in the middle of its rows takes new values and starts again.
    const auto select = statement(QStringLiteral("SELECT k FROM t WHERE i >= ? ORDER BY k"));
    QVERIFY(select);
    select->bind(0, 0);
    QVERIFY(select->exec() && select->next());
    QCOMPARE(select->text(0), QStringLiteral("k0"));
    select->bind(0, 12);
    QVERIFY(select->exec());
    QStringList keys;
    while (select->next())
        keys.append(select->text(0));
    QCOMPARE(keys, (QStringList{QStringLiteral("k2"), QStringLiteral("k3"), QStringLiteral("k4")}));
}

void tst_SqlStatement::errorsNameTheConstraint()
{
    QFETCH_GLOBAL(QString, backend);
    const auto insert = statement(QStringLiteral("INSERT INTO t (k) VALUES (?)"));
    QVERIFY(insert);
    insert->bind(0, QStringLiteral("same"));
    QVERIFY(insert->exec());
    insert->bind(0, QStringLiteral("same"));
    QVERIFY(!insert->exec());
    QVERIFY(!insert->errorText().isEmpty());
    // SQLite's extended code for a primary key; PostgreSQL's SQLSTATE for a unique key.
    QCOMPARE(insert->nativeCode(),
             backend == QLatin1String("sqlite") ? QStringLiteral("1555") : QStringLiteral("23505"));
    // The statement is still good for the next values.
    insert->bind(0, QStringLiteral("other"));
    QVERIFY2(insert->exec(), qPrintable(insert->errorText()));
    QVERIFY(insert->errorText().isEmpty());
}

void tst_SqlStatement::releasedWithItsDatabase()
{
    const auto select = statement(QStringLiteral("SELECT COUNT(*) FROM t"));
    QVERIFY(select);
    QVERIFY(select->exec() && select->next());
    m_db->close();
    // Held past the close, it fails instead of reaching into a closed connection.
    QVERIFY(!select->exec());
    QVERIFY(!select->next());
}

QTEST_GUILESS_MAIN(tst_SqlStatement)
#include "tst_sqlstatement.moc"
