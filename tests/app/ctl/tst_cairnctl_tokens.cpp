// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ctlrun.h"

#include "postgresserver.h"

#include <database.h>
#include <tokenstore.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Cairn;

namespace {

constexpr int Patience = 30000;

struct Run : CtlRun
{
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

const QRegularExpression TokenPattern(QStringLiteral("cairn_[A-Za-z0-9_-]{43}"));

} // namespace

class tst_CairnctlTokens : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void createText();
    void createQuiet();
    void createJson();
    void clientToken();
    void duplicateName();
    void usageErrors_data();
    void usageErrors();
    void list();
    void revoke_data();
    void revoke();
    void revokeUnknown();
    void postgres();

private:
    Run run(const QStringList &arguments, const QString &db = {}) const;
    // The token a verify of secret gives on the test's database, else the error.
    Result<ApiToken> verify(const QString &secret, const QString &db = {}) const;

    CairnTest::PostgresServer m_postgres;
    QString m_postgresUrl;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void tst_CairnctlTokens::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CAIRNCTL_PATH)).isExecutable(), CAIRNCTL_PATH);
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    m_postgresUrl = m_postgres.createDatabase(QStringLiteral("cairnctl_tokens"));
    QVERIFY2(!m_postgresUrl.isEmpty(), qPrintable(m_postgres.errorString()));
}

void tst_CairnctlTokens::cleanupTestCase()
{
    m_postgres.stop();
}

void tst_CairnctlTokens::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"));
}

Run tst_CairnctlTokens::run(const QStringList &arguments, const QString &db) const
{
    QProcess process;
    process.setProcessEnvironment(ctlEnvironment(m_dir->filePath(QStringLiteral("xdg"))));
    process.start(QStringLiteral(CAIRNCTL_PATH),
                  QStringList{QStringLiteral("--db"), db.isEmpty() ? m_db : db} + arguments);
    Run result;
    if (!process.waitForFinished(Patience)) {
        result.err = QStringLiteral("cairnctl did not finish: ") + process.errorString();
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

Result<ApiToken> tst_CairnctlTokens::verify(const QString &secret, const QString &db) const
{
    Database database;
    if (!database.open(db.isEmpty() ? m_db : db))
        return Error::database(database.errorString());
    return TokenStore(database).verify(secret);
}

void tst_CairnctlTokens::createText()
{
    const Run created = run(words("token create --name ci --role operator"));
    QVERIFY_OK(created);
    const QRegularExpressionMatch match = TokenPattern.match(created.out);
    QVERIFY2(match.hasMatch(), qPrintable(created.describe()));
    QVERIFY(created.out.contains(QStringLiteral("role:    operator")));
    QVERIFY(created.out.contains(QStringLiteral("cannot be shown again")));

    const Result<ApiToken> token = verify(match.captured());
    QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
    QCOMPARE(token->name, QStringLiteral("ci"));
    QCOMPARE(token->role, ApiToken::Role::Operator);
    QVERIFY(!token->isClient());
}

void tst_CairnctlTokens::createQuiet()
{
    const Run created = run(words("token create --name script --role viewer --quiet"));
    QVERIFY_OK(created);
    const QString secret = created.out.trimmed();
    QVERIFY2(TokenPattern.match(secret).capturedLength() == secret.size(),
             qPrintable(created.describe()));
    QVERIFY(verify(secret));
}

void tst_CairnctlTokens::createJson()
{
    const Run created = run(words("--json token create --name robot --role admin"));
    QVERIFY_OK(created);
    const QJsonObject json = created.json().object();
    QCOMPARE(json.value(QStringLiteral("name")).toString(), QStringLiteral("robot"));
    QCOMPARE(json.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    QVERIFY(json.value(QStringLiteral("client")).isNull());
    const Result<ApiToken> token = verify(json.value(QStringLiteral("token")).toString());
    QVERIFY(token);
    QCOMPARE(token->id, json.value(QStringLiteral("id")).toString());
}

void tst_CairnctlTokens::clientToken()
{
    const Run created = run(words(
            "--json token create --name lab-ci --role operator --priority 3 --queue-size 25"));
    QVERIFY_OK(created);
    QCOMPARE(created.json().object().value(QStringLiteral("client")).toObject(),
             (QJsonObject{{QStringLiteral("priority"), 3}, {QStringLiteral("queue_size"), 25}}));

    // The client of the job queue is registered with the same name and settings.
    Database database;
    QVERIFY(database.open(m_db));
    QSqlQuery query(database.connection());
    QVERIFY(query.prepare(QStringLiteral("SELECT priority, queue_size FROM clients WHERE id = ?")));
    query.addBindValue(QStringLiteral("lab-ci"));
    QVERIFY(query.exec());
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), 3);
    QCOMPARE(query.value(1).toLongLong(), 25);

    // Only a queue size: the default priority.
    QVERIFY_OK(run(words("token create --name small --role operator --queue-size 2")));
    const Run listed = run(words("--json token list"));
    const QJsonArray tokens = listed.json().array();
    QCOMPARE(tokens.size(), 2);
    QCOMPARE(tokens.at(1).toObject().value(QStringLiteral("client")).toObject(),
             (QJsonObject{{QStringLiteral("priority"), 10}, {QStringLiteral("queue_size"), 2}}));
}

void tst_CairnctlTokens::duplicateName()
{
    QVERIFY_OK(run(words("token create --name twice --role viewer")));
    const Run again = run(words("token create --name twice --role admin"));
    QCOMPARE_EXIT(again, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already a valid token called twice")),
             qPrintable(again.describe()));
    QVERIFY(again.out.isEmpty());
}

void tst_CairnctlTokens::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("no name") << words("token create --role viewer") << QStringLiteral("--name");
    QTest::newRow("no role") << words("token create --name x") << QStringLiteral("--role");
    QTest::newRow("bad role") << words("token create --name x --role root")
                              << QStringLiteral("got 'root'");
    QTest::newRow("bad name") << words("token create --name -x --role viewer")
                              << QStringLiteral("--name");
    QTest::newRow("bad priority") << words("token create --name x --role viewer --priority high")
                                  << QStringLiteral("--priority");
    QTest::newRow("negative queue") << words("token create --name x --role viewer --queue-size -1")
                                    << QStringLiteral("--queue-size");
    QTest::newRow("stray argument") << words("token create --name x --role viewer more")
                                    << QStringLiteral("unexpected argument");
    QTest::newRow("revoke nothing") << words("token revoke") << QStringLiteral("is needed");
    QTest::newRow("unknown subcommand") << words("token rotate") << QStringLiteral("rotate");
}

