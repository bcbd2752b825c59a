// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ctlrun.h"

#include <database.h>
#include <processruntime.h>
#include <scheduler.h>
#include <testbackends.h>

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
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>

using namespace std::chrono_literals;

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

// The values at path of each object of list.
QStringList column(const QJsonValue &list, const char *path)
{
    QStringList values;
    for (const QJsonValue &item : list.toArray())
        values.append(at(item.toObject(), path).toString());
    return values;
}

// Two stages; greeting has a default, count must be given.
const char PassingPipeline[] = R"(name: greet
inputs:
  greeting: {default: hello}
  count: {description: How many}
stages: [build, test]
jobs:
  - name: compile
    stage: build
    kind: process
    version: "1"
    params:
      command: echo "$1 $2"
      shell: true
      args: ["${run.inputs.greeting}", "n=${run.inputs.count}"]
  - name: check
    stage: test
    kind: process
    version: "1.0"
    params: {command: "true"}
)";

const char FailingPipeline[] = R"(name: broken
stages: [build, test]
jobs:
  - name: compile
    stage: build
    kind: process
    version: "1"
    params: {command: "echo failing; exit 3", shell: true}
  - name: never
    stage: test
    kind: process
    version: "1"
    params: {command: "true"}
)";

// One job that prints, waits until the file named by the input gate exists, prints again
// and ends with the exit code of the input code. It may be tried twice; the second attempt
// ends at once, with the exit code of the input then.
const char GatedPipeline[] = R"(name: gated
inputs:
  gate: {}
  code: {default: 0}
  then: {default: 0}
stages: [only]
jobs:
  - name: slow
    stage: only
    kind: process
    version: "1"
    retry_attempt: 1
    params:
      shell: true
      args: ["${run.inputs.gate}", "exit=${run.inputs.code}", "then=${run.inputs.then}"]
      command: |
        echo "attempt $CAIRN_ATTEMPT"
        if [ "$CAIRN_ATTEMPT" -gt 1 ]; then echo "exit $${3#then=}"; exit "$${3#then=}"; fi
        for i in 1 2 3; do echo "line $i"; sleep 0.1; done
        while [ ! -e "$1" ]; do sleep 0.05; done
        for i in 4 5; do echo "line $i"; sleep 0.1; done
        exit "$${2#exit=}"
)";

} // namespace

class tst_CairnctlRuns : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data();
    void initTestCase();
    void init();
    void cleanup();

    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();
    void validateOk();
    void validateErrors_data();
    void validateErrors();
    void validateProject();
    void show();
    void startListShow();
    void startFromProject();
    void clientQueueFull();
    void cancelAndRetryRun();
    void cancelAndRetryJob();
    void wait_data();
    void wait();
    void waitTimeout();
    void jobLog();
    void followLog_data();
    void followLog();
    void followInterrupted();

private:
    // Runs cairnctl on the test's database and waits for it while the event loop, and so
    // the test's scheduler, goes on.
    Run run(const QStringList &arguments) const;
    // Starts cairnctl on the test's database; see finish().
    std::unique_ptr<QProcess> start(const QStringList &arguments) const;
    static Run finish(QProcess &process);
    // Reads the standard output of process until it holds text; what was read.
    static QString readUntil(QProcess &process, const QString &text);
    QString writeFile(const QString &name, const char *text) const;
    // "run start" of a pipeline file with arguments: the run's id, empty on failure.
    QString startRun(const QString &file, const QStringList &arguments = {}) const;
    // The ids of the jobs of a run, in pipeline order.
    QStringList jobIds(const QString &runId) const;
    QString gatePath() const { return m_dir->filePath(QStringLiteral("gate")); }
    bool openGate() const;

    CairnTest::TestBackends m_backends;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    std::unique_ptr<Cairn::Database> m_database;
    std::unique_ptr<Cairn::ProcessRuntime> m_runtime;
    std::unique_ptr<Cairn::Scheduler> m_scheduler;
};

void tst_CairnctlRuns::initTestCase_data()
{
    CairnTest::TestBackends::addRows();
}

void tst_CairnctlRuns::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CAIRNCTL_PATH)).isExecutable(), CAIRNCTL_PATH);
    QVERIFY2(m_backends.start(), qPrintable(m_backends.errorString()));
    // Every test makes a database: its migrations are no news.
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.store.info=false"));
}

/*
 * Each test gets a new database and, on it, the scheduler a cairnd would run: it claims
 * the jobs cairnctl queues once a test starts it.
 */
