// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ctlrun.h"

#include "postgresserver.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>

namespace {

// Every wait is generous: a loaded build machine runs many processes at once. Nothing
// asserts how long anything took.
constexpr int Patience = 30000;

// What one run of cairnctl gave.
struct Run : CtlRun
{
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
    // The objects of JSON Lines output, as "event tail --json" prints it.
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> objects;
        for (const QString &line : lines())
            objects.append(QJsonDocument::fromJson(line.toUtf8()).object());
        return objects;
    }
};

// The "sequence" of CloudEvents, which the sequence extension writes as a string.
qint64 sequenceOf(const QJsonObject &event)
{
    return event.value(QStringLiteral("sequence")).toString().toLongLong();
}

QList<qint64> sequences(const QList<QJsonObject> &events)
{
    QList<qint64> list;
    for (const QJsonObject &event : events)
        list.append(sequenceOf(event));
    return list;
}

QList<qint64> sequences(const QJsonArray &events)
{
    QList<QJsonObject> objects;
    for (const QJsonValue &event : events)
        objects.append(event.toObject());
    return sequences(objects);
}

QStringList types(const QList<QJsonObject> &events)
{
    QStringList list;
    for (const QJsonObject &event : events)
        list.append(event.value(QStringLiteral("type")).toString());
    return list;
}

// "event tail" running in the background, and what it wrote on standard error so far.
struct Tail
{
    QProcess process;
    QString err;
};

} // namespace

class tst_CairnctlEvents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();
    void send_data();
    void send();
    void sendText();
    void sendErrors_data();
    void sendErrors();
    void duplicateId();
    void history_data();
    void history();
    void historyText();
    void tailCount();
    void tailStart_data();
    void tailStart();
    void tailTimeout();
    void tailSignal_data();
    void tailSignal();
    void tailDurable();
    void tailNodeChanges();
    void postgres();

private:
    // Runs cairnctl on the test's database, given by --db before the arguments.
    Run run(const QStringList &arguments) const;
    // Runs cairnctl with the arguments alone, with no CAIRN_DB.
    Run runBare(const QStringList &arguments) const;
    QProcessEnvironment environment() const;
    // "event send --quiet": the new event's sequence number, 0 when it failed.
    qint64 send(const QString &type, const QStringList &options = {}) const;
    // Starts "event tail" with arguments and waits until it follows the bus: whatever is
    // published from then on, it sees.
    std::unique_ptr<Tail> startTail(const QStringList &arguments) const;
    // Waits for tail to exit by itself; standard error leaves out the "ready" line.
    static Run finish(Tail &tail);
    // Six events to query: m_seeded holds their sequence numbers, in order.
    void seed();

    CairnTest::PostgresServer m_postgres;
    QString m_postgresUrl;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    QList<qint64> m_seeded;
};

void tst_CairnctlEvents::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CAIRNCTL_PATH)).isExecutable(), CAIRNCTL_PATH);
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    m_postgresUrl = m_postgres.createDatabase(QStringLiteral("cairnctl_events"));
    QVERIFY2(!m_postgresUrl.isEmpty(), qPrintable(m_postgres.errorString()));
}

void tst_CairnctlEvents::cleanupTestCase()
{
    m_postgres.stop();
}

void tst_CairnctlEvents::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"));
    m_seeded.clear();
}

QProcessEnvironment tst_CairnctlEvents::environment() const
{
    return ctlEnvironment(m_dir->filePath(QStringLiteral("xdg")));
}

