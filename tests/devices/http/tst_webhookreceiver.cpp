// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <database.h>
#include <eventbus.h>
#include <freeport.h>
#include <secretstore.h>
#include <webhookreceiver.h>

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;

namespace {

const QString GitHubSecret = QStringLiteral("gh-s3cret-2f9a");
const QString GitLabToken = QStringLiteral("gl-t0ken-77c1");

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QJsonObject json;
    QByteArray contentType;
    QByteArray allow;
};

QByteArray hmac(const QByteArray &secret, const QByteArray &body)
{
    return "sha256="
            + QMessageAuthenticationCode::hash(body, secret, QCryptographicHash::Sha256).toHex();
}

QStringList g_messages;
QtMessageHandler g_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages.append(message);
    g_previousHandler(type, context, message);
}

} // namespace

class tst_WebhookReceiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void acceptsSignedPayload();
    void acceptsGitLabToken();
    void acceptsAnyJsonValue();
    void headerNamesInAnyCase();
    void subscribersGetTheEvent();
    void bodyAtTheLimitIsAccepted();
    void refuses_data();
    void refuses();
    void rotatedSecretIsUsed();
    void setConfigsReplacesHooks();
    void hostileInputDoesNotCrash();
    void secretsAreNotLogged();
    void receiverGoneAnswersNotFound();

private:
    HttpReply send(const QByteArray &method, const QString &path, const QByteArrayList &headers,
                   const QByteArray &body);
    HttpReply post(const QString &hook, const QByteArray &body, const QByteArrayList &headers);
    QList<CloudEvent> events();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<FileSecretStore> m_secrets;
    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<QHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_network;
    quint16 m_port = 0;
};

void tst_WebhookReceiver::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"))),
             qPrintable(m_db->errorString()));
    m_bus = std::make_unique<EventBus>(*m_db);
    m_secrets = std::make_unique<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets.json")));
    QVERIFY(m_secrets->write(QStringLiteral("hooks/github"), GitHubSecret));
    QVERIFY(m_secrets->write(QStringLiteral("hooks/gitlab"), GitLabToken));

    WebhookConfig github;
    github.name = QStringLiteral("github");
    github.secretKey = QStringLiteral("hooks/github");
    WebhookConfig gitlab;
    gitlab.name = QStringLiteral("gitlab");
    gitlab.secretKey = QStringLiteral("hooks/gitlab");
    gitlab.signature = WebhookConfig::Signature::Token;
    gitlab.type = QStringLiteral("com.gitlab.event");
    WebhookConfig small = github;
    small.name = QStringLiteral("small");
    small.maxBody = 64;
    WebhookConfig orphan = github;
    orphan.name = QStringLiteral("orphan");
    orphan.secretKey = QStringLiteral("hooks/nobody-set-this");
    m_receiver = std::make_unique<WebhookReceiver>(
            *m_bus, *m_secrets, QList<WebhookConfig>{github, gitlab, small, orphan});

    m_server = std::make_unique<QHttpServer>();
    m_receiver->install(*m_server);
    // freePort() only says the port was free a moment ago; someone may take it meanwhile.
    for (int attempt = 0; attempt < 5 && m_port == 0; ++attempt)
        m_port = m_server->listen(QHostAddress::LocalHost, CairnTest::freePort());
    QVERIFY(m_port != 0);
    m_network = std::make_unique<QNetworkAccessManager>();
}

void tst_WebhookReceiver::cleanup()
{
    m_network.reset();
    m_server.reset();
    m_receiver.reset();
    m_bus.reset();
    m_db.reset();
    m_secrets.reset();
    m_dir.reset();
    m_port = 0;
}

HttpReply tst_WebhookReceiver::send(const QByteArray &method, const QString &path,
                                    const QByteArrayList &headers, const QByteArray &body)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    url.setPath(path);
    QNetworkRequest request(url);
    for (const QByteArray &header : headers) {
        const qsizetype colon = header.indexOf(':');
        request.setRawHeader(header.left(colon), header.mid(colon + 1).trimmed());
    }
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    HttpReply result;
    if (!finished.wait(10000)) {
        reply->abort();
        reply->deleteLater();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body).object();
    result.contentType = reply->rawHeader("Content-Type");
    result.allow = reply->rawHeader("Allow");
    reply->deleteLater();
    return result;
}

HttpReply tst_WebhookReceiver::post(const QString &hook, const QByteArray &body,
                                    const QByteArrayList &headers)
{
    return send("POST", QStringLiteral("/hooks/") + hook, headers, body);
}