void tst_CairnctlRuns::init()
{
    QFETCH_GLOBAL(QString, backend);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_backends.freshUrl(backend);
    QVERIFY2(!m_db.isEmpty(), qPrintable(m_backends.errorString()));
    m_database = std::make_unique<Cairn::Database>();
    QVERIFY2(m_database->open(m_db), qPrintable(m_database->errorString()));
    m_runtime = std::make_unique<Cairn::ProcessRuntime>(4);
    m_runtime->setGracePeriod(1s);
    Cairn::SchedulerOptions options;
    options.owner = QStringLiteral("test-scheduler");
    options.dataDir = m_dir->filePath(QStringLiteral("data"));
    options.pollInterval = 50ms;
    options.heartbeatInterval = 100ms;
    m_scheduler = std::make_unique<Cairn::Scheduler>(*m_database, options);
    m_scheduler->addRuntime(m_runtime.get());
}

void tst_CairnctlRuns::cleanup()
{
    m_scheduler.reset();
    m_runtime.reset();
    m_database.reset();
    m_dir.reset();
}

std::unique_ptr<QProcess> tst_CairnctlRuns::start(const QStringList &arguments) const
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(ctlEnvironment(m_dir->filePath(QStringLiteral("xdg"))));
    process->start(QStringLiteral(CAIRNCTL_PATH),
                   QStringList{QStringLiteral("--db"), m_db} + arguments);
    return process;
}

Run tst_CairnctlRuns::finish(QProcess &process)
{
    Run result;
    if (process.state() != QProcess::NotRunning) {
        QSignalSpy finished(&process, &QProcess::finished);
        if (!finished.wait(Patience)) {
            result.err = QStringLiteral("cairnctl did not finish: ") + process.errorString();
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

QString tst_CairnctlRuns::readUntil(QProcess &process, const QString &text)
{
    QString out;
    const QDeadlineTimer deadline(Patience);
    while (!out.contains(text) && !deadline.hasExpired()
           && process.state() != QProcess::NotRunning) {
        QSignalSpy ready(&process, &QProcess::readyReadStandardOutput);
        if (process.bytesAvailable() == 0)
            ready.wait(int(deadline.remainingTime()));
        out += QString::fromUtf8(process.readAllStandardOutput());
    }
    return out + QString::fromUtf8(process.readAllStandardOutput());
}

Run tst_CairnctlRuns::run(const QStringList &arguments) const
{
    const auto process = start(arguments);
    return finish(*process);
}

QString tst_CairnctlRuns::writeFile(const QString &name, const char *text) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != qint64(qstrlen(text)))
        return {};
    return path;
}

QString tst_CairnctlRuns::startRun(const QString &file, const QStringList &arguments) const
{
    const Run started = run(QStringList{QStringLiteral("run"), QStringLiteral("start"), file}
                            + arguments);
    if (started.exitCode != 0 || !started.err.isEmpty()) {
        qWarning().noquote() << "run start failed:" << started.describe();
        return {};
    }
    return started.out.trimmed();
}

QStringList tst_CairnctlRuns::jobIds(const QString &runId) const
{
    const Run shown = run(words("--json run show") << runId);
    if (shown.exitCode != 0) {
        qWarning().noquote() << "run show failed:" << shown.describe();
        return {};
    }
    return column(shown.json().value(QStringLiteral("jobs")), "id");
}

bool tst_CairnctlRuns::openGate() const
{
    QFile gate(gatePath());
    return gate.open(QIODevice::WriteOnly);
}

void tst_CairnctlRuns::help_data()
{
    QTest::addColumn<QString>("command");

    for (const char *command : {"pipeline", "pipeline validate", "pipeline show", "run",
                                "run start", "run list", "run show", "run cancel", "run retry",
                                "job", "job show", "job cancel", "job retry", "job log"})
        QTest::newRow(command) << QString::fromUtf8(command);
}

void tst_CairnctlRuns::help()
{
    QFETCH(QString, command);

    const Run result = run(command.split(u' ') << QStringLiteral("--help"));
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(QStringLiteral("Usage: cairnctl ") + command + u' '),
             qPrintable(result.out));

    // The top level lists each group.
    const Run top = run(words("--help"));
    QVERIFY_OK(top);
    for (const char *group : {"\n  pipeline ", "\n  run ", "\n  job "})
        QVERIFY2(top.out.contains(QString::fromUtf8(group)), qPrintable(top.out));
}