Run tst_CairnctlEvents::runBare(const QStringList &arguments) const
{
    QProcess process;
    process.setProcessEnvironment(environment());
    process.start(QStringLiteral(CAIRNCTL_PATH), arguments);
    Run result;
    if (!process.waitForFinished(Patience * 2)) {
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

Run tst_CairnctlEvents::run(const QStringList &arguments) const
{
    return runBare(QStringList{QStringLiteral("--db"), m_db} + arguments);
}

qint64 tst_CairnctlEvents::send(const QString &type, const QStringList &options) const
{
    const Run result = run(words("event send --quiet") << type << options);
    bool ok = false;
    const qint64 sequence = result.out.trimmed().toLongLong(&ok);
    if (result.exitCode != 0 || !result.err.isEmpty() || !ok) {
        qWarning().noquote() << "event send failed:" << result.describe();
        return 0;
    }
    return sequence;
}

std::unique_ptr<Tail> tst_CairnctlEvents::startTail(const QStringList &arguments) const
{
    auto tail = std::make_unique<Tail>();
    tail->process.setProcessEnvironment(environment());
    tail->process.start(QStringLiteral(CAIRNCTL_PATH),
                        QStringList{QStringLiteral("--db"), m_db} + words("event tail") + arguments
                                + words("--notify-ready"));
    // Ready is a line on standard error, so that standard output holds only events.
    tail->process.setReadChannel(QProcess::StandardError);
    const QDeadlineTimer deadline(Patience);
    while (!tail->err.contains(QStringLiteral("ready\n"))) {
        if (!tail->process.waitForReadyRead(int(deadline.remainingTime()))) {
            qWarning().noquote() << "event tail did not get ready:" << tail->err
                                 << tail->process.readAllStandardError()
                                 << tail->process.errorString();
            return nullptr;
        }
        tail->err += QString::fromUtf8(tail->process.readAllStandardError());
    }
    tail->err.remove(QStringLiteral("ready\n"));
    tail->process.setReadChannel(QProcess::StandardOutput);
    return tail;
}

Run tst_CairnctlEvents::finish(Tail &tail)
{
    Run result;
    if (!tail.process.waitForFinished(Patience)) {
        result.err = QStringLiteral("event tail did not finish: ") + tail.process.errorString();
        tail.process.kill();
        tail.process.waitForFinished();
        return result;
    }
    result.exitCode = tail.process.exitStatus() == QProcess::NormalExit ? tail.process.exitCode()
                                                                        : -1;
    result.out = QString::fromUtf8(tail.process.readAllStandardOutput());
    result.err = tail.err + QString::fromUtf8(tail.process.readAllStandardError());
    return result;
}

void tst_CairnctlEvents::seed()
{
    const QList<QStringList> events{
            words("demo.door.opened --subject door-1 --source test://lab/door --data")
                    << QStringLiteral("{\"open\": true}"),
            words("demo.sensor.reading --subject th-1 --source test://lab/th --data")
                    << QStringLiteral("{\"temperature\": 19.5, \"unit\": \"C\"}"),
            words("demo.sensor.reading --subject th-2 --source test://lab/th --data")
                    << QStringLiteral("{\"temperature\": 26, \"unit\": \"C\"}"),
            words("demo.door.closed --subject door-1 --source test://lab/door --data")
                    << QStringLiteral("{\"open\": false}"),
            words("other.heartbeat --data 7"),
            words("demo.sensor.reading --subject th-1 --source test://lab/th --data")
                    << QStringLiteral("{\"temperature\": 31.5, \"unit\": \"F\"}"),
    };
    for (const QStringList &event : events) {
        const qint64 sequence = send(event.constFirst(), event.mid(1));
        QVERIFY(sequence > 0);
        if (!m_seeded.isEmpty())
            QVERIFY(sequence > m_seeded.constLast());
        m_seeded.append(sequence);
    }
}

void tst_CairnctlEvents::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");

    QTest::newRow("event") << words("event --help") << QStringLiteral("Usage: cairnctl event ");
    for (const char *subcommand : {"send", "history", "tail"}) {
        const QString command = QStringLiteral("event ") + QString::fromUtf8(subcommand);
        QTest::newRow(qPrintable(command)) << command.split(u' ') + words("--help")
                                           << QStringLiteral("Usage: cairnctl ") + command + u' ';
    }
    QTest::newRow("after global options")
            << words("--json event tail --help") << QStringLiteral("Usage: cairnctl event tail ");
}

void tst_CairnctlEvents::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);

    const Run result = runBare(arguments);
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(usage), qPrintable(result.out));
    QVERIFY2(result.out.contains(QStringLiteral("--db <url>")), qPrintable(result.out));
    // The option for tests and scripts stays out of the help.
    QVERIFY(!result.out.contains(QStringLiteral("notify-ready")));
    // --help never touches a database.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("xdg"))));

    // The top level lists the event command.
    const Run top = runBare(words("--help"));
    QVERIFY2(top.out.contains(QStringLiteral("\n  event ")), qPrintable(top.out));
}

