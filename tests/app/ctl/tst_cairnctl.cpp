// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ctlrun.h"
#include "freeport.h"
#include "postgresserver.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString MissingId = QStringLiteral("01936d2e-0000-7000-8000-000000000000");

// What one run of cairnctl gave.
struct Run : CtlRun
{
    bool isJson() const
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(out.toUtf8(), &error);
        return error.error == QJsonParseError::NoError && document.isObject();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// The value at a dotted path of a JSON object: at(node, "data.board.cores").
QJsonValue at(const QJsonObject &object, const char *path)
{
    const QStringList keys = QString::fromUtf8(path).split(u'.');
    QJsonValue value = object;
    for (const QString &key : keys)
        value = value.toObject().value(key);
    return value;
}

QStringList names(const QJsonValue &items)
{
    QStringList list;
    for (const QJsonValue &item : items.toArray())
        list.append(at(item.toObject(), "name").toString());
    return list;
}

} // namespace

class tst_Cairnctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void help_data();
    void help();
    void version();
    void usageErrors_data();
    void usageErrors();
    void addAndGet();
    void databaseChoice();
    void tree();
    void find_data();
    void find();
    void findTable();
    void count();
    void update();
    void updateRefused_data();
    void updateRefused();
    void updateTransition();
    void updateConflict();
    void deleteSubtree();
    void notFound_data();
    void notFound();
    void invalidInput_data();
    void invalidInput();
    void unusableDatabase_data();
    void unusableDatabase();
    void coreFlow_data();
    void coreFlow();

private:
    // Runs cairnctl on the test's database, given by --db before the arguments.
    Run run(const QStringList &arguments) const;
    // Runs cairnctl with the arguments alone, CAIRN_DB unset unless environment sets it.
    Run runBare(const QStringList &arguments, const QProcessEnvironment &environment) const;
    Run runBare(const QStringList &arguments) const { return runBare(arguments, environment()); }
    QProcessEnvironment environment() const;
    // "node add --quiet": the new id, or an empty string when it failed.
    QString add(const QString &kind, const QString &name, const QString &parent = {},
                const QString &data = {}) const;
    // lab > dev-1 > r1, r2; lab > dev-2 > r3, r4; lab > dev-3. m_ids maps names to ids.
    void seedLab();

    CairnTest::PostgresServer m_postgres;
    QString m_postgresUrl;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    QHash<QString, QString> m_ids;
};

void tst_Cairnctl::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CAIRNCTL_PATH)).isExecutable(), CAIRNCTL_PATH);
    QVERIFY2(m_postgres.start(), qPrintable(m_postgres.errorString()));
    m_postgresUrl = m_postgres.createDatabase(QStringLiteral("cairnctl_flow"));
    QVERIFY2(!m_postgresUrl.isEmpty(), qPrintable(m_postgres.errorString()));
}

void tst_Cairnctl::cleanupTestCase()
{
    m_postgres.stop();
}

void tst_Cairnctl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("cairn.db"));
    m_ids.clear();
}

QProcessEnvironment tst_Cairnctl::environment() const
{
    return ctlEnvironment(m_dir->filePath(QStringLiteral("xdg")));
}

