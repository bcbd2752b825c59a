// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ctlrun.h"

#include "apitestserver.h"
#include "freeport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Cairn;
using CairnTest::ApiTestServer;

namespace {

// Every wait is generous: a loaded build machine runs many processes at once. Nothing
// asserts how long anything took.
constexpr int Patience = 60000;

struct Run : CtlRun
{
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
    QJsonArray jsonArray() const { return QJsonDocument::fromJson(out.toUtf8()).array(); }
};

// The value at a dotted path of a JSON object: at(run, "data.inputs.count").
QJsonValue at(const QJsonObject &object, const char *path)
{
    const QStringList keys = QString::fromUtf8(path).split(u'.');
    QJsonValue value = object;
    for (const QString &key : keys)
        value = value.toObject().value(key);
    return value;
}

QStringList column(const QJsonValue &list, const char *path)
{
    QStringList values;
    for (const QJsonValue &item : list.toArray())
        values.append(at(item.toObject(), path).toString());
    return values;
}

const char PassingPipeline[] = R"(name: greet
inputs:
  count: {}
stages: [build, test]
jobs:
  - name: compile
    stage: build
    kind: process
    version: "1"
    params: {command: echo, args: ["n=${run.inputs.count}"]}
  - name: check
    stage: test
    kind: process
    version: "1"
    params: {command: "true"}
)";

// One job that prints, waits until the file named by the input gate exists, and prints
// again.
const char GatedPipeline[] = R"(name: gated
inputs:
  gate: {}
stages: [only]
jobs:
  - name: slow
    stage: only
    kind: process
    version: "1"
    params:
      shell: true
      args: ["${run.inputs.gate}"]
      command: |
        for i in 1 2; do echo "line $i"; sleep 0.1; done
        while [ ! -e "$1" ]; do sleep 0.05; done
        for i in 3 4; do echo "line $i"; done
)";

// One job tried twice at most: the first attempt prints, waits for the gate and fails with
// exit code 1; the second prints and ends with the exit code of the input then.
const char RetriedPipeline[] = R"(name: retried
inputs:
  gate: {}
  then: {default: 0}
stages: [only]
jobs:
  - name: flaky
    stage: only
    kind: process
    version: "1"
    retry_attempt: 1
    params:
      shell: true
      args: ["${run.inputs.gate}", "then=${run.inputs.then}"]
      command: |
        echo "attempt $CAIRN_ATTEMPT"
        if [ "$CAIRN_ATTEMPT" -gt 1 ]; then echo "exit $${2#then=}"; exit "$${2#then=}"; fi
        echo "line 1"
        while [ ! -e "$1" ]; do sleep 0.05; done
        echo "line 2"
        exit 1
)";

// A pipeline of the project cairnd serves.
const char ServedPipeline[] = R"(name: hello
inputs: {who: {default: world}}
stages: [a]
jobs:
  - {name: say, stage: a, kind: process, version: "1", params: {command: echo, args: ["hello ${run.inputs.who}"]}}
)";

} // namespace

/*
 * cairnctl with --url: every command through the HTTP API of a cairnd that this test
 * serves, on loopback, with a scheduler that runs the jobs.
 */
class tst_CairnctlRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void nodes();
    void nodeErrors_data();
    void nodeErrors();
    void events();
    void tail();
    void tailRefusesDurable();
    void pipelineValidate();
    void runWait();
    void runServedPipeline();
    void runListShow();
    void cancelAndRetry();
    void jobLogFollow();
    void followRetried_data();
    void followRetried();
    void tokens();
    void viewerRefused();
    void wrongToken();
    void noServer();
    void https();
    void loginLogout();
    void loginWithoutKeychain();

private:
    // cairnctl with --url and arguments, and CAIRN_TOKEN when token is not empty. The
    // event loop goes on meanwhile, so that the server answers.
    Run run(const QStringList &arguments, const QString &token, const QByteArray &input = {},
            const QString &url = {}) const;
    Run admin(const QStringList &arguments) const { return run(arguments, m_server->admin); }
    std::unique_ptr<QProcess> start(const QStringList &arguments, const QString &token,
                                    const QString &url = {}) const;
    static Run finish(QProcess &process);
    // Reads what process writes on channel until it holds text; what was read.
    static QString readUntil(QProcess &process, QProcess::ProcessChannel channel,
                             const QString &text);
    QProcessEnvironment environment(const QString &token) const;
    QString writeFile(const QString &name, const char *text) const;
    QString url() const { return m_server->url(QString()).toString(); }
    QString startRun(const QString &file, const QStringList &arguments = {}) const;
    QString secretsFile() const { return m_dir->filePath(QStringLiteral("secrets.json")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ApiTestServer> m_server;
};

void tst_CairnctlRemote::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CAIRNCTL_PATH)).isExecutable(), CAIRNCTL_PATH);
    // Every test makes a database: its migrations are no news, nor is each request.
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.info=false"));
}