void tst_CairnctlEvents::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("no subcommand") << words("event") << QStringLiteral("subcommand");
    QTest::newRow("unknown subcommand")
            << words("event frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("unknown option")
            << words("event history --frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("send without type") << words("event send") << QStringLiteral("event type");
    QTest::newRow("send with two types") << words("event send a.b c.d") << QStringLiteral("c.d");
    QTest::newRow("history --since")
            << words("event history --since -1") << QStringLiteral("--since");
    QTest::newRow("history --limit")
            << words("event history --limit 10001") << QStringLiteral("--limit");
    QTest::newRow("history without =") << words("event history bogus") << QStringLiteral("bogus");
    QTest::newRow("history unknown field")
            << words("event history colour=red") << QStringLiteral("colour");
    QTest::newRow("history type operator")
            << words("event history type__gt=a") << QStringLiteral("type__gt");
    QTest::newRow("history data operator")
            << words("event history data.x__near=1") << QStringLiteral("near");
    QTest::newRow("tail bad term")
            << words("event tail subject__ne=a") << QStringLiteral("subject__ne");
    QTest::newRow("tail --since with --last")
            << words("event tail --since 1 --last 1") << QStringLiteral("--last");
    QTest::newRow("tail --last") << words("event tail --last many") << QStringLiteral("--last");
    QTest::newRow("tail --count") << words("event tail --count 0") << QStringLiteral("--count");
    QTest::newRow("tail --timeout")
            << words("event tail --timeout soon") << QStringLiteral("--timeout");
    QTest::newRow("tail --durable")
            << (words("event tail --durable") << QString()) << QStringLiteral("--durable");
}

void tst_CairnctlEvents::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    const Run result = runBare(arguments);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
    // Bad input is refused before any database is opened.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("xdg"))));
}

void tst_CairnctlEvents::send_data()
{
    QTest::addColumn<QString>("data");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("object") << QStringLiteral("{\"open\": true, \"door\": {\"floor\": 2}}")
                            << QJsonValue(QJsonObject{{QStringLiteral("open"), true},
                                                      {QStringLiteral("door"),
                                                       QJsonObject{{QStringLiteral("floor"), 2}}}});
    QTest::newRow("array") << QStringLiteral("[1, \"two\"]")
                           << QJsonValue(QJsonArray{1, QStringLiteral("two")});
    QTest::newRow("number") << QStringLiteral("21.5") << QJsonValue(21.5);
    QTest::newRow("string") << QStringLiteral("\"open\"") << QJsonValue(QStringLiteral("open"));
    QTest::newRow("boolean") << QStringLiteral("false") << QJsonValue(false);
    QTest::newRow("null") << QStringLiteral("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("none") << QString() << QJsonValue(QJsonValue::Null);
}

void tst_CairnctlEvents::send()
{
    QFETCH(QString, data);
    QFETCH(QJsonValue, expected);

    QStringList arguments = words("--json event send demo.door.opened --subject door-1 "
                                  "--source test://lab/door --id ev-1");
    if (!data.isNull())
        arguments << QStringLiteral("--data") << data;
    const Run sent = run(arguments);
    QVERIFY_OK(sent);
    QVERIFY(sent.json().isObject());
    const QJsonObject event = sent.json().object();
    QCOMPARE(event.value(QStringLiteral("specversion")).toString(), QStringLiteral("1.0"));
    QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("demo.door.opened"));
    QCOMPARE(event.value(QStringLiteral("subject")).toString(), QStringLiteral("door-1"));
    QCOMPARE(event.value(QStringLiteral("source")).toString(), QStringLiteral("test://lab/door"));
    QCOMPARE(event.value(QStringLiteral("id")).toString(), QStringLiteral("ev-1"));
    QVERIFY(!event.value(QStringLiteral("time")).toString().isEmpty());
    QCOMPARE(event.value(QStringLiteral("data")), expected);
    const qint64 sequence = sequenceOf(event);
    QVERIFY(sequence > 0);

    // History gives back the same event, and --quiet only the next sequence number.
    const Run history = run(words("--json event history"));
    QVERIFY_OK(history);
    QCOMPARE(history.json().array(), QJsonArray{event});
    const qint64 next = send(QStringLiteral("demo.door.closed"));
    QVERIFY(next > sequence);
}

