// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <mosquittoserver.h>
#include <mqttclient.h>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMutex>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

// Generous: the machine may be busy with other builds.
constexpr int Timeout = 20000;

MqttOptions baseOptions(quint16 port, const QString &clientId)
{
    MqttOptions options;
    options.host = QStringLiteral("127.0.0.1");
    options.port = port;
    options.clientId = clientId;
    // Short delays keep the suite quick; the doubling and the cap still apply.
    options.minReconnectDelay = 100ms;
    options.maxReconnectDelay = 1000ms;
    options.connectTimeout = 10s;
    return options;
}

QList<MqttMessage> messages(const QSignalSpy &spy)
{
    QList<MqttMessage> list;
    for (const QList<QVariant> &arguments : spy)
        list.append(arguments.at(0).value<MqttMessage>());
    return list;
}

QList<QByteArray> payloads(const QSignalSpy &spy)
{
    QList<QByteArray> list;
    for (const MqttMessage &message : messages(spy))
        list.append(message.payload);
    return list;
}

// The retained message on topic as the broker hands it to a new subscriber, read with the
// mosquitto_sub command line: "1 PAYLOAD" (retain flag, payload), empty if there is none.
QString retained(quint16 port, const QString &topic)
{
    QProcess sub;
    sub.start(QStringLiteral("mosquitto_sub"),
              {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
               QString::number(port), QStringLiteral("-t"), topic,
               QStringLiteral("--retained-only"), QStringLiteral("-C"), QStringLiteral("1"),
               QStringLiteral("-W"), QStringLiteral("2"), QStringLiteral("-F"),
               QStringLiteral("%r %p")});
    if (!sub.waitForFinished(10000))
        sub.kill();
    return QString::fromUtf8(sub.readAllStandardOutput()).trimmed();
}

// Waits until the retained message on topic is expected ("1 PAYLOAD"). Each look takes up
// to two seconds, too slow for QTRY_COMPARE, which counts its steps rather than the time.
bool waitForRetained(quint16 port, const QString &topic, const QString &expected)
{
    const QDeadlineTimer deadline(Timeout);
    QString seen;
    do {
        seen = retained(port, topic);
        if (seen == expected)
            return true;
        QTest::qWait(50);
    } while (!deadline.hasExpired());
    qWarning().noquote() << "retained on" << topic << "is" << seen << "not" << expected;
    return false;
}

// Everything logged while a test runs, to look for the password in it.
QMutex capturedMutex;
QStringList captured;
QtMessageHandler previousHandler = nullptr;

void capturingHandler(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    {
        QMutexLocker lock(&capturedMutex);
        captured.append(qFormatLogMessage(type, context, text));
    }
    if (previousHandler)
        previousHandler(type, context, text);
}

} // namespace

class tst_MqttClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badOptions();
    void publishAndReceive();
    void statusAndWill();
    void brokerNotUpAtStart();
    void brokerKilledAndRestarted();
    void persistentSession();
    void queuedAcrossBrokerRestart();
    void tls_data();
    void tls();
    void silentBroker();
    void password();
    void oversizedPayload();
    void topicMatches_data();
    void topicMatches();

private:
    // A client for options, connected; null (and a failed test) if it does not connect.
    std::unique_ptr<MqttClient> connectedClient(const MqttOptions &options);
    bool subscribeAndWait(MqttClient &client, const QString &pattern, int qos);

    QTemporaryDir m_dir;
    CairnTest::TestCertificates m_certificates;
    CairnTest::TestCertificates m_otherCa; // unrelated to the broker's certificates
};

std::unique_ptr<MqttClient> tst_MqttClient::connectedClient(const MqttOptions &options)
{
    auto client = std::make_unique<MqttClient>(options);
    if (!client->connectToBroker()) {
        qWarning() << "connectToBroker:" << client->errorString();
        return nullptr;
    }
    if (!QTest::qWaitFor([&] { return client->isConnected(); }, Timeout)) {
        qWarning() << "not connected:" << client->errorString();
        return nullptr;
    }
    return client;
}