void tst_CairnctlRuns::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("validate without files")
            << words("pipeline validate") << 2 << QStringLiteral("--project");
    QTest::newRow("show without pipeline")
            << words("pipeline show") << 2 << QStringLiteral("a pipeline is needed");
    QTest::newRow("start without pipeline")
            << words("run start") << 2 << QStringLiteral("a pipeline is needed");
    QTest::newRow("timeout without wait")
            << words("run start p.yaml --timeout 5") << 2 << QStringLiteral("--wait");
    QTest::newRow("bad param") << words("run start p.yaml --param novalue") << 2
                               << QStringLiteral("--param: expected NAME=VALUE");
    QTest::newRow("bad priority") << words("run start p.yaml --priority high") << 2
                                  << QStringLiteral("--priority");
    QTest::newRow("missing pipeline file")
            << words("run start missing.yaml") << 2 << QStringLiteral("missing.yaml: cannot read");
    QTest::newRow("bad state") << words("run list --state sleeping") << 2
                               << QStringLiteral("--state");
    QTest::newRow("bad limit") << words("run list --limit 0") << 2 << QStringLiteral("--limit");
    QTest::newRow("follow as JSON")
            << words("--json job log --follow 1") << 2 << QStringLiteral("--follow");
    QTest::newRow("bad attempt") << words("job log --attempt 0 1") << 2
                                 << QStringLiteral("--attempt");
    QTest::newRow("no such run") << words("run show 01936d2e-0000-7000-8000-000000000000") << 1
                                 << QStringLiteral(
                                            "There is no run 01936d2e-0000-7000-8000-000000000000");
    QTest::newRow("no such job") << words("job log 01936d2e-0000-7000-8000-000000000000") << 1
                                 << QStringLiteral("There is no job");
}

void tst_CairnctlRuns::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    const Run result = run(arguments);
    QCOMPARE_EXIT(result, exitCode);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY2(result.out.isEmpty(), qPrintable(result.out));
}

void tst_CairnctlRuns::validateOk()
{
    const QString passing = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    const QString gated = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!passing.isEmpty() && !gated.isEmpty());

    const Run text = run(words("pipeline validate") << passing << gated);
    QVERIFY_OK(text);
    QCOMPARE(text.lines(),
             QStringList({passing + QStringLiteral(": ok"), gated + QStringLiteral(": ok")}));

    const Run json = run(words("--json pipeline validate") << passing);
    QVERIFY_OK(json);
    QCOMPARE(json.jsonArray().size(), 1);
    QCOMPARE(at(json.jsonArray().at(0).toObject(), "valid"), QJsonValue(true));
}

void tst_CairnctlRuns::validateErrors_data()
{
    QTest::addColumn<QByteArray>("jobs");
    // Where the error is, after the file name: the line and column of the field's key; and
    // what the message holds.
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("message");

    // Each file starts with "stages: [build]\njobs:\n": its jobs start on line 3.
    QTest::newRow("unknown stage")
            << QByteArray("  - name: a\n"
                          "    stage: test\n"
                          "    kind: process\n"
                          "    version: \"1\"\n"
                          "    params: {command: \"true\"}\n")
            << QStringLiteral(":4:5: jobs[0].stage: ") << QStringLiteral("\"test\" is not a stage");
    QTest::newRow("duplicate job") << QByteArray("  - name: a\n"
                                                 "    stage: build\n"
                                                 "    kind: process\n"
                                                 "    version: \"1\"\n"
                                                 "    params: {command: \"true\"}\n"
                                                 "  - name: a\n"
                                                 "    stage: build\n"
                                                 "    kind: process\n"
                                                 "    version: \"1\"\n"
                                                 "    params: {command: \"true\"}\n")
                                   << QStringLiteral(":8:5: jobs[1].name: ")
                                   << QStringLiteral("is the name of jobs[0] already");
    QTest::newRow("unknown kind") << QByteArray("  - name: a\n"
                                                "    stage: build\n"
                                                "    kind: teleport\n"
                                                "    version: \"1\"\n")
                                  << QStringLiteral(":5:5: jobs[0].kind: ")
                                  << QStringLiteral("teleport");
    QTest::newRow("unknown version")
            << QByteArray("  - name: a\n"
                          "    stage: build\n"
                          "    kind: process\n"
                          "    version: \"7\"\n"
                          "    params: {command: \"true\"}\n")
            << QStringLiteral(":6:5: jobs[0].version: ") << QStringLiteral("1.1.0");
    QTest::newRow("bad params") << QByteArray("  - name: a\n"
                                              "    stage: build\n"
                                              "    kind: process\n"
                                              "    version: \"1\"\n"
                                              "    params:\n"
                                              "      command: 42\n")
                                << QStringLiteral(":8:7: jobs[0].params.command: ")
                                << QStringLiteral("must be text");
    QTest::newRow("unknown param")
            << QByteArray("  - name: a\n"
                          "    stage: build\n"
                          "    kind: process\n"
                          "    version: \"1\"\n"
                          "    params: {command: \"true\", colour: red}\n")
            << QStringLiteral(":7:31: jobs[0].params.colour: ") << QStringLiteral("colour");
    QTest::newRow("negative timeout") << QByteArray("  - name: a\n"
                                                    "    stage: build\n"
                                                    "    kind: process\n"
                                                    "    version: \"1\"\n"
                                                    "    timeout: -5\n"
                                                    "    params: {command: \"true\"}\n")
                                      << QStringLiteral(":7:5: jobs[0].timeout: ")
                                      << QStringLiteral("must be longer than zero");
}