QList<CloudEvent> tst_WebhookReceiver::events()
{
    const auto history = m_bus->history(EventHistoryQuery());
    if (!history) {
        qWarning("history: %s", qPrintable(history.error().toString()));
        return {};
    }
    return *history;
}

void tst_WebhookReceiver::acceptsSignedPayload()
{
    QSignalSpy accepted(m_receiver.get(), &WebhookReceiver::accepted);
    const QByteArray body = R"({"ref":"refs/heads/main","commits":[{"id":"abc"}],"n":3})";
    const HttpReply reply = post(QStringLiteral("github"), body,
                                 {"Content-Type: application/json; charset=utf-8",
                                  "X-GitHub-Event: push",
                                  "X-GitHub-Delivery: 72d3162e-cc78-11e3-81ab-4c9367dc0958",
                                  "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
    QCOMPARE(reply.status, 202);
    QCOMPARE(reply.contentType, QByteArray("application/json"));
    QCOMPARE(reply.json.value(QStringLiteral("accepted")), QJsonValue(true));
    const qint64 sequence = reply.json.value(QStringLiteral("sequence")).toInteger();
    QVERIFY(sequence > 0);
    const QString id = reply.json.value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());

    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 1);
    const CloudEvent &event = stored.first();
    QCOMPARE(event.sequence, sequence);
    QCOMPARE(event.id, id);
    QCOMPARE(event.type,
             QStringLiteral("cairn.webhook.github.push")); // the kind, from X-GitHub-Event
    QCOMPARE(event.subject, QStringLiteral("72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    QCOMPARE(event.source, m_bus->defaultSource() + QStringLiteral("/hooks/github"));
    QVERIFY(event.source.startsWith(QStringLiteral("cairn://")));
    QCOMPARE(event.data, QJsonDocument::fromJson(body).object());
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(accepted.first().at(0).toString(), QStringLiteral("github"));
}

void tst_WebhookReceiver::acceptsGitLabToken()
{
    const QByteArray body = R"({"object_kind":"push","project":{"id":15}})";
    const HttpReply reply = post(QStringLiteral("gitlab"), body,
                                 {"Content-Type: application/json", "X-Gitlab-Event: Push Hook",
                                  "X-Gitlab-Event-UUID: 13792a34-cac6-4fda-95a8-c58e00a3954e",
                                  "X-Gitlab-Token: " + GitLabToken.toUtf8()});
    QCOMPARE(reply.status, 202);
    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().type, QStringLiteral("com.gitlab.event.push_hook"));
    QCOMPARE(stored.first().subject, QStringLiteral("13792a34-cac6-4fda-95a8-c58e00a3954e"));
    QCOMPARE(stored.first().source, m_bus->defaultSource() + QStringLiteral("/hooks/gitlab"));
    QCOMPARE(stored.first().data, QJsonDocument::fromJson(body).object());
}

void tst_WebhookReceiver::acceptsAnyJsonValue()
{
    const QList<QPair<QByteArray, QJsonValue>> payloads{
            {"[1,2,3]", QJsonArray{1, 2, 3}},
            {" \"ping\" ", QJsonValue(QStringLiteral("ping"))},
            {"42", QJsonValue(42)},
    };
    for (const auto &[body, value] : payloads) {
        const HttpReply reply = post(QStringLiteral("github"), body,
                                     {"Content-Type: application/json",
                                      "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
        QCOMPARE(reply.status, 202);
    }
    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), payloads.size());
    for (qsizetype i = 0; i < payloads.size(); ++i) {
        QCOMPARE(stored.at(i).data, payloads.at(i).second);
        // No delivery header: the event is about nothing in particular.
        QVERIFY(stored.at(i).subject.isEmpty());
    }
}

void tst_WebhookReceiver::headerNamesInAnyCase()
{
    // HTTP/2 proxies send every header name in lower case.
    const QByteArray body = R"({"lower":true})";
    QCOMPARE(post(QStringLiteral("github"), body,
                  {"content-type: Application/JSON",
                   "x-hub-signature-256: " + hmac(GitHubSecret.toUtf8(), body).toUpper()})
                     .status,
             202);
    QCOMPARE(post(QStringLiteral("gitlab"), body,
                  {"CONTENT-TYPE: application/json", "x-gitlab-token: " + GitLabToken.toUtf8()})
                     .status,
             202);
    QCOMPARE(events().size(), 2);
}

void tst_WebhookReceiver::subscribersGetTheEvent()
{
    QList<CloudEvent> received;
    const auto filter = EventFilter::parse({QStringLiteral("type=cairn.webhook.*")});
    QVERIFY(filter);
    m_bus->subscribe(*filter, this,
                     [&received](const CloudEvent &event) { received.append(event); });

    const QByteArray body = R"({"action":"opened"})";
    const HttpReply reply = post(QStringLiteral("github"), body,
                                 {"Content-Type: application/json",
                                  "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
    QCOMPARE(reply.status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 10000);
    QCOMPARE(received.first().data.toObject().value(QStringLiteral("action")),
             QJsonValue(QStringLiteral("opened")));
}

void tst_WebhookReceiver::bodyAtTheLimitIsAccepted()
{
    // The small hook takes 64 bytes: exactly that is fine.
    QByteArray body = R"({"pad":")";
    body += QByteArray(64 - body.size() - 2, 'x') + "\"}";
    QCOMPARE(body.size(), 64);
    const HttpReply reply = post(QStringLiteral("small"), body,
                                 {"Content-Type: application/json",
                                  "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
    QCOMPARE(reply.status, 202);
}

void tst_WebhookReceiver::refuses_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("hook");
    QTest::addColumn<QByteArray>("body");
    // "Name: value"; a value "hmac:SECRET" is replaced by the signature of body with SECRET.
    QTest::addColumn<QByteArrayList>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");

    const QByteArray json = R"({"a":1})";
    const QByteArray type = "Content-Type: application/json";
    const QByteArray signedOk = "X-Hub-Signature-256: hmac:" + GitHubSecret.toUtf8();
    const QByteArray tokenOk = "X-Gitlab-Token: " + GitLabToken.toUtf8();
    const QByteArray garbage("\x00\xff\xfe{\x01\x02\"\x80]", 10);
    const QString github = QStringLiteral("github");
    const QString gitlab = QStringLiteral("gitlab");
    const QString unauthorized = QStringLiteral("unauthorized");
    const QString badType = QStringLiteral("unsupported_media_type");
    const QString badJson = QStringLiteral("invalid_json");

    QTest::newRow("wrong signature")
            << QByteArray("POST") << github << json
            << QByteArrayList{type, "X-Hub-Signature-256: sha256=" + QByteArray(64, '0')} << 401
            << unauthorized;
    QTest::newRow("signed with another secret")
            << QByteArray("POST") << github << json
            << QByteArrayList{type, "X-Hub-Signature-256: hmac:not-the-secret"} << 401
            << unauthorized;
    QTest::newRow("missing signature")
            << QByteArray("POST") << github << json << QByteArrayList{type} << 401 << unauthorized;
    QTest::newRow("empty signature")
            << QByteArray("POST") << github << json << QByteArrayList{type, "X-Hub-Signature-256: "}
            << 401 << unauthorized;
    QTest::newRow("signature without prefix")
            << QByteArray("POST") << github << json
            << QByteArrayList{type,
                              "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), json).mid(7)}
            << 401 << unauthorized;
    QTest::newRow("signature of another body")
            << QByteArray("POST") << github << json
            << QByteArrayList{type,
                              "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), R"({"a":2})")}
            << 401 << unauthorized;
    QTest::newRow("token on a signed hook")
            << QByteArray("POST") << github << json
            << QByteArrayList{type, "X-Gitlab-Token: " + GitHubSecret.toUtf8()} << 401
            << unauthorized;
    QTest::newRow("wrong token") << QByteArray("POST") << gitlab << json
                                 << QByteArrayList{type, "X-Gitlab-Token: guess"} << 401
                                 << unauthorized;
    QTest::newRow("token prefix") << QByteArray("POST") << gitlab << json
                                  << QByteArrayList{type,
                                                    "X-Gitlab-Token: "
                                                            + GitLabToken.toUtf8().chopped(1)}
                                  << 401 << unauthorized;
    QTest::newRow("missing token")
            << QByteArray("POST") << gitlab << json << QByteArrayList{type} << 401 << unauthorized;
    QTest::newRow("signature on a token hook")
            << QByteArray("POST") << gitlab << json
            << QByteArrayList{type, "X-Hub-Signature-256: hmac:" + GitLabToken.toUtf8()} << 401
            << unauthorized;
    QTest::newRow("garbage, unsigned") << QByteArray("POST") << github << garbage
                                       << QByteArrayList{type} << 401 << unauthorized;
    QTest::newRow("text/plain, unsigned")
            << QByteArray("POST") << github << json << QByteArrayList{"Content-Type: text/plain"}
            << 401 << unauthorized;
    QTest::newRow("oversized") << QByteArray("POST") << QStringLiteral("small")
                               << QByteArray("[" + QByteArray(100, '1') + "]")
                               << QByteArrayList{type, signedOk} << 413
                               << QStringLiteral("payload_too_large");
    QTest::newRow("oversized, unsigned")
            << QByteArray("POST") << github << QByteArray(1024 * 1024 + 1, ' ')
            << QByteArrayList{type} << 413 << QStringLiteral("payload_too_large");
    QTest::newRow("text/plain") << QByteArray("POST") << github << json
                                << QByteArrayList{"Content-Type: text/plain", signedOk} << 415
                                << badType;
    QTest::newRow("no content type")
            << QByteArray("POST") << github << json << QByteArrayList{signedOk} << 415 << badType;
    QTest::newRow("json-like content type")
            << QByteArray("POST") << github << json
            << QByteArrayList{"Content-Type: application/jsonp", signedOk} << 415 << badType;
    QTest::newRow("token hook, text/plain")
            << QByteArray("POST") << gitlab << json
            << QByteArrayList{"Content-Type: text/plain", tokenOk} << 415 << badType;
    QTest::newRow("malformed JSON") << QByteArray("POST") << github << QByteArray(R"({"a":)")
                                    << QByteArrayList{type, signedOk} << 415 << badJson;
    QTest::newRow("two JSON values") << QByteArray("POST") << github << QByteArray("{} {}")
                                     << QByteArrayList{type, signedOk} << 415 << badJson;
    QTest::newRow("empty body") << QByteArray("POST") << github << QByteArray()
                                << QByteArrayList{type, signedOk} << 415 << badJson;
    QTest::newRow("binary garbage") << QByteArray("POST") << github << garbage
                                    << QByteArrayList{type, signedOk} << 415 << badJson;
    QTest::newRow("unknown hook") << QByteArray("POST") << QStringLiteral("nope") << json
                                  << QByteArrayList{type, signedOk} << 404
                                  << QStringLiteral("not_found");
    QTest::newRow("unknown hook, GET")
            << QByteArray("GET") << QStringLiteral("nope") << QByteArray() << QByteArrayList{}
            << 404 << QStringLiteral("not_found");
    QTest::newRow("GET") << QByteArray("GET") << github << QByteArray() << QByteArrayList{} << 405
                         << QStringLiteral("method_not_allowed");
    QTest::newRow("PUT") << QByteArray("PUT") << github << json << QByteArrayList{type, signedOk}
                         << 405 << QStringLiteral("method_not_allowed");
    QTest::newRow("DELETE") << QByteArray("DELETE") << gitlab << QByteArray()
                            << QByteArrayList{tokenOk} << 405
                            << QStringLiteral("method_not_allowed");
    QTest::newRow("secret missing from the store")
            << QByteArray("POST") << QStringLiteral("orphan") << json
            << QByteArrayList{type, signedOk} << 500 << QStringLiteral("secret_missing");
}

void tst_WebhookReceiver::refuses()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, hook);
    QFETCH(QByteArray, body);
    QFETCH(QByteArrayList, headers);
    QFETCH(int, status);
    QFETCH(QString, code);

    for (QByteArray &header : headers) {
        const qsizetype at = header.indexOf(": hmac:");
        if (at >= 0)
            header = header.left(at + 2) + hmac(header.mid(at + 7), body);
    }
    if (status == 500)
        QTest::ignoreMessage(
                QtWarningMsg,
                QRegularExpression(QStringLiteral("webhook orphan cannot check requests: secret "
                                                  "hooks/nobody-set-this in file:.* is unusable")));
    QSignalSpy refused(m_receiver.get(), &WebhookReceiver::refused);

    const HttpReply reply = send(method, QStringLiteral("/hooks/") + hook, headers, body);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.contentType, QByteArray("application/json"));
    QCOMPARE(reply.json.value(QStringLiteral("error")).toString(), code);
    QVERIFY2(!reply.json.value(QStringLiteral("message")).toString().isEmpty(),
             reply.body.constData());
    if (status == 405)
        QCOMPARE(reply.allow, QByteArray("POST"));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().at(1).toInt(), status);
    // Nothing refused reaches the bus.
    const auto last = m_bus->lastSequence();
    QVERIFY(last);
    QCOMPARE(*last, qint64(0));
    QVERIFY(events().isEmpty());
}

void tst_WebhookReceiver::rotatedSecretIsUsed()
{
    const QByteArray body = R"({"rotated":true})";
    const QByteArrayList oldHeaders{"Content-Type: application/json",
                                    "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)};
    QCOMPARE(post(QStringLiteral("github"), body, oldHeaders).status, 202);

    QVERIFY(m_secrets->write(QStringLiteral("hooks/github"), QStringLiteral("new-secret")));
    QCOMPARE(post(QStringLiteral("github"), body, oldHeaders).status, 401);
    QCOMPARE(post(QStringLiteral("github"), body,
                  {"Content-Type: application/json",
                   "X-Hub-Signature-256: " + hmac("new-secret", body)})
                     .status,
             202);
    QCOMPARE(events().size(), 2);
}

void tst_WebhookReceiver::setConfigsReplacesHooks()
{
    WebhookConfig renamed;
    renamed.name = QStringLiteral("renamed");
    renamed.secretKey = QStringLiteral("hooks/gitlab");
    renamed.signature = WebhookConfig::Signature::Token;
    m_receiver->setConfigs({renamed});
    QCOMPARE(m_receiver->configs().size(), 1);

    const QByteArray body = R"({"x":1})";
    QCOMPARE(post(QStringLiteral("github"), body,
                  {"Content-Type: application/json",
                   "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)})
                     .status,
             404);
    QCOMPARE(post(QStringLiteral("renamed"), body,
                  {"Content-Type: application/json", "X-Gitlab-Token: " + GitLabToken.toUtf8()})
                     .status,
             202);
    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().type, QStringLiteral("cairn.webhook.renamed"));
}

void tst_WebhookReceiver::hostileInputDoesNotCrash()
{
    const QList<QByteArray> requests{
            "POST /hooks/github HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(256 * 1024, 'a')
                    + "\r\nContent-Length: 2\r\n\r\n{}",
            "POST /hooks/github HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: "
                    + QByteArray(100 * 1024, 'f') + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}",
            QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 24),
            "POST /hooks/github HTTP/1.1\r\nHost: x\r\nContent-Length: "
            "99999999999999999999\r\n\r\n",
            "POST /hooks/%00%ff/../github HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "GARBAGE\r\n\r\n",
    };
    for (const QByteArray &raw : requests) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write(raw);
        QVERIFY(socket.waitForBytesWritten(5000) || socket.bytesToWrite() == 0
                || socket.state() != QAbstractSocket::ConnectedState);
        // Whatever the answer, or none: the server closes or answers, and lives on.
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 0
                                         || socket.state() != QAbstractSocket::ConnectedState,
                                 2000);
        socket.abort();
    }

    const QByteArray body = R"({"still":"alive"})";
    const HttpReply reply = post(QStringLiteral("github"), body,
                                 {"Content-Type: application/json",
                                  "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
    QCOMPARE(reply.status, 202);
    const QList<CloudEvent> stored = events();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().data.toObject().value(QStringLiteral("still")),
             QJsonValue(QStringLiteral("alive")));
}