bool tst_MqttClient::subscribeAndWait(MqttClient &client, const QString &pattern, int qos)
{
    QSignalSpy spy(&client, &MqttClient::subscribed);
    if (!client.subscribe(pattern, qos))
        return false;
    return QTest::qWaitFor(
            [&] {
                for (const QList<QVariant> &arguments : spy) {
                    if (arguments.at(0).toString() == pattern)
                        return true;
                }
                return false;
            },
            Timeout);
}

void tst_MqttClient::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(CairnTest::makeTestCertificates(m_dir.filePath(QStringLiteral("ca")), &m_certificates,
                                             &error),
             qPrintable(error));
    QVERIFY2(CairnTest::makeTestCertificates(m_dir.filePath(QStringLiteral("other")), &m_otherCa,
                                             &error),
             qPrintable(error));
}

void tst_MqttClient::badOptions()
{
    MqttOptions options = baseOptions(1883, QString());
    {
        // A persistent session needs a client id.
        MqttClient client(options);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("client id")));
        QVERIFY(!client.connectToBroker());
        QVERIFY2(client.errorString().contains(QLatin1String("client_id")),
                 qPrintable(client.errorString()));
        QCOMPARE(client.state(), MqttClient::Disconnected);
    }
    options.clientId = QStringLiteral("bad");
    options.useTls = true;
    options.caFile = m_dir.filePath(QStringLiteral("missing.crt"));
    {
        MqttClient client(options);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("Cannot read")));
        QVERIFY(!client.connectToBroker());
        QVERIFY2(client.errorString().contains(QLatin1String("ca_file")),
                 qPrintable(client.errorString()));
    }
    MqttClient client(baseOptions(1883, QStringLiteral("bad")));
    QCOMPARE(client.subscribe(QStringLiteral("a/#/b")).error().field, QStringLiteral("pattern"));
    QCOMPARE(client.subscribe(QStringLiteral("a/b"), 3).error().field, QStringLiteral("qos"));
    QCOMPARE(client.publish(QStringLiteral("a/+"), "x", 1).error().field, QStringLiteral("topic"));
    QCOMPARE(client.unsubscribe(QStringLiteral("never")).error().code, Error::NotFound);
    // QoS 0 is not queued while disconnected.
    const Result<int> qos0 = client.publish(QStringLiteral("a/b"), "x", 0);
    QVERIFY(!qos0);
    QCOMPARE(qos0.error().code, Error::Conflict);
}

void tst_MqttClient::publishAndReceive()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));

    auto client = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-pubsub")));
    QVERIFY(client);
    QSignalSpy received(client.get(), &MqttClient::messageReceived);
    QSignalSpy published(client.get(), &MqttClient::published);
    QVERIFY(subscribeAndWait(*client, QStringLiteral("t1/#"), 2));

    QList<int> ids;
    for (int qos = 0; qos <= 2; ++qos) {
        const Result<int> id = client->publish(QStringLiteral("t1/q%1").arg(qos),
                                               QByteArray("payload ") + QByteArray::number(qos),
                                               qos);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
        ids.append(*id);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 3, Timeout);
    // Every message was acknowledged (QoS 1, 2) or written (QoS 0).
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 3, Timeout);
    for (const QList<QVariant> &arguments : std::as_const(published))
        QVERIFY(ids.contains(arguments.at(0).toInt()));

    QMap<QString, MqttMessage> byTopic;
    for (const MqttMessage &message : messages(received))
        byTopic.insert(message.topic, message);
    for (int qos = 0; qos <= 2; ++qos) {
        const MqttMessage message = byTopic.value(QStringLiteral("t1/q%1").arg(qos));
        QCOMPARE(message.payload, QByteArray("payload ") + QByteArray::number(qos));
        QCOMPARE(message.qos, qos);
        QVERIFY(!message.retain);
    }

    // A retained message reaches a later subscriber with the retain flag.
    QVERIFY(client->publish(QStringLiteral("t2/retained"), "kept", 1, true));
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 4, Timeout);
    auto late = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-late")));
    QVERIFY(late);
    QSignalSpy lateReceived(late.get(), &MqttClient::messageReceived);
    QVERIFY(late->subscribe(QStringLiteral("t2/+"), 1));
    QTRY_COMPARE_WITH_TIMEOUT(lateReceived.count(), 1, Timeout);
    const MqttMessage kept = messages(lateReceived).constFirst();
    QCOMPARE(kept.topic, QStringLiteral("t2/retained"));
    QCOMPARE(kept.payload, QByteArray("kept"));
    QVERIFY(kept.retain);

    // Unsubscribed: nothing more arrives. A message on a subscribed topic after it proves
    // the unsubscribe was processed first, the broker keeping the order.
    QVERIFY(client->unsubscribe(QStringLiteral("t1/#")));
    QVERIFY(subscribeAndWait(*client, QStringLiteral("t3/#"), 1));
    QVERIFY(client->publish(QStringLiteral("t1/gone"), "no", 1));
    QVERIFY(client->publish(QStringLiteral("t3/here"), "yes", 1));
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 4, Timeout);
    QCOMPARE(messages(received).constLast().topic, QStringLiteral("t3/here"));
    QCOMPARE(client->reconnectCount(), 0);
}