Run tst_Cairnctl::runBare(const QStringList &arguments,
                          const QProcessEnvironment &environment) const
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CAIRNCTL_PATH), arguments);
    Run result;
    if (!process.waitForFinished(60000)) {
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

Run tst_Cairnctl::run(const QStringList &arguments) const
{
    return runBare(QStringList{QStringLiteral("--db"), m_db} + arguments);
}

QString tst_Cairnctl::add(const QString &kind, const QString &name, const QString &parent,
                          const QString &data) const
{
    QStringList arguments = words("node add --quiet --kind")
            << kind << QStringLiteral("--name") << name;
    if (!parent.isEmpty())
        arguments << QStringLiteral("--parent") << parent;
    if (!data.isEmpty())
        arguments << QStringLiteral("--data") << data;
    const Run result = run(arguments);
    if (result.exitCode != 0 || !result.err.isEmpty()) {
        qWarning().noquote() << "node add failed:" << result.describe();
        return {};
    }
    return result.out.trimmed();
}

void tst_Cairnctl::seedLab()
{
    const QString lab = add(QStringLiteral("site"), QStringLiteral("lab"), {},
                            QStringLiteral("{\"city\": \"Grenoble\"}"));
    QVERIFY(!lab.isEmpty());
    m_ids.insert(QStringLiteral("lab"), lab);

    struct Device
    {
        QString name;
        QString data;
        QList<std::pair<QString, double>> readings;
    };
    const QList<Device> devices{
            {QStringLiteral("dev-1"),
             QStringLiteral("{\"arch\": \"x86_64\", \"cores\": 4}"),
             {{QStringLiteral("r1"), 19.5}, {QStringLiteral("r2"), 21.5}}},
            {QStringLiteral("dev-2"),
             QStringLiteral("{\"arch\": \"arm64\", \"cores\": 8}"),
             {{QStringLiteral("r3"), 23.0}, {QStringLiteral("r4"), 25.5}}},
            {QStringLiteral("dev-3"), QStringLiteral("{\"arch\": \"x86_64\", \"cores\": 2}"), {}},
    };
    for (const Device &device : devices) {
        const QString id = add(QStringLiteral("device"), device.name, lab, device.data);
        QVERIFY(!id.isEmpty());
        m_ids.insert(device.name, id);
        for (const auto &[name, temperature] : device.readings) {
            const QString reading = add(
                    QStringLiteral("reading"), name, id,
                    QStringLiteral("{\"temperature\": %1, \"unit\": \"C\"}").arg(temperature));
            QVERIFY(!reading.isEmpty());
            m_ids.insert(name, reading);
        }
    }
}

void tst_Cairnctl::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("usage");

    QTest::newRow("cairnctl") << words("--help") << QStringLiteral("Usage: cairnctl [options]");
    QTest::newRow("-h") << words("-h") << QStringLiteral("Usage: cairnctl [options]");
    QTest::newRow("node") << words("node --help") << QStringLiteral("Usage: cairnctl node ");
    for (const char *subcommand : {"add", "get", "find", "tree", "count", "update", "delete"}) {
        const QString command = QStringLiteral("node ") + QString::fromUtf8(subcommand);
        QTest::newRow(qPrintable(command)) << command.split(u' ') + words("--help")
                                           << QStringLiteral("Usage: cairnctl ") + command + u' ';
    }
    QTest::newRow("after global options")
            << words("--json node find --help") << QStringLiteral("Usage: cairnctl node find ");
    QTest::newRow("with arguments") << (words("node get") << MissingId << QStringLiteral("--help"))
                                    << QStringLiteral("Usage: cairnctl node get ");
}

void tst_Cairnctl::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, usage);

    const Run result = runBare(arguments);
    QVERIFY_OK(result);
    QVERIFY2(result.out.startsWith(usage), qPrintable(result.out));
    QVERIFY2(result.out.contains(QStringLiteral("--help")), qPrintable(result.out));
    QVERIFY2(result.out.contains(QStringLiteral("--db <url>")), qPrintable(result.out));
    // --help never touches a database.
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("xdg"))));
}

void tst_Cairnctl::version()
{
    const Run result = runBare(words("--version"));
    QVERIFY_OK(result);
    static const QRegularExpression line(QStringLiteral("^cairnctl \\d+\\.\\d+\\.\\d+\\n$"));
    QVERIFY2(line.match(result.out).hasMatch(), qPrintable(result.out));
}