void tst_WebhookReceiver::secretsAreNotLogged()
{
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.debug=true"));
    g_messages.clear();
    g_previousHandler = qInstallMessageHandler(recordMessage);

    const QByteArray body = R"({"quiet":1})";
    const QByteArray signature = hmac(GitHubSecret.toUtf8(), body);
    const QByteArray wrong = hmac("guess", body);
    const int accepted = post(QStringLiteral("github"), body,
                              {"Content-Type: application/json",
                               "X-Hub-Signature-256: " + signature})
                                 .status;
    const int refused = post(QStringLiteral("github"), body,
                             {"Content-Type: application/json", "X-Hub-Signature-256: " + wrong})
                                .status;
    const int tokenRefused = post(QStringLiteral("gitlab"), body,
                                  {"Content-Type: application/json", "X-Gitlab-Token: guess-123"})
                                     .status;

    qInstallMessageHandler(g_previousHandler);
    QLoggingCategory::setFilterRules(QString());
    QCOMPARE(accepted, 202);
    QCOMPARE(refused, 401);
    QCOMPARE(tokenRefused, 401);
    QVERIFY(!g_messages.isEmpty());
    const QString log = g_messages.join(QLatin1Char('\n'));
    for (const QString &secret : {GitHubSecret, GitLabToken, QString::fromLatin1(signature.mid(7)),
                                  QString::fromLatin1(wrong.mid(7)), QStringLiteral("guess-123")})
        QVERIFY2(!log.contains(secret), qPrintable(log));
}

void tst_WebhookReceiver::receiverGoneAnswersNotFound()
{
    m_receiver.reset();
    const QByteArray body = R"({"late":1})";
    const HttpReply reply = post(QStringLiteral("github"), body,
                                 {"Content-Type: application/json",
                                  "X-Hub-Signature-256: " + hmac(GitHubSecret.toUtf8(), body)});
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json.value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
    QVERIFY(events().isEmpty());
}

QTEST_GUILESS_MAIN(tst_WebhookReceiver)
#include "tst_webhookreceiver.moc"