void tst_CairnctlRemote::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ApiTestServer>();
    m_server->setPipelines(
            {{QStringLiteral("hello"), ApiTestServer::pipelineFromYaml(ServedPipeline)}});
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

void tst_CairnctlRemote::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

QProcessEnvironment tst_CairnctlRemote::environment(const QString &token) const
{
    QProcessEnvironment environment = ctlEnvironment(m_dir->filePath(QStringLiteral("xdg")));
    if (!token.isEmpty())
        environment.insert(QStringLiteral("CAIRN_TOKEN"), token);
    // Never the keychain of the user running the tests.
    environment.insert(QStringLiteral("CAIRN_SECRETS"), QStringLiteral("file:") + secretsFile());
    return environment;
}

std::unique_ptr<QProcess> tst_CairnctlRemote::start(const QStringList &arguments,
                                                    const QString &token, const QString &url) const
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(environment(token));
    process->start(QStringLiteral(CAIRNCTL_PATH),
                   QStringList{QStringLiteral("--url"), url.isEmpty() ? this->url() : url}
                           + arguments);
    return process;
}

Run tst_CairnctlRemote::finish(QProcess &process)
{
    Run result;
    if (process.state() != QProcess::NotRunning) {
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(Patience)) {
            result.out = QString::fromUtf8(process.readAllStandardOutput());
            result.err = QStringLiteral("cairnctl did not finish; it wrote: ")
                    + QString::fromUtf8(process.readAllStandardError());
            process.kill();
            process.waitForFinished();
            return result;
        }
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

Run tst_CairnctlRemote::run(const QStringList &arguments, const QString &token,
                            const QByteArray &input, const QString &url) const
{
    const auto process = start(arguments, token, url);
    if (!input.isEmpty())
        process->write(input);
    process->closeWriteChannel();
    return finish(*process);
}

QString tst_CairnctlRemote::readUntil(QProcess &process, QProcess::ProcessChannel channel,
                                      const QString &text)
{
    const auto read = [&process, channel] {
        return QString::fromUtf8(channel == QProcess::StandardOutput
                                         ? process.readAllStandardOutput()
                                         : process.readAllStandardError());
    };
    QString out;
    const QDeadlineTimer deadline(Patience);
    while (!out.contains(text) && !deadline.hasExpired()
           && process.state() != QProcess::NotRunning) {
        QSignalSpy ready(&process,
                         channel == QProcess::StandardOutput ? &QProcess::readyReadStandardOutput
                                                             : &QProcess::readyReadStandardError);
        out += read();
        if (!out.contains(text))
            ready.wait(int(std::max<qint64>(1, deadline.remainingTime())));
        out += read();
    }
    return out;
}

QString tst_CairnctlRemote::writeFile(const QString &name, const char *text) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != qint64(qstrlen(text)))
        return {};
    return path;
}

QString tst_CairnctlRemote::startRun(const QString &file, const QStringList &arguments) const
{
    const Run started = admin(QStringList{QStringLiteral("run"), QStringLiteral("start"), file}
                              + arguments);
    if (started.exitCode != 0 || !started.err.isEmpty()) {
        qWarning().noquote() << "run start failed:" << started.describe();
        return {};
    }
    return started.out.trimmed();
}