void tst_Cairnctl::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("nothing") << QStringList{} << QStringLiteral("command");
    QTest::newRow("unknown command") << words("frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("unknown option") << words("--frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("no subcommand") << words("node") << QStringLiteral("subcommand");
    QTest::newRow("unknown subcommand") << words("node frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("unknown node option")
            << words("node --frobnicate get") << QStringLiteral("frobnicate");
    QTest::newRow("unknown add option")
            << words("node add --kind a --name b --frobnicate") << QStringLiteral("frobnicate");
    QTest::newRow("option without value") << words("node add --kind") << QStringLiteral("kind");
    QTest::newRow("get without id") << words("node get") << QStringLiteral("id");
    QTest::newRow("get with two ids") << (words("node get") << MissingId << QStringLiteral("extra"))
                                      << QStringLiteral("extra");
    QTest::newRow("add with an argument")
            << words("node add --kind a --name b stray") << QStringLiteral("stray");
    QTest::newRow("update without changes")
            << (words("node update") << MissingId) << QStringLiteral("changes");
}

void tst_Cairnctl::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);

    const Run result = runBare(arguments);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("--help")), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void tst_Cairnctl::addAndGet()
{
    const Run created = run(words("node add --kind device --name thermo-1 --owner alice "
                                  "--state available --json --artifact log=http://example.org/l "
                                  "--artifact image=file:///tmp/a=b.img --data")
                            << QStringLiteral("{\"arch\": \"x86_64\", \"board\": {\"cores\": 4}}"));
    QVERIFY_OK(created);
    QVERIFY(created.isJson());
    const QJsonObject node = created.json();
    const QString id = at(node, "id").toString();
    QCOMPARE(id.size(), 36);
    QCOMPARE(at(node, "kind").toString(), QStringLiteral("device"));
    QCOMPARE(at(node, "state").toString(), QStringLiteral("available"));
    QCOMPARE(at(node, "revision").toInteger(), 1);
    QCOMPARE(at(node, "data.board.cores").toInt(), 4);
    QCOMPARE(at(node, "artifacts.image").toString(), QStringLiteral("file:///tmp/a=b.img"));

    // The text form: one field a line, data as indented JSON.
    const Run text = run(words("node get") << id);
    QVERIFY_OK(text);
    const QStringList lines = text.lines();
    for (const QString &line :
         QStringList{QStringLiteral("id:        ") + id, QStringLiteral("name:      thermo-1"),
                     QStringLiteral("path:      thermo-1"), QStringLiteral("owner:     alice"),
                     QStringLiteral("revision:  1"), QStringLiteral("  log: http://example.org/l"),
                     QStringLiteral("      \"arch\": \"x86_64\","),
                     QStringLiteral("          \"cores\": 4")}) {
        QVERIFY2(lines.contains(line), qPrintable(line + QStringLiteral(" in:\n") + text.out));
    }

    // The global options may follow the command words too.
    const Run json = runBare(words("node get")
                             << id << QStringLiteral("--json") << QStringLiteral("--db") << m_db);
    QVERIFY_OK(json);
    QCOMPARE(json.json(), node);

    const QString child = add(QStringLiteral("reading"), QStringLiteral("r1"), id);
    QVERIFY(!child.isEmpty());
    const QJsonObject got = run(words("--json node get") << child).json();
    QCOMPARE(at(got, "parent").toString(), id);
    QCOMPARE(at(got, "path").toArray(),
             QJsonArray({QStringLiteral("thermo-1"), QStringLiteral("r1")}));
}

void tst_Cairnctl::databaseChoice()
{
    QVERIFY(!add(QStringLiteral("site"), QStringLiteral("in-test-db")).isEmpty());

    // No --db and no CAIRN_DB: the default file under the user's data folder.
    QVERIFY_OK(runBare(words("node add --kind site --name home")));
    QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("xdg/cairn/cairn.db"))));

    // CAIRN_DB; and --db with a plain path, taken for a SQLite file.
    const QString path = m_dir->filePath(QStringLiteral("env.db"));
    QProcessEnvironment environment = this->environment();
    environment.insert(QStringLiteral("CAIRN_DB"), QStringLiteral("sqlite:") + path);
    QVERIFY_OK(runBare(words("node add --kind site --name env"), environment));
    QVERIFY(QFileInfo::exists(path));
    Run counted = runBare(QStringList{QStringLiteral("--db"), path} + words("node count"));
    QVERIFY_OK(counted);
    QCOMPARE(counted.out, QStringLiteral("1\n"));

    // --db wins over CAIRN_DB.
    counted = runBare(words("node count --db") << m_db, environment);
    QVERIFY_OK(counted);
    QCOMPARE(counted.out, QStringLiteral("1\n"));
}

