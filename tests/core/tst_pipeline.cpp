// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <cloudevent.h>
#include <jobkindregistry.h>
#include <pipeline.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace std::chrono_literals;

class tst_Pipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void yamlAndJson();
    void defaults();
    void priorityOrder();
    void badFiles_data();
    void badFiles();
    void projectFile();
    void jsonFileLocations();
    void jsonRoundTrip();
    void fromJsonErrors();
    void resolveInputs();
    void resolveParams();
    void names_data();
    void names();
    void registryFind_data();
    void registryFind();
    void registryAdd();

private:
    QString write(const QString &fileName, const QByteArray &text);

    QTemporaryDir m_dir;
    JobKindRegistry m_registry;
};

static QJsonObject json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s: %s", text.constData(), qPrintable(error.errorString()));
    return doc.object();
}

static const QByteArray GoodYaml = R"(# Build and test every night.
description: Build and test every night
inputs:
  board: {default: qemu-x86_64, description: The board to test on}
  level: {description: How hard to test}
stages: [build, test, report]
jobs:
  - name: compile
    stage: build
    kind: process
    version: "1"
    priority: 5
    params: {command: make, args: [-j2, "BOARD=${run.inputs.board}"]}
    timeout: 30m
  - name: lint
    stage: build
    kind: process
    version: "1.2"
    params:
      command: clang-tidy
  - name: docs
    stage: build
    kind: process
    version: 1
    priority: 5
    params: {command: doxygen}
    allow_failure: true
  - name: smoke
    stage: test
    kind: process
    version: "2.0.0"
    priority: 1
    params: {argv: ["${run.inputs.level}"]}
    retry_attempt: 2
    timeout: 90
  - name: notify
    stage: report
    kind: mqtt.publish
    version: "1.0"
    params:
      topic: "cairn/${run.id}/done"
      payload: "${event.data}"
      qos: "${run.inputs.qos-level}"
)";

// GoodYaml but for the input the last job refers to; the same pipeline in JSON.
static const QByteArray GoodJson = R"({
    "description": "Build and test every night",
    "inputs": {
        "board": {"default": "qemu-x86_64", "description": "The board to test on"},
        "level": {"description": "How hard to test"},
        "qos-level": {"default": 1}
    },
    "stages": ["build", "test", "report"],
    "jobs": [
        {"name": "compile", "stage": "build", "kind": "process", "version": "1", "priority": 5,
         "params": {"command": "make", "args": ["-j2", "BOARD=${run.inputs.board}"]},
         "timeout": "30m"},
        {"name": "lint", "stage": "build", "kind": "process", "version": "1.2",
         "params": {"command": "clang-tidy"}},
        {"name": "docs", "stage": "build", "kind": "process", "version": 1, "priority": 5,
         "params": {"command": "doxygen"}, "allow_failure": true},
        {"name": "smoke", "stage": "test", "kind": "process", "version": "2.0.0", "priority": 1,
         "params": {"argv": ["${run.inputs.level}"]}, "retry_attempt": 2, "timeout": 90},
        {"name": "notify", "stage": "report", "kind": "mqtt.publish", "version": "1.0",
         "params": {"topic": "cairn/${run.id}/done", "payload": "${event.data}",
                    "qos": "${run.inputs.qos-level}"}}
    ]
}
)";

static QByteArray goodYaml()
{
    QByteArray text = GoodYaml;
    return text.replace("  level: {description: How hard to test}\n",
                        "  level: {description: How hard to test}\n  qos-level: {default: 1}\n");
}

QString tst_Pipeline::write(const QString &fileName, const QByteArray &text)
{
    const QString path = m_dir.filePath(fileName);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    return path;
}

void tst_Pipeline::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const JobKind process1{QStringLiteral("process"), QStringLiteral("1.2.0"), json(R"({
        "type": "object", "required": ["command"], "additionalProperties": false,
        "properties": {
            "command": {"type": "string", "minLength": 1},
            "args": {"type": "array", "items": {"type": "string"}},
            "env": {"type": "object"}
        }})"),
                           QStringLiteral("Runs a program")};
    const JobKind process2{QStringLiteral("process"), QStringLiteral("2.0.0"), json(R"({
        "type": "object", "required": ["argv"], "additionalProperties": false,
        "properties": {"argv": {"type": "array", "minItems": 1, "items": {"type": "string"}}}
        })"),
                           QString()};
    const JobKind publish{QStringLiteral("mqtt.publish"), QStringLiteral("1.0.0"), json(R"({
        "type": "object", "required": ["topic"], "additionalProperties": false,
        "properties": {
            "topic": {"type": "string"},
            "payload": {},
            "qos": {"type": "integer", "minimum": 0, "maximum": 2}
        }})"),
                          QString()};
    QVERIFY(m_registry.add(process2));
    QVERIFY(m_registry.add(process1));
    QVERIFY(m_registry.add(publish));
}