void tst_CairnctlEvents::sendText()
{
    const Run sent = run(words("event send demo.door.opened --subject door-1 --data")
                         << QStringLiteral("{\"open\": true}"));
    QVERIFY_OK(sent);
    const QStringList lines = sent.lines();
    for (const QString &line :
         {QStringLiteral("type:     demo.door.opened"), QStringLiteral("subject:  door-1"),
          QStringLiteral("data:"), QStringLiteral("      \"open\": true")}) {
        QVERIFY2(lines.contains(line), qPrintable(line + QStringLiteral(" in:\n") + sent.out));
    }
    QVERIFY2(lines.constFirst().startsWith(QStringLiteral("sequence: ")), qPrintable(sent.out));
    // Without --source the bus names this host.
    QVERIFY2(sent.out.contains(QStringLiteral("\nsource:   cairn://")), qPrintable(sent.out));

    const Run scalar = run(words("event send demo.level --data 42"));
    QVERIFY_OK(scalar);
    QVERIFY2(scalar.lines().contains(QStringLiteral("data:     42")), qPrintable(scalar.out));
}

void tst_CairnctlEvents::sendErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("field");

    QTest::newRow("space in type")
            << (words("event send") << QStringLiteral("door opened")) << QStringLiteral("type");
    QTest::newRow("slash in type") << words("event send demo/door") << QStringLiteral("type");
    QTest::newRow("bad JSON") << (words("event send demo.x --data") << QStringLiteral("{\"a\": "))
                              << QStringLiteral("--data");
    QTest::newRow("bare text") << words("event send demo.x --data open")
                               << QStringLiteral("--data");
    QTest::newRow("two values") << words("event send demo.x --data 1,2")
                                << QStringLiteral("--data");
    QTest::newRow("empty data") << (words("event send demo.x --data") << QString())
                                << QStringLiteral("--data");
    QTest::newRow("control character")
            << (words("event send demo.x --subject") << QStringLiteral("a\tb"))
            << QStringLiteral("--subject");
}

void tst_CairnctlEvents::sendErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, field);

    const Run result = run(arguments);
    QCOMPARE_EXIT(result, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ") + field + u':'),
             qPrintable(result.err));
    // Nothing was published; the database was not even made.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("cairn.db"))));
}

void tst_CairnctlEvents::duplicateId()
{
    QVERIFY(send(QStringLiteral("demo.x"), words("--id same")) > 0);
    const Run again = run(words("event send demo.y --id same"));
    QCOMPARE_EXIT(again, 1);
    QVERIFY(again.out.isEmpty());
    QVERIFY2(again.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(again.err));
    QVERIFY2(again.err.contains(QStringLiteral("same")), qPrintable(again.err));

    const Run history = run(words("--json event history"));
    QVERIFY_OK(history);
    QCOMPARE(history.json().array().size(), 1);
}