void tst_Cairnctl::tree()
{
    seedLab();
    const QString lab = m_ids.value(QStringLiteral("lab"));

    const Run full = run(words("node tree") << lab);
    QVERIFY_OK(full);
    const QStringList lines = full.lines();
    const QStringList expected{
            QStringLiteral("lab "),        QStringLiteral("├── dev-1 "),
            QStringLiteral("│   ├── r1 "), QStringLiteral("│   └── r2 "),
            QStringLiteral("├── dev-2 "),  QStringLiteral("│   ├── r3 "),
            QStringLiteral("│   └── r4 "), QStringLiteral("└── dev-3 "),
    };
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(lines.at(i).startsWith(expected.at(i)), qPrintable(full.out));
    // Kind, state, result and the short id follow the name.
    QCOMPARE(lines.at(2).split(u' ', Qt::SkipEmptyParts).mid(3),
             QStringList({QStringLiteral("reading"), QStringLiteral("running"), QStringLiteral("-"),
                          m_ids.value(QStringLiteral("r1")).right(8)}));

    const Run shallow = run(words("node tree --depth 1") << lab);
    QVERIFY_OK(shallow);
    QCOMPARE(shallow.lines().size(), 4);
    QVERIFY(!shallow.out.contains(QStringLiteral("r1")));

    const Run json = run(words("--json node tree") << lab);
    QVERIFY_OK(json);
    const QJsonObject root = json.json();
    QCOMPARE(at(root, "name").toString(), QStringLiteral("lab"));
    const QJsonArray devices = at(root, "children").toArray();
    QCOMPARE(names(devices), words("dev-1 dev-2 dev-3"));
    const QJsonObject dev2 = devices.at(1).toObject();
    QCOMPARE(names(at(dev2, "children")), words("r3 r4"));
    QCOMPARE(at(at(dev2, "children").toArray().at(1).toObject(), "data.temperature").toDouble(),
             25.5);

    const Run shallowJson = run(words("node tree --depth=1 --json") << lab);
    QVERIFY_OK(shallowJson);
    const QJsonArray top = at(shallowJson.json(), "children").toArray();
    QCOMPARE(top.size(), 3);
    QCOMPARE(at(top.at(0).toObject(), "children"), QJsonValue(QJsonArray()));

    // A tree starts where it is asked to.
    const Run sub = run(words("node tree") << m_ids.value(QStringLiteral("dev-2")));
    QVERIFY_OK(sub);
    QCOMPARE(sub.lines().size(), 3);
    QVERIFY(sub.lines().at(0).startsWith(QStringLiteral("dev-2 ")));
}

void tst_Cairnctl::find_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("total");

    QTest::newRow("kind") << words("kind=device sort=name") << words("dev-1 dev-2 dev-3") << 3;
    QTest::newRow("data text") << words("kind=device data.arch=x86_64 sort=name")
                               << words("dev-1 dev-3") << 2;
    QTest::newRow("gt on numbers")
            << words("data.temperature__gt=21 sort=data.temperature") << words("r2 r3 r4") << 3;
    QTest::newRow("lte, descending")
            << words("data.temperature__lte=21.5 sort=-data.temperature") << words("r2 r1") << 2;
    QTest::newRow("ne on numbers")
            << words("kind=device data.cores__ne=4 sort=name") << words("dev-2 dev-3") << 2;
    QTest::newRow("in") << words("name__in=dev-2,r1,nothing sort=name") << words("dev-2 r1") << 2;
    QTest::newRow("nin") << words("kind=device name__nin=dev-1,dev-3") << words("dev-2") << 1;
    QTest::newRow("re") << words("name__re=^r[13]$ sort=name") << words("r1 r3") << 2;
    QTest::newRow("sort and limit")
            << words("kind=reading sort=-name limit=2") << words("r4 r3") << 4;
    QTest::newRow("offset") << words("kind=reading sort=name limit=2 offset=1") << words("r2 r3")
                            << 4;
    QTest::newRow("nothing") << words("kind=job") << QStringList() << 0;
}

