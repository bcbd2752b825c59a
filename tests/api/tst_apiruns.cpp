// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include <QFile>
#include <QJsonArray>
#include <QTest>

using namespace Cairn;
using namespace CairnTest;

namespace {

constexpr int Patience = 30000;

const QByteArray Hello = R"(name: hello
description: Greets, then checks
inputs:
  word: {default: world}
stages: [build, test]
jobs:
  - name: greet
    stage: build
    kind: process
    version: "1"
    params:
      command: printf
      args: ["line one\nhello %s\n", "${run.inputs.word}"]
  - name: check
    stage: test
    kind: process
    version: "1"
    params: {command: "true"}
)";

const QByteArray Slow = R"(name: slow
stages: [only]
jobs:
  - name: wait
    stage: only
    kind: process
    version: "1"
    params: {command: sleep, args: ["60"]}
)";

// Passes once the file its input names exists.
const QByteArray Flaky = R"(name: flaky
inputs:
  marker: {}
stages: [only]
jobs:
  - name: probe
    stage: only
    kind: process
    version: "1"
    params: {command: 'test -f "$1"', shell: true, args: ["${run.inputs.marker}"]}
)";

QJsonObject jobNamed(const QJsonObject &run, const QString &name)
{
    for (const QJsonValue &job : run.value(QStringLiteral("jobs")).toArray()) {
        if (job.toObject().value(QStringLiteral("name")).toString() == name)
            return job.toObject();
    }
    return {};
}

QString jobState(const QJsonObject &job)
{
    return job.value(QStringLiteral("data")).toObject().value(QStringLiteral("state")).toString();
}

} // namespace

class tst_ApiRuns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void pipelines();
    void validate_data();
    void validate();
    void startRunErrors_data();
    void startRunErrors();
    void runToTheEnd();
    void jobLog_data();
    void jobLog();
    void cancel();
    void retry();
    void startDefinedRun_data();
    void startDefinedRun();
    void clientToken();
    void listRuns();
    void withoutScheduler();

private:
    // Starts a run of pipeline and gives its id.
    QString startRun(const QString &pipeline, const QJsonObject &params = {},
                     const QString &token = {});
    // The run with its jobs once it is done; empty when it did not end in time.
    QJsonObject waitForRun(const QString &id);

    std::unique_ptr<ApiTestServer> m_server;
    QString m_helloRun; // a run of hello that has finished, with word=cairn
};

void tst_ApiRuns::initTestCase()
{
    m_server = std::make_unique<ApiTestServer>();
    m_server->setPipelines({{QStringLiteral("hello"), ApiTestServer::pipelineFromYaml(Hello)},
                            {QStringLiteral("slow"), ApiTestServer::pipelineFromYaml(Slow)},
                            {QStringLiteral("flaky"), ApiTestServer::pipelineFromYaml(Flaky)}});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

QString tst_ApiRuns::startRun(const QString &pipeline, const QJsonObject &params,
                              const QString &token)
{
    const ApiReply reply = m_server->post(QStringLiteral("/api/v1/pipelines/%1/runs").arg(pipeline),
                                          token.isEmpty() ? m_server->operatorToken : token,
                                          {{QStringLiteral("params"), params}});
    if (reply.status != 201) {
        qWarning("%s", qPrintable(reply.describe()));
        return {};
    }
    return reply.json().value(QStringLiteral("id")).toString();
}

QJsonObject tst_ApiRuns::waitForRun(const QString &id)
{
    QDeadlineTimer deadline(Patience);
    while (!deadline.hasExpired()) {
        const ApiReply reply = m_server->get(QStringLiteral("/api/v1/runs/") + id,
                                             m_server->viewer);
        if (reply.json().value(QStringLiteral("state")).toString() == u"done")
            return reply.json();
        QTest::qWait(50);
    }
    return {};
}

void tst_ApiRuns::pipelines()
{
    ApiReply reply = m_server->get(QStringLiteral("/api/v1/pipelines"), m_server->viewer);
    QCOMPARE(reply.status, 200);
    const QJsonArray items = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 3);
    QCOMPARE(items.at(0).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("flaky"));
    QCOMPARE(items.at(1).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("hello"));

    reply = m_server->get(QStringLiteral("/api/v1/pipelines/hello"), m_server->viewer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("stages")).toArray(),
             (QJsonArray{QStringLiteral("build"), QStringLiteral("test")}));
    QCOMPARE(reply.json().value(QStringLiteral("jobs")).toArray().size(), 2);
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/pipelines/none"), m_server->viewer).status, 404);
}