void tst_CairnctlEvents::history_data()
{
    QTest::addColumn<QStringList>("arguments");
    // Positions in seed(), from 1.
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("all") << QStringList{} << QList<int>{1, 2, 3, 4, 5, 6};
    QTest::newRow("type glob") << words("type=demo.sensor.*") << QList<int>{2, 3, 6};
    QTest::newRow("two types") << words("type=demo.door.opened,other.*") << QList<int>{1, 5};
    QTest::newRow("one character") << words("type=demo.door.?pened") << QList<int>{1};
    QTest::newRow("source glob") << words("source=test://lab/*") << QList<int>{1, 2, 3, 4, 6};
    QTest::newRow("source") << words("source=test://lab/door") << QList<int>{1, 4};
    QTest::newRow("subject") << words("subject=door-1") << QList<int>{1, 4};
    QTest::newRow("data gt") << words("data.temperature__gt=20") << QList<int>{3, 6};
    QTest::newRow("data boolean") << words("data.open=false") << QList<int>{4};
    QTest::newRow("data in") << words("data.unit__in=C,K") << QList<int>{2, 3};
    QTest::newRow("all terms hold")
            << words("type=demo.* subject=th-1 data.temperature__gte=20") << QList<int>{6};
    QTest::newRow("nothing matches") << words("type=none.*") << QList<int>{};
    QTest::newRow("limit") << words("--limit 2") << QList<int>{1, 2};
    QTest::newRow("limit with filter") << words("type=demo.sensor.* --limit 2") << QList<int>{2, 3};
    // --since takes a sequence number; the test turns a position into one.
    QTest::newRow("since") << words("--since #2") << QList<int>{3, 4, 5, 6};
    QTest::newRow("since with filter and limit")
            << words("--since #1 subject=door-1 --limit 5") << QList<int>{4};
    QTest::newRow("since the last") << words("--since #6") << QList<int>{};
}

void tst_CairnctlEvents::history()
{
    QFETCH(QStringList, arguments);
    QFETCH(QList<int>, expected);

    seed();
    for (QString &argument : arguments) {
        if (argument.startsWith(u'#'))
            argument = QString::number(m_seeded.at(argument.mid(1).toInt() - 1));
    }
    const Run result = run(words("--json event history") << arguments);
    QVERIFY_OK(result);
    QVERIFY2(result.json().isArray(), qPrintable(result.out));
    const QJsonArray events = result.json().array();
    QList<qint64> wanted;
    for (int position : expected)
        wanted.append(m_seeded.at(position - 1));
    QCOMPARE(sequences(events), wanted);
    for (const QJsonValue &event : events) {
        QCOMPARE(event[QStringLiteral("specversion")].toString(), QStringLiteral("1.0"));
        QVERIFY(!event[QStringLiteral("id")].toString().isEmpty());
    }
}

void tst_CairnctlEvents::historyText()
{
    seed();
    const QString longText(200, u'x');
    QVERIFY(send(QStringLiteral("demo.long"),
                 words("--data") << QStringLiteral("{\"text\": \"%1\"}").arg(longText))
            > 0);

    Run result = run(words("event history"));
    QVERIFY_OK(result);
    QStringList lines = result.lines();
    QCOMPARE(lines.size(), 9); // the header, seven events, the footer
    QCOMPARE(lines.constFirst().split(u' ', Qt::SkipEmptyParts),
             words("SEQ TIME TYPE SOURCE SUBJECT DATA"));
    QCOMPARE(lines.constLast(), QStringLiteral("7 events"));
    QCOMPARE(lines.at(1).split(u' ', Qt::SkipEmptyParts).mid(2),
             QStringList({QStringLiteral("demo.door.opened"), QStringLiteral("test://lab/door"),
                          QStringLiteral("door-1"), QStringLiteral("{\"open\":true}")}));
    QVERIFY2(lines.at(1).startsWith(QString::number(m_seeded.constFirst()) + u' '),
             qPrintable(result.out));
    // No subject is a dash.
    QCOMPARE(lines.at(5).split(u' ', Qt::SkipEmptyParts).value(4), QStringLiteral("-"));
    // Long data is cut short; --json has all of it.
    QVERIFY2(!result.out.contains(longText), qPrintable(result.out));
    QVERIFY2(lines.at(7).endsWith(u'…'), qPrintable(lines.at(7)));

    // A full page says where the next one starts.
    result = run(words("event history --limit 2"));
    QVERIFY_OK(result);
    lines = result.lines();
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.constLast().contains(QStringLiteral("--since %1").arg(m_seeded.at(1))),
             qPrintable(result.out));

    result = run(words("event history type=none"));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("0 events\n"));
}

// Events published by other processes while tail runs reach it; --count ends it.
void tst_CairnctlEvents::tailCount()
{
    const auto tail = startTail(words("--json --count 3 type=demo.*"));
    QVERIFY(tail);
    QList<qint64> sent;
    for (const char *type : {"demo.a", "other.b", "demo.c", "demo.d"}) {
        const qint64 sequence = send(QString::fromUtf8(type));
        QVERIFY(sequence > 0);
        if (type[0] == 'd')
            sent.append(sequence);
    }
    const Run result = finish(*tail);
    QVERIFY_OK(result);
    const QList<QJsonObject> events = result.jsonLines();
    QCOMPARE(types(events), words("demo.a demo.c demo.d"));
    QCOMPARE(sequences(events), sent);
}