void tst_Cairnctl::find()
{
    QFETCH(QStringList, terms);
    QFETCH(QStringList, expected);
    QFETCH(int, total);
    seedLab();
    const bool limited = terms.contains(QStringLiteral("limit=2"));
    const bool offset = terms.contains(QStringLiteral("offset=1"));

    const Run json = run(words("node find --json") + terms);
    QVERIFY_OK(json);
    QVERIFY(json.isJson());
    const QJsonObject page = json.json();
    QCOMPARE(names(at(page, "items")), expected);
    QCOMPARE(at(page, "total").toInteger(), total);
    QCOMPARE(at(page, "limit").toInteger(), limited ? 2 : 100);
    QCOMPARE(at(page, "offset").toInteger(), offset ? 1 : 0);
    for (const QJsonValue &item : at(page, "items").toArray()) {
        const QJsonObject node = item.toObject();
        QCOMPARE(at(node, "id").toString(), m_ids.value(at(node, "name").toString()));
    }

    // The same query as a table: a header, one row per node, and the footer.
    const Run text = run(words("node find") + terms);
    QVERIFY_OK(text);
    const QStringList lines = text.lines();
    QCOMPARE(lines.size(), expected.isEmpty() ? 1 : expected.size() + 2);
    for (qsizetype i = 0; i < expected.size(); ++i)
        QVERIFY2(lines.at(i + 1).startsWith(m_ids.value(expected.at(i)) + u' '),
                 qPrintable(text.out));
    QString footer = QStringLiteral("%1 of %2 node%3")
                             .arg(expected.size())
                             .arg(total)
                             .arg(total == 1 ? QString() : QStringLiteral("s"));
    if (offset)
        footer += QStringLiteral(" (from offset 1)");
    QCOMPARE(lines.constLast(), footer);
}

void tst_Cairnctl::findTable()
{
    seedLab();
    const Run text = run(words("node find kind=reading data.temperature__gte=23 sort=name"));
    QVERIFY_OK(text);
    const QStringList lines = text.lines();
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0).split(u' ', Qt::SkipEmptyParts),
             words("ID KIND NAME STATE RESULT UPDATED"));
    const QStringList row = lines.at(1).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(row.size(), 6);
    QCOMPARE(row.mid(0, 5),
             QStringList{m_ids.value(QStringLiteral("r3"))} + words("reading r3 running -"));
    QVERIFY2(QDateTime::fromString(row.at(5), Qt::ISODateWithMs).isValid(), qPrintable(row.at(5)));
    // The columns line up.
    QCOMPARE(lines.at(0).indexOf(QStringLiteral("KIND")),
             lines.at(1).indexOf(QStringLiteral("reading")));
    QCOMPARE(lines.at(0).indexOf(QStringLiteral("UPDATED")), lines.at(1).indexOf(row.at(5)));
    QCOMPARE(lines.at(3), QStringLiteral("2 of 2 nodes"));
}

void tst_Cairnctl::count()
{
    seedLab();
    Run result = run(words("node count"));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("8\n"));

    result = run(words("node count kind=reading data.unit=C"));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("4\n"));

    // limit pages what find prints; a count is of every match.
    result = run(words("--json node count kind=device limit=1"));
    QVERIFY_OK(result);
    QCOMPARE(result.json(), QJsonObject({{QStringLiteral("count"), 3}}));
}

void tst_Cairnctl::update()
{
    const QString id = add(QStringLiteral("reading"), QStringLiteral("r1"), {},
                           QStringLiteral("{\"label\": \"cold\", \"keep\": 1}"));
    QVERIFY(!id.isEmpty());

    Run result = run(words("--json node update")
                     << id
                     << words("state=available result=pass owner=alice data.temperature=22.5 "
                              "data.label=warm data.ok=true data.none=null data.board.cores=2 "
                              "data.list=[1,2] data.quoted=\"12\" data.words=a,b "
                              "artifacts.log=http://example.org/l timeout=2030-01-02T03:04:05Z"));
    QVERIFY_OK(result);
    QJsonObject node = result.json();
    QCOMPARE(at(node, "revision").toInteger(), 2);
    QCOMPARE(at(node, "state").toString(), QStringLiteral("available"));
    QCOMPARE(at(node, "result").toString(), QStringLiteral("pass"));
    QCOMPARE(at(node, "owner").toString(), QStringLiteral("alice"));
    QCOMPARE(at(node, "timeout").toString(), QStringLiteral("2030-01-02T03:04:05.000Z"));
    QCOMPARE(at(node, "artifacts.log").toString(), QStringLiteral("http://example.org/l"));
    // Values are typed as JSON reads them.
    QCOMPARE(at(node, "data.temperature"), QJsonValue(22.5));
    QCOMPARE(at(node, "data.label"), QJsonValue(QStringLiteral("warm")));
    QCOMPARE(at(node, "data.ok"), QJsonValue(true));
    QCOMPARE(at(node, "data.none"), QJsonValue(QJsonValue::Null));
    QCOMPARE(at(node, "data.board.cores"), QJsonValue(2));
    QCOMPARE(at(node, "data.list"), QJsonValue(QJsonArray({1, 2})));
    QCOMPARE(at(node, "data.quoted"), QJsonValue(QStringLiteral("12")));
    QCOMPARE(at(node, "data.words"), QJsonValue(QStringLiteral("a,b")));
    QCOMPARE(at(node, "data.keep"), QJsonValue(1));

    // field- unsets.
    result = run(words("node update")
                 << id << words("data.label- data.board.cores- owner- timeout- --json"));
    QVERIFY_OK(result);
    node = result.json();
    QVERIFY(!at(node, "data").toObject().contains(QStringLiteral("label")));
    QCOMPARE(at(node, "data.board"), QJsonValue(QJsonObject()));
    QVERIFY(at(node, "owner").isNull());
    QVERIFY(at(node, "timeout").isNull());
    QCOMPARE(at(node, "revision").toInteger(), 3);

    // The text form prints the node as get does.
    result = run(words("node update") << id << QStringLiteral("state=done"));
    QVERIFY_OK(result);
    QVERIFY2(result.lines().contains(QStringLiteral("state:     done")), qPrintable(result.out));
    QVERIFY2(result.lines().contains(QStringLiteral("revision:  4")), qPrintable(result.out));
}