void tst_CairnctlRemote::nodes()
{
    const Run site = admin(words("node add --kind site --name lab --quiet"));
    QVERIFY_OK(site);
    const QString siteId = site.out.trimmed();
    const Run device = admin(words("--json node add --kind device --name dut1 --data")
                             << QStringLiteral("{\"arch\": \"x86_64\"}")
                             << QStringLiteral("--parent") << siteId);
    QVERIFY_OK(device);
    const QString deviceId = at(device.json(), "id").toString();
    QCOMPARE(at(device.json(), "path").toArray(),
             QJsonArray({QStringLiteral("lab"), QStringLiteral("dut1")}));

    // What the database would print, as the same printer prints it.
    Run result = run(words("node get") << deviceId, m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("kind:      device")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("path:      lab/dut1")),
             qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("revision:  1")), qPrintable(result.out));

    result = run(words("node find kind=device data.arch=x86_64"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 3);
    QCOMPARE(result.lines().at(1).split(u' ', Qt::SkipEmptyParts).mid(0, 3),
             QStringList({deviceId, QStringLiteral("device"), QStringLiteral("dut1")}));
    QCOMPARE(result.lines().at(2), QStringLiteral("1 of 1 node"));
    result = run(words("node count kind=device limit=5"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("1\n"));

    // Changes assert the revision they were made on.
    result = admin(words("--json node update --revision 1")
                   << deviceId << words("state=available data.slot=3 owner=ci"));
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "revision").toInt(), 2);
    QCOMPARE(at(result.json(), "data.slot").toInt(), 3);
    QCOMPARE(at(result.json(), "data.arch").toString(), QStringLiteral("x86_64"));
    result = admin(words("node update --revision 1") << deviceId << words("owner=other"));
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("revision")), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());

    result = run(words("node tree") << siteId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 2);
    QVERIFY2(result.lines().at(1).startsWith(QStringLiteral("└── dut1")), qPrintable(result.out));

    result = admin(words("node delete") << siteId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Deleted 2 nodes.\n"));
    result = run(words("node get") << deviceId, m_server->viewer);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(deviceId), qPrintable(result.err));
}

void tst_CairnctlRemote::nodeErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    // Checked by cairnctl, before any request.
    QTest::newRow("bad term") << words("node find kind") << 2
                              << QStringLiteral("a query term is field=value");
    // Refused by cairnd: 422, and its message.
    QTest::newRow("bad kind") << words("node add --kind Device --name x") << 2
                              << QStringLiteral("kind: \"Device\" is not a kind");
    QTest::newRow("no such parent") << words("node add --kind device --name x --parent "
                                             "01936d2e-0000-7000-8000-000000000000")
                                    << 1 << QStringLiteral("01936d2e-0000-7000-8000-000000000000");
    QTest::newRow("no such node") << words("node delete 01936d2e-0000-7000-8000-000000000000") << 1
                                  << QStringLiteral("01936d2e-0000-7000-8000-000000000000");
    QTest::newRow("--db and --url")
            << words("--db x.db node get x") << 2 << QStringLiteral("--db and --url");
    QTest::newRow("bad url") << words("node get x") << 2 << QStringLiteral("--url: expected http");
}