void tst_Pipeline::yamlAndJson()
{
    Result<Pipeline> fromYaml = Pipeline::load(write(QStringLiteral("nightly.yaml"), goodYaml()));
    QVERIFY2(fromYaml, qPrintable(fromYaml ? QString() : fromYaml.error().toString()));
    Result<Pipeline> fromJson = Pipeline::load(write(QStringLiteral("nightly.json"), GoodJson));
    QVERIFY2(fromJson, qPrintable(fromJson ? QString() : fromJson.error().toString()));
    QCOMPARE(fromYaml->toJson(), fromJson->toJson());
    QVERIFY(*fromYaml == *fromJson);

    const Pipeline &p = *fromYaml;
    QCOMPARE(p.name, QStringLiteral("nightly"));
    QCOMPARE(p.description, QStringLiteral("Build and test every night"));
    QCOMPARE(p.stages,
             (QStringList{QStringLiteral("build"), QStringLiteral("test"),
                          QStringLiteral("report")}));
    QCOMPARE(p.inputs.size(), 3);
    QCOMPARE(p.inputs.at(0).name, QStringLiteral("board"));
    QCOMPARE(p.inputs.at(0).defaultValue, QJsonValue(QStringLiteral("qemu-x86_64")));
    QCOMPARE(p.inputs.at(0).description, QStringLiteral("The board to test on"));
    QVERIFY(!p.inputs.at(0).isRequired());
    QCOMPARE(p.inputs.at(1).name, QStringLiteral("level"));
    QVERIFY(p.inputs.at(1).isRequired());
    QCOMPARE(p.jobs.size(), 5);

    const PipelineJob &compile = p.jobs.at(0);
    QCOMPARE(compile.name, QStringLiteral("compile"));
    QCOMPARE(compile.stage, QStringLiteral("build"));
    QCOMPARE(compile.kind, QStringLiteral("process"));
    QCOMPARE(compile.version, QStringLiteral("1"));
    QCOMPARE(compile.priority, 5);
    QCOMPARE(compile.params, json(R"({"command": "make", "args": ["-j2",
                                      "BOARD=${run.inputs.board}"]})"));
    QCOMPARE(compile.timeout, 30min);
    QCOMPARE(p.jobs.at(2).version, QStringLiteral("1")); // written as a number
    QVERIFY(p.jobs.at(2).allowFailure);
    QCOMPARE(p.jobs.at(3).retryAttempt, 2);
    QCOMPARE(p.jobs.at(3).timeout, 90s);

    const Status valid = p.validate(m_registry);
    QVERIFY2(valid, qPrintable(valid ? QString() : valid.error().toString()));
    const Status validJson = fromJson->validate(m_registry);
    QVERIFY2(validJson, qPrintable(validJson ? QString() : validJson.error().toString()));
}

