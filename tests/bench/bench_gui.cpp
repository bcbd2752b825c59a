// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

/*
 * The desktop app: the time from its start to the first frame of the Nodes view on a
 * 1,000,000-node database, next to the same on an empty database (the reference: what the
 * app costs before it reads anything), and the app's peak RSS while it runs the weather
 * watchdog sample with a station reporting every 100 ms.
 *
 * Each start is a new `cairn --first-frame` process on the offscreen platform; the app
 * prints when its first frame was swapped, measured from the start of main(), and the wall
 * time from spawning it to that line is measured here. Prints figures; sets no pass or fail.
 */

#include "database.h"
#include "machinefacts.h"
#include "mosquittoserver.h"
#include "readbench.h"
#include "workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace CairnBench;

namespace {

struct Start
{
    double appMs = 0; // what the app measured, from main()
    double wallMs = 0; // from spawning the process to its line
};

QProcessEnvironment appEnvironment(const QString &home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_QUICK_BACKEND"), QStringLiteral("software"));
    // The app's settings (recent projects) go to a folder of the benchmark's own.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home);
    return env;
}

std::optional<Start> firstFrame(const QString &project, const QString &home, QString *error)
{
    QProcess app;
    app.setProcessEnvironment(appEnvironment(home));
    app.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer wall;
    wall.start();
    app.start(QStringLiteral(CAIRN_APP),
              {QStringLiteral("--project"), project, QStringLiteral("--view"),
               QStringLiteral("nodes"), QStringLiteral("--first-frame")});
    if (!app.waitForStarted()) {
        *error = app.errorString();
        return std::nullopt;
    }
    static const QRegularExpression line(QStringLiteral("first frame after (\\d+) ms"));
    QByteArray out;
    while (app.state() != QProcess::NotRunning || app.bytesAvailable() > 0) {
        app.waitForReadyRead(100);
        out += app.readAllStandardOutput();
        if (const auto match = line.match(QString::fromUtf8(out)); match.hasMatch()) {
            const double wallMs = double(wall.nsecsElapsed()) / 1e6;
            app.waitForFinished(30000);
            return Start{match.captured(1).toDouble(), wallMs};
        }
        if (wall.elapsed() > 120000) {
            app.kill();
            break;
        }
    }
    *error =
            QStringLiteral("no first frame: %1").arg(QString::fromUtf8(app.readAllStandardError()));
    return std::nullopt;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

bool writeProject(const QString &path, const QString &database)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(QStringLiteral("name: bench\ndatabase: sqlite:%1\ndata_dir: %2\n")
                       .arg(database, QFileInfo(path).absolutePath() + QStringLiteral("/data"))
                       .toUtf8());
    return true;
}

// The peak resident set of a process so far, in kB (VmHWM), or -1.
qint64 peakRssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &row : status.readAll().split('\n')) {
        if (row.startsWith("VmHWM:"))
            return row.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The desktop app's start and memory."));
    parser.addHelpOption();
    const QCommandLineOption nodes(QStringLiteral("nodes"),
                                   QStringLiteral("Nodes in the big database (1000000)."),
                                   QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Starts of each (5)."),
                                  QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption seconds(QStringLiteral("rss-seconds"),
                                     QStringLiteral("How long the app runs the sample (30)."),
                                     QStringLiteral("s"), QStringLiteral("30"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Keep the databases here; a big database "
                                                      "already there is reused."),
                                       QStringLiteral("dir"));
    parser.addOptions({nodes, runs, seconds, dirOption});
    parser.process(app);
    const qint64 nodeCount = parser.value(nodes).toLongLong();
    const int runCount = std::max(1, parser.value(runs).toInt());
    const int rssSeconds = std::max(5, parser.value(seconds).toInt());
    if (nodeCount < 1000) {
        std::fprintf(stderr, "--nodes must be at least 1000\n");
        return 2;
    }

    QTemporaryDir temporary;
    const QString dir = parser.isSet(dirOption) ? parser.value(dirOption) : temporary.path();
    QDir().mkpath(dir);
    const QString home = dir + QStringLiteral("/home");
    QTextStream out(stdout);
    QTextStream progress(stderr);

    MachineFacts facts = MachineFacts::collect(dir);
    facts.add(QStringLiteral("platform"), QStringLiteral("Platform"),
              QStringLiteral("offscreen, software scene graph"));

    // The reference: an empty database.
    const QString emptyProject = dir + QStringLiteral("/empty/project.yaml");
    QDir().mkpath(dir + QStringLiteral("/empty"));
    QFile::remove(dir + QStringLiteral("/empty/cairn.db"));
    if (!writeProject(emptyProject, dir + QStringLiteral("/empty/cairn.db")))
        return std::fprintf(stderr, "cannot write %s\n", qPrintable(emptyProject)), 1;

    // The big database, built once through the node store.
    const QString bigDb = dir + QStringLiteral("/big/cairn.db");
    const QString bigProject = dir + QStringLiteral("/big/project.yaml");
    QDir().mkpath(dir + QStringLiteral("/big"));
    {
        Cairn::Database db;
        const bool exists = QFileInfo(bigDb).size() > 0;
        if (!db.open(QStringLiteral("sqlite:") + bigDb))
            return std::fprintf(stderr, "%s\n", qPrintable(db.errorString())), 1;
        qint64 count = 0;
        if (exists) {
            QSqlQuery query(db.connection());
            if (query.exec(QStringLiteral("SELECT count(*) FROM nodes")) && query.next())
                count = query.value(0).toLongLong();
        }
        if (count != nodeCount) {
            db.close();
            QFile::remove(bigDb);
            if (!db.open(QStringLiteral("sqlite:") + bigDb))
                return std::fprintf(stderr, "%s\n", qPrintable(db.errorString())), 1;
            progress << "building a " << nodeCount << "-node database in " << bigDb << '\n';
            progress.flush();
            const auto built = buildDatabase(db, Workload::big(nodeCount), 5000, progress);
            if (!built)
                return std::fprintf(stderr, "%s\n", qPrintable(built.error().toString())), 1;
        }
    }
    if (!writeProject(bigProject, bigDb))
        return std::fprintf(stderr, "cannot write %s\n", qPrintable(bigProject)), 1;
    facts.add(QStringLiteral("database"), QStringLiteral("Big database"),
              QStringLiteral("%1 nodes, %2 MB")
                      .arg(nodeCount)
                      .arg(QFileInfo(bigDb).size() / 1e6, 0, 'f', 0));

    // Starts, alternating so that a busy moment of the machine touches both alike.
    QList<double> emptyApp, emptyWall, bigApp, bigWall;
    QString error;
    firstFrame(emptyProject, home, &error); // warms the file cache: not counted
    firstFrame(bigProject, home, &error);
    for (int i = 0; i < runCount; ++i) {
        progress << "start " << (i + 1) << " of " << runCount << '\n';
        progress.flush();
        const auto empty = firstFrame(emptyProject, home, &error);
        if (!empty)
            return std::fprintf(stderr, "empty database: %s\n", qPrintable(error)), 1;
        emptyApp << empty->appMs;
        emptyWall << empty->wallMs;
        const auto big = firstFrame(bigProject, home, &error);
        if (!big)
            return std::fprintf(stderr, "big database: %s\n", qPrintable(error)), 1;
        bigApp << big->appMs;
        bigWall << big->wallMs;
    }

    // Peak RSS with the sample running: a broker, the station every 100 ms, the app.
    CairnTest::MosquittoServer broker;
    if (!broker.start())
        return std::fprintf(stderr, "mosquitto: %s\n", qPrintable(broker.errorString())), 1;
    QFile sample(QStringLiteral(CAIRN_SAMPLE_DIR "/project.yaml"));
    if (!sample.open(QIODevice::ReadOnly))
        return std::fprintf(stderr, "cannot read the sample\n"), 1;
    QString yaml = QString::fromUtf8(sample.readAll());
    yaml.replace(QStringLiteral("\n  port: 1883\n"),
                 QStringLiteral("\n  port: %1\n").arg(broker.port()));
    const QString sampleDir = dir + QStringLiteral("/sample");
    QDir(sampleDir).removeRecursively();
    QDir().mkpath(sampleDir);
    QFile sampleProject(sampleDir + QStringLiteral("/project.yaml"));
    if (!sampleProject.open(QIODevice::WriteOnly))
        return 1;
    sampleProject.write(yaml.toUtf8());
    sampleProject.close();

    QProcess station;
    station.start(QStringLiteral(CAIRN_WEATHER_SIM),
                  {QStringLiteral("--port"), QString::number(broker.port()),
                   QStringLiteral("--interval"), QStringLiteral("100")});
    station.waitForStarted();
    QProcess gui;
    gui.setProcessEnvironment(appEnvironment(home));
    gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    gui.setStandardOutputFile(QProcess::nullDevice());
    progress << "running the sample in the app for " << rssSeconds << " s\n";
    progress.flush();
    gui.start(QStringLiteral(CAIRN_APP),
              {QStringLiteral("--project"), sampleProject.fileName(), QStringLiteral("--view"),
               QStringLiteral("events"), QStringLiteral("--quit-after"),
               QString::number(rssSeconds)});
    gui.waitForStarted();
    qint64 peak = -1;
    while (!gui.waitForFinished(250))
        peak = std::max(peak, peakRssKb(gui.processId()));
    station.terminate();
    station.waitForFinished(5000);
    broker.stop();
    qint64 events = 0;
    {
        Cairn::Database db;
        if (db.open(QStringLiteral("sqlite:") + sampleDir + QStringLiteral("/.cairn/weather.db"))) {
            QSqlQuery query(db.connection());
            if (query.exec(QStringLiteral("SELECT count(*) FROM events")) && query.next())
                events = query.value(0).toLongLong();
        }
    }

    out << "bench_gui: the desktop app (" << CAIRN_BENCH_BUILD_TYPE << " build)\n";
    facts.print(out);
    out << "\nStart to first frame of the Nodes view, median of " << runCount << " starts:\n";
    out << QStringLiteral("  %1 nodes      app %2 ms   wall %3 ms\n")
                    .arg(nodeCount, 9)
                    .arg(median(bigApp), 6, 'f', 0)
                    .arg(median(bigWall), 6, 'f', 0);
    out << QStringLiteral("  empty (reference)  app %1 ms   wall %2 ms\n")
                    .arg(median(emptyApp), 6, 'f', 0)
                    .arg(median(emptyWall), 6, 'f', 0);
    out << QStringLiteral(
                   "  ratio to the reference: %1x (app), the big database costs %2 ms more\n")
                    .arg(median(bigApp) / std::max(1.0, median(emptyApp)), 0, 'f', 2)
                    .arg(median(bigApp) - median(emptyApp), 0, 'f', 0);
    out << "\nPeak RSS running the weather watchdog sample (station every 100 ms, " << rssSeconds
        << " s, Events view):\n";
    out << QStringLiteral("  %1 MB, %2 events on the bus\n")
                    .arg(peak / 1024.0, 0, 'f', 1)
                    .arg(events);
    out.flush();
    return 0;
}