void tst_CairnctlRemote::nodeErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const bool badUrl = QString::fromUtf8(QTest::currentDataTag()) == u"bad url";
    const Run result = run(arguments, m_server->admin, {},
                           badUrl ? QStringLiteral("gw:8470") : QString());
    QCOMPARE_EXIT(result, exitCode);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void tst_CairnctlRemote::events()
{
    Run result = admin(words("event send --quiet demo.door.opened --subject door-1 --data")
                       << QStringLiteral("{\"open\": true}"));
    QVERIFY_OK(result);
    const qint64 first = result.out.trimmed().toLongLong();
    QVERIFY(first > 0);
    result = admin(words("--json event send demo.door.closed --subject door-1"));
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "type").toString(), QStringLiteral("demo.door.closed"));
    const qint64 second = at(result.json(), "sequence").toString().toLongLong();
    QVERIFY(second > first);

    // Duplicate ids are a conflict, as they are on the database.
    const QString id = at(result.json(), "id").toString();
    result = admin(words("event send demo.door.closed --id") << id);
    QCOMPARE_EXIT(result, 1);

    result = run(words("--json event history type=demo.door.*"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(column(result.jsonArray(), "type"), words("demo.door.opened demo.door.closed"));
    result = run(words("event history --limit 1 type=demo.door.*"), m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().constLast().contains(QStringLiteral("--since %1").arg(first)),
             qPrintable(result.out));
    result = run(words("--json event history data.open=true"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.jsonArray().size(), 1);
}

// event tail through the event stream: from now, and from the last events.
void tst_CairnctlRemote::tail()
{
    QVERIFY_OK(admin(words("event send demo.sensor.old --data 1")));
    const auto tail = start(words("--json event tail --count 2 --notify-ready type=demo.sensor.*"),
                            m_server->viewer);
    const QString ready = readUntil(*tail, QProcess::StandardError, QStringLiteral("ready\n"));
    QVERIFY2(ready.contains(QStringLiteral("ready\n")), qPrintable(ready));
    QVERIFY_OK(admin(words("event send demo.other --data 2")));
    QVERIFY_OK(admin(words("event send demo.sensor.new --data 3")));
    QVERIFY_OK(admin(words("event send demo.sensor.new --data 4")));
    Run result = finish(*tail);
    QCOMPARE_EXIT(result, 0);
    QCOMPARE(result.lines().size(), 2);
    QCOMPARE(QJsonDocument::fromJson(result.lines().at(0).toUtf8())
                     .object()
                     .value(QStringLiteral("data")),
             QJsonValue(3));
    QCOMPARE(QJsonDocument::fromJson(result.lines().at(1).toUtf8())
                     .object()
                     .value(QStringLiteral("data")),
             QJsonValue(4));

    result = run(words("event tail --last 2 --count 2 type=demo.sensor.*"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 2);
    QVERIFY2(result.lines().at(0).contains(QStringLiteral("demo.sensor.new")),
             qPrintable(result.out));
    result = run(words("event tail --timeout 300ms type=nothing.*"), m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY(result.out.isEmpty());
}

void tst_CairnctlRemote::tailRefusesDurable()
{
    const Run result = run(words("event tail --durable audit --count 1"), m_server->viewer);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: --durable: ")),
             qPrintable(result.err));
}

// cairnd checks the pipelines against its job kinds; errors point into the file.
void tst_CairnctlRemote::pipelineValidate()
{
    const QString good = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    const QString bad = writeFile(QStringLiteral("bad.yaml"),
                                  "stages: [build]\n"
                                  "jobs:\n"
                                  "  - name: a\n"
                                  "    stage: build\n"
                                  "    kind: teleport\n"
                                  "    version: \"1\"\n");
    const QString project = writeFile(QStringLiteral("project.yaml"), R"(pipelines:
  good:
    stages: [a]
    jobs:
      - {name: one, stage: a, kind: process, version: "1", params: {command: "true"}}
  bad:
    stages: [a]
    jobs:
      - name: one
        stage: a
        kind: process
        version: "1"
        params: {command: 12}
)");
    QVERIFY(!good.isEmpty() && !bad.isEmpty() && !project.isEmpty());

    Run result = run(words("pipeline validate") << good, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.out, good + QStringLiteral(": ok\n"));

    result = run(words("pipeline validate") << bad << good, m_server->viewer);
    QCOMPARE_EXIT(result, 2);
    QCOMPARE(result.out, good + QStringLiteral(": ok\n"));
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ") + bad
                                   + QStringLiteral(":5:5: jobs[0].kind: ")),
             qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("teleport")), qPrintable(result.err));

    result = run(words("pipeline validate --project") << project, m_server->viewer);
    QCOMPARE_EXIT(result, 2);
    QCOMPARE(result.out, project + QStringLiteral(": pipelines.good: ok\n"));
    QVERIFY2(result.err.startsWith(
                     QStringLiteral("cairnctl: ") + project
                     + QStringLiteral(":13:18: pipelines.bad.jobs[0].params.command: ")),
             qPrintable(result.err));
}

void tst_CairnctlRemote::runWait()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());

    const Run result = admin(words("run start --wait --timeout 60 --param count=7") << file);
    QVERIFY_OK(result);
    const QStringList lines = result.lines();
    QCOMPARE(lines.size(), 4);
    const QString runId = lines.at(0);
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("compile: DONE pass, attempt 1/1, exit 0")),
             qPrintable(result.out));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("check: DONE pass, attempt 1/1, exit 0")),
             qPrintable(result.out));
    QVERIFY2(lines.at(3).startsWith(QStringLiteral("Run %1 (greet) passed in ").arg(runId)),
             qPrintable(result.out));

    // With --json, the run and its jobs once it has finished.
    const Run json = admin(words("--json run start --wait --param count=1") << file);
    QVERIFY_OK(json);
    QCOMPARE(at(json.json(), "run.result").toString(), QStringLiteral("pass"));
    QCOMPARE(column(json.json().value(QStringLiteral("jobs")), "name"), words("compile check"));

    // A pipeline file runs what it says: only admins may send one.
    const Run refused = run(words("run start --param count=1") << file, m_server->operatorToken);
    QCOMPARE_EXIT(refused, 1);
    QVERIFY2(refused.err.startsWith(QStringLiteral("cairnctl: the token was refused (403): ")),
             qPrintable(refused.err));
    // Inputs are checked as on the database.
    const Run missing = admin(words("run start") << file);
    QCOMPARE_EXIT(missing, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("inputs.count: is required")),
             qPrintable(missing.err));
}