void tst_Pipeline::defaults()
{
    Result<Pipeline> p = Pipeline::load(write(QStringLiteral("small.yml"), R"(
name: tiny
stages: [only]
jobs:
  - {name: a, stage: only, kind: process, version: "1"}
)"));
    QVERIFY2(p, qPrintable(p ? QString() : p.error().toString()));
    QCOMPARE(p->name, QStringLiteral("tiny")); // name: wins over the file name
    QVERIFY(p->description.isEmpty());
    QVERIFY(p->inputs.isEmpty());
    const PipelineJob &job = p->jobs.at(0);
    QCOMPARE(job.priority, 10);
    QCOMPARE(job.retryAttempt, 0);
    QCOMPARE(job.allowFailure, false);
    QCOMPARE(job.timeout, 0ms);
    QVERIFY(job.params.isEmpty());
    // No params at all is checked like an empty object.
    const Status valid = p->validate(m_registry);
    QVERIFY(!valid);
    QCOMPARE(valid.error().field, QStringLiteral("jobs[0].params.command"));
    QCOMPARE(valid.error().location,
             m_dir.filePath(QStringLiteral("small.yml")) + QStringLiteral(":5:5"));
}

void tst_Pipeline::priorityOrder()
{
    Result<Pipeline> p = Pipeline::load(write(QStringLiteral("order.yaml"), R"(
stages: [first, second, empty]
jobs:
  - {name: d10, stage: first, kind: process, version: "1"}
  - {name: b5, stage: first, kind: process, version: "1", priority: 5}
  - {name: other, stage: second, kind: process, version: "1", priority: -3}
  - {name: c5, stage: first, kind: process, version: "1", priority: 5}
  - {name: a-neg, stage: first, kind: process, version: "1", priority: -1}
  - {name: e10, stage: first, kind: process, version: "1", priority: 10}
)"));
    QVERIFY2(p, qPrintable(p ? QString() : p.error().toString()));
    QCOMPARE(p->name, QStringLiteral("order"));
    QStringList names;
    const QList<PipelineJob> first = p->jobsOfStage(0);
    for (const PipelineJob &job : first)
        names.append(job.name);
    QCOMPARE(names.join(QLatin1Char(' ')), QStringLiteral("a-neg b5 c5 d10 e10"));
    QCOMPARE(p->jobsOfStage(1).size(), 1);
    QCOMPARE(p->jobsOfStage(1).at(0).name, QStringLiteral("other"));
    // A stage without jobs is allowed, and passes at once.
    QVERIFY(p->jobsOfStage(2).isEmpty());
    QVERIFY(p->jobsOfStage(3).isEmpty());
    QVERIFY(p->jobsOfStage(-1).isEmpty());
    // Declaration order is kept in jobs.
    QCOMPARE(p->jobs.at(0).name, QStringLiteral("d10"));
}

void tst_Pipeline::badFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("location"); // line:column
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message"); // a part of it
    QTest::addColumn<bool>("validation"); // found by validate(), not by reading

    const QByteArray stage = "stages: [build]\njobs:\n";
    const QByteArray job = "  - name: a\n    stage: build\n    kind: process\n    version: \"1\"\n";

    QTest::newRow("not a mapping") << QByteArray("- a\n") << "1:1" << QString()
                                   << "must be a mapping of settings, not a list" << false;
    QTest::newRow("unknown top-level key")
            << QByteArray(stage + job + "colour: red\n") << "7:1"
            << "colour"
            << "unknown setting; expected one of: name, description, inputs, stages, jobs" << false;
    QTest::newRow("bad pipeline name") << QByteArray("name: Nightly\n" + stage + job) << "1:1"
                                       << "name"
                                       << "\"Nightly\" is not a valid name" << false;
    QTest::newRow("missing stages") << QByteArray("jobs:\n" + job) << "1:1"
                                    << "stages"
                                    << "is required" << false;
    QTest::newRow("stages not a list") << QByteArray("stages: build\njobs:\n" + job) << "1:1"
                                       << "stages"
                                       << "must be a list, not text" << false;
    QTest::newRow("empty stages") << QByteArray("stages: []\njobs:\n" + job) << "1:1"
                                  << "stages"
                                  << "must list at least one stage" << false;
    QTest::newRow("duplicate stage")
            << QByteArray("stages: [build, test, build]\njobs:\n" + job) << "1:23"
            << "stages[2]"
            << "\"build\" is given twice" << false;
    QTest::newRow("bad stage name")
            << QByteArray("stages:\n  - build\n  - Test Me\njobs:\n" + job) << "3:5"
            << "stages[1]"
            << "\"Test Me\" is not a valid name" << false;
    QTest::newRow("missing jobs") << QByteArray("stages: [build]\n") << "1:1"
                                  << "jobs"
                                  << "is required" << false;
    QTest::newRow("jobs not a list") << QByteArray(stage + "  compile: {}\n") << "2:1"
                                     << "jobs"
                                     << "must be a list, not a mapping" << false;
    QTest::newRow("empty jobs") << QByteArray("stages: [build]\njobs: []\n") << "2:1"
                                << "jobs"
                                << "must list at least one job" << false;
    QTest::newRow("job not a mapping") << QByteArray(stage + "  - compile\n") << "3:5"
                                       << "jobs[0]"
                                       << "must be a mapping of settings, not text" << false;
    QTest::newRow("unknown job key") << QByteArray(stage + job + "    colour: red\n") << "7:5"
                                     << "jobs[0].colour"
                                     << "unknown setting; expected one of: name, stage, kind, "
                                        "version, priority, params, retry_attempt, "
                                        "allow_failure, timeout"
                                     << false;
    QTest::newRow("missing job name")
            << QByteArray(stage + "  - stage: build\n    kind: process\n    version: \"1\"\n")
            << "3:5"
            << "jobs[0].name"
            << "is required" << false;
    QTest::newRow("bad job name") << QByteArray(stage + "  - name: compile!\n    stage: build\n")
                                  << "3:5"
                                  << "jobs[0].name"
                                  << "\"compile!\" is not a valid name" << false;
    QTest::newRow("duplicate job name") << QByteArray(stage + job + job) << "7:5"
                                        << "jobs[1].name"
                                        << "\"a\" is the name of jobs[0] already" << false;
    QTest::newRow("unknown stage")
            << QByteArray(stage + "  - name: a\n    stage: test\n") << "4:5"
            << "jobs[0].stage"
            << "\"test\" is not a stage of this pipeline; its stages are: build" << false;
    QTest::newRow("missing kind") << QByteArray(stage + "  - {name: a, stage: build}\n") << "3:5"
                                  << "jobs[0].kind"
                                  << "is required" << false;
    QTest::newRow("missing version")
            << QByteArray(stage + "  - name: a\n    stage: build\n    kind: process\n") << "3:5"
            << "jobs[0].version"
            << "is required" << false;
    QTest::newRow("version as a real") << QByteArray(stage
                                                     + "  - {name: a, stage: build, "
                                                       "kind: process, version: 1.2}\n")
                                       << "3:44"
                                       << "jobs[0].version"
                                       << "write the version as text in quotes" << false;
    QTest::newRow("version not semantic")
            << QByteArray(stage + "  - {name: a, stage: build, kind: process, version: v1}\n")
            << "3:44"
            << "jobs[0].version"
            << "\"v1\" is not a semantic version" << false;
    QTest::newRow("priority a real") << QByteArray(stage + job + "    priority: 1.5\n") << "7:5"
                                     << "jobs[0].priority"
                                     << "must be a whole number, not a number" << false;
    QTest::newRow("priority text") << QByteArray(stage + job + "    priority: high\n") << "7:5"
                                   << "jobs[0].priority"
                                   << "must be a whole number, not text" << false;
    QTest::newRow("negative retry") << QByteArray(stage + job + "    retry_attempt: -1\n") << "7:5"
                                    << "jobs[0].retry_attempt"
                                    << "must be between 0 and" << false;
    QTest::newRow("allow_failure text")
            << QByteArray(stage + job + "    allow_failure: maybe\n") << "7:5"
            << "jobs[0].allow_failure"
            << "must be true or false, not text" << false;
    QTest::newRow("zero timeout") << QByteArray(stage + job + "    timeout: 0\n") << "7:5"
                                  << "jobs[0].timeout"
                                  << "must be longer than zero" << false;
    QTest::newRow("negative timeout") << QByteArray(stage + job + "    timeout: -30\n") << "7:5"
                                      << "jobs[0].timeout"
                                      << "must be longer than zero" << false;
    QTest::newRow("zero timeout text") << QByteArray(stage + job + "    timeout: 0s\n") << "7:5"
                                       << "jobs[0].timeout"
                                       << "must be longer than zero" << false;
    QTest::newRow("timeout not a duration")
            << QByteArray(stage + job + "    timeout: soon\n") << "7:5"
            << "jobs[0].timeout"
            << "\"soon\" is not a duration" << false;
    QTest::newRow("params not a mapping")
            << QByteArray(stage + job + "    params: [make]\n") << "7:5"
            << "jobs[0].params"
            << "must be a mapping of settings, not a list" << false;
    QTest::newRow("template with unknown root")
            << QByteArray(stage + job + "    params:\n      command: \"${env.HOME}/run\"\n")
            << "8:7"
            << "jobs[0].params.command"
            << "${env.HOME}: unknown root \"env\"" << false;
    QTest::newRow("template with unknown input")
            << QByteArray(stage + job + "    params:\n      args: [a, \"${run.inputs.board}\"]\n")
            << "8:17"
            << "jobs[0].params.args[1]"
            << "${run.inputs.board}: the pipeline has no input \"board\"" << false;
    QTest::newRow("unclosed template")
            << QByteArray(stage + job + "    params: {command: \"${run.id\"}\n") << "7:14"
            << "jobs[0].params.command"
            << "\"${\" is not closed by \"}\"" << false;
    QTest::newRow("input not a mapping")
            << QByteArray("inputs:\n  board: qemu\n" + stage + job) << "2:3"
            << "inputs.board"
            << "must be a mapping of settings, not text" << false;
    QTest::newRow("unknown input key")
            << QByteArray("inputs:\n  board: {value: qemu}\n" + stage + job) << "2:11"
            << "inputs.board.value"
            << "unknown setting; expected one of: default, description" << false;
    QTest::newRow("bad input name") << QByteArray("inputs:\n  Board: {}\n" + stage + job) << "2:3"
                                    << "inputs.Board"
                                    << "\"Board\" is not a valid name" << false;
    QTest::newRow("yaml syntax") << QByteArray(stage + job + "    params: {a: [1}\n") << "7:19"
                                 << QString() << QString() << false;

    // Found by validate(), with the place in the file all the same.
    QTest::newRow("unknown kind")
            << QByteArray(stage
                          + "  - name: a\n    stage: build\n    kind: docker\n"
                            "    version: \"1\"\n")
            << "5:5"
            << "jobs[0].kind"
            << "unknown job kind \"docker\"; known kinds: mqtt.publish, process" << true;
    QTest::newRow("unknown major version")
            << QByteArray(stage
                          + "  - name: a\n    stage: build\n    kind: process\n"
                            "    version: \"3\"\n")
            << "6:5"
            << "jobs[0].version"
            << "process has no version compatible with 3; known versions: 1.2.0, 2.0.0" << true;
    QTest::newRow("minor version too new")
            << QByteArray(stage
                          + "  - name: a\n    stage: build\n    kind: process\n"
                            "    version: \"1.3\"\n")
            << "6:5"
            << "jobs[0].version"
            << "process has no version compatible with 1.3; known versions: 1.2.0, 2.0.0" << true;
    QTest::newRow("missing required param")
            << QByteArray(stage + job + "    params:\n      args: []\n") << "7:5"
            << "jobs[0].params.command"
            << "is required" << true;
    QTest::newRow("param item type")
            << QByteArray(stage + job + "    params: {command: make, args: [-j2, 3]}\n") << "7:41"
            << "jobs[0].params.args[1]"
            << "must be text, not a whole number" << true;
    QTest::newRow("param item type, block style")
            << QByteArray(stage + job
                          + "    params:\n      command: make\n      args:\n        - -j2\n"
                            "        - true\n")
            << "11:11"
            << "jobs[0].params.args[1]"
            << "must be text, not a boolean" << true;
    QTest::newRow("unknown param")
            << QByteArray(stage + job + "    params:\n      command: make\n      colour: red\n")
            << "9:7"
            << "jobs[0].params.colour"
            << "unknown parameter; expected one of: args, command, env" << true;
    QTest::newRow("param bound in the second job")
            << QByteArray(stage + job
                          + "    params: {command: make}\n"
                            "  - name: b\n    stage: build\n    kind: mqtt.publish\n"
                            "    version: \"1\"\n    params: {topic: t, qos: 3}\n")
            << "12:24"
            << "jobs[1].params.qos"
            << "must be at most 2" << true;
    QTest::newRow("interpolated template where a number goes")
            << QByteArray(stage
                          + "  - name: b\n    stage: build\n    kind: mqtt.publish\n"
                            "    version: \"1\"\n    params: {topic: t, qos: \"q${run.id}\"}\n")
            << "7:24"
            << "jobs[0].params.qos"
            << "must be a whole number, not text" << true;
}

void tst_Pipeline::badFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, location);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QFETCH(bool, validation);

    const QString path = write(QStringLiteral("bad.yaml"), text);
    Result<Pipeline> pipeline = Pipeline::load(path);
    Error error;
    if (validation) {
        QVERIFY2(pipeline, qPrintable(pipeline ? QString() : pipeline.error().toString()));
        const Status status = pipeline->validate(m_registry);
        QVERIFY(!status);
        error = status.error();
    } else {
        QVERIFY(!pipeline);
        error = pipeline.error();
    }
    const QString prefix = path + QLatin1Char(':') + location + QStringLiteral(": ")
            + (field.isEmpty() ? QString() : field + QStringLiteral(": "));
    QVERIFY2(error.toString().startsWith(prefix),
             qPrintable(error.toString() + QStringLiteral("\n   expected to start with: ")
                        + prefix));
    QCOMPARE(error.field, field);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
}