void tst_Cairnctl::updateRefused_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QString>("field");

    for (const char *field :
         {"id", "parent", "kind", "name", "path", "created", "updated", "revision"}) {
        QTest::newRow(field) << QString::fromUtf8(field) + QStringLiteral("=x")
                             << QString::fromUtf8(field);
    }
    QTest::newRow("unknown field") << QStringLiteral("colour=red") << QStringLiteral("colour");
    QTest::newRow("unset state") << QStringLiteral("state-") << QStringLiteral("state");
    QTest::newRow("unknown state") << QStringLiteral("state=sleeping") << QStringLiteral("state");
    QTest::newRow("bad time") << QStringLiteral("holdoff=soon") << QStringLiteral("holdoff");
    QTest::newRow("data not an object") << QStringLiteral("data=[1]") << QStringLiteral("data");
    // Reaching into a value that is no object would overwrite it.
    QTest::newRow("key under a number")
            << QStringLiteral("data.cores.max=8") << QStringLiteral("data.cores.max");
}

void tst_Cairnctl::updateRefused()
{
    QFETCH(QString, term);
    QFETCH(QString, field);

    const QString id = add(QStringLiteral("device"), QStringLiteral("d"), {},
                           QStringLiteral("{\"cores\": 4}"));
    QVERIFY(!id.isEmpty());
    const Run result = run(words("node update") << id << term);
    QCOMPARE_EXIT(result, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ") + field + u':'),
             qPrintable(result.err));
    QCOMPARE(at(run(words("--json node get") << id).json(), "revision").toInteger(), 1);
}

void tst_Cairnctl::updateTransition()
{
    const QString id = add(QStringLiteral("job"), QStringLiteral("build"));
    QVERIFY(!id.isEmpty());
    QVERIFY_OK(run(words("node update") << id << QStringLiteral("state=closing")));
    QVERIFY_OK(run(words("node update") << id << words("state=done result=fail")));

    // Nothing comes after done.
    for (const char *state : {"running", "available", "closing"}) {
        const Run result = run(words("node update")
                               << id << QStringLiteral("state=") + QString::fromUtf8(state));
        QCOMPARE_EXIT(result, 2);
        QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: state:")), qPrintable(result.err));
    }
    // Staying done is no transition, and the result may still be corrected.
    QVERIFY_OK(run(words("node update") << id << words("state=done result=pass")));
}

void tst_Cairnctl::updateConflict()
{
    const QString id = add(QStringLiteral("job"), QStringLiteral("test"));
    QVERIFY(!id.isEmpty());
    QVERIFY_OK(run(words("node update --revision 1") << id << QStringLiteral("owner=a")));

    // Someone who read revision 1 writes after the change above.
    const Run stale = run(words("node update --revision 1") << id << QStringLiteral("owner=b"));
    QCOMPARE_EXIT(stale, 1);
    QVERIFY2(stale.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(stale.err));
    QVERIFY2(stale.err.contains(QStringLiteral("revision")), qPrintable(stale.err));

    const QJsonObject node = run(words("--json node get") << id).json();
    QCOMPARE(at(node, "owner").toString(), QStringLiteral("a"));
    QCOMPARE(at(node, "revision").toInteger(), 2);

    QVERIFY_OK(run(words("node update --revision=2") << id << QStringLiteral("owner=b")));
}