void tst_CairnctlRuns::validateErrors()
{
    QFETCH(QByteArray, jobs);
    QFETCH(QString, location);
    QFETCH(QString, message);

    const QByteArray text = "stages: [build]\njobs:\n" + jobs;
    const QString bad = writeFile(QStringLiteral("bad.yaml"), text.constData());
    const QString good = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!bad.isEmpty() && !good.isEmpty());

    // A bad file does not hide the verdict on the others.
    const Run result = run(words("pipeline validate") << bad << good);
    QCOMPARE_EXIT(result, 2);
    QCOMPARE(result.out, good + QStringLiteral(": ok\n"));
    const QString expected = QStringLiteral("cairnctl: ") + bad + location;
    QVERIFY2(result.err.startsWith(expected), qPrintable(expected + u'\n' + result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));

    const Run json = run(words("--json pipeline validate") << bad);
    QCOMPARE_EXIT(json, 2);
    QVERIFY2(json.err.isEmpty(), qPrintable(json.err));
    const QJsonObject verdict = json.jsonArray().at(0).toObject();
    QCOMPARE(at(verdict, "valid"), QJsonValue(false));
    QCOMPARE(at(verdict, "error.location").toString(), bad + location.section(u':', 0, 2));

    // Nothing that is not valid is queued.
    const Run started = run(words("run start") << bad);
    QCOMPARE_EXIT(started, 2);
    QVERIFY2(started.err.startsWith(expected), qPrintable(started.err));
}

void tst_CairnctlRuns::validateProject()
{
    const QString project = writeFile(QStringLiteral("project.yaml"), R"(pipelines:
  good:
    stages: [a]
    jobs:
      - {name: one, stage: a, kind: node.create, version: "1", params: {kind: report, name: r}}
  bad:
    stages: [a]
    jobs:
      - name: one
        stage: a
        kind: mqtt.publish
        version: "1"
        params: {device: 12}
)");
    QVERIFY(!project.isEmpty());
    const Run result = run(words("pipeline validate --project") << project);
    QCOMPARE_EXIT(result, 2);
    QCOMPARE(result.out, project + QStringLiteral(": pipelines.good: ok\n"));
    QVERIFY2(result.err.startsWith(
                     QStringLiteral("cairnctl: ") + project
                     + QStringLiteral(":13:18: pipelines.bad.jobs[0].params.device: ")),
             qPrintable(result.err));
}

void tst_CairnctlRuns::show()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());

    const Run text = run(words("pipeline show") << file);
    QVERIFY_OK(text);
    const QStringList lines = text.lines();
    QVERIFY2(lines.contains(QStringLiteral("name:        greet")), qPrintable(text.out));
    QVERIFY2(lines.contains(QStringLiteral("stages:      build, test")), qPrintable(text.out));
    const qsizetype inputs = lines.indexOf(QStringLiteral("inputs:"));
    QVERIFY2(inputs > 0, qPrintable(text.out));
    QCOMPARE(lines.at(inputs + 1).split(u' ', Qt::SkipEmptyParts),
             words("count required How many"));
    QCOMPARE(lines.at(inputs + 2).split(u' ', Qt::SkipEmptyParts),
             QStringList({QStringLiteral("greeting"), QStringLiteral("default"),
                          QStringLiteral("\"hello\"")}));
    const qsizetype header = lines.indexOf(
            QRegularExpression(QStringLiteral("^STAGE +JOB +KIND.*")));
    QVERIFY2(header > 0, qPrintable(text.out));
    QCOMPARE(lines.at(header + 1).split(u' ', Qt::SkipEmptyParts).mid(0, 4),
             words("build compile process 1"));
    QCOMPARE(lines.at(header + 2).split(u' ', Qt::SkipEmptyParts).mid(0, 4),
             words("test check process 1.0"));

    const Run json = run(words("--json pipeline show") << file);
    QVERIFY_OK(json);
    QCOMPARE(at(json.json(), "name").toString(), QStringLiteral("greet"));
    QCOMPARE(column(json.json().value(QStringLiteral("jobs")), "name"), words("compile check"));
    QCOMPARE(at(json.json(), "inputs.greeting.default").toString(), QStringLiteral("hello"));
}

