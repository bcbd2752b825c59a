// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apitestserver.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Cairn;
using namespace CairnTest;

namespace {

QString lower(QHttpServerRequest::Method method)
{
    return ApiRouter::methodName(method).toLower();
}

const QStringList OperationKeys = {QStringLiteral("get"),     QStringLiteral("put"),
                                   QStringLiteral("post"),    QStringLiteral("delete"),
                                   QStringLiteral("patch"),   QStringLiteral("head"),
                                   QStringLiteral("options"), QStringLiteral("trace")};

} // namespace

// The OpenAPI document the API serves: valid OpenAPI 3.0, and in step with the routes.
class tst_OpenApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void validates();
    void everyRouteDocumented();
    void everyOperationServed();
    void pathParametersDeclared();
    void rolesAndSecurity();
    void everyRouteAnswers();

private:
    std::unique_ptr<ApiTestServer> m_server;
    QJsonObject m_document;
};

void tst_OpenApi::initTestCase()
{
    m_server = std::make_unique<ApiTestServer>();
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
    const ApiReply reply = m_server->get(QStringLiteral("/api/v1/openapi.json"), m_server->viewer);
    QCOMPARE(reply.status, 200);
    m_document = reply.json();
    QVERIFY(!m_document.isEmpty());
    QCOMPARE(m_document.value(QStringLiteral("info"))
                     .toObject()
                     .value(QStringLiteral("version"))
                     .toString(),
             ApiServer::version());
}

void tst_OpenApi::validates()
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    QVERIFY2(!node.isEmpty(), "node (Node.js) is needed to validate the OpenAPI document");
    const QDir check(QStringLiteral(OPENAPI_CHECK_DIR));
    QVERIFY2(QFileInfo::exists(
                     check.filePath(QStringLiteral("node_modules/@apidevtools/swagger-parser"))),
             qPrintable(QStringLiteral("the validator is not installed: run `npm ci` in %1")
                                .arg(check.path())));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("openapi.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(m_document).toJson());
    file.close();

    QProcess validator;
    validator.setWorkingDirectory(check.path());
    validator.start(node, {QStringLiteral("validate.mjs"), file.fileName()});
    QVERIFY2(validator.waitForFinished(120000), qPrintable(validator.errorString()));
    const QString output = QString::fromUtf8(validator.readAllStandardOutput())
            + QString::fromUtf8(validator.readAllStandardError());
    QVERIFY2(validator.exitStatus() == QProcess::NormalExit && validator.exitCode() == 0,
             qPrintable(output));
    QVERIFY2(output.contains(QStringLiteral("valid")), qPrintable(output));
}

void tst_OpenApi::everyRouteDocumented()
{
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    QVERIFY(!m_server->api().routes().isEmpty());
    for (const ApiRoute &route : m_server->api().routes()) {
        const QJsonObject path = paths.value(route.path).toObject();
        QVERIFY2(!path.isEmpty(), qPrintable(route.path + QStringLiteral(" is not documented")));
        const QJsonObject operation = path.value(lower(route.method)).toObject();
        QVERIFY2(!operation.isEmpty(),
                 qPrintable(ApiRouter::methodName(route.method) + u' ' + route.path
                            + QStringLiteral(" is not documented")));
        QVERIFY(!operation.value(QStringLiteral("operationId")).toString().isEmpty());
        QVERIFY(!operation.value(QStringLiteral("responses")).toObject().isEmpty());
        if (route.isWebSocket())
            QVERIFY2(operation.value(QStringLiteral("responses"))
                             .toObject()
                             .contains(QStringLiteral("101")),
                     qPrintable(route.path));
    }
}

void tst_OpenApi::everyOperationServed()
{
    QSet<QString> served;
    for (const ApiRoute &route : m_server->api().routes())
        served.insert(lower(route.method) + u' ' + route.path);
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QJsonObject item = path.value().toObject();
        for (auto key = item.begin(); key != item.end(); ++key) {
            if (!OperationKeys.contains(key.key()))
                continue;
            QVERIFY2(served.contains(key.key() + u' ' + path.key()),
                     qPrintable(key.key() + u' ' + path.key()
                                + QStringLiteral(" is documented but not served")));
        }
    }
}

