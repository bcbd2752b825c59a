// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <jsonschema.h>
#include <processjob.h>
#include <processruntime.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <optional>

#include <unistd.h>

using namespace Cairn;
using namespace std::chrono_literals;

namespace {

constexpr int WaitMs = 30000;

struct ProcessInfo
{
    qint64 pid = 0;
    qint64 ppid = 0;
    qint64 pgid = 0;
    char state = '?';
    QByteArray name;
};

QList<ProcessInfo> processes()
{
    QList<ProcessInfo> result;
    const QStringList entries =
            QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!stat.open(QIODevice::ReadOnly))
            continue; // it ended meanwhile
        const QByteArray line = stat.readAll();
        // The name in parentheses may hold spaces and parentheses itself.
        const qsizetype open = line.indexOf('(');
        const qsizetype close = line.lastIndexOf(')');
        if (open < 0 || close < open)
            continue;
        const QList<QByteArray> fields = line.mid(close + 2).split(' ');
        if (fields.size() < 3 || fields.at(0).isEmpty())
            continue;
        result.append({pid, fields.at(1).toLongLong(), fields.at(2).toLongLong(),
                       fields.at(0).at(0), line.mid(open + 1, close - open - 1)});
    }
    return result;
}

// The members of a process group that still run. Zombies do not count: orphans are reaped
// by PID 1, which in some containers never does it.
QList<ProcessInfo> liveMembers(qint64 pgid)
{
    QList<ProcessInfo> members;
    const QList<ProcessInfo> all = processes();
    for (const ProcessInfo &process : all) {
        if (process.pgid == pgid && process.state != 'Z' && process.state != 'X')
            members.append(process);
    }
    return members;
}

qsizetype liveMembersNamed(qint64 pgid, const QByteArray &name)
{
    const QList<ProcessInfo> members = liveMembers(pgid);
    return std::count_if(members.begin(), members.end(),
                         [&name](const ProcessInfo &process) { return process.name == name; });
}

// Zombies of this test process: children that nobody reaped.
qsizetype zombieChildren()
{
    const qint64 self = ::getpid();
    const QList<ProcessInfo> all = processes();
    return std::count_if(all.begin(), all.end(), [self](const ProcessInfo &process) {
        return process.ppid == self && process.state == 'Z';
    });
}

qsizetype openFds()
{
    return QDir(QStringLiteral("/proc/self/fd"))
            .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
            .size();
}

QJsonObject shellParams(const QString &line)
{
    return QJsonObject{{QStringLiteral("command"), line}, {QStringLiteral("shell"), true}};
}

std::optional<JobOutcome> waitForOutcome(QSignalSpy &finished)
{
    if (finished.isEmpty() && !finished.wait(WaitMs))
        return std::nullopt;
    return finished.at(0).at(0).value<JobOutcome>();
}

} // namespace

class tst_ProcessRuntime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void kind();
    void exitCodes_data();
    void exitCodes();
    void argsWithoutShell();
    void shellLine();
    void environment_data();
    void environment();
    void workDir_data();
    void workDir();
    void relativeProgram();
    void standardInput();
    void noStandardInput();
    void standardInputNotRead();
    void outputAndLog();
    void successCodes_data();
    void successCodes();
    void crashBySignal();
    void cannotStart_data();
    void cannotStart();
    void badParams_data();
    void badParams();
    void cancelKillsGroup();
    void cancelBeforeStart();
    void timeout_data();
    void timeout();
    void ignoredTermGetsKilled();
    void deleteRunningJobKillsGroup();
    void leftoversAreKilled();
    void manyJobs();
    void artifactsAndResult();
    void resultNotJson();

private:
    JobSpec makeSpec(const QJsonObject &params) const;
    // Runs spec to its end; false if it could not start or did not finish in time.
    bool run(const JobSpec &spec, JobOutcome &outcome);
    QByteArray log() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_ProcessRuntime::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("work")));
}

void tst_ProcessRuntime::cleanup()
{
    m_dir.reset();
}

JobSpec tst_ProcessRuntime::makeSpec(const QJsonObject &params) const
{
    JobSpec spec;
    spec.jobId = QStringLiteral("job-1");
    spec.runId = QStringLiteral("run-1");
    spec.name = QStringLiteral("build");
    spec.kind = QStringLiteral("process");
    spec.params = params;
    spec.attempt = 2;
    spec.workDir = m_dir->filePath(QStringLiteral("work"));
    spec.logPath = m_dir->filePath(QStringLiteral("logs/job.log"));
    return spec;
}

