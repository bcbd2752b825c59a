// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <freeport.h>
#include <poller.h>
#include <secretstore.h>

#include <QHttpServer>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

/*
 * The remote API, a real HTTP server on loopback whose answer the test sets.
 */
class RemoteApi
{
public:
    enum Mode { Json, ServerError, Hang, NotJson, Huge };

    [[nodiscard]] bool listen(quint16 port = 0)
    {
        m_server = std::make_unique<QHttpServer>();
        m_server->route(
                QStringLiteral("/api/now"),
                [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                    ++requests;
                    authorization = request.value("Authorization");
                    custom = request.value("X-Custom");
                    answer(std::move(responder));
                });
        for (int attempt = 0; attempt < 5 && m_port == 0; ++attempt)
            m_port = m_server->listen(QHostAddress::LocalHost, port ? port : CairnTest::freePort());
        return m_port != 0;
    }
    // Closes the port: the next requests are refused.
    void close() { m_server.reset(); }
    [[nodiscard]] bool reopen()
    {
        const quint16 port = m_port;
        m_port = 0;
        return listen(port);
    }
    QUrl url() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_port);
        url.setPath(QStringLiteral("/api/now"));
        return url;
    }

    Mode mode = Json;
    QJsonObject json{{QStringLiteral("temperature"), 21.5}};
    int requests = 0;
    QByteArray authorization;
    QByteArray custom;

private:
    void answer(QHttpServerResponder &&responder)
    {
        switch (mode) {
        case Json:
            responder.write(QJsonDocument(json));
            return;
        case ServerError:
            responder.write(QJsonDocument(QJsonObject{{QStringLiteral("error"), 1}}),
                            QHttpServerResponder::StatusCode::InternalServerError);
            return;
        case Hang:
            // Never answered: kept until the server goes, after the poller has given up.
            m_hanging.push_back(std::make_unique<QHttpServerResponder>(std::move(responder)));
            return;
        case NotJson:
            responder.write("<html>maintenance</html>", "text/html");
            return;
        case Huge:
            responder.write("[" + QByteArray(11 * 1024 * 1024, '1') + "]", "application/json");
            return;
        }
    }

    std::unique_ptr<QHttpServer> m_server;
    std::vector<std::unique_ptr<QHttpServerResponder>> m_hanging;
    quint16 m_port = 0;
};

class tst_Poller : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void answerBecomesEvent();
    void everyAnswerIsAnEvent();
    void onlyChangedAnswers();
    void failuresBackOffAndRecover();
    void failedEventRepeatsEveryNth();
    void tooLargeAnswerFails();
    void bearerTokenFromSecretStore();
    void missingTokenFails();
    void stopCancels();
    void backoff_data();
    void backoff();

private:
    PollerConfig config(const QString &name) const;
    QList<CloudEvent> events(const QString &type = {});

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<FileSecretStore> m_secrets;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<RemoteApi> m_remote;
};

void tst_Poller::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_secrets = std::make_unique<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets.json")));
    m_network = std::make_unique<QNetworkAccessManager>();
    m_remote = std::make_unique<RemoteApi>();
    QVERIFY(m_remote->listen());
}

void tst_Poller::cleanup()
{
    m_remote.reset();
    m_network.reset();
    m_bus.reset();
    m_db.reset();
    m_secrets.reset();
    m_dir.reset();
}

// Intervals far below the 1s a project file allows, to keep the suite short.
PollerConfig tst_Poller::config(const QString &name) const
{
    PollerConfig config;
    config.name = name;
    config.url = m_remote->url();
    config.interval = 100ms;
    config.timeout = 2s;
    config.maxBackoff = 10s;
    return config;
}

QList<CloudEvent> tst_Poller::events(const QString &type)
{
    EventHistoryQuery query;
    if (!type.isEmpty() && !query.filter.addTerm(QStringLiteral("type=") + type))
        return {};
    const auto history = m_bus->history(query);
    if (!history) {
        qWarning("history: %s", qPrintable(history.error().toString()));
        return {};
    }
    return *history;
}

