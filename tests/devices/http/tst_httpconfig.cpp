// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <configdocument.h>
#include <pollerconfig.h>
#include <webhookconfig.h>

#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class tst_HttpConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingListsAreEmpty();
    void webhookDefaults();
    void webhookSettings();
    void webhookSizes_data();
    void webhookSizes();
    void webhookErrors_data();
    void webhookErrors();
    void pollerDefaults();
    void pollerSettings();
    void pollerErrors_data();
    void pollerErrors();

private:
    static void addErrorColumns();
};

// The error of reading section of yaml must sit on line and name field.
template<typename Config>
static void checkError(const QByteArray &yaml, const QString &section, int line,
                       const QString &field, const QString &fragment)
{
    const auto document = ConfigDocument::parse(yaml, QStringLiteral("project.yaml"));
    QVERIFY2(document, qPrintable(document ? QString() : document.error().toString()));
    const auto configs = Config::fromConfig(document->root()[section]);
    QVERIFY2(!configs, "the configuration was accepted");
    const Error &error = configs.error();
    QVERIFY2(error.location.startsWith(QStringLiteral("project.yaml:%1:").arg(line)),
             qPrintable(error.toString()));
    QCOMPARE(error.field, field);
    QVERIFY2(error.message.contains(fragment, Qt::CaseInsensitive), qPrintable(error.toString()));
}

void tst_HttpConfig::addErrorColumns()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");
}