void tst_CairnctlEvents::tailStart_data()
{
    QTest::addColumn<QStringList>("arguments");
    // Positions among the five events sent before tail starts, from 1.
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("--last") << words("--last 2 --count 2") << QList<int>{4, 5};
    QTest::newRow("--last with filter")
            << words("--last 2 --count 2 type=demo.odd") << QList<int>{3, 5};
    QTest::newRow("--last more than there are")
            << words("--last 9 --count 3 type=demo.odd") << QList<int>{1, 3, 5};
    QTest::newRow("--since") << words("--since #2 --count 3") << QList<int>{3, 4, 5};
    QTest::newRow("--since with filter")
            << words("--since #1 --count 2 type=demo.even") << QList<int>{2, 4};
}

void tst_CairnctlEvents::tailStart()
{
    QFETCH(QStringList, arguments);
    QFETCH(QList<int>, expected);

    QList<qint64> sent;
    for (const char *type : {"demo.odd", "demo.even", "demo.odd", "demo.even", "demo.odd"}) {
        sent.append(send(QString::fromUtf8(type)));
        QVERIFY(sent.constLast() > 0);
    }
    for (QString &argument : arguments) {
        if (argument.startsWith(u'#'))
            argument = QString::number(sent.at(argument.mid(1).toInt() - 1));
    }
    QList<qint64> wanted;
    for (int position : expected)
        wanted.append(sent.at(position - 1));

    // The past events alone reach the count: tail exits without waiting.
    const Run json = run(words("--json event tail") << arguments);
    QVERIFY_OK(json);
    QCOMPARE(sequences(json.jsonLines()), wanted);

    // As text, one line per event that starts with its sequence number.
    const Run text = run(words("event tail") << arguments);
    QVERIFY_OK(text);
    QList<qint64> printed;
    for (const QString &line : text.lines())
        printed.append(line.section(u' ', 0, 0).toLongLong());
    QCOMPARE(printed, wanted);

    // After the past events, new ones follow.
    const auto tail = startTail(words("--json --last 1 --count 2"));
    QVERIFY(tail);
    const qint64 next = send(QStringLiteral("demo.next"));
    QVERIFY(next > 0);
    const Run followed = finish(*tail);
    QVERIFY_OK(followed);
    QCOMPARE(sequences(followed.jsonLines()), QList<qint64>({sent.constLast(), next}));
}

void tst_CairnctlEvents::tailTimeout()
{
    QVERIFY(send(QStringLiteral("demo.before")) > 0);
    // Events from before it started are not new: nothing comes, and that is no error.
    const Run result = run(words("event tail --timeout 800ms"));
    QVERIFY_OK(result);
    QVERIFY(result.out.isEmpty());
}