void tst_MqttClient::statusAndWill()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    const QString topic = QStringLiteral("cairn/helper/status");

    // A client in another process, killed without a chance to say goodbye: the broker
    // notices the closed socket and publishes the will.
    QProcess helper;
    helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    helper.start(QCoreApplication::applicationDirPath() + QStringLiteral("/mqttwillhelper"),
                 {QString::number(broker.port()), QStringLiteral("cairn-helper"), topic});
    QVERIFY2(helper.waitForStarted(10000), qPrintable(helper.errorString()));
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += helper.readAllStandardOutput()).contains("connected"),
                             Timeout);
    QVERIFY(waitForRetained(broker.port(), topic, QStringLiteral("1 online")));

    auto observer = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-observer")));
    QVERIFY(observer);
    QSignalSpy seen(observer.get(), &MqttClient::messageReceived);
    QVERIFY(subscribeAndWait(*observer, topic, 1));
    QTRY_COMPARE_WITH_TIMEOUT(payloads(seen), QList<QByteArray>{"online"}, Timeout);

    helper.kill();
    QVERIFY(helper.waitForFinished(10000));
    QTRY_COMPARE_WITH_TIMEOUT(payloads(seen), (QList<QByteArray>{"online", "offline"}), Timeout);
    QCOMPARE(retained(broker.port(), topic), QStringLiteral("1 offline"));

    // A clean disconnect sends no will, so the client says "offline" itself.
    MqttOptions options = baseOptions(broker.port(), QStringLiteral("cairn-clean"));
    options.statusTopic = QStringLiteral("cairn/clean/status");
    auto clean = connectedClient(options);
    QVERIFY(clean);
    QVERIFY(waitForRetained(broker.port(), options.statusTopic, QStringLiteral("1 online")));
    QSignalSpy disconnected(clean.get(), &MqttClient::disconnected);
    clean->disconnectFromBroker();
    QCOMPARE(clean->state(), MqttClient::Disconnected);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, Timeout);
    QVERIFY(waitForRetained(broker.port(), options.statusTopic, QStringLiteral("1 offline")));
    // And it stays down: no reconnect after a requested disconnect.
    QTest::qWait(500);
    QCOMPARE(clean->state(), MqttClient::Disconnected);
}