bool tst_ProcessRuntime::run(const JobSpec &spec, JobOutcome &outcome)
{
    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(spec, nullptr);
    if (!job) {
        qWarning("start failed: %s", qPrintable(job.error().toString()));
        return false;
    }
    std::unique_ptr<RuntimeJob> owner(*job);
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    const std::optional<JobOutcome> result = waitForOutcome(finished);
    if (!result)
        return false;
    outcome = *result;
    // Exactly once: nothing else is queued behind it.
    QCoreApplication::processEvents();
    return finished.size() == 1;
}

QByteArray tst_ProcessRuntime::log() const
{
    QFile file(m_dir->filePath(QStringLiteral("logs/job.log")));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_ProcessRuntime::kind()
{
    ProcessRuntime runtime(3);
    QCOMPARE(runtime.name(), QStringLiteral("process"));
    QCOMPARE(runtime.capacity(), 3);
    QCOMPARE(ProcessRuntime(0).capacity(), 1);
    QCOMPARE(ProcessRuntime().capacity(), std::max(1, QThread::idealThreadCount()));
    QCOMPARE(runtime.gracePeriod(), 5000ms);

    const QList<JobKind> kinds = runtime.kinds();
    QCOMPARE(kinds.size(), 1);
    QCOMPARE(kinds.at(0).name, QStringLiteral("process"));
    QCOMPARE(kinds.at(0).version, QStringLiteral("1.1.0"));
    const QJsonObject schema = kinds.at(0).schema;
    QCOMPARE(schema.value(QStringLiteral("type")).toString(), QStringLiteral("object"));
    QCOMPARE(schema.value(QStringLiteral("required")).toArray(),
             QJsonArray{QStringLiteral("command")});
    QCOMPARE(schema.value(QStringLiteral("additionalProperties")).toBool(true), false);
    QStringList names = schema.value(QStringLiteral("properties")).toObject().keys();
    names.sort();
    QCOMPARE(names,
             QStringList({QStringLiteral("args"), QStringLiteral("artifacts"),
                          QStringLiteral("clear_env"), QStringLiteral("command"),
                          QStringLiteral("env"), QStringLiteral("shell"), QStringLiteral("stdin"),
                          QStringLiteral("success_codes"), QStringLiteral("workdir")}));

    // The core checks params against it before a job reaches the runtime.
    const Status checked = JsonSchema::check(schema);
    QVERIFY2(checked, qPrintable(checked ? QString() : checked.error().toString()));
    const JsonSchema validator(schema);
    const QJsonObject all{
            {QStringLiteral("command"), QStringLiteral("make")},
            {QStringLiteral("args"), QJsonArray{QStringLiteral("-j2")}},
            {QStringLiteral("env"), QJsonObject{{QStringLiteral("CC"), QStringLiteral("gcc")}}},
            {QStringLiteral("clear_env"), true},
            {QStringLiteral("workdir"), QStringLiteral("src")},
            {QStringLiteral("shell"), false},
            {QStringLiteral("stdin"), QStringLiteral("y\n")},
            {QStringLiteral("success_codes"), QJsonArray{0, 2}},
    };
    const Status valid = validator.validate(all, QStringLiteral("params"));
    QVERIFY2(valid, qPrintable(valid ? QString() : valid.error().toString()));
    QVERIFY(!validator.validate(QJsonObject{}));
    QVERIFY(!validator.validate(QJsonObject{{QStringLiteral("command"), QStringLiteral("x")},
                                            {QStringLiteral("success_codes"), QJsonArray{256}}}));
    QVERIFY(!validator.validate(QJsonObject{{QStringLiteral("command"), QStringLiteral("x")},
                                            {QStringLiteral("cmd"), QStringLiteral("x")}}));
}

void tst_ProcessRuntime::exitCodes_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("exitCode");

    QTest::newRow("true") << QStringLiteral("true") << QStringList() << int(JobOutcome::Passed)
                          << 0;
    QTest::newRow("false") << QStringLiteral("false") << QStringList() << int(JobOutcome::Failed)
                           << 1;
    QTest::newRow("exit 7") << QStringLiteral("sh")
                            << QStringList{QStringLiteral("-c"), QStringLiteral("exit 7")}
                            << int(JobOutcome::Failed) << 7;
}

