// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <uuid7.h>

#include <QDateTime>
#include <QSet>
#include <QTest>
#include <QUuid>

using namespace Cairn;

class tst_Uuid7 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format();
    void increasing();
};

void tst_Uuid7::format()
{
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const QString id = createUuid7();
    const QUuid uuid = QUuid::fromString(id);
    QVERIFY(!uuid.isNull());
    // QUuid before 6.9 does not know version 7, so read the nibble itself.
    QCOMPARE(uuid.data3 >> 12, 7);
    QCOMPARE(uuid.variant(), QUuid::DCE);
    QCOMPARE(uuid.toString(QUuid::WithoutBraces), id);
    const qint64 ms = id.left(8).append(id.mid(9, 4)).toLongLong(nullptr, 16);
    QVERIFY(ms >= before && ms <= QDateTime::currentMSecsSinceEpoch() + 1);
}

// Ids sort in creation order, even many per millisecond.
void tst_Uuid7::increasing()
{
    QString last = createUuid7();
    QSet<QString> seen{last};
    for (int i = 0; i < 100000; ++i) {
        const QString id = createUuid7();
        QVERIFY2(id > last, qPrintable(id + QStringLiteral(" after ") + last));
        seen.insert(id);
        last = id;
    }
    QCOMPARE(seen.size(), 100001);
}

QTEST_GUILESS_MAIN(tst_Uuid7)
#include "tst_uuid7.moc"