void tst_MqttClient::brokerNotUpAtStart()
{
    CairnTest::MosquittoServer broker; // ports chosen, nothing listening yet
    MqttOptions options = baseOptions(broker.port(), QStringLiteral("cairn-early"));
    MqttClient client(options);
    QSignalSpy connected(&client, &MqttClient::connected);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    QVERIFY(client.connectToBroker());

    // While down: QoS 0 fails clearly, QoS 1 and 2 are queued for later, retained or not.
    QSignalSpy published(&client, &MqttClient::published);
    QVERIFY(!client.publish(QStringLiteral("early/qos0"), "lost", 0));
    const Result<int> queued = client.publish(QStringLiteral("early/qos1"), "queued", 1);
    QVERIFY2(queued, qPrintable(queued ? QString() : queued.error().toString()));
    const Result<int> held = client.publish(QStringLiteral("early/retained"), "held", 2, true);
    QVERIFY2(held, qPrintable(held ? QString() : held.error().toString()));
    QVERIFY(*held < 0);

    QTRY_VERIFY_WITH_TIMEOUT(client.attemptCount() >= 3, Timeout);
    QVERIFY(errors.count() >= 2);
    QVERIFY(connected.isEmpty());
    QVERIFY(!client.isConnected());
    QVERIFY(!client.errorString().isEmpty());

    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, Timeout);
    QCOMPARE(client.state(), MqttClient::Connected);
    QCOMPARE(client.reconnectCount(), 0);
    // What was queued while the broker was away went out after the connect, the retained
    // message with its retain flag.
    QTRY_COMPARE_WITH_TIMEOUT(published.count(), 2, Timeout);
    QCOMPARE(published.at(0).at(0).toInt(), *queued);
    QCOMPARE(published.at(1).at(0).toInt(), *held);
    QVERIFY(waitForRetained(broker.port(), QStringLiteral("early/retained"),
                            QStringLiteral("1 held")));
}

void tst_MqttClient::brokerKilledAndRestarted()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    MqttClient client(baseOptions(broker.port(), QStringLiteral("cairn-kill")));
    QSignalSpy connected(&client, &MqttClient::connected);
    QSignalSpy disconnected(&client, &MqttClient::disconnected);
    QSignalSpy subscribed(&client, &MqttClient::subscribed);
    QSignalSpy received(&client, &MqttClient::messageReceived);
    QVERIFY(client.subscribe(QStringLiteral("k/#"), 1));
    QVERIFY(client.connectToBroker());
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 1, Timeout);

    broker.kill();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, Timeout);
    QVERIFY(!client.isConnected());
    // A while without a broker: the client keeps trying.
    const int attempts = client.attemptCount();
    QTRY_VERIFY_WITH_TIMEOUT(client.attemptCount() >= attempts + 2, Timeout);

    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, Timeout);
    QCOMPARE(client.reconnectCount(), 1);
    // The killed broker saved nothing: the subscription works only because it was sent again.
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 2, Timeout);
    auto publisher = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-pub")));
    QVERIFY(publisher);
    QVERIFY(publisher->publish(QStringLiteral("k/after"), "again", 1));
    QTRY_COMPARE_WITH_TIMEOUT(payloads(received), QList<QByteArray>{"again"}, Timeout);
}

void tst_MqttClient::persistentSession()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    const MqttOptions options = baseOptions(broker.port(), QStringLiteral("cairn-persistent"));
    QVERIFY(!options.cleanSession); // the default

    auto subscriber = connectedClient(options);
    QVERIFY(subscriber);
    QVERIFY(subscribeAndWait(*subscriber, QStringLiteral("p/#"), 1));
    subscriber.reset(); // a clean disconnect; the session stays at the broker

    auto publisher = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-pub")));
    QVERIFY(publisher);
    QSignalSpy acknowledged(publisher.get(), &MqttClient::published);
    QList<QByteArray> sent;
    for (int i = 0; i < 25; ++i) {
        sent.append(QByteArray("message ") + QByteArray::number(i));
        QVERIFY(publisher->publish(QStringLiteral("p/seq"), sent.constLast(), 1));
    }
    QTRY_COMPARE_WITH_TIMEOUT(acknowledged.count(), int(sent.size()), Timeout);

    // Back with the same client id: everything that waited at the broker, in order.
    MqttClient again(options);
    QSignalSpy received(&again, &MqttClient::messageReceived);
    QVERIFY(again.subscribe(QStringLiteral("p/#"), 1));
    QVERIFY(again.connectToBroker());
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), int(sent.size()), Timeout);
    QCOMPARE(payloads(received), sent);
    for (const MqttMessage &message : messages(received))
        QCOMPARE(message.qos, 1);
}

