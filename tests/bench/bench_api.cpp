// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

// The HTTP API of a real cairnd under wrk on loopback: GET one node, a filtered query and
// POST node creates, next to /health (no token, no database) as the floor of the server.

#include "freeport.h"
#include "machinefacts.h"

#include "database.h"
#include "nodestore.h"
#include "tokenstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <optional>

using namespace Cairn;
using namespace CairnBench;

namespace {

struct Options
{
    qint64 nodes = 100000;
    int devices = 100;
    int seconds = 10;
    int connections = 16;
    int threads = 2;
    QString cairnd = QStringLiteral(CAIRND_PATH);
};

// What wrk printed for one endpoint.
struct WrkResult
{
    QString label;
    QString what;
    double requestsPerSecond = 0;
    qint64 requests = 0;
    qint64 failed = 0; // non-2xx or 3xx answers and socket errors
    QHash<QString, double> latencyMs; // "50%", "75%", "90%", "99%"
    QString error;
};

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
            "Drives the HTTP API of a cairnd on loopback with wrk: GET one node, a filtered node "
            "query and POST node creates, with /health as the reference. The cairnd runs on a "
            "SQLite database filled beforehand. Exits with 1 when an answer was not a success."));
    parser.addHelpOption();
    const QCommandLineOption nodes(QStringLiteral("nodes"),
                                   QStringLiteral("Reading nodes in the database (100000)."),
                                   QStringLiteral("N"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("How long wrk drives each endpoint (10)."),
                                     QStringLiteral("S"));
    const QCommandLineOption connections(QStringLiteral("connections"),
                                         QStringLiteral("Open connections (16)."),
                                         QStringLiteral("N"));
    const QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("wrk threads (2)."),
                                     QStringLiteral("N"));
    const QCommandLineOption cairnd(QStringLiteral("cairnd"),
                                    QStringLiteral("The cairnd to run (the one built with this)."),
                                    QStringLiteral("PATH"));
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("A short run: 10000 nodes, 3 s each."));
    parser.addOptions({nodes, seconds, connections, threads, cairnd, quick});
    parser.process(app);

    Options options;
    if (parser.isSet(quick)) {
        options.nodes = 10000;
        options.seconds = 3;
    }
    const auto number = [&](const QCommandLineOption &option, auto *target, qint64 min) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < min) {
            err() << "bench_api: --" << option.names().constFirst()
                  << " wants a number of at least " << min << Qt::endl;
            return false;
        }
        *target = static_cast<std::remove_pointer_t<decltype(target)>>(value);
        return true;
    };
    if (!number(nodes, &options.nodes, 1000) || !number(seconds, &options.seconds, 1)
        || !number(connections, &options.connections, 1) || !number(threads, &options.threads, 1))
        return std::nullopt;
    if (parser.isSet(cairnd))
        options.cairnd = parser.value(cairnd);
    return options;
}

// A site, its devices and the readings spread over them, written in batches.
Result<QString> fill(Database &db, const Options &options)
{
    NodeStore store(db);
    Node site;
    site.kind = QStringLiteral("site");
    site.name = QStringLiteral("lab");
    Result<Node> root = store.create(site);
    if (!root)
        return root.error();
    QList<Node> devices;
    for (int i = 0; i < options.devices; ++i) {
        Node device;
        device.parent = root->id;
        device.kind = QStringLiteral("device");
        device.name = QStringLiteral("station-%1").arg(i);
        devices.append(device);
    }
    Result<QList<Node>> created = store.createBatch(devices);
    if (!created)
        return created.error();
    QList<Node> batch;
    for (qint64 i = 0; i < options.nodes; ++i) {
        Node reading;
        reading.parent = created->at(int(i % options.devices)).id;
        reading.kind = QStringLiteral("reading");
        reading.name = QStringLiteral("r-%1").arg(i);
        reading.data = {{QStringLiteral("temperature"), 15.0 + double(i % 200) * 0.125},
                        {QStringLiteral("seq"), i}};
        batch.append(reading);
        if (batch.size() == 10000 || i == options.nodes - 1) {
            if (Result<QList<Node>> written = store.createBatch(batch); !written)
                return written.error();
            batch.clear();
        }
    }
    return created->at(7).id;
}