void tst_Pipeline::projectFile()
{
    Result<ConfigDocument> doc = ConfigDocument::parse(R"(name: lab
pipelines:
  nightly:
    stages: [build]
    jobs:
      - {name: a, stage: build, kind: process, version: "1", params: {command: make, args: [1]}}
  renamed:
    name: other
    stages: [build]
    jobs:
      - {name: a, stage: build, kind: process, version: "1"}
  Bad_Name:
    stages: [build]
    jobs:
      - {name: a, stage: build, kind: process, version: "1"}
)",
                                                       QStringLiteral("project.yaml"));
    QVERIFY(doc);
    const ConfigNode pipelines = doc->root()[QStringLiteral("pipelines")];

    Result<Pipeline> nightly = Pipeline::fromConfig(pipelines[QStringLiteral("nightly")],
                                                    QStringLiteral("nightly"));
    QVERIFY2(nightly, qPrintable(nightly ? QString() : nightly.error().toString()));
    QCOMPARE(nightly->name, QStringLiteral("nightly"));
    const Status status = nightly->validate(m_registry);
    QVERIFY(!status);
    QCOMPARE(status.error().toString(),
             QStringLiteral("project.yaml:6:93: pipelines.nightly.jobs[0].params.args[0]: "
                            "must be text, not a whole number"));

    Result<Pipeline> renamed = Pipeline::fromConfig(pipelines[QStringLiteral("renamed")],
                                                    QStringLiteral("renamed"));
    QVERIFY(!renamed);
    QCOMPARE(renamed.error().toString(),
             QStringLiteral("project.yaml:8:5: pipelines.renamed.name: \"other\" differs from "
                            "\"renamed\", the name the pipeline is listed under"));

    Result<Pipeline> bad = Pipeline::fromConfig(pipelines[QStringLiteral("Bad_Name")],
                                                QStringLiteral("Bad_Name"));
    QVERIFY(!bad);
    QVERIFY2(bad.error().toString().startsWith(
                     QStringLiteral("project.yaml:12:3: pipelines.Bad_Name: \"Bad_Name\" is not "
                                    "a valid name")),
             qPrintable(bad.error().toString()));

    // Without a name to list it under, the node must have one.
    Result<Pipeline> anonymous = Pipeline::fromConfig(pipelines[QStringLiteral("nightly")], {});
    QVERIFY(!anonymous);
    QCOMPARE(anonymous.error().toString(),
             QStringLiteral("project.yaml:3:3: pipelines.nightly.name: is required"));

    // A file whose name is no pipeline name needs a name: inside.
    Result<Pipeline> file = Pipeline::load(write(QStringLiteral("My Pipeline.yaml"),
                                                 "stages: [a]\njobs: [{name: a, stage: a, "
                                                 "kind: process, version: \"1\"}]\n"));
    QVERIFY(!file);
    QCOMPARE(file.error().field, QStringLiteral("name"));
    QVERIFY(file.error().message.contains(QStringLiteral("\"My Pipeline\"")));
}