void tst_MqttClient::queuedAcrossBrokerRestart()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    MqttClient subscriber(baseOptions(broker.port(), QStringLiteral("cairn-restart")));
    QSignalSpy connected(&subscriber, &MqttClient::connected);
    QSignalSpy disconnected(&subscriber, &MqttClient::disconnected);
    QSignalSpy subscribed(&subscriber, &MqttClient::subscribed);
    QSignalSpy received(&subscriber, &MqttClient::messageReceived);
    QVERIFY(subscriber.subscribe(QStringLiteral("r/#"), 1));
    QVERIFY(subscriber.connectToBroker());
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.count(), 1, Timeout);

    // The broker goes down and saves its state; it comes back where the subscriber cannot
    // reach it yet (its port closed), and messages are published meanwhile. That the
    // subscriber is away while they are published is thus certain, not a matter of timing.
    broker.stop();
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.count(), 1, Timeout);
    broker.setMainListenerEnabled(false);
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    QList<QByteArray> sent;
    {
        auto publisher = connectedClient(
                baseOptions(broker.sidePort(), QStringLiteral("cairn-pub")));
        QVERIFY(publisher);
        QSignalSpy acknowledged(publisher.get(), &MqttClient::published);
        for (int i = 0; i < 10; ++i) {
            sent.append(QByteArray("while away ") + QByteArray::number(i));
            QVERIFY(publisher->publish(QStringLiteral("r/queued"), sent.constLast(), 1));
        }
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged.count(), int(sent.size()), Timeout);
    }
    QCOMPARE(connected.count(), 1);

    // Once more through a restart, which the queued messages survive in the persistence file.
    broker.stop();
    broker.setMainListenerEnabled(true);
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, Timeout);
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), int(sent.size()), Timeout);
    QCOMPARE(payloads(received), sent);
}

void tst_MqttClient::tls_data()
{
    // "tls", "mutual" (requires a client certificate) or "plain" (no TLS at all)
    QTest::addColumn<QString>("listener");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("ca"); // "right", "wrong" or "none"
    QTest::addColumn<bool>("clientCertificate");
    QTest::addColumn<bool>("insecure");
    QTest::addColumn<QString>("error"); // empty: connects; else a part of the error

    QTest::newRow("server certificate") << "tls"
                                        << "127.0.0.1"
                                        << "right" << false << false << "";
    QTest::newRow("server certificate by name") << "tls"
                                                << "localhost"
                                                << "right" << false << false << "";
    QTest::newRow("client certificate") << "mutual"
                                        << "127.0.0.1"
                                        << "right" << true << false << "";
    QTest::newRow("wrong CA") << "tls"
                              << "127.0.0.1"
                              << "wrong" << false << false << "certificate verify failed";
    QTest::newRow("client certificate missing") << "mutual"
                                                << "127.0.0.1"
                                                << "right" << false << false << "certificate";
    QTest::newRow("insecure, wrong CA") << "tls"
                                        << "127.0.0.1"
                                        << "wrong" << false << true << "";
    QTest::newRow("TLS to a plain listener") << "plain"
                                             << "127.0.0.1"
                                             << "right" << false << false << "closed";
    QTest::newRow("insecure, no CA") << "tls"
                                     << "127.0.0.1"
                                     << "none" << false << true << "";
}

void tst_MqttClient::tls()
{
    QFETCH(QString, listener);
    QFETCH(QString, host);
    QFETCH(QString, ca);
    QFETCH(bool, clientCertificate);
    QFETCH(bool, insecure);
    QFETCH(QString, error);

    CairnTest::MosquittoServer broker;
    broker.enableTls(m_certificates);
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));

    const quint16 port = listener == QLatin1String("tls") ? broker.tlsPort()
            : listener == QLatin1String("mutual")         ? broker.mutualTlsPort()
                                                          : broker.port();
    MqttOptions options = baseOptions(port, QStringLiteral("cairn-tls"));
    options.host = host;
    options.useTls = true;
    options.insecure = insecure;
    if (ca == QLatin1String("right"))
        options.caFile = m_certificates.caCertificate;
    else if (ca == QLatin1String("wrong"))
        options.caFile = m_otherCa.caCertificate;
    if (clientCertificate) {
        options.certificateFile = m_certificates.clientCertificate;
        options.keyFile = m_certificates.clientKey;
    }

    MqttClient client(options);
    QSignalSpy connected(&client, &MqttClient::connected);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    QSignalSpy received(&client, &MqttClient::messageReceived);
    QVERIFY2(client.connectToBroker(), qPrintable(client.errorString()));

    if (error.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, Timeout);
        // Data flows both ways over TLS.
        QVERIFY(subscribeAndWait(client, QStringLiteral("tls/#"), 1));
        QVERIFY(client.publish(QStringLiteral("tls/echo"), "secret", 1));
        QTRY_COMPARE_WITH_TIMEOUT(payloads(received), QList<QByteArray>{"secret"}, Timeout);
        return;
    }
    // It fails, says why, and keeps trying.
    QTRY_VERIFY_WITH_TIMEOUT(client.attemptCount() >= 3 && errors.count() >= 2, Timeout);
    QVERIFY(connected.isEmpty());
    QVERIFY2(client.errorString().contains(error), qPrintable(client.errorString()));
    QVERIFY2(errors.constLast().at(0).toString().contains(error),
             qPrintable(errors.constLast().at(0).toString()));
}