// Runs are queued with their inputs; list and show find them while nothing runs them.
void tst_CairnctlRuns::startListShow()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());

    const QString first = startRun(file, words("--param count=3 --param greeting=hi"));
    QVERIFY(!first.isEmpty());
    // An empty value is empty text; JSON is JSON.
    const Run second = run(words("--json run start")
                           << file << words("--priority 2 --param count= --param")
                           << QStringLiteral("greeting={\"to\": [1, 2]}"));
    QVERIFY_OK(second);
    QCOMPARE(at(second.json(), "kind").toString(), QStringLiteral("run"));
    const QString secondId = at(second.json(), "id").toString();
    QVERIFY(!secondId.isEmpty());
    QCOMPARE(at(second.json(), "data.priority").toInt(), 2);

    // A missing input, an unknown one: refused, nothing queued.
    Run refused = run(words("run start") << file);
    QCOMPARE_EXIT(refused, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("inputs.count: is required")),
             qPrintable(refused.err));
    refused = run(words("run start") << file << words("--param count=1 --param colour=red"));
    QCOMPARE_EXIT(refused, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("inputs.colour")), qPrintable(refused.err));

    // Newest first; the inputs typed as JSON reads them, text otherwise.
    const Run listed = run(words("--json run list"));
    QVERIFY_OK(listed);
    const QJsonArray items = listed.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(column(items, "id"), QStringList({secondId, first}));
    QCOMPARE(at(listed.json(), "total").toInt(), 2);
    QCOMPARE(at(items.at(1).toObject(), "data.inputs"),
             QJsonValue(QJsonObject{{QStringLiteral("count"), 3},
                                    {QStringLiteral("greeting"), QStringLiteral("hi")}}));
    QCOMPARE(at(items.at(0).toObject(), "data.inputs"),
             QJsonValue(QJsonObject{{QStringLiteral("count"), QStringLiteral("")},
                                    {QStringLiteral("greeting"),
                                     QJsonObject{{QStringLiteral("to"), QJsonArray{1, 2}}}}}));

    const Run table = run(words("run list --pipeline greet --state running --limit 1"));
    QVERIFY_OK(table);
    QCOMPARE(table.lines().size(), 3);
    QCOMPARE(table.lines().at(0).split(u' ', Qt::SkipEmptyParts),
             words("ID PIPELINE STATE RESULT CLIENT CREATED DURATION"));
    QCOMPARE(table.lines().at(1).split(u' ', Qt::SkipEmptyParts).mid(0, 5),
             QStringList({secondId, QStringLiteral("greet"), QStringLiteral("running"),
                          QStringLiteral("-"), QStringLiteral("-")}));
    QCOMPARE(table.lines().at(2), QStringLiteral("1 of 2 runs"));
    QCOMPARE(run(words("run list --state done")).out, QStringLiteral("0 of 0 runs\n"));
    QCOMPARE(run(words("run list --pipeline other")).out, QStringLiteral("0 of 0 runs\n"));

    const Run shown = run(words("run show") << first);
    QVERIFY_OK(shown);
    QVERIFY2(shown.lines().contains(QStringLiteral("pipeline: greet")), qPrintable(shown.out));
    QVERIFY2(shown.lines().contains(QStringLiteral("stage:    build (1 of 2)")),
             qPrintable(shown.out));
    QVERIFY2(shown.lines().contains(QStringLiteral("inputs:   {\"count\":3,\"greeting\":\"hi\"}")),
             qPrintable(shown.out));
    const qsizetype header = shown.lines().indexOf(
            QRegularExpression(QStringLiteral("^JOB +STAGE +STATE +RESULT +ATTEMPT.*")));
    QVERIFY2(header > 0, qPrintable(shown.out));
    QCOMPARE(shown.lines().at(header + 1).split(u' ', Qt::SkipEmptyParts).mid(0, 7),
             words("compile build READY - 0/1 - -"));
    QCOMPARE(shown.lines().at(header + 2).split(u' ', Qt::SkipEmptyParts).mid(0, 7),
             words("check test READY - 0/1 - -"));

    // The params got the inputs.
    const QStringList jobs = jobIds(first);
    QCOMPARE(jobs.size(), 2);
    const Run job = run(words("--json job show") << jobs.at(0));
    QVERIFY_OK(job);
    QCOMPARE(at(job.json(), "data.params.args").toArray(),
             QJsonArray({QStringLiteral("hi"), QStringLiteral("n=3")}));

    // A job id is not a run id.
    const Run wrongKind = run(words("run show") << jobs.at(0));
    QCOMPARE_EXIT(wrongKind, 1);
    QVERIFY2(wrongKind.err.contains(QStringLiteral("is a job, not a run")),
             qPrintable(wrongKind.err));
}