void tst_Pipeline::jsonFileLocations()
{
    // JSON is read as YAML, so its errors point into the file just the same.
    const QString path = write(QStringLiteral("checks.json"), R"({
  "stages": ["build"],
  "jobs": [
    {"name": "a", "stage": "build", "kind": "process", "version": "1",
     "params": {"command": "make", "args": ["-j2", 3]}}
  ]
})");
    Result<Pipeline> p = Pipeline::load(path);
    QVERIFY2(p, qPrintable(p ? QString() : p.error().toString()));
    QCOMPARE(p->name, QStringLiteral("checks"));
    const Status status = p->validate(m_registry);
    QVERIFY(!status);
    QCOMPARE(status.error().toString(),
             path
                     + QStringLiteral(
                             ":5:52: jobs[0].params.args[1]: must be text, not a whole number"));

    const QString unknownStage = write(QStringLiteral("stage.json"), R"({
  "stages": ["build"],
  "jobs": [
    {"name": "b", "stage": "test", "kind": "process", "version": "1"}
  ]
})");
    Result<Pipeline> bad = Pipeline::load(unknownStage);
    QVERIFY(!bad);
    QCOMPARE(bad.error().toString(),
             unknownStage
                     + QStringLiteral(":4:19: jobs[0].stage: \"test\" is not a stage of this "
                                      "pipeline; its stages are: build"));
}