// A name that is no file names a pipeline of the project cairnd serves.
void tst_CairnctlRemote::runServedPipeline()
{
    Run result = run(words("run start hello --wait --param who=cairn"), m_server->operatorToken);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 3);
    QVERIFY2(result.lines().at(2).contains(QStringLiteral("(hello) passed")),
             qPrintable(result.out));
    const QString runId = result.lines().at(0);
    result = run(words("--json run show") << runId, m_server->viewer);
    QVERIFY_OK(result);
    const QString jobId = column(result.json().value(QStringLiteral("jobs")), "id").value(0);
    result = run(words("job log") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("hello cairn\n"));

    result = run(words("run start goodbye"), m_server->operatorToken);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("There is no pipeline called goodbye")),
             qPrintable(result.err));
}

void tst_CairnctlRemote::runListShow()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());
    QVERIFY_OK(admin(words("run start --wait --param count=1") << file));
    Run result = admin(words("run start --wait --param count=2 --priority 3") << file);
    QVERIFY_OK(result);
    const QString second = result.lines().value(0);

    result = run(words("--json run list"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "total").toInt(), 2);
    QCOMPARE(column(result.json().value(QStringLiteral("items")), "id").value(0), second);
    result = run(words("run list --state pass --pipeline greet --limit 1"), m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 3);
    QCOMPARE(result.lines().at(0).split(u' ', Qt::SkipEmptyParts),
             words("ID PIPELINE STATE RESULT CLIENT CREATED DURATION"));
    QCOMPARE(result.lines().at(1).split(u' ', Qt::SkipEmptyParts).mid(0, 4),
             QStringList({second, QStringLiteral("greet"), QStringLiteral("done"),
                          QStringLiteral("pass")}));
    QCOMPARE(result.lines().at(2), QStringLiteral("1 of 2 runs"));
    QCOMPARE(run(words("run list --state running"), m_server->viewer).out,
             QStringLiteral("0 of 0 runs\n"));

    result = run(words("run show") << second, m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("pipeline: greet")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("priority: 3")), qPrintable(result.out));
    const qsizetype header = result.lines().indexOf(
            QRegularExpression(QStringLiteral("^JOB +STAGE +STATE +RESULT +ATTEMPT.*")));
    QVERIFY2(header > 0, qPrintable(result.out));
    QCOMPARE(result.lines().at(header + 1).split(u' ', Qt::SkipEmptyParts).mid(0, 2),
             words("compile build"));
    QCOMPARE(result.lines().at(header + 2).split(u' ', Qt::SkipEmptyParts).mid(0, 2),
             words("check test"));

    // A job id is not a run id.
    result = run(words("--json run show") << second, m_server->viewer);
    const QString jobId = column(result.json().value(QStringLiteral("jobs")), "id").value(0);
    result = run(words("run show") << jobId, m_server->viewer);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("is a job, not a run")), qPrintable(result.err));
    result = run(words("job show") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("name:      compile")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("run:       ") + second),
             qPrintable(result.out));
}

void tst_CairnctlRemote::cancelAndRetry()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    const QString gate = m_dir->filePath(QStringLiteral("gate"));
    const QString runId = startRun(
            file, QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gate});
    QVERIFY(!runId.isEmpty());

    Run result = admin(words("run cancel --reason") << QStringLiteral("not today") << runId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Cancelled run %1 (gated): 1 job cancelled.\n").arg(runId));
    result = run(words("--json run show") << runId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "run.result").toString(), QStringLiteral("incomplete"));
    QCOMPARE(column(result.json().value(QStringLiteral("jobs")), "data.state"), words("CANCELLED"));
    const QString jobId = column(result.json().value(QStringLiteral("jobs")), "id").value(0);

    // A finished run cannot be cancelled: cairnd answers 409.
    result = admin(words("run cancel") << runId);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("has finished already")), qPrintable(result.err));

    QSignalSpy started(m_server->scheduler(), &Scheduler::jobStarted);
    result = admin(words("run retry") << runId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Queued run %1 (gated) again: 1 job.\n").arg(runId));

    // The job runs again; cancelled, then retried through the gate.
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    result = admin(words("job cancel --reason stop") << jobId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Cancelled job %1 (slow).\n").arg(jobId));
    QTRY_VERIFY_WITH_TIMEOUT(m_server->scheduler()->runningCount() == 0, Patience);
    QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
    QSignalSpy finished(m_server->scheduler(), &Scheduler::runFinished);
    result = admin(words("--json job retry") << jobId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "id").toString(), jobId);
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), Patience);
    result = run(words("job show") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("state:     DONE")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("result:    pass")), qPrintable(result.out));
}