void tst_CairnctlRuns::startFromProject()
{
    const QString project = writeFile(QStringLiteral("project.yaml"), R"(pipelines:
  hello:
    inputs: {who: {default: world}}
    stages: [a]
    jobs:
      - name: say
        stage: a
        kind: process
        version: "1"
        params: {command: echo, args: ["hello ${run.inputs.who}"]}
)");
    QVERIFY(!project.isEmpty());
    m_scheduler->start();

    const Run started = run(words("run start hello --wait --timeout 60 --param who=cairn --project")
                            << project);
    QVERIFY_OK(started);
    const QString runId = started.lines().value(0);
    const QStringList jobs = jobIds(runId);
    QCOMPARE(jobs.size(), 1);
    const Run log = run(words("job log") << jobs.at(0));
    QVERIFY_OK(log);
    QCOMPARE(log.out, QStringLiteral("hello cairn\n"));

    const Run missing = run(words("run start goodbye --project") << project);
    QCOMPARE_EXIT(missing, 1);
    QVERIFY2(missing.err.contains(QStringLiteral("there is no pipeline \"goodbye\"; the project "
                                                 "has: hello")),
             qPrintable(missing.err));
}

void tst_CairnctlRuns::clientQueueFull()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());
    // Room for one run of two jobs; nothing runs them.
    QVERIFY(m_scheduler->setClient(QStringLiteral("lab"), 5, 3));

    const QString first = startRun(file, words("--client lab --param count=1"));
    QVERIFY(!first.isEmpty());
    const Run refused = run(words("run start --client lab --param count=2") << file);
    QCOMPARE_EXIT(refused, 1);
    QVERIFY2(refused.err.startsWith(QStringLiteral("cairnctl: client: The queue of client lab is "
                                                   "full: it holds 2 of at most 3")),
             qPrintable(refused.err));
    QVERIFY(refused.out.isEmpty());
    // Other clients are not affected.
    QVERIFY(!startRun(file, words("--client other --param count=3")).isEmpty());

    const Run listed = run(words("--json run list"));
    QVERIFY_OK(listed);
    QCOMPARE(column(listed.json().value(QStringLiteral("items")), "data.client"),
             words("other lab"));
    const Run table = run(words("run list"));
    QVERIFY_OK(table);
    QCOMPARE(table.lines().at(2).split(u' ', Qt::SkipEmptyParts).value(4), QStringLiteral("lab"));
}

void tst_CairnctlRuns::cancelAndRetryRun()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    const QString runId = startRun(
            file, QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gatePath()});
    QVERIFY(!runId.isEmpty());

    Run result = run(words("run cancel --reason") << QStringLiteral("not today") << runId);
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(
                     QStringLiteral("Cancelled run %1 (gated): 1 job cancelled").arg(runId)),
             qPrintable(result.out));
    result = run(words("--json run show") << runId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "run.result").toString(), QStringLiteral("incomplete"));
    QCOMPARE(column(result.json().value(QStringLiteral("jobs")), "data.state"), words("CANCELLED"));
    QCOMPARE(column(result.json().value(QStringLiteral("jobs")), "data.failure"),
             QStringList{QStringLiteral("not today")});

    // Twice is once too many.
    result = run(words("run cancel") << runId);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(QStringLiteral("has finished already")), qPrintable(result.err));

    result = run(words("run retry") << runId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Queued run %1 (gated) again: 1 job.\n").arg(runId));
    result = run(words("run show") << runId);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("state:    running")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("retries:  1")), qPrintable(result.out));

    // The retried run runs to its end.
    QSignalSpy finished(m_scheduler.get(), &Cairn::Scheduler::runFinished);
    QVERIFY(openGate());
    m_scheduler->start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), Patience);
    result = run(words("--json run show") << runId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "run.result").toString(), QStringLiteral("pass"));

    // A finished run cannot be cancelled; a passed one can be run again.
    QCOMPARE_EXIT(run(words("run cancel") << runId), 2);
    QCOMPARE_EXIT(run(words("run retry") << runId), 0);
}