void tst_Pipeline::jsonRoundTrip()
{
    Result<Pipeline> p = Pipeline::load(write(QStringLiteral("nightly.yaml"), goodYaml()));
    QVERIFY(p);
    Pipeline changed = *p;
    changed.jobs[1].timeout = 1500ms; // not whole seconds
    changed.inputs[2].defaultValue = QJsonValue::Null; // a default of null is still a default
    for (const Pipeline &original : {*p, changed}) {
        const QJsonObject json = original.toJson();
        Result<Pipeline> back = Pipeline::fromJson(json);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().toString()));
        QVERIFY(*back == original);
        QCOMPARE(back->toJson(), json);
        QVERIFY(back->validate(m_registry));
    }
    const QJsonObject json = changed.toJson();
    QCOMPARE(json.value(QStringLiteral("name")).toString(), QStringLiteral("nightly"));
    const QJsonObject lint = json.value(QStringLiteral("jobs")).toArray().at(1).toObject();
    QCOMPARE(lint.value(QStringLiteral("timeout")).toString(), QStringLiteral("1500ms"));
    QCOMPARE(lint.value(QStringLiteral("priority")).toInt(), 10);
    QCOMPARE(lint.value(QStringLiteral("retry_attempt")).toInt(), 0);
    QCOMPARE(lint.value(QStringLiteral("allow_failure")).toBool(true), false);
    QCOMPARE(json.value(QStringLiteral("jobs"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("timeout")),
             QJsonValue(1800));
    QVERIFY(!changed.inputs[2].isRequired());
}

void tst_Pipeline::fromJsonErrors()
{
    Result<Pipeline> noName = Pipeline::fromJson(json(R"({"stages": ["a"], "jobs": []})"));
    QVERIFY(!noName);
    QCOMPARE(noName.error().toString(), QStringLiteral("name: is required"));
    Result<Pipeline> p = Pipeline::fromJson(json(R"({"name": "x", "stages": ["a"],
        "jobs": [{"name": "j", "stage": "a", "kind": "process", "version": "1",
                  "params": {"command": 1}}]})"));
    QVERIFY(p);
    const Status status = p->validate(m_registry);
    QVERIFY(!status);
    // Stored definitions have no file to point into.
    QCOMPARE(status.error().toString(),
             QStringLiteral("jobs[0].params.command: must be text, not a whole number"));
}