void tst_ApiRuns::validate_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");

    QTest::newRow("yaml") << QByteArray("application/yaml") << Hello << 200 << QString() << 0 << 0;
    QTest::newRow("json") << QByteArray("application/json")
                          << QByteArray(R"({"name": "j", "stages": ["s"], "jobs": [{"name": "a",
 "stage": "s", "kind": "process", "version": "1", "params": {"command": "true"}}]})")
                          << 200 << QString() << 0 << 0;
    QByteArray unknownKind = Hello;
    unknownKind.replace("    kind: process\n    version: \"1\"\n    params: {command: \"true\"}",
                        "    kind: teleport\n    version: \"1\"\n    params: {command: \"true\"}");
    QTest::newRow("yaml unknown kind") << QByteArray("application/yaml") << unknownKind << 422
                                       << QStringLiteral("jobs[1].kind") << 16 << 5;
    QByteArray badParams = Hello;
    badParams.replace("command: printf", "command: 12");
    QTest::newRow("yaml bad params") << QByteArray("application/yaml") << badParams << 422
                                     << QStringLiteral("jobs[0].params.command") << 12 << 7;
    QTest::newRow("yaml unknown stage")
            << QByteArray("text/yaml")
            << QByteArray("name: p\nstages: [a]\njobs:\n  - name: j\n    stage: b\n    kind: "
                          "process\n    version: \"1\"\n    params: {command: x}\n")
            << 422 << QStringLiteral("jobs[0].stage") << 5 << 5;
    QTest::newRow("json missing jobs") << QByteArray("application/json")
                                       << QByteArray("{\"name\": \"p\",\n \"stages\": [\"a\"]}")
                                       << 422 << QStringLiteral("jobs") << 0 << 0;
    QTest::newRow("yaml malformed")
            << QByteArray("application/yaml") << QByteArray("name: p\nstages: [a\njobs: x\n") << 400
            << QString() << 0 << 0;
    QTest::newRow("json malformed")
            << QByteArray("application/json")
            << QByteArray("{\"name\": \"p\",\n \"stages\" [\"a\"]}") << 400 << QString() << 2 << 0;
    QTest::newRow("wrong type") << QByteArray("text/html") << QByteArray("<p>") << 415 << QString()
                                << 0 << 0;
}

void tst_ApiRuns::validate()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    QFETCH(int, line);
    QFETCH(int, column);

    const ApiReply reply = m_server->request(QByteArrayLiteral("POST"),
                                             QStringLiteral("/api/v1/pipelines/validate"),
                                             m_server->viewer, body, contentType);
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    const QJsonObject json = reply.json();
    if (status == 200) {
        QCOMPARE(json.value(QStringLiteral("valid")), QJsonValue(true));
        QCOMPARE(json.value(QStringLiteral("kinds_checked")), QJsonValue(true));
        QVERIFY(!json.value(QStringLiteral("pipeline"))
                         .toObject()
                         .value(QStringLiteral("jobs"))
                         .toArray()
                         .isEmpty());
        return;
    }
    QVERIFY2(!json.value(QStringLiteral("message")).toString().isEmpty(), reply.body.constData());
    if (!field.isEmpty())
        QCOMPARE(json.value(QStringLiteral("field")).toString(), field);
    if (line > 0)
        QCOMPARE(json.value(QStringLiteral("line")).toInt(), line);
    if (column > 0)
        QCOMPARE(json.value(QStringLiteral("column")).toInt(), column);
}

void tst_ApiRuns::startRunErrors_data()
{
    QTest::addColumn<QString>("pipeline");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    QTest::newRow("unknown pipeline")
            << QStringLiteral("none") << QByteArray("{}") << 404 << QString();
    QTest::newRow("unknown input")
            << QStringLiteral("hello") << QByteArray(R"({"params": {"colour": "red"}})") << 422
            << QStringLiteral("params.colour");
    QTest::newRow("missing input") << QStringLiteral("flaky") << QByteArray("{}") << 422
                                   << QStringLiteral("params.marker");
    QTest::newRow("params not an object")
            << QStringLiteral("hello") << QByteArray(R"({"params": [1]})") << 422
            << QStringLiteral("params");
    QTest::newRow("priority not a number")
            << QStringLiteral("hello") << QByteArray(R"({"priority": "high"})") << 422
            << QStringLiteral("priority");
    QTest::newRow("unknown member") << QStringLiteral("hello") << QByteArray(R"({"when": 1})")
                                    << 422 << QStringLiteral("when");
    QTest::newRow("malformed") << QStringLiteral("hello") << QByteArray("{") << 400 << QString();
}