void tst_Poller::answerBecomesEvent()
{
    Poller poller(config(QStringLiteral("weather")), *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    poller.start();
    QVERIFY(poller.isRunning());
    QVERIFY(polled.wait(10000));
    poller.stop();

    const qint64 sequence = polled.first().at(1).toLongLong();
    QVERIFY(sequence > 0);
    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 1);
    const CloudEvent &event = stored.first();
    QCOMPARE(event.sequence, sequence);
    QCOMPARE(event.type, QStringLiteral("cairn.poll.weather"));
    QCOMPARE(event.subject, QStringLiteral("weather"));
    QCOMPARE(event.source, m_bus->defaultSource() + QStringLiteral("/poll/weather"));
    QCOMPARE(event.data, QJsonValue(m_remote->json));
    QVERIFY(!poller.isFailing());
    QCOMPARE(poller.nextDelay(), 100ms);
}

void tst_Poller::everyAnswerIsAnEvent()
{
    PollerConfig settings = config(QStringLiteral("weather"));
    settings.type = QStringLiteral("org.example.weather");
    settings.headers.insert(QStringLiteral("X-Custom"), QStringLiteral("yes"));
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(polled.size() >= 3, 10000);
    poller.stop();

    const QList<CloudEvent> stored = events(QStringLiteral("org.example.weather"));
    QCOMPARE(stored.size(), polled.size());
    for (const CloudEvent &event : stored)
        QCOMPARE(event.data, QJsonValue(m_remote->json));
    QCOMPARE(m_remote->custom, QByteArray("yes"));
    QVERIFY(m_remote->authorization.isEmpty());
}

void tst_Poller::onlyChangedAnswers()
{
    PollerConfig settings = config(QStringLiteral("weather"));
    settings.onlyChanged = true;
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    poller.start();

    QVERIFY(polled.wait(10000));
    QVERIFY(polled.last().at(1).toLongLong() > 0);
    QVERIFY(polled.wait(10000));
    QCOMPARE(polled.last().at(1).toLongLong(), qint64(0));
    QCOMPARE(events().size(), 1);

    // Same keys in another order and spacing is the same JSON; a new value is not.
    m_remote->json = QJsonObject{{QStringLiteral("temperature"), 22}};
    QVERIFY(polled.wait(10000));
    QVERIFY(polled.last().at(1).toLongLong() > 0);
    QVERIFY(polled.wait(10000));
    QCOMPARE(polled.last().at(1).toLongLong(), qint64(0));
    poller.stop();

    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 2);
    QCOMPARE(stored.at(0).data.toObject().value(QStringLiteral("temperature")).toDouble(), 21.5);
    QCOMPARE(stored.at(1).data.toObject().value(QStringLiteral("temperature")).toDouble(), 22.0);
}