// One request through Qt, to know the endpoint answers before wrk hammers it.
int probe(const QString &method, const QUrl &url, const QByteArray &token, const QByteArray &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = method == QStringLiteral("POST") ? network.post(request, body)
                                                            : network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

double toMilliseconds(const QString &value)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9.]+)(us|ms|s|m)$"));
    const QRegularExpressionMatch match = pattern.match(value);
    if (!match.hasMatch())
        return -1;
    const double number = match.captured(1).toDouble();
    const QString unit = match.captured(2);
    return unit == QStringLiteral("us")    ? number / 1000
            : unit == QStringLiteral("ms") ? number
            : unit == QStringLiteral("s")  ? number * 1000
                                           : number * 60000;
}

// Runs wrk while the event loop turns (cairnd is another process, but this keeps the
// benchmark responsive to its own timers), and reads its report.
WrkResult runWrk(const Options &options, const QString &label, const QString &what, const QUrl &url,
                 const QByteArray &token, const QString &script)
{
    WrkResult result;
    result.label = label;
    result.what = what;
    QStringList arguments = {QStringLiteral("--latency"),
                             QStringLiteral("-t%1").arg(options.threads),
                             QStringLiteral("-c%1").arg(options.connections),
                             QStringLiteral("-d%1s").arg(options.seconds)};
    if (!token.isEmpty())
        arguments << QStringLiteral("-H")
                  << QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(token);
    if (!script.isEmpty())
        arguments << QStringLiteral("-s") << script;
    arguments << url.toString();
    QProcess wrk;
    wrk.start(QStringLiteral("wrk"), arguments);
    QEventLoop loop;
    QObject::connect(&wrk, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&wrk, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    loop.exec();
    const QString output = QString::fromUtf8(wrk.readAllStandardOutput());
    if (wrk.exitStatus() != QProcess::NormalExit || wrk.exitCode() != 0) {
        result.error = QStringLiteral("wrk failed: ") + wrk.errorString() + u'\n'
                + QString::fromUtf8(wrk.readAllStandardError()) + output;
        return result;
    }
    static const QRegularExpression rps(QStringLiteral("Requests/sec:\\s+([0-9.]+)"));
    static const QRegularExpression total(QStringLiteral("^\\s*([0-9]+) requests in"),
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression non2xx(QStringLiteral("Non-2xx or 3xx responses: ([0-9]+)"));
    static const QRegularExpression socketErrors(QStringLiteral(
            "Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)"));
    static const QRegularExpression percentile(QStringLiteral("^\\s+(50|75|90|99)%\\s+(\\S+)$"),
                                               QRegularExpression::MultilineOption);
    result.requestsPerSecond = rps.match(output).captured(1).toDouble();
    result.requests = total.match(output).captured(1).toLongLong();
    result.failed = non2xx.match(output).captured(1).toLongLong();
    const QRegularExpressionMatch errors = socketErrors.match(output);
    for (int i = 1; errors.hasMatch() && i <= 4; ++i)
        result.failed += errors.captured(i).toLongLong();
    for (auto it = percentile.globalMatch(output); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        result.latencyMs.insert(match.captured(1) + u'%', toMilliseconds(match.captured(2)));
    }
    if (result.requests == 0 || result.latencyMs.size() != 4)
        result.error = QStringLiteral("cannot read wrk's report:\n") + output;
    return result;
}

QString number(double value, int decimals = 0)
{
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_api"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    QTemporaryDir dir;
    if (!dir.isValid()) {
        err() << "bench_api: cannot make a temporary folder" << Qt::endl;
        return 1;
    }
    QByteArray token;
    QString deviceId;
    {
        err() << "filling the database with " << options->nodes << " readings..." << Qt::endl;
        Database db;
        if (!db.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("cairn.db")))) {
            err() << "bench_api: " << db.errorString() << Qt::endl;
            return 1;
        }
        Result<QString> device = fill(db, *options);
        if (!device) {
            err() << "bench_api: " << device.error().toString() << Qt::endl;
            return 1;
        }
        deviceId = *device;
        TokenStore tokens(db);
        Result<IssuedToken> issued = tokens.create(QStringLiteral("bench"),
                                                   ApiToken::Role::Operator);
        if (!issued) {
            err() << "bench_api: " << issued.error().toString() << Qt::endl;
            return 1;
        }
        token = issued->secret.toLatin1();
    }

    const quint16 port = CairnTest::freePort();
    QFile project(dir.filePath(QStringLiteral("project.yaml")));
    if (!project.open(QIODevice::WriteOnly)
        || project.write(QStringLiteral("name: bench\ndatabase: sqlite:cairn.db\n"
                                        "api: {listen: \"127.0.0.1:%1\"}\n")
                                 .arg(port)
                                 .toUtf8())
                < 0) {
        err() << "bench_api: cannot write " << project.fileName() << Qt::endl;
        return 1;
    }
    project.close();

    QProcess cairnd;
    cairnd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // Its warnings show; its notes would only interleave with the progress lines.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cairn.*.info=false"));
    cairnd.setProcessEnvironment(environment);
    cairnd.start(options->cairnd, {QStringLiteral("--project"), project.fileName()});
    if (!cairnd.waitForStarted(10000)) {
        err() << "bench_api: cannot start " << options->cairnd << ": " << cairnd.errorString()
              << Qt::endl;
        return 1;
    }
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    const QDeadlineTimer ready(std::chrono::seconds(30));
    while (probe(QStringLiteral("GET"), QUrl(base + QStringLiteral("/health")), {}, {}) != 200) {
        if (ready.hasExpired() || cairnd.state() == QProcess::NotRunning) {
            err() << "bench_api: cairnd did not answer /health" << Qt::endl;
            return 1;
        }
        QThread::msleep(100);
    }

    // The node GET asks for: one in the middle of the readings.
    QString nodeId;
    {
        Database db;
        if (!db.open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("cairn.db"))))
            return 1;
        NodeStore store(db);
        Result<NodePage> page = store.find(
                *NodeQuery::parse({QStringLiteral("kind=reading"),
                                   QStringLiteral("name=r-%1").arg(options->nodes / 2)}));
        if (!page || page->nodes.isEmpty()) {
            err() << "bench_api: the reading to GET is not there" << Qt::endl;
            return 1;
        }
        nodeId = page->nodes.constFirst().id;
    }

    const QString script = dir.filePath(QStringLiteral("post.lua"));
    {
        // Names must differ: a node's path is unique among its siblings.
        QFile lua(script);
        if (!lua.open(QIODevice::WriteOnly)
            || lua.write(
                       QStringLiteral("wrk.headers['Content-Type'] = 'application/json'\n"
                                      "local counter = 0\n"
                                      "local prefix = tostring(math.random(1, 1000000000))\n"
                                      "request = function()\n"
                                      "  counter = counter + 1\n"
                                      "  local body = '{\"parent\": \"%1\", \"kind\": \"reading\", "
                                      "\"name\": \"w-' .. prefix .. '-' .. counter .. '\", "
                                      "\"data\": {\"temperature\": 21.5}}'\n"
                                      "  return wrk.format('POST', nil, nil, body)\n"
                                      "end\n")
                               .arg(deviceId)
                               .toUtf8())
                    < 0) {
            err() << "bench_api: cannot write " << script << Qt::endl;
            return 1;
        }
    }

    struct Endpoint
    {
        QString label;
        QString what;
        QUrl url;
        QByteArray token;
        QString script;
        QString method;
        int expected;
    };
    const QList<Endpoint> endpoints = {
            {QStringLiteral("GET /health"),
             QStringLiteral("reference: no token, no query"),
             QUrl(base + QStringLiteral("/health")),
             {},
             {},
             QStringLiteral("GET"),
             200},
            {QStringLiteral("GET /api/v1/nodes/{id}"),
             QStringLiteral("one node by id"),
             QUrl(base + QStringLiteral("/api/v1/nodes/") + nodeId),
             token,
             {},
             QStringLiteral("GET"),
             200},
            {QStringLiteral("GET /api/v1/nodes?..."),
             QStringLiteral("one device's readings above 30 degrees, 20 newest"),
             QUrl(base + QStringLiteral("/api/v1/nodes?parent=") + deviceId
                  + QStringLiteral("&kind=reading&data.temperature__gt=30&sort=-created&limit=20")),
             token,
             {},
             QStringLiteral("GET"),
             200},
            {QStringLiteral("POST /api/v1/nodes"), QStringLiteral("create a reading"),
             QUrl(base + QStringLiteral("/api/v1/nodes")), token, script, QStringLiteral("POST"),
             201},
    };

    int exitCode = 0;
    QList<WrkResult> results;
    for (const Endpoint &endpoint : endpoints) {
        const QByteArray body = QByteArrayLiteral("{\"parent\": \"") + deviceId.toUtf8()
                + QByteArrayLiteral("\", \"kind\": \"reading\", \"name\": \"probe\"}");
        const int status = probe(endpoint.method, endpoint.url, endpoint.token, body);
        if (status != endpoint.expected) {
            err() << "bench_api: " << endpoint.label << " answered " << status << ", not "
                  << endpoint.expected << Qt::endl;
            exitCode = 1;
            continue;
        }
        err() << "wrk on " << endpoint.label << " for " << options->seconds << " s..." << Qt::endl;
        results.append(runWrk(*options, endpoint.label, endpoint.what, endpoint.url, endpoint.token,
                              endpoint.script));
    }
    cairnd.terminate();
    cairnd.waitForFinished(30000);

    QTextStream out(stdout);
    out << "Cairn HTTP API benchmark\n\n";
    MachineFacts facts = MachineFacts::collect(dir.path(), QStringLiteral("cairnd on SQLite"));
    facts.add(QStringLiteral("setup"), QStringLiteral("Setup"),
              QStringLiteral("%1 readings under %2 devices; wrk %3 threads, %4 connections, %5 s "
                             "per endpoint, on the same 2 cores as cairnd")
                      .arg(number(double(options->nodes)))
                      .arg(options->devices)
                      .arg(options->threads)
                      .arg(options->connections)
                      .arg(options->seconds));
    facts.print(out);
    out << '\n';
    const double reference = results.isEmpty() ? 0 : results.constFirst().requestsPerSecond;
    out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8\n")
                    .arg(QStringLiteral("endpoint"), -26)
                    .arg(QStringLiteral("req/s"), 9)
                    .arg(QStringLiteral("p50 ms"), 8)
                    .arg(QStringLiteral("p90 ms"), 8)
                    .arg(QStringLiteral("p99 ms"), 8)
                    .arg(QStringLiteral("failed"), 7)
                    .arg(QStringLiteral("/health"), 8)
                    .arg(QStringLiteral("what"));
    for (const WrkResult &r : std::as_const(results)) {
        if (!r.error.isEmpty()) {
            out << "  " << r.label << ": " << r.error << '\n';
            exitCode = 1;
            continue;
        }
        if (r.failed > 0)
            exitCode = 1;
        out << QStringLiteral("  %1 %2 %3 %4 %5 %6 %7 %8\n")
                        .arg(r.label, -26)
                        .arg(number(r.requestsPerSecond), 9)
                        .arg(number(r.latencyMs.value(QStringLiteral("50%")), 2), 8)
                        .arg(number(r.latencyMs.value(QStringLiteral("90%")), 2), 8)
                        .arg(number(r.latencyMs.value(QStringLiteral("99%")), 2), 8)
                        .arg(r.failed, 7)
                        .arg(reference > 0 ? number(r.requestsPerSecond / reference, 2) + u'x'
                                           : QStringLiteral("-"),
                             8)
                        .arg(r.what);
    }
    out << "\n  failed: answers that were not a success, and socket errors; any makes the exit "
           "code 1.\n";
    return exitCode;
}