// job log, and job log --follow over the log stream while the job writes.
void tst_CairnctlRemote::jobLogFollow()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    const QString gate = m_dir->filePath(QStringLiteral("gate"));
    QSignalSpy started(m_server->scheduler(), &Scheduler::jobStarted);
    const QString runId = startRun(
            file, QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gate});
    QVERIFY(!runId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    const QString jobId = started.at(0).at(0).value<Node>().id;

    const auto follow = start(words("job log --follow") << jobId, m_server->viewer);
    const QString out = readUntil(*follow, QProcess::StandardOutput, QStringLiteral("line 2\n"));
    QVERIFY2(out.contains(QStringLiteral("line 2\n")), qPrintable(out));
    QVERIFY(!out.contains(QStringLiteral("line 3")));
    QCOMPARE(follow->state(), QProcess::Running);

    QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
    Run result = finish(*follow);
    result.out.prepend(out);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("line 1\nline 2\nline 3\nline 4\n"));

    result = run(words("job log") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("line 1\nline 2\nline 3\nline 4\n"));
    result = run(words("--json job log --attempt 1") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "log").toString(),
             QStringLiteral("line 1\nline 2\nline 3\nline 4\n"));
    result = run(words("job log --attempt 2") << jobId, m_server->viewer);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(QStringLiteral("has had 1 attempt so far")),
             qPrintable(result.err));
}

void tst_CairnctlRemote::followRetried_data()
{
    QTest::addColumn<QString>("then");
    QTest::addColumn<int>("exitCode");

    QTest::newRow("passes when retried") << QStringLiteral("0") << 0;
    QTest::newRow("fails") << QStringLiteral("4") << 1;
}

/*
 * The log stream says where each attempt's log begins: the logs of both attempts, and the
 * notice between them; then the first attempt's log again, read whole, before the second's.
 */
void tst_CairnctlRemote::followRetried()
{
    QFETCH(QString, then);
    QFETCH(int, exitCode);

    const QString file = writeFile(QStringLiteral("retried.yaml"), RetriedPipeline);
    QVERIFY(!file.isEmpty());
    const QString gate = m_dir->filePath(QStringLiteral("gate"));
    QSignalSpy started(m_server->scheduler(), &Scheduler::jobStarted);
    const QString runId = startRun(
            file,
            QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gate,
                        QStringLiteral("--param"), QStringLiteral("then=") + then});
    QVERIFY(!runId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    const QString jobId = started.at(0).at(0).value<Node>().id;

    const auto follow = start(words("job log -f") << jobId, m_server->viewer);
    const QString out = readUntil(*follow, QProcess::StandardOutput, QStringLiteral("line 1\n"));
    QVERIFY2(out.contains(QStringLiteral("line 1\n")),
             qPrintable(out + QString::fromUtf8(follow->readAllStandardError())));
    QVERIFY(QFile(gate).open(QIODevice::WriteOnly));
    Run result = finish(*follow);
    result.out.prepend(out);
    QCOMPARE_EXIT(result, exitCode);
    const QString expected =
            QStringLiteral("attempt 1\nline 1\nline 2\nattempt 2\nexit %1\n").arg(then);
    QCOMPARE(result.out, expected);
    QCOMPARE(result.err, QStringLiteral("cairnctl: attempt 1 has ended; attempt 2 follows\n"));

    result = run(words("job log --follow --attempt 1") << jobId, m_server->viewer);
    QCOMPARE_EXIT(result, exitCode);
    QCOMPARE(result.out, expected);
    QCOMPARE(result.err, QStringLiteral("cairnctl: attempt 1 has ended; attempt 2 follows\n"));
    result = run(words("job log --attempt 1") << jobId, m_server->viewer);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("attempt 1\nline 1\nline 2\n"));
}

void tst_CairnctlRemote::tokens()
{
    Run result = admin(words("token create --name ci --role viewer --quiet"));
    QVERIFY_OK(result);
    const QString secret = result.out.trimmed();
    QVERIFY2(secret.startsWith(QStringLiteral("cairn_")), qPrintable(result.out));
    QVERIFY_OK(run(words("node find"), secret));

    result = admin(words("--json token create --name lab --role operator --priority 3"));
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "client.priority").toInt(), 3);

    result = admin(words("token list"));
    QVERIFY_OK(result);
    QCOMPARE(result.lines().at(0).split(u' ', Qt::SkipEmptyParts),
             words("ID NAME ROLE CLIENT CREATED LAST USED REVOKED"));
    QVERIFY2(result.out.contains(QStringLiteral(" ci ")), qPrintable(result.out));
    QVERIFY2(!result.out.contains(secret), qPrintable(result.out));
    result = admin(words("--json token list"));
    QVERIFY_OK(result);
    QVERIFY2(column(result.jsonArray(), "name").contains(QStringLiteral("lab")),
             qPrintable(result.out));

    result = admin(words("token revoke ci"));
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(QStringLiteral("Revoked token ci (")), qPrintable(result.out));
    result = run(words("node find"), secret);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: the token was refused (401)")),
             qPrintable(result.err));

    // Only admins manage tokens.
    result = run(words("token list"), m_server->operatorToken);
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("(403)")), qPrintable(result.err));
}