void tst_Poller::failuresBackOffAndRecover()
{
    PollerConfig settings = config(QStringLiteral("flaky"));
    settings.timeout = 1s;
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    QSignalSpy failed(&poller, &Poller::failed);
    QSignalSpy recovered(&poller, &Poller::recovered);

    // Each change is made right after a failure, before the event loop runs the retry.
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("poller flaky .* failed")));
    m_remote->mode = RemoteApi::ServerError;
    poller.start();
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("HTTP 500")),
             qPrintable(failed.last().at(0).toString()));

    m_remote->close();
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("refused")),
             qPrintable(failed.last().at(0).toString()));

    QVERIFY(m_remote->reopen());
    m_remote->mode = RemoteApi::Hang;
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("within 1000 ms")),
             qPrintable(failed.last().at(0).toString()));

    m_remote->mode = RemoteApi::NotJson;
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("not JSON")),
             qPrintable(failed.last().at(0).toString()));
    QCOMPARE(failed.size(), 4);
    QCOMPARE(poller.failures(), 4);
    QVERIFY(poller.isFailing());
    QCOMPARE(poller.lastError(), failed.last().at(0).toString());

    // The delays double from the interval, less at most a fifth of jitter.
    qint64 previous = 0;
    for (int i = 0; i < failed.size(); ++i) {
        QCOMPARE(failed.at(i).at(1).toInt(), i + 1);
        const qint64 delay = failed.at(i).at(2).toLongLong();
        const qint64 base = Poller::backoff(100ms, 10s, i + 1).count();
        QCOMPARE(base, qint64(100) << (i + 1));
        QVERIFY2(delay <= base && delay >= base * 4 / 5,
                 qPrintable(QStringLiteral("%1 for %2").arg(delay).arg(base)));
        QVERIFY(delay > previous);
        previous = delay;
    }
    QCOMPARE(qint64(poller.nextDelay().count()), previous);

    // Failing starts one event, not one per attempt.
    QList<CloudEvent> failedEvents = events(QStringLiteral("cairn.poll.failed"));
    QCOMPARE(failedEvents.size(), 1);
    const QJsonObject data = failedEvents.first().data.toObject();
    QCOMPARE(data.value(QStringLiteral("name")).toString(), QStringLiteral("flaky"));
    QCOMPARE(data.value(QStringLiteral("url")).toString(), m_remote->url().toString());
    QVERIFY(data.value(QStringLiteral("reason")).toString().contains(QStringLiteral("HTTP 500")));
    QCOMPARE(data.value(QStringLiteral("attempt")).toInt(), 1);
    QCOMPARE(data.value(QStringLiteral("next_retry_ms")).toInteger(),
             failed.first().at(2).toLongLong());
    QCOMPARE(failedEvents.first().subject, QStringLiteral("flaky"));
    QCOMPARE(failedEvents.first().source, m_bus->defaultSource() + QStringLiteral("/poll/flaky"));
    QVERIFY(events(QStringLiteral("cairn.poll.flaky")).isEmpty());

    m_remote->mode = RemoteApi::Json;
    QVERIFY(recovered.wait(10000));
    QCOMPARE(recovered.first().at(0).toInt(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(polled.size(), 1, 10000);
    poller.stop();
    QVERIFY(!poller.isFailing());
    QCOMPARE(poller.nextDelay(), 100ms);

    const QList<CloudEvent> recoveredEvents = events(QStringLiteral("cairn.poll.recovered"));
    QCOMPARE(recoveredEvents.size(), 1);
    QCOMPARE(recoveredEvents.first().data.toObject().value(QStringLiteral("failures")).toInt(), 4);
    QCOMPARE(events(QStringLiteral("cairn.poll.failed")).size(), 1);
    QCOMPARE(events(QStringLiteral("cairn.poll.flaky")).size(), 1);
}

void tst_Poller::failedEventRepeatsEveryNth()
{
    PollerConfig settings = config(QStringLiteral("down"));
    settings.interval = 20ms;
    settings.maxBackoff = 40ms;
    m_remote->mode = RemoteApi::ServerError;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("attempt 1 ")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("attempt 10 ")));
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy failed(&poller, &Poller::failed);
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= Poller::FailedEventEvery, 20000);
    poller.stop();

    const QList<CloudEvent> failedEvents = events(QStringLiteral("cairn.poll.failed"));
    QCOMPARE(failedEvents.size(), 2);
    QCOMPARE(failedEvents.at(0).data.toObject().value(QStringLiteral("attempt")).toInt(), 1);
    QCOMPARE(failedEvents.at(1).data.toObject().value(QStringLiteral("attempt")).toInt(),
             Poller::FailedEventEvery);
    // Capped: never longer than max_backoff.
    for (const QList<QVariant> &arguments : std::as_const(failed))
        QVERIFY(arguments.at(2).toLongLong() <= 40);
}