void tst_Pipeline::resolveInputs()
{
    Result<Pipeline> p = Pipeline::load(write(QStringLiteral("nightly.yaml"), goodYaml()));
    QVERIFY(p);
    Result<QJsonObject> missing = p->resolveInputs({});
    QVERIFY(!missing);
    QCOMPARE(missing.error().toString(),
             QStringLiteral("inputs.level: is required by pipeline nightly"));
    Result<QJsonObject> unknown = p->resolveInputs(json(R"({"level": 1, "colour": "red"})"));
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().toString(),
             QStringLiteral("inputs.colour: unknown input; pipeline nightly takes: board, "
                            "level, qos-level"));
    Result<QJsonObject> inputs = p->resolveInputs(json(R"({"level": "full", "board": "rpi4"})"));
    QVERIFY(inputs);
    QCOMPARE(*inputs, json(R"({"level": "full", "board": "rpi4", "qos-level": 1})"));
}

void tst_Pipeline::resolveParams()
{
    Result<Pipeline> p = Pipeline::load(write(QStringLiteral("nightly.yaml"), goodYaml()));
    QVERIFY(p);
    CloudEvent event;
    event.id = QStringLiteral("e-1");
    event.source = QStringLiteral("mqtt://broker/weather");
    event.type = QStringLiteral("weather.reading");
    event.data = json(R"({"temperature": 21.5})");
    QJsonObject context{
            {QStringLiteral("event"), event.toJson()},
            {QStringLiteral("run"), json(R"({"id": "r-1", "inputs": {"level": "full"}})")},
    };
    QList<PipelineJob> resolved;
    const Status ok = p->resolveParams(context, &resolved);
    QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().toString()));
    QCOMPARE(resolved.size(), 5);
    QCOMPARE(resolved.at(0).params, json(R"({"command": "make",
                                             "args": ["-j2", "BOARD=qemu-x86_64"]})"));
    QCOMPARE(resolved.at(3).params, json(R"({"argv": ["full"]})"));
    QCOMPARE(resolved.at(4).params, json(R"({"topic": "cairn/r-1/done",
                                             "payload": {"temperature": 21.5}, "qos": 1})"));
    // Everything else is as it was.
    QCOMPARE(resolved.at(4).name, QStringLiteral("notify"));
    QCOMPARE(resolved.at(0).timeout, 30min);
    // The resolved params are what the kind's schema wants, in full.
    QVERIFY(p->jobs.at(4).params != resolved.at(4).params);

    // Given inputs win over defaults; the job's own name is there.
    Pipeline named = *p;
    named.jobs[0].params = json(R"({"command": "${job.name}", "args": ["${job.stage}",
                                   "${run.inputs.board}"]})");
    context.insert(QStringLiteral("run"),
                   json(R"({"id": "r-2", "inputs": {"level": "x", "board": "rpi4"}})"));
    QVERIFY(named.resolveParams(context, &resolved));
    QCOMPARE(resolved.at(0).params, json(R"({"command": "compile", "args": ["build", "rpi4"]})"));

    // A required input not given: the error names the job, the param and the template, and
    // nothing is resolved.
    context.insert(QStringLiteral("run"), json(R"({"id": "r-3"})"));
    QList<PipelineJob> untouched;
    const Status missing = p->resolveParams(context, &untouched);
    QVERIFY(!missing);
    QCOMPARE(missing.error().toString(),
             QStringLiteral("jobs[3].params.argv[0]: job \"smoke\": cannot resolve "
                            "${run.inputs.level}: run.inputs has no \"level\""));
    QVERIFY(untouched.isEmpty());
}

void tst_Pipeline::names_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "build" << true;
    QTest::newRow("digits, dash, underscore") << "qemu-x86_64" << true;
    QTest::newRow("leading digit") << "2nd" << true;
    QTest::newRow("leading underscore") << "_x" << true;
    QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << true;
    QTest::newRow("65 characters") << QString(65, QLatin1Char('a')) << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("leading dash") << "-x" << false;
    QTest::newRow("upper case") << "Build" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("dot") << "a.b" << false;
    QTest::newRow("non-ASCII") << "tést" << false;
}

void tst_Pipeline::names()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Pipeline::isValidName(name), valid);
}