void tst_CairnctlEvents::tailSignal_data()
{
    QTest::addColumn<int>("signalNumber");

    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void tst_CairnctlEvents::tailSignal()
{
    QFETCH(int, signalNumber);

    const auto tail = startTail(words("--json"));
    QVERIFY(tail);
    const qint64 sequence = send(QStringLiteral("demo.one"));
    QVERIFY(sequence > 0);
    // Each event is flushed as it is printed, long before tail ends.
    while (!tail->process.canReadLine())
        QVERIFY2(tail->process.waitForReadyRead(Patience), "event tail printed nothing");

    QCOMPARE(::kill(pid_t(tail->process.processId()), signalNumber), 0);
    const Run result = finish(*tail);
    QVERIFY_OK(result);
    QCOMPARE(sequences(result.jsonLines()), QList<qint64>{sequence});
}

// At least once, in order, none skipped: a durable tail resumes after the last event it
// printed, whether the events came while it ran or between runs.
void tst_CairnctlEvents::tailDurable()
{
    // A new subscription starts after the newest event.
    QVERIFY(send(QStringLiteral("demo.before")) > 0);

    const auto first = startTail(words("--json --durable audit --count 3"));
    QVERIFY(first);
    QList<qint64> sent;
    for (int i = 1; i <= 4; ++i) {
        sent.append(send(QStringLiteral("demo.e%1").arg(i)));
        QVERIFY(sent.constLast() > 0);
    }
    const Run firstRun = finish(*first);
    QVERIFY_OK(firstRun);
    for (int i = 5; i <= 6; ++i) {
        sent.append(send(QStringLiteral("demo.e%1").arg(i)));
        QVERIFY(sent.constLast() > 0);
    }

    const Run secondRun = run(words("--json event tail --durable audit --count 3 --timeout 30s"));
    QVERIFY_OK(secondRun);
    const QList<qint64> printed = sequences(firstRun.jsonLines())
            + sequences(secondRun.jsonLines());
    QCOMPARE(printed, sent);
    for (qsizetype i = 1; i < printed.size(); ++i)
        QCOMPARE(printed.at(i), printed.at(0) + i);
    QCOMPARE(types(secondRun.jsonLines()), words("demo.e4 demo.e5 demo.e6"));

    // Everything was acknowledged: a third run has nothing to repeat.
    const Run thirdRun = run(words("event tail --durable audit --timeout 500ms"));
    QVERIFY_OK(thirdRun);
    QVERIFY(thirdRun.out.isEmpty());
}

// Node changes are events too: the store writes them through its outbox.
void tst_CairnctlEvents::tailNodeChanges()
{
    const auto tail = startTail(words("--json --count 3 type=cairn.node.*"));
    QVERIFY(tail);
    QVERIFY(send(QStringLiteral("demo.unrelated")) > 0);
    const Run site = run(words("node add --kind site --name lab --quiet"));
    QVERIFY_OK(site);
    const QString siteId = site.out.trimmed();
    const Run device = run(words("node add --kind device --name thermo --quiet --parent")
                           << siteId);
    QVERIFY_OK(device);
    const QString deviceId = device.out.trimmed();
    QVERIFY_OK(run(words("node update") << deviceId << QStringLiteral("state=done")));

    const Run result = finish(*tail);
    QVERIFY_OK(result);
    const QList<QJsonObject> events = result.jsonLines();
    QCOMPARE(types(events), words("cairn.node.created cairn.node.created cairn.node.updated"));
    QCOMPARE(events.at(0).value(QStringLiteral("subject")).toString(), siteId);
    QCOMPARE(events.at(1).value(QStringLiteral("subject")).toString(), deviceId);
    QCOMPARE(events.at(2).value(QStringLiteral("subject")).toString(), deviceId);
}

// The same commands on PostgreSQL: publishing, querying, following and resuming.
void tst_CairnctlEvents::postgres()
{
    m_db = m_postgresUrl;

    seed();
    Run result = run(words("--json event history type=demo.sensor.* data.temperature__gt=20"));
    QVERIFY_OK(result);
    QCOMPARE(sequences(result.json().array()), QList<qint64>({m_seeded.at(2), m_seeded.at(5)}));
    QCOMPARE_EXIT(run(words("event send demo.x --id dup")), 0);
    QCOMPARE_EXIT(run(words("event send demo.x --id dup")), 1);

    const auto tail = startTail(words("--json --durable pg --count 2 type=demo.live"));
    QVERIFY(tail);
    QList<qint64> sent;
    for (const char *type : {"demo.live", "demo.other", "demo.live", "demo.live"}) {
        const qint64 sequence = send(QString::fromUtf8(type));
        QVERIFY(sequence > 0);
        if (QByteArray(type) == "demo.live")
            sent.append(sequence);
    }
    result = finish(*tail);
    QVERIFY_OK(result);
    QList<qint64> printed = sequences(result.jsonLines());
    result = run(words("--json event tail --durable pg --count 1 type=demo.live --timeout 30s"));
    QVERIFY_OK(result);
    printed += sequences(result.jsonLines());
    QCOMPARE(printed, sent);
}

QTEST_MAIN(tst_CairnctlEvents)

#include "tst_cairnctl_events.moc"