void tst_Poller::tooLargeAnswerFails()
{
    m_remote->mode = RemoteApi::Huge;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("larger than")));
    Poller poller(config(QStringLiteral("big")), *m_bus, *m_secrets, m_network.get());
    QSignalSpy failed(&poller, &Poller::failed);
    poller.pollNow();
    QVERIFY(failed.wait(15000));
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("larger than")),
             qPrintable(failed.first().at(0).toString()));
    QVERIFY(events(QStringLiteral("cairn.poll.big")).isEmpty());
}

void tst_Poller::bearerTokenFromSecretStore()
{
    QVERIFY(m_secrets->write(QStringLiteral("api/token"), QStringLiteral("t0ken-one")));
    PollerConfig settings = config(QStringLiteral("private"));
    settings.tokenKey = QStringLiteral("api/token");
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    poller.start();
    QVERIFY(polled.wait(10000));
    QCOMPARE(m_remote->authorization, QByteArray("Bearer t0ken-one"));

    // A rotated token is read at the next poll.
    QVERIFY(m_secrets->write(QStringLiteral("api/token"), QStringLiteral("t0ken-two")));
    QVERIFY(polled.wait(10000));
    poller.stop();
    QCOMPARE(m_remote->authorization, QByteArray("Bearer t0ken-two"));
}

void tst_Poller::missingTokenFails()
{
    PollerConfig settings = config(QStringLiteral("private"));
    settings.tokenKey = QStringLiteral("api/missing");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("api/missing")));
    Poller poller(settings, *m_bus, *m_secrets, m_network.get());
    QSignalSpy failed(&poller, &Poller::failed);
    poller.pollNow();
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("api/missing")),
             qPrintable(failed.first().at(0).toString()));
    // Without its token, nothing was asked of the remote.
    QCOMPARE(m_remote->requests, 0);
    QCOMPARE(events(QStringLiteral("cairn.poll.failed")).size(), 1);
}

void tst_Poller::stopCancels()
{
    m_remote->mode = RemoteApi::Hang;
    Poller poller(config(QStringLiteral("slow")), *m_bus, *m_secrets, m_network.get());
    QSignalSpy polled(&poller, &Poller::polled);
    QSignalSpy failed(&poller, &Poller::failed);
    poller.start();
    QTRY_COMPARE_WITH_TIMEOUT(m_remote->requests, 1, 10000);
    poller.stop();
    QVERIFY(!poller.isRunning());
    QTest::qWait(300);
    QCOMPARE(m_remote->requests, 1);
    QVERIFY(polled.isEmpty());
    QVERIFY(failed.isEmpty());
    QVERIFY(events().isEmpty());
}

void tst_Poller::backoff_data()
{
    QTest::addColumn<int>("interval");
    QTest::addColumn<int>("maxBackoff");
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("expected");

    QTest::newRow("no failure") << 1000 << 300000 << 0 << 1000;
    QTest::newRow("first") << 1000 << 300000 << 1 << 2000;
    QTest::newRow("second") << 1000 << 300000 << 2 << 4000;
    QTest::newRow("eighth") << 1000 << 300000 << 8 << 256000;
    QTest::newRow("capped") << 1000 << 300000 << 9 << 300000;
    QTest::newRow("many") << 1000 << 300000 << 100000 << 300000;
    QTest::newRow("max below interval") << 5000 << 1000 << 3 << 5000;
}

void tst_Poller::backoff()
{
    QFETCH(int, interval);
    QFETCH(int, maxBackoff);
    QFETCH(int, failures);
    QFETCH(int, expected);
    QCOMPARE(Poller::backoff(std::chrono::milliseconds(interval),
                             std::chrono::milliseconds(maxBackoff), failures),
             std::chrono::milliseconds(expected));
}

QTEST_GUILESS_MAIN(tst_Poller)
#include "tst_poller.moc"