void tst_HttpConfig::missingListsAreEmpty()
{
    const auto document = ConfigDocument::parse("database: \"sqlite:x\"\n",
                                                QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto hooks = WebhookConfig::fromConfig(document->root()[QStringLiteral("webhooks")]);
    QVERIFY2(hooks, qPrintable(hooks ? QString() : hooks.error().toString()));
    QVERIFY(hooks->isEmpty());
    const auto pollers = PollerConfig::fromConfig(document->root()[QStringLiteral("pollers")]);
    QVERIFY2(pollers, qPrintable(pollers ? QString() : pollers.error().toString()));
    QVERIFY(pollers->isEmpty());
}

void tst_HttpConfig::webhookDefaults()
{
    const auto document = ConfigDocument::parse("webhooks:\n"
                                                "  - name: github\n"
                                                "    secret: hooks/github\n",
                                                QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto hooks = WebhookConfig::fromConfig(document->root()[QStringLiteral("webhooks")]);
    QVERIFY2(hooks, qPrintable(hooks ? QString() : hooks.error().toString()));
    QCOMPARE(hooks->size(), 1);
    const WebhookConfig &hook = hooks->first();
    QCOMPARE(hook.name, QStringLiteral("github"));
    QCOMPARE(hook.secretKey, QStringLiteral("hooks/github"));
    QCOMPARE(hook.signature, WebhookConfig::Signature::HmacSha256);
    QCOMPARE(hook.maxBody, qint64(1024 * 1024));
    QCOMPARE(hook.eventType(), QStringLiteral("cairn.webhook.github"));
}

void tst_HttpConfig::webhookSettings()
{
    const auto document = ConfigDocument::parse("webhooks:\n"
                                                "  - name: gitlab-ci_2\n"
                                                "    secret: hooks/gitlab\n"
                                                "    signature: token\n"
                                                "    max_body: 64KiB\n"
                                                "    type: com.gitlab.push\n"
                                                "  - name: github\n"
                                                "    secret: hooks/github\n"
                                                "    signature: hmac-sha256\n"
                                                "    max_body: 2048\n",
                                                QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto hooks = WebhookConfig::fromConfig(document->root()[QStringLiteral("webhooks")]);
    QVERIFY2(hooks, qPrintable(hooks ? QString() : hooks.error().toString()));
    QCOMPARE(hooks->size(), 2);
    QCOMPARE(hooks->at(0).name, QStringLiteral("gitlab-ci_2"));
    QCOMPARE(hooks->at(0).signature, WebhookConfig::Signature::Token);
    QCOMPARE(hooks->at(0).maxBody, qint64(64 * 1024));
    QCOMPARE(hooks->at(0).eventType(), QStringLiteral("com.gitlab.push"));
    QCOMPARE(hooks->at(1).signature, WebhookConfig::Signature::HmacSha256);
    QCOMPARE(hooks->at(1).maxBody, qint64(2048));
}

void tst_HttpConfig::webhookSizes_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("bytes");

    QTest::newRow("number") << QByteArray("1000") << qint64(1000);
    QTest::newRow("text number") << QByteArray("\"1000\"") << qint64(1000);
    QTest::newRow("B") << QByteArray("512B") << qint64(512);
    QTest::newRow("KB") << QByteArray("2KB") << qint64(2000);
    QTest::newRow("KiB") << QByteArray("64KiB") << qint64(64 * 1024);
    QTest::newRow("kib") << QByteArray("64 kib") << qint64(64 * 1024);
    QTest::newRow("MB") << QByteArray("1MB") << qint64(1000 * 1000);
    QTest::newRow("MiB") << QByteArray("1MiB") << qint64(1024 * 1024);
    QTest::newRow("largest") << QByteArray("64MiB") << qint64(64 * 1024 * 1024);
}

void tst_HttpConfig::webhookSizes()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, bytes);

    const QByteArray yaml = "webhooks:\n  - name: a\n    secret: k\n    max_body: " + text + '\n';
    const auto document = ConfigDocument::parse(yaml, QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto hooks = WebhookConfig::fromConfig(document->root()[QStringLiteral("webhooks")]);
    QVERIFY2(hooks, qPrintable(hooks ? QString() : hooks.error().toString()));
    QCOMPARE(hooks->first().maxBody, bytes);
}

void tst_HttpConfig::webhookErrors_data()
{
    addErrorColumns();
    const QByteArray head = "webhooks:\n  - name: a\n";

    QTest::newRow("not a list") << QByteArray("webhooks:\n  name: a\n") << 1
                                << QStringLiteral("webhooks") << QStringLiteral("list");
    QTest::newRow("item not a mapping")
            << QByteArray("webhooks:\n  - github\n") << 2 << QStringLiteral("webhooks[0]")
            << QStringLiteral("mapping");
    QTest::newRow("no name") << QByteArray("webhooks:\n  - secret: k\n") << 2
                             << QStringLiteral("webhooks[0].name") << QStringLiteral("required");
    QTest::newRow("name not text") << QByteArray("webhooks:\n  - name: [a]\n    secret: k\n") << 2
                                   << QStringLiteral("webhooks[0].name") << QStringLiteral("text");
    QTest::newRow("bad name") << QByteArray("webhooks:\n  - name: Git Hub\n    secret: k\n") << 2
                              << QStringLiteral("webhooks[0].name")
                              << QStringLiteral("not a valid name");
    QTest::newRow("slash in name")
            << QByteArray("webhooks:\n  - name: a/b\n    secret: k\n") << 2
            << QStringLiteral("webhooks[0].name") << QStringLiteral("not a valid name");
    QTest::newRow("duplicate name")
            << QByteArray(head
                          + "    secret: k\n  - name: b\n    secret: k\n"
                            "  - name: a\n    secret: k\n")
            << 6 << QStringLiteral("webhooks[2].name") << QStringLiteral("used twice");
    QTest::newRow("no secret") << QByteArray(head + "    type: x.y\n") << 2
                               << QStringLiteral("webhooks[0].secret")
                               << QStringLiteral("required");
    QTest::newRow("empty secret") << QByteArray(head + "    secret: \"\"\n") << 3
                                  << QStringLiteral("webhooks[0].secret")
                                  << QStringLiteral("empty");
    QTest::newRow("unknown key") << QByteArray(head + "    secret: k\n    secrte: k\n") << 4
                                 << QStringLiteral("webhooks[0].secrte")
                                 << QStringLiteral("unknown");
    QTest::newRow("bad signature")
            << QByteArray(head + "    secret: k\n    signature: md5\n") << 4
            << QStringLiteral("webhooks[0].signature") << QStringLiteral("md5");
    QTest::newRow("size not a size")
            << QByteArray(head + "    secret: k\n    max_body: lots\n") << 4
            << QStringLiteral("webhooks[0].max_body") << QStringLiteral("not a size");
    QTest::newRow("unknown unit") << QByteArray(head + "    secret: k\n    max_body: 1GiB\n") << 4
                                  << QStringLiteral("webhooks[0].max_body")
                                  << QStringLiteral("not a size");
    QTest::newRow("size zero") << QByteArray(head + "    secret: k\n    max_body: 0\n") << 4
                               << QStringLiteral("webhooks[0].max_body")
                               << QStringLiteral("between");
    QTest::newRow("size too large")
            << QByteArray(head + "    secret: k\n    max_body: 65MiB\n") << 4
            << QStringLiteral("webhooks[0].max_body") << QStringLiteral("range");
    QTest::newRow("size a list") << QByteArray(head + "    secret: k\n    max_body: [1]\n") << 4
                                 << QStringLiteral("webhooks[0].max_body")
                                 << QStringLiteral("whole number");
    QTest::newRow("bad type") << QByteArray(head + "    secret: k\n    type: \"a b\"\n") << 4
                              << QStringLiteral("webhooks[0].type") << QStringLiteral("event type");
}

void tst_HttpConfig::webhookErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    checkError<WebhookConfig>(yaml, QStringLiteral("webhooks"), line, field, fragment);
}