void tst_CairnctlRemote::viewerRefused()
{
    const Run result = run(words("node add --kind device --name x"), m_server->viewer);
    QCOMPARE_EXIT(result, 1);
    QCOMPARE(result.err,
             QStringLiteral("cairnctl: the token was refused (403): This needs the role operator; "
                            "the token has the role viewer.\n"));
    QVERIFY(result.out.isEmpty());
    QCOMPARE_EXIT(run(words("event send demo.x"), m_server->viewer), 1);
    QCOMPARE_EXIT(run(words("run cancel 01936d2e-0000-7000-8000-000000000000"), m_server->viewer),
                  1);
}

void tst_CairnctlRemote::wrongToken()
{
    const QString bogus = QStringLiteral("cairn_") + QString(43, u'x');
    for (const QString &token : {bogus, m_server->revoked}) {
        const Run result = run(words("node find"), token);
        QCOMPARE_EXIT(result, 1);
        QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: the token was refused (401): ")),
                 qPrintable(result.err));
        QVERIFY2(!result.err.contains(token), qPrintable(result.err));
    }

    // No token at all: none in the environment, none stored.
    const Run none = run(words("node find"), QString());
    QCOMPARE_EXIT(none, 1);
    QVERIFY2(none.err.contains(QStringLiteral("there is no token for %1").arg(url())),
             qPrintable(none.err));
    QVERIFY2(none.err.contains(QStringLiteral("cairnctl login --url")), qPrintable(none.err));
}

void tst_CairnctlRemote::noServer()
{
    const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(CairnTest::freePort());
    for (const QStringList &arguments : {words("node find"), words("event tail --count 1")}) {
        const Run result = run(arguments, m_server->admin, {}, nowhere);
        QCOMPARE_EXIT(result, 3);
        QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: cannot reach cairnd at ") + nowhere
                                       + QStringLiteral(": ")),
                 qPrintable(result.err));
        QVERIFY2(!result.err.contains(m_server->admin), qPrintable(result.err));
    }
}

/*
 * https with a CA of the test's own: refused without --ca, verified with it, WebSockets too.
 */
void tst_CairnctlRemote::https()
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(!openssl.isEmpty(), "openssl is needed to make the test's certificates");
    const auto sslRun = [&](const QStringList &arguments) {
        QProcess process;
        process.setWorkingDirectory(m_dir->path());
        process.start(openssl, arguments);
        return process.waitForFinished(Patience) && process.exitCode() == 0;
    };
    QVERIFY(sslRun(words("req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
                         "-subj /CN=Cairn-Test-CA")));
    QVERIFY(sslRun(words("req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
                         "-subj /CN=127.0.0.1")));
    QVERIFY(!writeFile(QStringLiteral("server.ext"), "subjectAltName=IP:127.0.0.1\n").isEmpty());
    QVERIFY(sslRun(words("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
                         "-out server.pem -days 2 -extfile server.ext")));
    QFile certificate(m_dir->filePath(QStringLiteral("server.pem")));
    QFile key(m_dir->filePath(QStringLiteral("server.key")));
    QVERIFY(certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));

    ApiTestServer secure;
    secure.http().sslSetup(QSslCertificate(&certificate), QSslKey(&key, QSsl::Rsa));
    QVERIFY2(secure.start(), qPrintable(secure.errorString()));
    QUrl address = secure.url(QString());
    address.setScheme(QStringLiteral("https"));
    const QString https = address.toString();
    const QString ca = m_dir->filePath(QStringLiteral("ca.pem"));

    Run result = run(words("node find"), secure.admin, {}, https);
    QCOMPARE_EXIT(result, 3);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: the TLS certificate of %1 is not "
                                                  "trusted: ")
                                           .arg(https)),
             qPrintable(result.err));

    result = run(words("node add --kind site --name secure --quiet --ca") << ca, secure.admin, {},
                 https);
    QVERIFY_OK(result);
    result = run(words("--json node find kind=site --ca") << ca, secure.viewer, {}, https);
    QVERIFY_OK(result);
    QCOMPARE(column(result.json().value(QStringLiteral("items")), "name"), words("secure"));

    // The event stream over wss.
    const auto tail = start(words("event tail --count 1 --notify-ready --ca") << ca, secure.viewer,
                            https);
    const QString ready = readUntil(*tail, QProcess::StandardError, QStringLiteral("ready\n"));
    QVERIFY2(ready.contains(QStringLiteral("ready\n")), qPrintable(ready));
    QVERIFY_OK(run(words("event send demo.secure --ca") << ca, secure.admin, {}, https));
    result = finish(*tail);
    QVERIFY2(result.exitCode == 0, qPrintable(result.describe()));
    QVERIFY2(result.out.contains(QStringLiteral("demo.secure")), qPrintable(result.out));
}