void tst_Pipeline::registryFind_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("version");
    QTest::addColumn<QString>("found"); // empty: not found
    QTest::addColumn<QString>("error");

    QTest::newRow("major") << "process"
                           << "1"
                           << "1.2.0" << QString();
    QTest::newRow("major.minor") << "process"
                                 << "1.2"
                                 << "1.2.0" << QString();
    QTest::newRow("exact") << "process"
                           << "1.2.0"
                           << "1.2.0" << QString();
    QTest::newRow("older minor") << "process"
                                 << "1.0"
                                 << "1.2.0" << QString();
    QTest::newRow("older patch") << "process"
                                 << "1.1.9"
                                 << "1.2.0" << QString();
    QTest::newRow("second major") << "process"
                                  << "2"
                                  << "2.0.0" << QString();
    QTest::newRow("other kind") << "mqtt.publish"
                                << "1.0.0"
                                << "1.0.0" << QString();
    QTest::newRow("newer minor")
            << "process"
            << "1.3" << QString()
            << "version: process has no version compatible with 1.3; known versions: 1.2.0, "
               "2.0.0";
    QTest::newRow("newer patch")
            << "process"
            << "1.2.1" << QString()
            << "version: process has no version compatible with 1.2.1; known versions: 1.2.0, "
               "2.0.0";
    QTest::newRow("unknown major")
            << "process"
            << "3" << QString()
            << "version: process has no version compatible with 3; known versions: 1.2.0, "
               "2.0.0";
    QTest::newRow("major 0") << "mqtt.publish"
                             << "0.9" << QString()
                             << "version: mqtt.publish has no version compatible with 0.9; "
                                "known versions: 1.0.0";
    QTest::newRow("unknown kind")
            << "docker"
            << "1" << QString()
            << "kind: unknown job kind \"docker\"; known kinds: mqtt.publish, process";
    QTest::newRow("not a version")
            << "process"
            << "1.x" << QString()
            << "version: \"1.x\" is not a version; write for example 1, 1.2 or 1.2.0";
    QTest::newRow("leading zero")
            << "process"
            << "01" << QString()
            << "version: \"01\" is not a version; write for example 1, 1.2 or 1.2.0";
    QTest::newRow("four parts")
            << "process"
            << "1.2.0.1" << QString()
            << "version: \"1.2.0.1\" is not a version; write for example 1, 1.2 or 1.2.0";
}

void tst_Pipeline::registryFind()
{
    QFETCH(QString, kind);
    QFETCH(QString, version);
    QFETCH(QString, found);
    QFETCH(QString, error);
    Result<JobKind> result = m_registry.find(kind, version);
    if (!found.isEmpty()) {
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        QCOMPARE(result->name, kind);
        QCOMPARE(result->version, found);
        return;
    }
    QVERIFY(!result);
    QCOMPARE(result.error().toString(), error);
}

void tst_Pipeline::registryAdd()
{
    JobKindRegistry registry;
    Result<JobKind> none = registry.find(QStringLiteral("process"), QStringLiteral("1"));
    QVERIFY(!none);
    QCOMPARE(none.error().message,
             QStringLiteral("unknown job kind \"process\"; no job kinds are known"));
    QCOMPARE(none.error().code, Error::NotFound);

    QVERIFY(registry.add({QStringLiteral("process"), QStringLiteral("1.2.0"), {}, {}}));
    const Status duplicate = registry.add(
            {QStringLiteral("process"), QStringLiteral("1.5.0"), {}, {}});
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().code, Error::Conflict);
    QCOMPARE(duplicate.error().message,
             QStringLiteral("job kind process 1.5.0 is registered already, as version 1.2.0"));
    QVERIFY(registry.add({QStringLiteral("process"), QStringLiteral("3.1.0"), {}, {}}));
    QVERIFY(registry.add({QStringLiteral("process"), QStringLiteral("0.1.0"), {}, {}}));
    QCOMPARE(registry.versions(QStringLiteral("process")),
             (QStringList{QStringLiteral("0.1.0"), QStringLiteral("1.2.0"),
                          QStringLiteral("3.1.0")}));

    const Status badVersion = registry.add(
            {QStringLiteral("docker"), QStringLiteral("1.2.3.4"), {}, {}});
    QVERIFY(!badVersion);
    QCOMPARE(badVersion.error().field, QStringLiteral("version"));
    const Status badName = registry.add({QStringLiteral("Bad Name"), QStringLiteral("1"), {}, {}});
    QVERIFY(!badName);
    QCOMPARE(badName.error().field, QStringLiteral("name"));
    const Status badSchema = registry.add(
            {QStringLiteral("docker"),
             QStringLiteral("1.0.0"),
             json(R"({"type": "object", "properties": {"image": {"pattern": "^a"}}})"),
             {}});
    QVERIFY(!badSchema);
    QCOMPARE(badSchema.error().field, QStringLiteral("schema.properties.image.pattern"));
    QVERIFY(badSchema.error().message.startsWith(QStringLiteral("docker 1.0.0: unknown keyword")));
    QVERIFY(!registry.contains(QStringLiteral("docker")));

    QVERIFY(registry.add({QStringLiteral("k8s/deployment"), QStringLiteral("1"), {}, {}}));
    QCOMPARE(registry.names(),
             (QStringList{QStringLiteral("k8s/deployment"), QStringLiteral("process")}));
    QCOMPARE(registry.kinds().size(), 4);
}

QTEST_GUILESS_MAIN(tst_Pipeline)
#include "tst_pipeline.moc"