void tst_ApiRuns::startRunErrors()
{
    QFETCH(QString, pipeline);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("POST"), QStringLiteral("/api/v1/pipelines/%1/runs").arg(pipeline),
            m_server->operatorToken, body);
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
    // A viewer may not start runs at all.
    QCOMPARE(m_server->request(QByteArrayLiteral("POST"),
                               QStringLiteral("/api/v1/pipelines/hello/runs"), m_server->viewer,
                               "{}")
                     .status,
             403);
}

void tst_ApiRuns::runToTheEnd()
{
    const ApiReply started = m_server->post(
            QStringLiteral("/api/v1/pipelines/hello/runs"), m_server->operatorToken,
            {{QStringLiteral("params"),
              QJsonObject{{QStringLiteral("word"), QStringLiteral("cairn")}}},
             {QStringLiteral("priority"), 5}});
    QVERIFY2(started.status == 201, qPrintable(started.describe()));
    const QString id = started.json().value(QStringLiteral("id")).toString();
    QCOMPARE(started.header("Location"), QByteArrayLiteral("/api/v1/runs/") + id.toUtf8());
    QCOMPARE(started.json().value(QStringLiteral("kind")).toString(), QStringLiteral("run"));
    QCOMPARE(started.json()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("priority"))
                     .toInt(),
             5);

    const QJsonObject run = waitForRun(id);
    QVERIFY2(!run.isEmpty(), "the run did not finish");
    QCOMPARE(run.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
    const QJsonArray jobs = run.value(QStringLiteral("jobs")).toArray();
    QCOMPARE(jobs.size(), 2);
    for (const QJsonValue &job : jobs) {
        QCOMPARE(jobState(job.toObject()), QStringLiteral("DONE"));
        QCOMPARE(job.toObject().value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
    }
    const QString greet =
            jobNamed(run, QStringLiteral("greet")).value(QStringLiteral("id")).toString();
    const ApiReply job = m_server->get(QStringLiteral("/api/v1/jobs/") + greet, m_server->viewer);
    QCOMPARE(job.status, 200);
    QCOMPARE(job.json().value(QStringLiteral("name")).toString(), QStringLiteral("greet"));
    // A run is not a job, nor a job a run.
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/jobs/") + id, m_server->viewer).status, 404);
    QCOMPARE(m_server->get(QStringLiteral("/api/v1/runs/") + greet, m_server->viewer).status, 404);
    m_helloRun = id;
}

void tst_ApiRuns::jobLog_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("range");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentRange");

    // The log is "line one\nhello cairn\n": 21 bytes.
    QTest::newRow("whole") << QString() << QByteArray() << 200
                           << QByteArray("line one\nhello cairn\n") << QByteArray();
    QTest::newRow("range") << QString() << QByteArray("bytes=0-3") << 206 << QByteArray("line")
                           << QByteArray("bytes 0-3/21");
    QTest::newRow("open range") << QString() << QByteArray("bytes=15-") << 206
                                << QByteArray("cairn\n") << QByteArray("bytes 15-20/21");
    QTest::newRow("suffix") << QString() << QByteArray("bytes=-6") << 206 << QByteArray("cairn\n")
                            << QByteArray("bytes 15-20/21");
    QTest::newRow("past the end is cut")
            << QString() << QByteArray("bytes=9-99") << 206 << QByteArray("hello cairn\n")
            << QByteArray("bytes 9-20/21");
    QTest::newRow("after the end") << QString() << QByteArray("bytes=21-") << 416 << QByteArray()
                                   << QByteArray("bytes */21");
    QTest::newRow("malformed range is ignored")
            << QString() << QByteArray("lines=1-2") << 200 << QByteArray("line one\nhello cairn\n")
            << QByteArray();
    QTest::newRow("offset and length") << QStringLiteral("?offset=5&length=3") << QByteArray()
                                       << 206 << QByteArray("one") << QByteArray("bytes 5-7/21");
    QTest::newRow("offset only") << QStringLiteral("?offset=9") << QByteArray() << 206
                                 << QByteArray("hello cairn\n") << QByteArray("bytes 9-20/21");
    QTest::newRow("offset after the end") << QStringLiteral("?offset=30") << QByteArray() << 416
                                          << QByteArray() << QByteArray("bytes */21");
    QTest::newRow("bad offset") << QStringLiteral("?offset=-1") << QByteArray() << 422
                                << QByteArray() << QByteArray();
    QTest::newRow("an attempt") << QStringLiteral("?attempt=1&offset=9") << QByteArray() << 206
                                << QByteArray("hello cairn\n") << QByteArray("bytes 9-20/21");
    QTest::newRow("an attempt to come")
            << QStringLiteral("?attempt=2") << QByteArray() << 422 << QByteArray() << QByteArray();
}