void tst_Cairnctl::deleteSubtree()
{
    seedLab();
    Run result = run(words("node delete") << m_ids.value(QStringLiteral("dev-1")));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Deleted 3 nodes.\n"));
    for (const QString &name : words("dev-1 r1 r2"))
        QCOMPARE_EXIT(run(words("node get") << m_ids.value(name)), 1);
    QVERIFY_OK(run(words("node get") << m_ids.value(QStringLiteral("r3"))));

    result = run(words("node delete") << m_ids.value(QStringLiteral("dev-3")));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Deleted 1 node.\n"));

    result = run(words("--json node delete") << m_ids.value(QStringLiteral("lab")));
    QVERIFY_OK(result);
    QCOMPARE(result.json(), QJsonObject({{QStringLiteral("deleted"), 4}}));
    QCOMPARE(run(words("node count")).out, QStringLiteral("0\n"));
}

void tst_Cairnctl::notFound_data()
{
    QTest::addColumn<QStringList>("arguments");

    QTest::newRow("get") << (words("get") << MissingId);
    QTest::newRow("tree") << (words("tree") << MissingId);
    QTest::newRow("update") << (words("update") << MissingId << QStringLiteral("owner=a"));
    QTest::newRow("delete") << (words("delete") << MissingId);
    QTest::newRow("add under a missing parent")
            << (words("add --kind device --name d --parent") << MissingId);
    QTest::newRow("get a non-uuid") << words("get nope");
}

void tst_Cairnctl::notFound()
{
    QFETCH(QStringList, arguments);

    const Run result = run(words("node") + arguments);
    QCOMPARE_EXIT(result, 1);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
    if (arguments.contains(MissingId))
        QVERIFY2(result.err.contains(MissingId), qPrintable(result.err));
}

void tst_Cairnctl::invalidInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("field");

    const auto add = [](const char *options) {
        return words("add --kind device --name d") + words(options);
    };
    QTest::newRow("bad --data JSON")
            << (add("--data") << QStringLiteral("{\"a\": ")) << QStringLiteral("--data");
    QTest::newRow("--data not an object") << add("--data [1,2]") << QStringLiteral("--data");
    QTest::newRow("bad --state") << add("--state sleeping") << QStringLiteral("--state");
    QTest::newRow("bad --result") << add("--result great") << QStringLiteral("--result");
    QTest::newRow("bad --timeout") << add("--timeout tomorrow") << QStringLiteral("--timeout");
    QTest::newRow("bad --artifact") << add("--artifact log") << QStringLiteral("--artifact");
    QTest::newRow("missing --kind") << words("add --name d") << QStringLiteral("--kind");
    QTest::newRow("missing --name") << words("add --kind device") << QStringLiteral("--name");
    QTest::newRow("bad kind") << words("add --kind Device! --name d") << QStringLiteral("kind");
    QTest::newRow("bad name") << words("add --kind device --name a/b") << QStringLiteral("name");
    QTest::newRow("unknown query field") << words("find colour=red") << QStringLiteral("colour");
    QTest::newRow("unknown query operator")
            << words("find name__like=x") << QStringLiteral("name__like");
    QTest::newRow("order on state") << words("find state__gt=done") << QStringLiteral("state");
    QTest::newRow("bad regular expression") << words("find name__re=(") << QStringLiteral("name");
    QTest::newRow("bad limit") << words("find limit=many") << QStringLiteral("limit");
    QTest::newRow("bad sort") << words("find sort=colour") << QStringLiteral("sort");
    QTest::newRow("term without =") << words("find device") << QStringLiteral("device");
    QTest::newRow("count: unknown field") << words("count colour=red") << QStringLiteral("colour");
    QTest::newRow("bad --depth") << (words("tree --depth deep") << MissingId)
                                 << QStringLiteral("--depth");
    QTest::newRow("bad --revision")
            << (words("update --revision x") << MissingId << QStringLiteral("owner=a"))
            << QStringLiteral("--revision");
    QTest::newRow("update term without =")
            << (words("update") << MissingId << QStringLiteral("owner")) << QStringLiteral("owner");
    QTest::newRow("update empty key")
            << (words("update") << MissingId << QStringLiteral("data..x=1"))
            << QStringLiteral("data..x");
}