void tst_OpenApi::pathParametersDeclared()
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z_]+)\\}"));
    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        QStringList wanted;
        for (const QRegularExpressionMatch &match : placeholder.globalMatch(path.key()))
            wanted.append(match.captured(1));
        const QJsonObject item = path.value().toObject();
        for (auto key = item.begin(); key != item.end(); ++key) {
            if (!OperationKeys.contains(key.key()))
                continue;
            QStringList declared;
            const QJsonArray parameters = item.value(QStringLiteral("parameters")).toArray()
                    + key.value().toObject().value(QStringLiteral("parameters")).toArray();
            for (const QJsonValue &parameter : parameters) {
                const QJsonObject p = parameter.toObject();
                if (p.value(QStringLiteral("in")).toString() == u"path") {
                    QVERIFY(p.value(QStringLiteral("required")).toBool());
                    declared.append(p.value(QStringLiteral("name")).toString());
                }
            }
            declared.sort();
            wanted.sort();
            QVERIFY2(declared == wanted, qPrintable(key.key() + u' ' + path.key()));
        }
    }
}

void tst_OpenApi::rolesAndSecurity()
{
    const QJsonObject schemes = m_document.value(QStringLiteral("components"))
                                        .toObject()
                                        .value(QStringLiteral("securitySchemes"))
                                        .toObject();
    QCOMPARE(schemes.value(QStringLiteral("bearerAuth"))
                     .toObject()
                     .value(QStringLiteral("scheme"))
                     .toString(),
             QStringLiteral("bearer"));
    QCOMPARE(m_document.value(QStringLiteral("security")).toArray(),
             (QJsonArray{QJsonObject{{QStringLiteral("bearerAuth"), QJsonArray()}}}));

    const QJsonObject paths = m_document.value(QStringLiteral("paths")).toObject();
    for (const ApiRoute &route : m_server->api().routes()) {
        const QJsonObject operation =
                paths.value(route.path).toObject().value(lower(route.method)).toObject();
        const QJsonObject responses = operation.value(QStringLiteral("responses")).toObject();
        const QString what = ApiRouter::methodName(route.method) + u' ' + route.path;
        if (!route.role) {
            // Public: it says so.
            QCOMPARE(operation.value(QStringLiteral("security")).toArray(), QJsonArray());
            continue;
        }
        QVERIFY2(!operation.contains(QStringLiteral("security")), qPrintable(what));
        QCOMPARE(operation.value(QStringLiteral("x-cairn-role")).toString(),
                 ApiToken::roleName(*route.role));
        QVERIFY2(responses.contains(QStringLiteral("401")), qPrintable(what));
        QVERIFY2(responses.contains(QStringLiteral("403")), qPrintable(what));
        const bool takesBody = route.method == QHttpServerRequest::Method::Post
                || route.method == QHttpServerRequest::Method::Put
                || route.method == QHttpServerRequest::Method::Patch;
        if (takesBody)
            QVERIFY2(responses.contains(QStringLiteral("413")), qPrintable(what));
    }
}

void tst_OpenApi::everyRouteAnswers()
{
    // Each route, its placeholders filled in, is answered by its handler: not the 404 of an
    // unknown path, nor a 405.
    for (const ApiRoute &route : m_server->api().routes()) {
        QString path = route.path;
        path.replace(QRegularExpression(QStringLiteral("\\{[a-z_]+\\}")), QStringLiteral("x"));
        const ApiReply reply = m_server->request(ApiRouter::methodName(route.method).toLatin1(),
                                                 path, m_server->admin, "{}");
        const QString what = ApiRouter::methodName(route.method) + u' ' + path + u' '
                + reply.describe();
        QVERIFY2(reply.status != 405, qPrintable(what));
        QVERIFY2(!reply.json()
                          .value(QStringLiteral("message"))
                          .toString()
                          .startsWith(QStringLiteral("There is nothing at")),
                 qPrintable(what));
        const QString documented = QString::number(reply.status);
        QVERIFY2(m_document.value(QStringLiteral("paths"))
                         .toObject()
                         .value(route.path)
                         .toObject()
                         .value(lower(route.method))
                         .toObject()
                         .value(QStringLiteral("responses"))
                         .toObject()
                         .contains(documented),
                 qPrintable(what + QStringLiteral(": this status is not documented")));
    }
}

QTEST_MAIN(tst_OpenApi)
#include "tst_openapi.moc"