void tst_CairnctlRemote::loginLogout()
{
    // Piped in, checked with cairnd, kept in the secrets file CAIRN_SECRETS names.
    Run result = run(words("login"), QString(), m_server->operatorToken.toUtf8() + '\n');
    QVERIFY_OK(result);
    QCOMPARE(result.out,
             QStringLiteral("Logged in to %1; the token is kept in %2.\n")
                     .arg(url(), secretsFile()));
    QFile secrets(secretsFile());
    QCOMPARE(secrets.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QVERIFY(secrets.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(secrets.readAll())
                     .object()
                     .value(QStringLiteral("cairnctl/") + url())
                     .toString(),
             m_server->operatorToken);
    QVERIFY2(!result.err.contains(m_server->operatorToken), qPrintable(result.err));

    // Found by the URL alone, with or without a trailing slash.
    QVERIFY_OK(run(words("node add --kind site --name kept"), QString()));
    QVERIFY_OK(run(words("node find"), QString(), {}, url() + u'/'));
    // CAIRN_TOKEN goes first.
    QCOMPARE_EXIT(run(words("node add --kind site --name x"), m_server->viewer), 1);

    // A token cairnd refuses is not kept.
    result = run(words("login"), QString(), QByteArrayLiteral("cairn_nonsense\n"));
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("(401)")), qPrintable(result.err));
    QVERIFY_OK(run(words("node find"), QString()));

    result = run(words("logout"), QString());
    QVERIFY_OK(result);
    QCOMPARE(result.out,
             QStringLiteral("Logged out of %1: its token was removed from %2.\n")
                     .arg(url(), secretsFile()));
    result = run(words("node find"), QString());
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("there is no token")), qPrintable(result.err));
    QCOMPARE_EXIT(run(words("logout"), QString()), 1);

    // The URL is needed; so is a token.
    QProcess bare;
    QProcessEnvironment environment = this->environment(QString());
    bare.setProcessEnvironment(environment);
    bare.start(QStringLiteral(CAIRNCTL_PATH), words("login"));
    bare.closeWriteChannel();
    result = finish(bare);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(QStringLiteral("--url is needed")), qPrintable(result.err));
    QCOMPARE_EXIT(run(words("login"), QString(), QByteArrayLiteral("\n")), 2);
}

/*
 * Where no keychain service answers, as on a headless gateway, the token goes to the secrets
 * file, and login says so. The session bus is made unreachable, so that no keychain is
 * touched.
 */
void tst_CairnctlRemote::loginWithoutKeychain()
{
#ifndef Q_OS_LINUX
    QSKIP("The keychain is the Secret Service only on Linux");
#endif
    const QString config = m_dir->filePath(QStringLiteral("config"));
    const QString file = config + QStringLiteral("/cairn/secrets.json");
    QProcessEnvironment environment = this->environment(QString());
    environment.remove(QStringLiteral("CAIRN_SECRETS"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
    environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                       QStringLiteral("unix:path=") + m_dir->filePath(QStringLiteral("no-bus")));
    const auto login = [&](const QStringList &arguments, const QByteArray &input) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(CAIRNCTL_PATH),
                      QStringList{QStringLiteral("--url"), url()} + arguments);
        process.write(input);
        process.closeWriteChannel();
        return finish(process);
    };

    Run result = login(words("login"), m_server->viewer.toUtf8());
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(
                     QStringLiteral("Logged in to %1; the token is kept in %2, as no keychain "
                                    "service answered (")
                             .arg(url(), file)),
             qPrintable(result.out));
    QVERIFY(QFileInfo::exists(file));
    QVERIFY_OK(login(words("node find"), {}));
    result = login(words("logout"), {});
    QVERIFY_OK(result);
    QCOMPARE(result.out,
             QStringLiteral("Logged out of %1: its token was removed from %2.\n").arg(url(), file));
}

QTEST_MAIN(tst_CairnctlRemote)

#include "tst_cairnctl_remote.moc"