void tst_Cairnctl::invalidInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, field);

    const Run result = run(words("node") + arguments);
    QCOMPARE_EXIT(result, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ") + field + u':'),
             qPrintable(result.err));
    // Nothing was written.
    QCOMPARE(run(words("node count")).out, QStringLiteral("0\n"));
}

void tst_Cairnctl::unusableDatabase_data()
{
    QTest::addColumn<QString>("url");

    // The database's folder is a file: no one, not even root, can create the database there.
    QTest::newRow("folder is a file") << QStringLiteral("sqlite:%1/db.sqlite");
    QTest::newRow("not a database URL") << QStringLiteral("mysql://localhost/cairn");
    QTest::newRow("no PostgreSQL there")
            << QStringLiteral("postgresql://postgres@127.0.0.1:%1/cairn")
                       .arg(CairnTest::freePort());
}

void tst_Cairnctl::unusableDatabase()
{
    QFETCH(QString, url);
    QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    if (url.contains(QStringLiteral("%1")))
        url = url.arg(blocker.fileName());

    for (const QStringList &arguments :
         {words("node count"), words("node add --kind site --name lab")}) {
        const Run result = runBare(QStringList{QStringLiteral("--db"), url} + arguments);
        QCOMPARE_EXIT(result, 3);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.startsWith(QStringLiteral("cairnctl: ")), qPrintable(result.err));
        // Said once, by cairnctl, not again by the core's warnings.
        QCOMPARE(result.err.count(QStringLiteral("cairnctl: ")), 1);
    }
}

void tst_Cairnctl::coreFlow_data()
{
    QTest::addColumn<bool>("postgres");

    QTest::newRow("sqlite") << false;
    QTest::newRow("postgresql") << true;
}

// The everyday round trip, once on each database Cairn supports.
void tst_Cairnctl::coreFlow()
{
    QFETCH(bool, postgres);
    if (postgres)
        m_db = m_postgresUrl;

    const QString site = add(QStringLiteral("site"), QStringLiteral("lab"));
    QVERIFY(!site.isEmpty());
    const QString device = add(QStringLiteral("device"), QStringLiteral("thermo"), site,
                               QStringLiteral("{\"arch\": \"x86_64\"}"));
    QVERIFY(!device.isEmpty());
    QVERIFY(!add(QStringLiteral("reading"), QStringLiteral("cold"), device,
                 QStringLiteral("{\"temperature\": 12.5}"))
                     .isEmpty());
    const QString warm = add(QStringLiteral("reading"), QStringLiteral("warm"), device,
                             QStringLiteral("{\"temperature\": 24}"));
    QVERIFY(!warm.isEmpty());

    Run result = run(words("--json node get") << warm);
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "path").toArray(),
             QJsonArray::fromStringList(words("lab thermo warm")));

    result = run(words("--json node find kind=reading data.temperature__gt=20"));
    QVERIFY_OK(result);
    QCOMPARE(names(at(result.json(), "items")), words("warm"));

    result = run(words("node tree --depth 1") << site);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 2);
    result = run(words("node tree") << site);
    QVERIFY_OK(result);
    QCOMPARE(result.lines().size(), 4);

    result = run(words("node count"));
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("4\n"));

    result = run(words("--json node update")
                 << warm << words("state=done result=pass data.ok=true"));
    QVERIFY_OK(result);
    QCOMPARE(at(result.json(), "revision").toInteger(), 2);
    QCOMPARE(at(result.json(), "data.ok"), QJsonValue(true));
    QCOMPARE_EXIT(run(words("node update --revision 1") << warm << QStringLiteral("owner=x")), 1);
    QCOMPARE_EXIT(run(words("node update") << warm << QStringLiteral("state=running")), 2);

    result = run(words("node delete") << site);
    QVERIFY_OK(result);
    QCOMPARE(result.out, QStringLiteral("Deleted 4 nodes.\n"));
    QCOMPARE_EXIT(run(words("node get") << warm), 1);
    QCOMPARE(run(words("node count")).out, QStringLiteral("0\n"));
}

QTEST_MAIN(tst_Cairnctl)

#include "tst_cairnctl.moc"