void tst_ApiRuns::jobLog()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, range);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentRange);
    QVERIFY2(!m_helloRun.isEmpty(), "runToTheEnd() did not run");

    const QJsonObject run =
            m_server->get(QStringLiteral("/api/v1/runs/") + m_helloRun, m_server->viewer).json();
    const QString greet =
            jobNamed(run, QStringLiteral("greet")).value(QStringLiteral("id")).toString();
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!range.isEmpty())
        headers.append({QByteArrayLiteral("Range"), range});
    const ApiReply reply = m_server->request(
            QByteArrayLiteral("GET"), QStringLiteral("/api/v1/jobs/%1/log%2").arg(greet, query),
            m_server->viewer, {}, {}, headers);
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    QCOMPARE(reply.header("Content-Range"), contentRange);
    if (status < 300) {
        QCOMPARE(reply.body, body);
        QVERIFY(reply.header("Content-Type").startsWith("text/plain"));
        QCOMPARE(reply.header("X-Job-State"), QByteArrayLiteral("DONE"));
    }
}

void tst_ApiRuns::cancel()
{
    const QString id = startRun(QStringLiteral("slow"));
    QVERIFY(!id.isEmpty());
    QString wait;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QJsonObject run = m_server->get(QStringLiteral("/api/v1/runs/") + id,
                                                      m_server->viewer)
                                                .json();
                const QJsonObject job = jobNamed(run, QStringLiteral("wait"));
                wait = job.value(QStringLiteral("id")).toString();
                return jobState(job) == u"IN_PROGRESS";
            }(),
            Patience);
    // Running: its log exists and says it has not finished.
    ApiReply reply = m_server->get(QStringLiteral("/api/v1/jobs/%1/log").arg(wait),
                                   m_server->viewer);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("X-Job-State"), QByteArrayLiteral("IN_PROGRESS"));

    reply = m_server->post(QStringLiteral("/api/v1/runs/%1/cancel").arg(id),
                           m_server->operatorToken,
                           {{QStringLiteral("reason"), QStringLiteral("enough")}});
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("state")).toString(), QStringLiteral("done"));
    QCOMPARE(reply.json().value(QStringLiteral("result")).toString(), QStringLiteral("incomplete"));
    const QJsonObject job = jobNamed(reply.json(), QStringLiteral("wait"));
    QCOMPARE(jobState(job), QStringLiteral("CANCELLED"));
    QCOMPARE(job.value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("failure"))
                     .toString(),
             QStringLiteral("enough"));

    // Once is enough.
    reply = m_server->post(QStringLiteral("/api/v1/runs/%1/cancel").arg(id),
                           m_server->operatorToken, {});
    QCOMPARE(reply.status, 409);
    reply = m_server->post(QStringLiteral("/api/v1/jobs/%1/cancel").arg(wait),
                           m_server->operatorToken, {});
    QCOMPARE(reply.status, 409);
    QCOMPARE(m_server->post(QStringLiteral("/api/v1/runs/nothing/cancel"), m_server->operatorToken,
                            {})
                     .status,
             404);

    // A single job.
    const QString second = startRun(QStringLiteral("slow"));
    const QString secondJob = jobNamed(m_server->get(QStringLiteral("/api/v1/runs/") + second,
                                                     m_server->viewer)
                                               .json(),
                                       QStringLiteral("wait"))
                                      .value(QStringLiteral("id"))
                                      .toString();
    reply = m_server->request(QByteArrayLiteral("POST"),
                              QStringLiteral("/api/v1/jobs/%1/cancel").arg(secondJob),
                              m_server->operatorToken);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(jobState(reply.json()), QStringLiteral("CANCELLED"));
    QVERIFY(!waitForRun(second).isEmpty());
}