void tst_CairnctlTokens::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(message), qPrintable(result.describe()));
    // Nothing was made.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("cairn.db")))
            || run(words("--json token list")).json().array().isEmpty());
}

void tst_CairnctlTokens::list()
{
    Run result = run(words("token list"));
    QVERIFY_OK(result);
    QCOMPARE(result.out.trimmed(), QStringLiteral("No tokens."));

    const Run first = run(words("token create --name alpha --role viewer --quiet"));
    const Run second = run(words("token create --name beta --role admin --priority 1 --quiet"));
    QVERIFY_OK(first);
    QVERIFY_OK(second);
    QVERIFY_OK(run(words("token revoke alpha")));

    result = run(words("token list"));
    QVERIFY_OK(result);
    const QStringList lines = result.lines();
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines.at(0).startsWith(QStringLiteral("ID ")));
    QVERIFY(lines.at(1).contains(QStringLiteral("alpha")));
    QVERIFY(lines.at(1).contains(QStringLiteral("viewer")));
    QVERIFY(!lines.at(1).trimmed().endsWith(u'-')); // revoked: a time
    QVERIFY(lines.at(2).contains(QStringLiteral("priority 1, queue 0")));
    QVERIFY(lines.at(2).trimmed().endsWith(u'-')); // not revoked

    // Neither the secrets nor their hashes are ever listed.
    const Run json = run(words("--json token list"));
    for (const QString &secret : {first.out.trimmed(), second.out.trimmed()}) {
        QVERIFY(!result.out.contains(secret));
        QVERIFY(!json.out.contains(secret));
        QVERIFY(!json.out.contains(QString::fromLatin1(TokenStore::hash(secret))));
    }
    const QJsonArray tokens = json.json().array();
    QCOMPARE(tokens.size(), 2);
    QCOMPARE(tokens.at(0).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("alpha"));
    QVERIFY(!tokens.at(0).toObject().value(QStringLiteral("revoked")).isNull());
    QVERIFY(tokens.at(1).toObject().value(QStringLiteral("revoked")).isNull());
}

void tst_CairnctlTokens::revoke_data()
{
    QTest::addColumn<bool>("byId");
    QTest::newRow("by name") << false;
    QTest::newRow("by id") << true;
}

void tst_CairnctlTokens::revoke()
{
    QFETCH(bool, byId);
    const Run created = run(words("--json token create --name door --role operator"));
    QVERIFY_OK(created);
    const QString secret = created.json().object().value(QStringLiteral("token")).toString();
    const QString id = created.json().object().value(QStringLiteral("id")).toString();
    QVERIFY(verify(secret));

    const Run revoked = run(words("token revoke") << (byId ? id : QStringLiteral("door")));
    QVERIFY_OK(revoked);
    QVERIFY2(revoked.out.contains(id), qPrintable(revoked.describe()));
    const Result<ApiToken> refused = verify(secret);
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("token"));

    // Revoking again changes nothing; the name can be given to a new token.
    QVERIFY_OK(run(words("token revoke") << id));
    const Run renewed = run(words("token create --name door --role viewer --quiet"));
    QVERIFY_OK(renewed);
    QVERIFY(verify(renewed.out.trimmed()));
    QVERIFY(!verify(secret));
}

void tst_CairnctlTokens::revokeUnknown()
{
    const Run result = run(words("token revoke nobody"));
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("no token nobody")), qPrintable(result.describe()));
}

void tst_CairnctlTokens::postgres()
{
    const Run created = run(words("--json token create --name pg --role admin --priority 2"),
                            m_postgresUrl);
    QVERIFY_OK(created);
    const QString secret = created.json().object().value(QStringLiteral("token")).toString();
    const Result<ApiToken> token = verify(secret, m_postgresUrl);
    QVERIFY2(token, qPrintable(token ? QString() : token.error().toString()));
    QCOMPARE(token->role, ApiToken::Role::Admin);
    QCOMPARE(token->priority, std::optional<int>(2));

    QCOMPARE_EXIT(run(words("token create --name pg --role viewer"), m_postgresUrl), 1);
    QVERIFY_OK(run(words("token revoke pg"), m_postgresUrl));
    QVERIFY(!verify(secret, m_postgresUrl));
    const Run listed = run(words("--json token list"), m_postgresUrl);
    QVERIFY_OK(listed);
    QCOMPARE(listed.json().array().size(), 1);
}

QTEST_MAIN(tst_CairnctlTokens)
#include "tst_cairnctl_tokens.moc"
