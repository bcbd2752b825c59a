// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <leaderlease.h>
#include <testbackends.h>

#include <QSignalSpy>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

// Leader election on both databases, each contender with a connection of its own, as
// separate processes would have.
class tst_LeaderLease : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { CairnTest::TestBackends::addRows(); }
    void initTestCase() { QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString())); }
    void init();
    void cleanup();
    void oneLeaderAtATime();
    void handedBackOnStop();
    void takenOverOnceExpired();

private:
    CairnTest::TestBackends m_backends;
    std::unique_ptr<Database> m_first;
    std::unique_ptr<Database> m_second;
};

void tst_LeaderLease::init()
{
    QFETCH_GLOBAL(QString, backend);
    const QString url = m_backends.freshUrl(backend);
    m_first = std::make_unique<Database>();
    m_second = std::make_unique<Database>();
    QVERIFY2(m_first->open(url), qPrintable(m_first->errorString()));
    QVERIFY2(m_second->open(url), qPrintable(m_second->errorString()));
}

void tst_LeaderLease::cleanup()
{
    m_first.reset();
    m_second.reset();
}

void tst_LeaderLease::oneLeaderAtATime()
{
    LeaderLease a(*m_first, QStringLiteral("rules"), QStringLiteral("a"), 10s);
    LeaderLease b(*m_second, QStringLiteral("rules"), QStringLiteral("b"), 10s);
    QSignalSpy changed(&a, &LeaderLease::leadershipChanged);
    QVERIFY(a.tryAcquire());
    QCOMPARE(changed.size(), 1);
    QVERIFY(!b.tryAcquire());
    // Renewing keeps it; the other still cannot have it.
    QVERIFY(a.tryAcquire());
    QVERIFY(!b.tryAcquire());
    QCOMPARE(changed.size(), 1);
    // Another name is another lease.
    LeaderLease c(*m_second, QStringLiteral("supervisor"), QStringLiteral("b"), 10s);
    QVERIFY(c.tryAcquire());
}

void tst_LeaderLease::handedBackOnStop()
{
    LeaderLease a(*m_first, QStringLiteral("rules"), QStringLiteral("a"), 10s);
    LeaderLease b(*m_second, QStringLiteral("rules"), QStringLiteral("b"), 10s);
    a.start();
    QVERIFY(a.isLeader());
    QVERIFY(!b.tryAcquire());
    QSignalSpy lost(&a, &LeaderLease::leadershipChanged);
    a.stop();
    QCOMPARE(lost.size(), 1);
    QCOMPARE(lost.at(0).at(0).toBool(), false);
    QVERIFY(b.tryAcquire());
}

// A leader that stops renewing (it crashed) is replaced once its term ended, not before;
// and it finds out that it no longer leads at its next try.
void tst_LeaderLease::takenOverOnceExpired()
{
    LeaderLease a(*m_first, QStringLiteral("rules"), QStringLiteral("a"), 300ms);
    LeaderLease b(*m_second, QStringLiteral("rules"), QStringLiteral("b"), 300ms);
    QVERIFY(a.tryAcquire());
    QVERIFY(!b.tryAcquire());
    QTRY_VERIFY_WITH_TIMEOUT(b.tryAcquire(), 5000);
    QVERIFY(!a.tryAcquire());
    QVERIFY(!a.isLeader());
    QVERIFY(b.isLeader());
}

QTEST_GUILESS_MAIN(tst_LeaderLease)
#include "tst_leaderlease.moc"