void tst_ApiRuns::retry()
{
    const QString marker = m_server->dataDir() + QStringLiteral("/marker");
    const QString id = startRun(QStringLiteral("flaky"), {{QStringLiteral("marker"), marker}});
    QVERIFY(!id.isEmpty());
    QJsonObject run = waitForRun(id);
    QCOMPARE(run.value(QStringLiteral("result")).toString(), QStringLiteral("fail"));
    const QString probe =
            jobNamed(run, QStringLiteral("probe")).value(QStringLiteral("id")).toString();

    QFile file(marker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    // Nothing is claimed until the second retry was refused: the run is surely running then.
    m_server->scheduler()->stop();
    ApiReply reply = m_server->request(QByteArrayLiteral("POST"),
                                       QStringLiteral("/api/v1/runs/%1/retry").arg(id),
                                       m_server->operatorToken);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(reply.json().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
    // While it runs again it cannot be retried.
    reply = m_server->request(QByteArrayLiteral("POST"),
                              QStringLiteral("/api/v1/runs/%1/retry").arg(id),
                              m_server->operatorToken);
    QCOMPARE(reply.status, 409);
    m_server->scheduler()->start();
    run = waitForRun(id);
    QCOMPARE(run.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));

    // A job of a finished run.
    reply = m_server->request(QByteArrayLiteral("POST"),
                              QStringLiteral("/api/v1/jobs/%1/retry").arg(probe),
                              m_server->operatorToken);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QCOMPARE(jobState(reply.json()), QStringLiteral("READY"));
    run = waitForRun(id);
    QCOMPARE(run.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
    QCOMPARE(jobNamed(run, QStringLiteral("probe"))
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("attempt"))
                     .toInt(),
             3);
}

void tst_ApiRuns::startDefinedRun_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QJsonObject>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field");

    const QJsonObject hello = ApiTestServer::pipelineFromYaml(Hello).toJson();
    QJsonObject teleport = hello;
    QJsonArray jobs = teleport.value(QStringLiteral("jobs")).toArray();
    QJsonObject first = jobs.at(0).toObject();
    first.insert(QStringLiteral("kind"), QStringLiteral("teleport"));
    jobs.replace(0, first);
    teleport.insert(QStringLiteral("jobs"), jobs);

    QTest::newRow("an operator may not")
            << QStringLiteral("operator") << QJsonObject{{QStringLiteral("pipeline"), hello}} << 403
            << QString();
    QTest::newRow("no pipeline") << QStringLiteral("admin") << QJsonObject() << 422
                                 << QStringLiteral("pipeline");
    QTest::newRow("unknown kind") << QStringLiteral("admin")
                                  << QJsonObject{{QStringLiteral("pipeline"), teleport}} << 422
                                  << QStringLiteral("pipeline.jobs[0].kind");
    QTest::newRow("unknown input")
            << QStringLiteral("admin")
            << QJsonObject{{QStringLiteral("pipeline"), hello},
                           {QStringLiteral("params"), QJsonObject{{QStringLiteral("colour"), 1}}}}
            << 422 << QStringLiteral("params.colour");
    QTest::newRow("queued") << QStringLiteral("admin")
                            << QJsonObject{{QStringLiteral("pipeline"), hello},
                                           {QStringLiteral("client"), QStringLiteral("cli")},
                                           {QStringLiteral("priority"), 4}}
                            << 201 << QString();
}

// POST /api/v1/runs: a pipeline given in full, for admins only.
void tst_ApiRuns::startDefinedRun()
{
    QFETCH(QString, token);
    QFETCH(QJsonObject, body);
    QFETCH(int, status);
    QFETCH(QString, field);

    const ApiReply reply = m_server->post(
            QStringLiteral("/api/v1/runs"),
            token == u"admin" ? m_server->admin : m_server->operatorToken, body);
    QVERIFY2(reply.status == status, qPrintable(reply.describe()));
    if (!field.isEmpty())
        QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), field);
    if (status != 201)
        return;
    const QJsonObject data = reply.json().value(QStringLiteral("data")).toObject();
    QCOMPARE(reply.json().value(QStringLiteral("name")).toString(), QStringLiteral("hello"));
    QCOMPARE(data.value(QStringLiteral("client")).toString(), QStringLiteral("cli"));
    QCOMPARE(data.value(QStringLiteral("priority")).toInt(), 4);
    const QJsonObject run = waitForRun(reply.json().value(QStringLiteral("id")).toString());
    QCOMPARE(run.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
}