void tst_CairnctlRuns::cancelAndRetryJob()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    QSignalSpy started(m_scheduler.get(), &Cairn::Scheduler::jobStarted);
    QSignalSpy finished(m_scheduler.get(), &Cairn::Scheduler::runFinished);
    m_scheduler->start();
    const QString runId = startRun(
            file, QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gatePath()});
    QVERIFY(!runId.isEmpty());
    // It may have started while cairnctl queued it.
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    const QString jobId = started.at(0).at(0).value<Cairn::Node>().id;

    // Running: the scheduler that runs it learns at its next heartbeat, and stops it.
    Run result = run(words("job cancel") << jobId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Cancelled job %1 (slow).\n").arg(jobId));
    QTRY_VERIFY_WITH_TIMEOUT(m_scheduler->runningCount() == 0, Patience);
    result = run(words("--json run show") << runId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "run.result").toString(), QStringLiteral("fail"));

    result = run(words("job show") << jobId);
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("state:     CANCELLED")),
             qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("result:    skip")), qPrintable(result.out));

    // Retried, it runs again, now through the gate.
    QVERIFY(openGate());
    finished.clear();
    result = run(words("--json job retry") << jobId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "data.state").toString(), QStringLiteral("READY"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), Patience);
    result = run(words("--json run show") << runId);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "run.result").toString(), QStringLiteral("pass"));
    QCOMPARE(column(result.json().value(QStringLiteral("jobs")), "data.state"), words("DONE"));

    // Only a finished job is retried; only an unfinished one cancelled.
    result = run(words("job cancel") << jobId);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(QStringLiteral("is DONE already")), qPrintable(result.err));
}

void tst_CairnctlRuns::wait_data()
{
    QTest::addColumn<bool>("passes");

    QTest::newRow("passes") << true;
    QTest::newRow("fails") << false;
}

void tst_CairnctlRuns::wait()
{
    QFETCH(bool, passes);

    const QString file = passes ? writeFile(QStringLiteral("greet.yaml"), PassingPipeline)
                                : writeFile(QStringLiteral("broken.yaml"), FailingPipeline);
    QVERIFY(!file.isEmpty());
    m_scheduler->start();

    // The failing pipeline takes no inputs.
    const QStringList inputs = passes ? words("--param count=1") : QStringList();
    const Run result = run(words("run start --wait --timeout 60") << inputs << file);
    QCOMPARE_EXIT(result, passes ? 0 : 1);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QStringList lines = result.lines();
    QCOMPARE(lines.size(), 4);
    const QString runId = lines.at(0);
    if (passes) {
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("compile: DONE pass, attempt 1/1, exit 0")),
                 qPrintable(result.out));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("check: DONE pass, attempt 1/1, exit 0")),
                 qPrintable(result.out));
        QVERIFY2(lines.at(3).startsWith(QStringLiteral("Run %1 (greet) passed in ").arg(runId)),
                 qPrintable(result.out));
    } else {
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("compile: DONE fail, attempt 1/1, exit 3")),
                 qPrintable(result.out));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("never: CANCELLED skip")),
                 qPrintable(result.out));
        QVERIFY2(lines.at(3).startsWith(QStringLiteral("Run %1 (broken) failed in ").arg(runId)),
                 qPrintable(result.out));
    }

    // With --json, the run and its jobs once it has finished.
    const Run json = run(words("--json run start --wait") << inputs << file);
    QCOMPARE_EXIT(json, passes ? 0 : 1);
    QCOMPARE(at(json.json(), "run.result").toString(),
             passes ? QStringLiteral("pass") : QStringLiteral("fail"));
    QCOMPARE(column(json.json().value(QStringLiteral("jobs")), "data.state"),
             passes ? words("DONE DONE") : words("DONE CANCELLED"));
}

// Nothing runs the job: waiting ends at the timeout, and the run goes on.
void tst_CairnctlRuns::waitTimeout()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());

    const Run result = run(words("run start --wait --timeout 300ms --param")
                           << QStringLiteral("gate=") + gatePath() << file);
    QCOMPARE_EXIT(result, 1);
    QCOMPARE(result.lines().size(), 1);
    const QString runId = result.lines().at(0);
    QCOMPARE(result.err,
             QStringLiteral("cairnctl: Run %1 has not finished after 300ms; it goes on.\n")
                     .arg(runId));
    const Run shown = run(words("--json run show") << runId);
    QVERIFY_OK(shown);
    QCOMPARE(at(shown.json(), "run.state").toString(), QStringLiteral("running"));
}