void tst_HttpConfig::pollerDefaults()
{
    const auto document = ConfigDocument::parse("pollers:\n"
                                                "  - name: weather\n"
                                                "    url: https://api.example.org/v1/now\n"
                                                "    interval: 30s\n",
                                                QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto pollers = PollerConfig::fromConfig(document->root()[QStringLiteral("pollers")]);
    QVERIFY2(pollers, qPrintable(pollers ? QString() : pollers.error().toString()));
    QCOMPARE(pollers->size(), 1);
    const PollerConfig &poller = pollers->first();
    QCOMPARE(poller.name, QStringLiteral("weather"));
    QCOMPARE(poller.url, QUrl(QStringLiteral("https://api.example.org/v1/now")));
    QCOMPARE(poller.interval, 30s);
    QCOMPARE(poller.timeout, 10s);
    QVERIFY(poller.headers.isEmpty());
    QVERIFY(poller.tokenKey.isEmpty());
    QCOMPARE(poller.onlyChanged, false);
    QCOMPARE(poller.eventType(), QStringLiteral("cairn.poll.weather"));
    QCOMPARE(poller.maxBackoff, 5min);
}

void tst_HttpConfig::pollerSettings()
{
    const auto document = ConfigDocument::parse("pollers:\n"
                                                "  - name: builds\n"
                                                "    url: http://user:pw@ci.example.org:8080/api\n"
                                                "    interval: 2m\n"
                                                "    timeout: 1500ms\n"
                                                "    headers:\n"
                                                "      Accept-Language: en\n"
                                                "      X-Api-Version: \"3\"\n"
                                                "    token: ci/token\n"
                                                "    only_changed: true\n"
                                                "    type: org.example.builds\n"
                                                "    max_backoff: 1h\n"
                                                "  - name: slow\n"
                                                "    url: http://localhost/\n"
                                                "    interval: 10m\n",
                                                QStringLiteral("p.yaml"));
    QVERIFY(document);
    const auto pollers = PollerConfig::fromConfig(document->root()[QStringLiteral("pollers")]);
    QVERIFY2(pollers, qPrintable(pollers ? QString() : pollers.error().toString()));
    QCOMPARE(pollers->size(), 2);
    const PollerConfig &poller = pollers->first();
    QCOMPARE(poller.interval, 2min);
    QCOMPARE(poller.timeout, 1500ms);
    QCOMPARE(poller.headers.value(QStringLiteral("Accept-Language")), QStringLiteral("en"));
    QCOMPARE(poller.headers.value(QStringLiteral("X-Api-Version")), QStringLiteral("3"));
    QCOMPARE(poller.tokenKey, QStringLiteral("ci/token"));
    QCOMPARE(poller.onlyChanged, true);
    QCOMPARE(poller.eventType(), QStringLiteral("org.example.builds"));
    QCOMPARE(poller.maxBackoff, 1h);
    QCOMPARE(poller.displayUrl(), QStringLiteral("http://ci.example.org:8080/api"));
    // The ceiling of a slow poller is its interval rather than the 5m default.
    QCOMPARE(pollers->at(1).maxBackoff, 10min);
}

void tst_HttpConfig::pollerErrors_data()
{
    addErrorColumns();
    const QByteArray head = "pollers:\n  - name: p\n    url: http://localhost/\n";

    QTest::newRow("not a list") << QByteArray("pollers: 3\n") << 1 << QStringLiteral("pollers")
                                << QStringLiteral("list");
    QTest::newRow("no name") << QByteArray(
            "pollers:\n  - url: http://localhost/\n    interval: 5s\n")
                             << 2 << QStringLiteral("pollers[0].name")
                             << QStringLiteral("required");
    QTest::newRow("duplicate name")
            << QByteArray(head
                          + "    interval: 5s\n  - name: p\n    url: http://h/\n"
                            "    interval: 5s\n")
            << 5 << QStringLiteral("pollers[1].name") << QStringLiteral("used twice");
    QTest::newRow("no url") << QByteArray("pollers:\n  - name: p\n    interval: 5s\n") << 2
                            << QStringLiteral("pollers[0].url") << QStringLiteral("required");
    QTest::newRow("ftp url") << QByteArray("pollers:\n  - name: p\n    url: ftp://h/x\n"
                                           "    interval: 5s\n")
                             << 3 << QStringLiteral("pollers[0].url")
                             << QStringLiteral("http or https");
    QTest::newRow("no host") << QByteArray("pollers:\n  - name: p\n    url: \"http:///x\"\n"
                                           "    interval: 5s\n")
                             << 3 << QStringLiteral("pollers[0].url")
                             << QStringLiteral("http or https");
    QTest::newRow("no interval") << head << 2 << QStringLiteral("pollers[0].interval")
                                 << QStringLiteral("required");
    QTest::newRow("interval too short")
            << QByteArray(head + "    interval: 200ms\n") << 4
            << QStringLiteral("pollers[0].interval") << QStringLiteral("at least 1s");
    QTest::newRow("interval not a duration")
            << QByteArray(head + "    interval: often\n") << 4
            << QStringLiteral("pollers[0].interval") << QStringLiteral("not a duration");
    QTest::newRow("timeout too short")
            << QByteArray(head + "    interval: 5s\n    timeout: 1ms\n") << 5
            << QStringLiteral("pollers[0].timeout") << QStringLiteral("between");
    QTest::newRow("headers a list")
            << QByteArray(head + "    interval: 5s\n    headers: [a]\n") << 5
            << QStringLiteral("pollers[0].headers") << QStringLiteral("mapping");
    QTest::newRow("header not text")
            << QByteArray(head + "    interval: 5s\n    headers:\n      X-A: [1]\n") << 6
            << QStringLiteral("pollers[0].headers.X-A") << QStringLiteral("text");
    QTest::newRow("bad header name")
            << QByteArray(head + "    interval: 5s\n    headers:\n      \"X A\": b\n") << 6
            << QStringLiteral("pollers[0].headers.X A") << QStringLiteral("header name");
    QTest::newRow("token with authorization")
            << QByteArray(head
                          + "    interval: 5s\n    token: t\n    headers:\n"
                            "      Authorization: Basic eA==\n")
            << 5 << QStringLiteral("pollers[0].token") << QStringLiteral("Authorization");
    QTest::newRow("only_changed not bool")
            << QByteArray(head + "    interval: 5s\n    only_changed: maybe\n") << 5
            << QStringLiteral("pollers[0].only_changed") << QStringLiteral("true or false");
    QTest::newRow("bad type") << QByteArray(head + "    interval: 5s\n    type: \"-\"\n") << 5
                              << QStringLiteral("pollers[0].type") << QStringLiteral("event type");
    QTest::newRow("backoff below interval")
            << QByteArray(head + "    interval: 5s\n    max_backoff: 2s\n") << 5
            << QStringLiteral("pollers[0].max_backoff") << QStringLiteral("between");
    QTest::newRow("unknown key") << QByteArray(head + "    interval: 5s\n    every: 5s\n") << 5
                                 << QStringLiteral("pollers[0].every") << QStringLiteral("unknown");
}

void tst_HttpConfig::pollerErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    checkError<PollerConfig>(yaml, QStringLiteral("pollers"), line, field, fragment);
}

QTEST_GUILESS_MAIN(tst_HttpConfig)
#include "tst_httpconfig.moc"