void tst_MqttClient::silentBroker()
{
    // Accepts connections and never answers: each attempt ends at the connect timeout.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    MqttOptions options = baseOptions(server.serverPort(), QStringLiteral("cairn-silent"));
    options.connectTimeout = 500ms;
    MqttClient client(options);
    QSignalSpy errors(&client, &MqttClient::errorOccurred);
    QVERIFY(client.connectToBroker());
    QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 2, Timeout);
    QVERIFY2(errors.constFirst().at(0).toString().contains(QLatin1String("No connection within")),
             qPrintable(errors.constFirst().at(0).toString()));
    QVERIFY(!client.isConnected());
    QVERIFY(server.hasPendingConnections());
}

void tst_MqttClient::password()
{
    const QString user = QStringLiteral("cairn");
    const QString secret = QStringLiteral("S3cret-Pa55phrase");
    const QString wrong = QStringLiteral("Wr0ng-Pa55phrase");
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.addUser(user, secret), qPrintable(broker.errorString()));
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));

    // Everything the client logs, libmosquitto's own lines included, must keep the secrets.
    {
        QMutexLocker lock(&capturedMutex);
        captured.clear();
    }
    previousHandler = qInstallMessageHandler(capturingHandler);
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.mqtt.debug=true"));
    const auto restore = qScopeGuard([] {
        QLoggingCategory::setFilterRules(QString());
        qInstallMessageHandler(previousHandler);
    });

    MqttOptions options = baseOptions(broker.port(), QStringLiteral("cairn-auth"));
    options.username = user;
    options.password = wrong;
    {
        MqttClient client(options);
        QSignalSpy errors(&client, &MqttClient::errorOccurred);
        QVERIFY(client.connectToBroker());
        QTRY_VERIFY_WITH_TIMEOUT(client.attemptCount() >= 3 && errors.count() >= 2, Timeout);
        QVERIFY(!client.isConnected());
        QVERIFY2(client.errorString().contains(QLatin1String("not authorised")),
                 qPrintable(client.errorString()));
        QVERIFY(client.options().password.isEmpty());
    }
    {
        MqttOptions anonymous = options;
        anonymous.username.clear();
        anonymous.password.clear();
        MqttClient client(anonymous);
        QVERIFY(client.connectToBroker());
        QTRY_VERIFY_WITH_TIMEOUT(client.errorString().contains(QLatin1String("not authorised")),
                                 Timeout);
    }
    options.password = secret;
    auto client = connectedClient(options);
    QVERIFY(client);
    QSignalSpy received(client.get(), &MqttClient::messageReceived);
    QVERIFY(subscribeAndWait(*client, QStringLiteral("auth/#"), 1));
    QVERIFY(client->publish(QStringLiteral("auth/ok"), "in", 1));
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, Timeout);
    client.reset();

    QMutexLocker lock(&capturedMutex);
    QVERIFY2(!captured.isEmpty(), "nothing was logged at all");
    for (const QString &line : std::as_const(captured)) {
        QVERIFY2(!line.contains(secret), qPrintable(line));
        QVERIFY2(!line.contains(wrong), qPrintable(line));
    }
}