void tst_CairnctlRuns::jobLog()
{
    const QString file = writeFile(QStringLiteral("greet.yaml"), PassingPipeline);
    QVERIFY(!file.isEmpty());
    const QString runId = startRun(file, words("--param count=7"));
    QVERIFY(!runId.isEmpty());
    const QStringList jobs = jobIds(runId);
    QCOMPARE(jobs.size(), 2);

    // Not started yet: no log.
    Run result = run(words("job log") << jobs.at(0));
    QCOMPARE_EXIT(result, 1);
    QVERIFY2(result.err.contains(QStringLiteral("has not started")), qPrintable(result.err));

    QSignalSpy finished(m_scheduler.get(), &Cairn::Scheduler::runFinished);
    m_scheduler->start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), Patience);

    result = run(words("job log") << jobs.at(0));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("hello n=7\n"));
    result = run(words("job log --attempt 1") << jobs.at(0));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("hello n=7\n"));
    result = run(words("--json job log") << jobs.at(0));
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "log").toString(), QStringLiteral("hello n=7\n"));
    QCOMPARE(at(result.json(), "attempt").toInt(), 1);
    result = run(words("job log --attempt 2") << jobs.at(0));
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.contains(
                     QStringLiteral("--attempt: job %1 has had 1 attempt so far").arg(jobs.at(0))),
             qPrintable(result.err));
    // A finished job's log, followed: all of it, and the job's verdict.
    result = run(words("job log --follow") << jobs.at(0));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("hello n=7\n"));

    result = run(words("job show") << jobs.at(0));
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("exit code: 0")), qPrintable(result.out));
    QVERIFY2(result.out.contains(QStringLiteral("\nattempts:\n")), qPrintable(result.out));
}

void tst_CairnctlRuns::followLog_data()
{
    // The exit codes of the first and second attempts.
    QTest::addColumn<QStringList>("codes");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");

    const QString lines = QStringLiteral("attempt 1\nline 1\nline 2\nline 3\nline 4\nline 5\n");
    QTest::newRow("passes") << words("0 0") << 0 << lines;
    // The log of the first attempt, then that of the second.
    QTest::newRow("passes when retried")
            << words("1 0") << 0 << lines + QStringLiteral("attempt 2\nexit 0\n");
    QTest::newRow("fails") << words("1 4") << 1 << lines + QStringLiteral("attempt 2\nexit 4\n");
}

/*
 * Every line, as the job writes it: the test opens the gate only once follow has printed
 * the first lines, so that these were read while the job ran.
 */
void tst_CairnctlRuns::followLog()
{
    QFETCH(QStringList, codes);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);

    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    QSignalSpy started(m_scheduler.get(), &Cairn::Scheduler::jobStarted);
    m_scheduler->start();
    const QString runId = startRun(
            file,
            QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gatePath(),
                        QStringLiteral("--param"), QStringLiteral("code=") + codes.at(0),
                        QStringLiteral("--param"), QStringLiteral("then=") + codes.at(1)});
    QVERIFY(!runId.isEmpty());
    // It may have started while cairnctl queued it.
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    const QString jobId = started.at(0).at(0).value<Cairn::Node>().id;

    const auto follow = start(words("job log --follow") << jobId);
    const QString out = readUntil(*follow, QStringLiteral("line 2\n"));
    QVERIFY2(out.contains(QStringLiteral("line 2\n")), qPrintable(out));
    QVERIFY(!out.contains(QStringLiteral("line 4")));
    QCOMPARE(follow->state(), QProcess::Running);

    QVERIFY(openGate());
    Run result = finish(*follow);
    result.out.prepend(out);
    QCOMPARE_EXIT(result, exitCode);
    QCOMPARE(result.out, expected);
    if (codes.at(0) == QStringLiteral("0"))
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    else
        QVERIFY2(result.err.contains(QStringLiteral("attempt 1 has ended; attempt 2 follows")),
                 qPrintable(result.err));

    // The first attempt's log alone, once it is over.
    result = run(words("job log --attempt 1") << jobId);
    QVERIFY_OK(result);
    QCOMPARE(result.out, expected.left(expected.indexOf(QStringLiteral("line 5\n")) + 7));
}

void tst_CairnctlRuns::followInterrupted()
{
    const QString file = writeFile(QStringLiteral("gated.yaml"), GatedPipeline);
    QVERIFY(!file.isEmpty());
    QSignalSpy started(m_scheduler.get(), &Cairn::Scheduler::jobStarted);
    m_scheduler->start();
    const QString runId = startRun(
            file, QStringList{QStringLiteral("--param"), QStringLiteral("gate=") + gatePath()});
    QVERIFY(!runId.isEmpty());
    // It may have started while cairnctl queued it.
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), Patience);
    const QString jobId = started.at(0).at(0).value<Cairn::Node>().id;

    const auto follow = start(words("job log --follow") << jobId);
    const QString out = readUntil(*follow, QStringLiteral("line 1\n"));
    QVERIFY2(out.contains(QStringLiteral("line 1\n")), qPrintable(out));

    QCOMPARE(::kill(pid_t(follow->processId()), SIGINT), 0);
    Run result = finish(*follow);
    result.out.prepend(out);
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(QStringLiteral("attempt 1\nline 1\n")), qPrintable(result.out));
    // The job goes on: following stopped, nothing else.
    QVERIFY(m_scheduler->isRunning(jobId, 1));
}

QTEST_MAIN(tst_CairnctlRuns)

#include "tst_cairnctl_runs.moc"