void tst_ApiRuns::clientToken()
{
    ApiReply reply = m_server->post(QStringLiteral("/api/v1/tokens"), m_server->admin,
                                    {{QStringLiteral("name"), QStringLiteral("lab")},
                                     {QStringLiteral("role"), QStringLiteral("operator")},
                                     {QStringLiteral("priority"), 2},
                                     {QStringLiteral("queue_size"), 1}});
    QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
    const QString token = reply.json().value(QStringLiteral("token")).toString();

    const QString id = startRun(QStringLiteral("slow"), {}, token);
    QVERIFY(!id.isEmpty());
    reply = m_server->get(QStringLiteral("/api/v1/runs/") + id, m_server->viewer);
    QCOMPARE(reply.json()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .value(QStringLiteral("client"))
                     .toString(),
             QStringLiteral("lab"));
    // Its queue holds one unfinished job: a second run does not fit.
    reply = m_server->post(QStringLiteral("/api/v1/pipelines/slow/runs"), token, {});
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("client"));
    // Other tokens' runs carry no client.
    const QString other = startRun(QStringLiteral("slow"));
    reply = m_server->get(QStringLiteral("/api/v1/runs/") + other, m_server->viewer);
    QVERIFY(!reply.json()
                     .value(QStringLiteral("data"))
                     .toObject()
                     .contains(QStringLiteral("client")));

    reply = m_server->get(QStringLiteral("/api/v1/runs?client=lab"), m_server->viewer);
    QCOMPARE(reply.json().value(QStringLiteral("total")).toInt(), 1);
    for (const QString &run : {id, other})
        QCOMPARE(m_server->post(QStringLiteral("/api/v1/runs/%1/cancel").arg(run),
                                m_server->operatorToken, {})
                         .status,
                 200);
}

void tst_ApiRuns::listRuns()
{
    ApiReply reply = m_server->get(QStringLiteral("/api/v1/runs?pipeline=hello&state=done"),
                                   m_server->viewer);
    QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
    QVERIFY(reply.json().value(QStringLiteral("total")).toInt() >= 1);
    for (const QJsonValue &run : reply.json().value(QStringLiteral("items")).toArray()) {
        QCOMPARE(run.toObject().value(QStringLiteral("name")).toString(), QStringLiteral("hello"));
        QCOMPARE(run.toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("run"));
    }
    // Newest first, paged.
    reply = m_server->get(QStringLiteral("/api/v1/runs?limit=2"), m_server->viewer);
    const QJsonArray page = reply.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(page.size(), 2);
    QVERIFY(page.at(0).toObject().value(QStringLiteral("created")).toString()
            >= page.at(1).toObject().value(QStringLiteral("created")).toString());
    QVERIFY(reply.json().value(QStringLiteral("total")).toInt() > 2);
    reply = m_server->get(QStringLiteral("/api/v1/runs?result=fail&state=done"), m_server->viewer);
    QCOMPARE(reply.status, 200);

    reply = m_server->get(QStringLiteral("/api/v1/runs?state=sleeping"), m_server->viewer);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("state"));
    reply = m_server->get(QStringLiteral("/api/v1/runs?colour=red"), m_server->viewer);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.json().value(QStringLiteral("field")).toString(), QStringLiteral("colour"));
}

void tst_ApiRuns::withoutScheduler()
{
    ApiTestServer server;
    server.setPipelines({{QStringLiteral("hello"), ApiTestServer::pipelineFromYaml(Hello)}});
    QVERIFY2(server.start(false), qPrintable(server.errorString()));
    ApiReply reply = server.post(QStringLiteral("/api/v1/pipelines/hello/runs"),
                                 server.operatorToken, {});
    QCOMPARE(reply.status, 503);
    QCOMPARE(reply.json().value(QStringLiteral("error")).toString(), QStringLiteral("unavailable"));
    // Reading still works.
    QCOMPARE(server.get(QStringLiteral("/api/v1/runs"), server.viewer).status, 200);
    QCOMPARE(server.get(QStringLiteral("/api/v1/pipelines/hello"), server.viewer).status, 200);
}

QTEST_MAIN(tst_ApiRuns)
#include "tst_apiruns.moc"
