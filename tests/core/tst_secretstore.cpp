// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <secretstore.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;

class tst_SecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileRoundTrip();
    void fileIsPrivate();
    void refusesLoosePermissions();
    void refusesGarbage();
    void openSpecs();
};

void tst_SecretStore::fileRoundTrip()
{
    QTemporaryDir dir;
    FileSecretStore store(dir.filePath(QStringLiteral("sub/secrets.json")));
    QCOMPARE(store.read(QStringLiteral("mqtt/password")).error().code, Error::NotFound);
    QVERIFY(store.write(QStringLiteral("mqtt/password"), QStringLiteral("s3cret")));
    QVERIFY(store.write(QStringLiteral("api/token"), QStringLiteral("t0k3n")));
    QCOMPARE(store.read(QStringLiteral("mqtt/password")).value(), QStringLiteral("s3cret"));
    // A second store on the same file sees the same secrets.
    FileSecretStore again(dir.filePath(QStringLiteral("sub/secrets.json")));
    QCOMPARE(again.read(QStringLiteral("api/token")).value(), QStringLiteral("t0k3n"));
    QVERIFY(again.remove(QStringLiteral("api/token")));
    QCOMPARE(store.read(QStringLiteral("api/token")).error().code, Error::NotFound);
    QCOMPARE(store.remove(QStringLiteral("api/token")).error().code, Error::NotFound);
    // Not-found errors name the key, never a value.
    QVERIFY(!store.read(QStringLiteral("x")).error().message.contains(QLatin1String("s3cret")));
}

void tst_SecretStore::fileIsPrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.json"));
    FileSecretStore store(path);
    QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("v")));
    QCOMPARE(QFile(path).permissions() & 0x0077, QFileDevice::Permissions());
    QVERIFY(store.write(QStringLiteral("k2"), QStringLiteral("v2")));
    QCOMPARE(QFile(path).permissions() & 0x0077, QFileDevice::Permissions());
}

void tst_SecretStore::refusesLoosePermissions()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.json"));
    FileSecretStore store(path);
    QVERIFY(store.write(QStringLiteral("k"), QStringLiteral("v")));
    QFile::setPermissions(
            path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    Result<QString> read = store.read(QStringLiteral("k"));
    QVERIFY(!read);
    QCOMPARE(read.error().code, Error::Invalid);
    QVERIFY(read.error().message.contains(QLatin1String("600")));
    QVERIFY(!store.write(QStringLiteral("k"), QStringLiteral("w")));
}

void tst_SecretStore::refusesGarbage()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("secrets.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not json");
    file.close();
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    Result<QString> read = FileSecretStore(path).read(QStringLiteral("k"));
    QVERIFY(!read);
    QCOMPARE(read.error().field, path);
}

void tst_SecretStore::openSpecs()
{
    QVERIFY(SecretStore::open(QString()).value()->description().startsWith(QLatin1String("file:")));
    QCOMPARE(SecretStore::open(QStringLiteral("file:/tmp/x.json")).value()->description(),
             QStringLiteral("file:/tmp/x.json"));
    QCOMPARE(SecretStore::open(QStringLiteral("keychain")).value()->description(),
             QStringLiteral("keychain"));
    QCOMPARE(SecretStore::open(QStringLiteral("vault")).error().field, QStringLiteral("secrets"));
}

QTEST_GUILESS_MAIN(tst_SecretStore)
#include "tst_secretstore.moc"