void tst_ProcessRuntime::exitCodes()
{
    QFETCH(QString, command);
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(int, exitCode);

    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"), command},
                          {QStringLiteral("args"), QJsonArray::fromStringList(args)}}),
                outcome));
    QCOMPARE(int(outcome.status), status);
    QCOMPARE(outcome.exitCode, exitCode);
    QCOMPARE(outcome.message, QStringLiteral("exited with code %1").arg(exitCode));
    QCOMPARE(outcome.data.value(QStringLiteral("exit_code")).toInt(-1), exitCode);
    QVERIFY(outcome.data.value(QStringLiteral("duration_ms")).isDouble());
    QVERIFY(outcome.data.value(QStringLiteral("duration_ms")).toDouble() >= 0);
}

void tst_ProcessRuntime::argsWithoutShell()
{
    const QStringList args{QStringLiteral("[%s]\n"), QStringLiteral("a b  c"),
                           QStringLiteral("$HOME"), QStringLiteral("*"),
                           QStringLiteral("'q'; echo no")};
    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"), QStringLiteral("printf")},
                          {QStringLiteral("args"), QJsonArray::fromStringList(args)}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(log(), QByteArray("[a b  c]\n[$HOME]\n[*]\n['q'; echo no]\n"));

    // Numbers and booleans, as ${event.data.temperature} gives them, go as their text.
    QVERIFY(run(makeSpec({{QStringLiteral("command"), QStringLiteral("printf")},
                          {QStringLiteral("args"),
                           QJsonArray{QStringLiteral("[%s]"), 31.5, 30, true}}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QVERIFY2(log().endsWith("[31.5][30][true]"), log().constData());
}

void tst_ProcessRuntime::shellLine()
{
    QJsonObject params = shellParams(QStringLiteral("echo \"$1-$2\" $((6 * 7)) | tr 4 x"));
    params.insert(QStringLiteral("args"),
                  QJsonArray{QStringLiteral("one"), QStringLiteral("two words")});
    JobOutcome outcome;
    QVERIFY(run(makeSpec(params), outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(log(), QByteArray("one-two words x2\n"));
}

void tst_ProcessRuntime::environment_data()
{
    QTest::addColumn<bool>("clearEnv");
    QTest::newRow("inherited") << false;
    QTest::newRow("cleared") << true;
}

void tst_ProcessRuntime::environment()
{
    QFETCH(bool, clearEnv);
    qputenv("CAIRN_TEST_INHERITED", "yes");

    const JobSpec spec = makeSpec({
            {QStringLiteral("command"), QStringLiteral("env")},
            {QStringLiteral("clear_env"), clearEnv},
            {QStringLiteral("env"),
             QJsonObject{{QStringLiteral("CAIRN_TEST_EXTRA"), QStringLiteral("with spaces")},
                         {QStringLiteral("CAIRN_JOB_ID"), QStringLiteral("forged")}}},
    });
    JobOutcome outcome;
    QVERIFY(run(spec, outcome));
    qunsetenv("CAIRN_TEST_INHERITED");
    QCOMPARE(outcome.status, JobOutcome::Passed);

    QHash<QString, QString> variables;
    const QList<QByteArray> lines = log().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            variables.insert(QString::fromUtf8(line.left(equals)),
                             QString::fromUtf8(line.mid(equals + 1)));
    }
    QCOMPARE(variables.value(QStringLiteral("CAIRN_TEST_EXTRA")), QStringLiteral("with spaces"));
    QCOMPARE(variables.value(QStringLiteral("CAIRN_JOB_ID")), QStringLiteral("job-1"));
    QCOMPARE(variables.value(QStringLiteral("CAIRN_RUN_ID")), QStringLiteral("run-1"));
    QCOMPARE(variables.value(QStringLiteral("CAIRN_JOB_NAME")), QStringLiteral("build"));
    QCOMPARE(variables.value(QStringLiteral("CAIRN_ATTEMPT")), QStringLiteral("2"));
    QCOMPARE(variables.value(QStringLiteral("CAIRN_WORKDIR")), spec.workDir);
    QCOMPARE(variables.value(QStringLiteral("CAIRN_RESULT")),
             QDir(spec.workDir).filePath(QStringLiteral("result.json")));
    QCOMPARE(variables.value(QStringLiteral("PATH")), qEnvironmentVariable("PATH"));
    QCOMPARE(variables.contains(QStringLiteral("CAIRN_TEST_INHERITED")), !clearEnv);
    if (clearEnv)
        QCOMPARE(variables.size(), 8);
}

void tst_ProcessRuntime::workDir_data()
{
    QTest::addColumn<QString>("param");
    QTest::addColumn<QString>("expected"); // relative to the temporary folder

    QTest::newRow("default") << QString() << QStringLiteral("work");
    QTest::newRow("relative") << QStringLiteral("sub/dir") << QStringLiteral("work/sub/dir");
    QTest::newRow("absolute") << QStringLiteral("@/elsewhere") << QStringLiteral("elsewhere");
}

void tst_ProcessRuntime::workDir()
{
    QFETCH(QString, param);
    QFETCH(QString, expected);
    const QString expectedPath = m_dir->filePath(expected);
    QVERIFY(QDir().mkpath(expectedPath));

    QJsonObject params{{QStringLiteral("command"), QStringLiteral("pwd")}};
    if (!param.isEmpty())
        params.insert(QStringLiteral("workdir"), param.replace(QStringLiteral("@"), m_dir->path()));
    JobOutcome outcome;
    QVERIFY(run(makeSpec(params), outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(QString::fromUtf8(log()).trimmed(), QDir(expectedPath).canonicalPath());
}

void tst_ProcessRuntime::relativeProgram()
{
    // A program named with a relative path is found from the working directory.
    QFile script(m_dir->filePath(QStringLiteral("work/bin/tool.sh")));
    QVERIFY(QDir().mkpath(QFileInfo(script).absolutePath()));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\necho \"tool $1\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));

    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"), QStringLiteral("bin/tool.sh")},
                          {QStringLiteral("args"), QJsonArray{QStringLiteral("ran")}}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(log(), QByteArray("tool ran\n"));
}

void tst_ProcessRuntime::standardInput()
{
    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"), QStringLiteral("cat")},
                          {QStringLiteral("stdin"), QStringLiteral("line one\nline twö")}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(QString::fromUtf8(log()), QStringLiteral("line one\nline twö"));
}

void tst_ProcessRuntime::noStandardInput()
{
    // A program reading its input sees it end at once instead of waiting for ever.
    JobSpec spec = makeSpec({{QStringLiteral("command"), QStringLiteral("cat")}});
    spec.timeout = 20s;
    JobOutcome outcome;
    QVERIFY(run(spec, outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QCOMPARE(log(), QByteArray());
}

void tst_ProcessRuntime::standardInputNotRead()
{
    // More than a pipe holds, to a program that never reads it: no SIGPIPE, no hang.
    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"), QStringLiteral("true")},
                          {QStringLiteral("stdin"), QString(1 << 20, u'x')}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Passed);
}

void tst_ProcessRuntime::outputAndLog()
{
    JobSpec spec = makeSpec(
            shellParams(QStringLiteral("echo out1; echo err1 >&2; sleep 0.2; echo out2")));
    spec.logPath = m_dir->filePath(QStringLiteral("logs/not/yet/there/job.log"));

    ProcessRuntime runtime;
    for (int round = 1; round <= 2; ++round) {
        Result<RuntimeJob *> job = runtime.start(spec, this);
        QVERIFY(job);
        std::unique_ptr<RuntimeJob> owner(*job);
        QSignalSpy started(owner.get(), &RuntimeJob::started);
        QSignalSpy output(owner.get(), &RuntimeJob::output);
        QSignalSpy finished(owner.get(), &RuntimeJob::finished);
        const std::optional<JobOutcome> outcome = waitForOutcome(finished);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, JobOutcome::Passed);
        QCOMPARE(started.size(), 1);

        QByteArray out;
        QByteArray err;
        for (const QList<QVariant> &arguments : std::as_const(output))
            (arguments.at(1).toBool() ? err : out) += arguments.at(0).toByteArray();
        QCOMPARE(out, QByteArray("out1\nout2\n"));
        QCOMPARE(err, QByteArray("err1\n"));

        // Each round appends; within one, chunks go in as they come.
        QFile file(spec.logPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray logged = file.readAll();
        QCOMPARE(logged.size(), round * 15);
        QVERIFY(logged.endsWith("out2\n"));
        QCOMPARE(logged.count("out1\n"), round);
        QCOMPARE(logged.count("err1\n"), round);
    }
}

void tst_ProcessRuntime::successCodes_data()
{
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QJsonArray>("codes");
    QTest::addColumn<int>("status");

    QTest::newRow("3 in [0, 3]") << 3 << QJsonArray{0, 3} << int(JobOutcome::Passed);
    QTest::newRow("0 not in [3]") << 0 << QJsonArray{3} << int(JobOutcome::Failed);
    QTest::newRow("empty means [0]") << 0 << QJsonArray() << int(JobOutcome::Passed);
}

void tst_ProcessRuntime::successCodes()
{
    QFETCH(int, exitCode);
    QFETCH(QJsonArray, codes);
    QFETCH(int, status);

    QJsonObject params = shellParams(QStringLiteral("exit %1").arg(exitCode));
    params.insert(QStringLiteral("success_codes"), codes);
    JobOutcome outcome;
    QVERIFY(run(makeSpec(params), outcome));
    QCOMPARE(int(outcome.status), status);
    QCOMPARE(outcome.exitCode, exitCode);
    QCOMPARE(outcome.message, QStringLiteral("exited with code %1").arg(exitCode));
}

void tst_ProcessRuntime::crashBySignal()
{
    JobOutcome outcome;
    QVERIFY(run(makeSpec(shellParams(QStringLiteral("kill -SEGV $$"))), outcome));
    QCOMPARE(outcome.status, JobOutcome::Failed);
    QCOMPARE(outcome.message, QStringLiteral("killed by signal SIGSEGV"));
    QCOMPARE(outcome.exitCode, -1);
    QCOMPARE(outcome.data.value(QStringLiteral("signal")).toString(), QStringLiteral("SIGSEGV"));
    QCOMPARE(outcome.data.value(QStringLiteral("exit_code")).toInt(), -1);
}

void tst_ProcessRuntime::cannotStart_data()
{
    QTest::addColumn<QString>("command"); // @ is the temporary folder
    QTest::addColumn<QString>("workdir");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("not in PATH") << QStringLiteral("cairn-no-such-program") << QString()
                                 << QStringLiteral("no such program");
    QTest::newRow("no such file") << QStringLiteral("@/missing") << QString()
                                  << QStringLiteral("No such file");
    QTest::newRow("not executable")
            << QStringLiteral("@/plain.txt") << QString() << QStringLiteral("Permission denied");
    QTest::newRow("no workdir") << QStringLiteral("true") << QStringLiteral("@/nowhere")
                                << QStringLiteral("no working directory");
}

void tst_ProcessRuntime::cannotStart()
{
    QFETCH(QString, command);
    QFETCH(QString, workdir);
    QFETCH(QString, fragment);

    QFile plain(m_dir->filePath(QStringLiteral("plain.txt")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.write("echo hello\n");
    plain.close();

    QJsonObject params{{QStringLiteral("command"), command.replace(u'@', m_dir->path())}};
    if (!workdir.isEmpty())
        params.insert(QStringLiteral("workdir"), workdir.replace(u'@', m_dir->path()));

    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(makeSpec(params), this);
    QVERIFY(job);
    std::unique_ptr<RuntimeJob> owner(*job);
    QSignalSpy started(owner.get(), &RuntimeJob::started);
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    const std::optional<JobOutcome> outcome = waitForOutcome(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, JobOutcome::Error);
    QVERIFY2(outcome->message.contains(fragment), qPrintable(outcome->message));
    QCOMPARE(outcome->exitCode, -1);
    QCOMPARE(outcome->data.value(QStringLiteral("exit_code")).toInt(), -1);
    QCOMPARE(started.size(), 0);
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 1);
}

void tst_ProcessRuntime::badParams_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("field");

    const QString process = QStringLiteral("process");
    const QString command = QStringLiteral("command");
    const QString commandField = QStringLiteral("params.command");
    const QString yes = QStringLiteral("true");
    QTest::newRow("no command") << process << QJsonObject() << commandField;
    QTest::newRow("empty command") << process << QJsonObject{{command, QString()}} << commandField;
    QTest::newRow("command not a string") << process << QJsonObject{{command, 3}} << commandField;
    QTest::newRow("args not a list")
            << process << QJsonObject{{command, yes}, {QStringLiteral("args"), yes}}
            << QStringLiteral("params.args");
    QTest::newRow("arg an object")
            << process
            << QJsonObject{{command, yes}, {QStringLiteral("args"), QJsonArray{QJsonObject()}}}
            << QStringLiteral("params.args");
    QTest::newRow("env value not a string")
            << process
            << QJsonObject{{command, yes},
                           {QStringLiteral("env"), QJsonObject{{QStringLiteral("A"), 1}}}}
            << QStringLiteral("params.env.A");
    QTest::newRow("success code not an integer")
            << process
            << QJsonObject{{command, yes}, {QStringLiteral("success_codes"), QJsonArray{1.5}}}
            << QStringLiteral("params.success_codes");
    QTest::newRow("artifact outside the folder")
            << process
            << QJsonObject{{command, yes},
                           {QStringLiteral("artifacts"), QJsonArray{QStringLiteral("../x")}}}
            << QStringLiteral("params.artifacts");
    QTest::newRow("artifact pattern in a folder name")
            << process
            << QJsonObject{{command, yes},
                           {QStringLiteral("artifacts"), QJsonArray{QStringLiteral("*/x")}}}
            << QStringLiteral("params.artifacts");
    QTest::newRow("other kind") << QStringLiteral("docker") << QJsonObject{{command, yes}}
                                << QStringLiteral("kind");
}

void tst_ProcessRuntime::badParams()
{
    QFETCH(QString, kind);
    QFETCH(QJsonObject, params);
    QFETCH(QString, field);

    JobSpec spec = makeSpec(params);
    spec.kind = kind;
    ProcessRuntime runtime;
    const Result<RuntimeJob *> job = runtime.start(spec, this);
    QVERIFY(!job);
    QCOMPARE(job.error().code, Error::Invalid);
    QCOMPARE(job.error().field, field);
    QVERIFY(!job.error().message.isEmpty());
    QVERIFY(!QFile::exists(spec.logPath));
}

void tst_ProcessRuntime::cancelKillsGroup()
{
    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(
            makeSpec(shellParams(QStringLiteral("sleep 1000 & sleep 1000"))), this);
    QVERIFY(job);
    std::unique_ptr<ProcessJob> owner(qobject_cast<ProcessJob *>(*job));
    QVERIFY(owner);
    QSignalSpy started(owner.get(), &RuntimeJob::started);
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    QVERIFY(started.wait(WaitMs));
    const qint64 group = owner->processId();
    QVERIFY(group > 0);
    QTRY_COMPARE_WITH_TIMEOUT(liveMembersNamed(group, "sleep"), 2, WaitMs);

    QElapsedTimer clock;
    clock.start();
    owner->cancel(QStringLiteral("stopped by the operator"));
    QCOMPARE(finished.size(), 0); // from the event loop, not from inside cancel()
    owner->cancel(QStringLiteral("twice"));
    const std::optional<JobOutcome> outcome = waitForOutcome(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, JobOutcome::Cancelled);
    QCOMPARE(outcome->message, QStringLiteral("stopped by the operator"));
    QVERIFY2(clock.elapsed() < 4000, "SIGTERM should have been enough");
    QTRY_VERIFY_WITH_TIMEOUT(liveMembers(group).isEmpty(), WaitMs);
    QCOMPARE(owner->processId(), 0);

    owner->cancel(QStringLiteral("after the end"));
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(zombieChildren(), 0);
}

void tst_ProcessRuntime::cancelBeforeStart()
{
    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(
            makeSpec({{QStringLiteral("command"), QStringLiteral("true")}}), this);
    QVERIFY(job);
    std::unique_ptr<ProcessJob> owner(qobject_cast<ProcessJob *>(*job));
    QSignalSpy started(owner.get(), &RuntimeJob::started);
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    owner->cancel(QString());
    owner->cancel(QStringLiteral("twice"));
    QCOMPARE(finished.size(), 0);
    const std::optional<JobOutcome> outcome = waitForOutcome(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, JobOutcome::Cancelled);
    QCOMPARE(outcome->message, QStringLiteral("cancelled"));
    QCOMPARE(outcome->data.value(QStringLiteral("duration_ms")).toInt(-1), 0);
    QTest::qWait(100);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(started.size(), 0);
    QCOMPARE(owner->processId(), 0);
}

void tst_ProcessRuntime::timeout_data()
{
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<QString>("message");
    QTest::newRow("0.3 s") << 300 << QStringLiteral("timed out after 0.3 s");
    QTest::newRow("1 s") << 1000 << QStringLiteral("timed out after 1 s");
}

void tst_ProcessRuntime::timeout()
{
    QFETCH(int, timeoutMs);
    QFETCH(QString, message);

    JobSpec spec = makeSpec({{QStringLiteral("command"), QStringLiteral("sleep")},
                             {QStringLiteral("args"), QJsonArray{QStringLiteral("1000")}}});
    spec.timeout = std::chrono::milliseconds(timeoutMs);
    QElapsedTimer clock;
    clock.start();
    JobOutcome outcome;
    QVERIFY(run(spec, outcome));
    QCOMPARE(outcome.status, JobOutcome::TimedOut);
    QCOMPARE(outcome.message, message);
    QVERIFY(clock.elapsed() >= timeoutMs);
    QVERIFY2(clock.elapsed() < timeoutMs + 4000, "SIGTERM should have been enough");
    QVERIFY(outcome.data.value(QStringLiteral("duration_ms")).toInt() >= timeoutMs);
}

void tst_ProcessRuntime::ignoredTermGetsKilled()
{
    ProcessRuntime runtime;
    runtime.setGracePeriod(300ms);
    Result<RuntimeJob *> job = runtime.start(
            makeSpec(shellParams(QStringLiteral("trap '' TERM; sleep 1000"))), this);
    QVERIFY(job);
    std::unique_ptr<ProcessJob> owner(qobject_cast<ProcessJob *>(*job));
    QCOMPARE(owner->gracePeriod(), 300ms);
    QSignalSpy started(owner.get(), &RuntimeJob::started);
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    QVERIFY(started.wait(WaitMs));
    const qint64 group = owner->processId();
    // Once sleep runs, the trap is set (and sleep inherits the ignored SIGTERM).
    QTRY_COMPARE_WITH_TIMEOUT(liveMembersNamed(group, "sleep"), 1, WaitMs);

    QElapsedTimer clock;
    clock.start();
    owner->cancel(QStringLiteral("stop"));
    const std::optional<JobOutcome> outcome = waitForOutcome(finished);
    QVERIFY(outcome);
    QVERIFY2(clock.elapsed() >= 250, "it ended before the grace period");
    QCOMPARE(outcome->status, JobOutcome::Cancelled);
    QCOMPARE(outcome->message, QStringLiteral("stop"));
    QTRY_VERIFY_WITH_TIMEOUT(liveMembers(group).isEmpty(), WaitMs);
}

void tst_ProcessRuntime::deleteRunningJobKillsGroup()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("Destroyed while process")));
    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(
            makeSpec(shellParams(QStringLiteral("sleep 1000 & sleep 1000"))), this);
    QVERIFY(job);
    std::unique_ptr<ProcessJob> owner(qobject_cast<ProcessJob *>(*job));
    QSignalSpy started(owner.get(), &RuntimeJob::started);
    QVERIFY(started.wait(WaitMs));
    const qint64 group = owner->processId();
    QTRY_COMPARE_WITH_TIMEOUT(liveMembersNamed(group, "sleep"), 2, WaitMs);

    owner.reset();
    QTRY_VERIFY_WITH_TIMEOUT(liveMembers(group).isEmpty(), WaitMs);
    QCOMPARE(zombieChildren(), 0);
}

void tst_ProcessRuntime::leftoversAreKilled()
{
    // What a job leaves running in the background, holding its output open or not, ends
    // with it.
    ProcessRuntime runtime;
    Result<RuntimeJob *> job = runtime.start(
            makeSpec(shellParams(QStringLiteral("sleep 1000 & sleep 1000 >/dev/null 2>&1 & "
                                                "echo started"))),
            this);
    QVERIFY(job);
    std::unique_ptr<ProcessJob> owner(qobject_cast<ProcessJob *>(*job));
    qint64 group = 0;
    connect(owner.get(), &RuntimeJob::started, this,
            [&group, &owner] { group = owner->processId(); });
    QSignalSpy finished(owner.get(), &RuntimeJob::finished);
    const std::optional<JobOutcome> outcome = waitForOutcome(finished);
    QVERIFY(outcome);
    QCOMPARE(outcome->status, JobOutcome::Passed);
    QCOMPARE(log(), QByteArray("started\n"));
    QVERIFY(group > 0);
    QTRY_VERIFY_WITH_TIMEOUT(liveMembers(group).isEmpty(), WaitMs);
}

void tst_ProcessRuntime::manyJobs()
{
    ProcessRuntime runtime;
    const QJsonObject params{{QStringLiteral("command"), QStringLiteral("true")}};

    // The first process may set up what Qt keeps for all of them.
    JobOutcome warmUp;
    QVERIFY(run(makeSpec(params), warmUp));
    const qsizetype fdsBefore = openFds();

    for (int i = 0; i < 50; ++i) {
        Result<RuntimeJob *> job = runtime.start(makeSpec(params), this);
        QVERIFY(job);
        std::unique_ptr<RuntimeJob> owner(*job);
        QSignalSpy finished(owner.get(), &RuntimeJob::finished);
        const std::optional<JobOutcome> outcome = waitForOutcome(finished);
        QVERIFY(outcome);
        QCOMPARE(outcome->status, JobOutcome::Passed);
    }

    auto holder = std::make_unique<QObject>();
    int passed = 0;
    int ended = 0;
    for (int i = 0; i < 20; ++i) {
        JobSpec spec = makeSpec(params);
        spec.jobId = QStringLiteral("job-%1").arg(i);
        spec.logPath = m_dir->filePath(QStringLiteral("logs/job-%1.log").arg(i));
        Result<RuntimeJob *> job = runtime.start(spec, holder.get());
        QVERIFY(job);
        connect(*job, &RuntimeJob::finished, this, [&passed, &ended](const JobOutcome &outcome) {
            ++ended;
            if (outcome.status == JobOutcome::Passed)
                ++passed;
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(ended, 20, 60000);
    QCOMPARE(passed, 20);
    holder.reset();

    QTRY_VERIFY_WITH_TIMEOUT(openFds() <= fdsBefore, 5000);
    QCOMPARE(zombieChildren(), 0);
}

// Files named by `artifacts` become the job's artifacts, also when it failed, and the object
// it leaves in $CAIRN_RESULT its result.
void tst_ProcessRuntime::artifactsAndResult()
{
    JobOutcome outcome;
    QVERIFY(run(makeSpec({{QStringLiteral("command"),
                           QStringLiteral("mkdir -p out && echo r > "
                                          "report.md && echo a > "
                                          "out/a.log && echo b > "
                                          "out/b.log && echo '{\"hottest\": "
                                          "31.5}' > \"$CAIRN_RESULT\"; "
                                          "exit 3")},
                          {QStringLiteral("shell"), true},
                          {QStringLiteral("artifacts"),
                           QJsonArray{QStringLiteral("report.md"), QStringLiteral("out/*.log"),
                                      QStringLiteral("missing.txt")}}}),
                outcome));
    QCOMPARE(outcome.status, JobOutcome::Failed);
    const QString work = m_dir->filePath(QStringLiteral("work"));
    QCOMPARE(outcome.artifacts,
             (QJsonObject{{QStringLiteral("report.md"),
                           QUrl::fromLocalFile(work + QStringLiteral("/report.md")).toString()},
                          {QStringLiteral("out/a.log"),
                           QUrl::fromLocalFile(work + QStringLiteral("/out/a.log")).toString()},
                          {QStringLiteral("out/b.log"),
                           QUrl::fromLocalFile(work + QStringLiteral("/out/b.log")).toString()}}));
    QCOMPARE(outcome.data.value(QStringLiteral("result")).toObject(),
             (QJsonObject{{QStringLiteral("hottest"), 31.5}}));
}

void tst_ProcessRuntime::resultNotJson()
{
    JobOutcome outcome;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is not JSON")));
    QVERIFY(run(makeSpec({{QStringLiteral("command"),
                           QStringLiteral("echo 'not json' > \"$CAIRN_RESULT\"")},
                          {QStringLiteral("shell"), true}}),
                outcome));
    // The job passed; only its result is left out.
    QCOMPARE(outcome.status, JobOutcome::Passed);
    QVERIFY(!outcome.data.contains(QStringLiteral("result")));
}

QTEST_MAIN(tst_ProcessRuntime)
#include "tst_processruntime.moc"