void tst_MqttClient::oversizedPayload()
{
    CairnTest::MosquittoServer broker;
    QVERIFY2(broker.start(), qPrintable(broker.errorString()));
    MqttOptions options = baseOptions(broker.port(), QStringLiteral("cairn-small"));
    options.maxPayloadSize = 1024;
    auto client = connectedClient(options);
    QVERIFY(client);
    QSignalSpy received(client.get(), &MqttClient::messageReceived);
    QSignalSpy rejected(client.get(), &MqttClient::messageRejected);
    QSignalSpy disconnected(client.get(), &MqttClient::disconnected);
    QVERIFY(subscribeAndWait(*client, QStringLiteral("big/#"), 1));

    auto publisher = connectedClient(baseOptions(broker.port(), QStringLiteral("cairn-pub")));
    QVERIFY(publisher);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Dropped a message on big/large")));
    QVERIFY(publisher->publish(QStringLiteral("big/large"), QByteArray(4096, 'x'), 1));
    QVERIFY(publisher->publish(QStringLiteral("big/exact"), QByteArray(1024, 'y'), 1));
    QVERIFY(publisher->publish(QStringLiteral("big/small"), "fits", 1));

    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 2, Timeout);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.constFirst().at(0).toString(), QStringLiteral("big/large"));
    QVERIFY2(rejected.constFirst().at(1).toString().contains(QLatin1String("4096")),
             qPrintable(rejected.constFirst().at(1).toString()));
    QCOMPARE(messages(received).at(0).topic, QStringLiteral("big/exact"));
    QCOMPARE(messages(received).at(0).payload.size(), 1024);
    QCOMPARE(messages(received).at(1).payload, QByteArray("fits"));
    QCOMPARE(client->rejectedCount(), 1);
    QVERIFY(client->isConnected());
    QVERIFY(disconnected.isEmpty());
    QCOMPARE(client->reconnectCount(), 0);
}

void tst_MqttClient::topicMatches_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("topic");
    QTest::addColumn<bool>("matches");

    QTest::newRow("exact") << "a/b/c"
                           << "a/b/c" << true;
    QTest::newRow("different") << "a/b/c"
                               << "a/b/d" << false;
    QTest::newRow("plus one level") << "a/+/c"
                                    << "a/b/c" << true;
    QTest::newRow("plus not two levels") << "a/+/c"
                                         << "a/b/x/c" << false;
    QTest::newRow("plus empty level") << "a/+/c"
                                      << "a//c" << true;
    QTest::newRow("plus at the end") << "a/+"
                                     << "a/b" << true;
    QTest::newRow("plus needs the level") << "a/+"
                                          << "a" << false;
    QTest::newRow("hash deeper") << "a/#"
                                 << "a/b/c/d" << true;
    QTest::newRow("hash includes parent") << "a/#"
                                          << "a" << true;
    QTest::newRow("hash alone") << "#"
                                << "x/y" << true;
    QTest::newRow("hash not $SYS") << "#"
                                   << "$SYS/broker/uptime" << false;
    QTest::newRow("plus not $SYS") << "+/broker/uptime"
                                   << "$SYS/broker/uptime" << false;
    QTest::newRow("$SYS explicit") << "$SYS/#"
                                   << "$SYS/broker/uptime" << true;
    QTest::newRow("case sensitive") << "A/b"
                                    << "a/b" << false;
    QTest::newRow("leading slash") << "/a"
                                   << "a" << false;
    QTest::newRow("trailing slash") << "a/+"
                                    << "a/" << true;
    QTest::newRow("bad pattern, hash inside") << "a/#/c"
                                              << "a/b/c" << false;
    QTest::newRow("bad pattern, plus in a level") << "a/b+"
                                                  << "a/b+" << false;
    QTest::newRow("empty pattern") << ""
                                   << "a" << false;
    QTest::newRow("utf-8") << "sensör/+"
                           << "sensör/températur" << true;
}

void tst_MqttClient::topicMatches()
{
    QFETCH(QString, pattern);
    QFETCH(QString, topic);
    QFETCH(bool, matches);
    QCOMPARE(MqttClient::topicMatches(pattern, topic), matches);
}

QTEST_MAIN(tst_MqttClient)
#include "tst_mqttclient.moc"
