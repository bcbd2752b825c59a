// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "httprequestjob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStringDecoder>
#include <QUrl>

#include <memory>

namespace Cairn {

namespace {

// What the outcome's data holds of an answer; the log gets all of it.
constexpr qint64 MaxKeptBody = 64 * 1024;

QJsonObject typed(const QString &type, const QString &description)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("description"), description}};
}

const QStringList &methods()
{
    static const QStringList list{QStringLiteral("GET"), QStringLiteral("POST"),
                                  QStringLiteral("PUT"), QStringLiteral("PATCH"),
                                  QStringLiteral("DELETE")};
    return list;
}

bool isInteger(const QJsonValue &value)
{
    return value.isDouble() && value.toDouble() == double(value.toInteger());
}

} // namespace

HttpRequestJob::HttpRequestJob(const JobSpec &spec) : BuiltinJob(spec)
{
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_requestTimer, &QTimer::timeout, this, [this] {
        dropReply();
        const QString message = tr("no answer within %1 ms").arg(qint64(m_requestTimeout.count()));
        log(message, true);
        finish(JobOutcome::TimedOut, message);
    });
}

/*!
    Aborts the request if it still runs; finished() is not emitted.
*/
HttpRequestJob::~HttpRequestJob()
{
    dropReply();
}

/*!
    The "http.request" kind, version 1.0.0. Its params: \c url (required), \c method,
    \c headers, \c body (sent as application/json), \c expect and \c timeout_ms.
*/
JobKind HttpRequestJob::kind()
{
    QJsonObject url = typed(QStringLiteral("string"), QStringLiteral("An http or https URL."));
    url.insert(QStringLiteral("minLength"), 1);
    QJsonObject method = typed(QStringLiteral("string"), QStringLiteral("The HTTP method."));
    method.insert(QStringLiteral("enum"), QJsonArray::fromStringList(methods()));
    method.insert(QStringLiteral("default"), QStringLiteral("GET"));
    // The schema subset has no schema for additionalProperties: create() checks that the
    // values are strings.
    const QJsonObject headers = typed(QStringLiteral("object"),
                                      QStringLiteral("Request headers, each name mapped to a "
                                                     "string."));
    const QJsonObject body{
            {QStringLiteral("type"),
             QJsonArray{QStringLiteral("object"), QStringLiteral("array"), QStringLiteral("string"),
                        QStringLiteral("number"), QStringLiteral("boolean"),
                        QStringLiteral("null")}},
            {QStringLiteral("description"),
             QStringLiteral("Sent as compact JSON with the type application/json.")},
    };
    const QJsonObject status{{QStringLiteral("type"), QStringLiteral("integer")},
                             {QStringLiteral("minimum"), 100},
                             {QStringLiteral("maximum"), 599}};
    QJsonObject expect = typed(QStringLiteral("array"),
                               QStringLiteral("The statuses that mean success; any 2xx if "
                                              "absent or empty."));
    expect.insert(QStringLiteral("items"), status);
    QJsonObject timeout = typed(QStringLiteral("integer"),
                                QStringLiteral("How long to wait for the whole answer, in "
                                               "milliseconds; 0: no limit but the job's."));
    timeout.insert(QStringLiteral("minimum"), 0);

    JobKind kind;
    kind.name = QStringLiteral("http.request");
    kind.version = QStringLiteral("1.0.0");
    kind.schema = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("url"), url},
                         {QStringLiteral("method"), method},
                         {QStringLiteral("headers"), headers},
                         {QStringLiteral("body"), body},
                         {QStringLiteral("expect"), expect},
                         {QStringLiteral("timeout_ms"), timeout}}},
            {QStringLiteral("required"), QJsonArray{QStringLiteral("url")}},
            {QStringLiteral("additionalProperties"), false},
    };
    kind.description = tr("Calls a remote HTTP API; its status decides the outcome");
    return kind;
}

/*!
    Checks the params of \a spec enough to send the request and opens the log. The request
    goes through \a network, which must outlive the job.
*/
Result<HttpRequestJob *> HttpRequestJob::create(const JobSpec &spec, QNetworkAccessManager *network,
                                                QObject *parent)
{
    const QJsonObject &params = spec.params;
    const QUrl url(params.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QStringLiteral("http") && scheme != QStringLiteral("https")))
        return Error::invalid(QStringLiteral("params.url"),
                              tr("an http.request job needs an http or https URL"));

    const QString method =
            params.value(QStringLiteral("method")).toString(QStringLiteral("GET")).toUpper();
    if (!methods().contains(method))
        return Error::invalid(QStringLiteral("params.method"),
                              tr("%1 is not one of %2").arg(method, methods().join(u", ")));

    std::unique_ptr<HttpRequestJob> job(new HttpRequestJob(spec));
    job->m_network = network;
    job->m_method = method.toLatin1();
    job->m_request.setUrl(url);

    const QJsonValue headers = params.value(QStringLiteral("headers"));
    if (!headers.isUndefined() && !headers.isObject())
        return Error::invalid(QStringLiteral("params.headers"),
                              tr("headers must map names to strings"));
    const QJsonObject headerObject = headers.toObject();
    for (auto it = headerObject.begin(); it != headerObject.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty())
            return Error::invalid(QStringLiteral("params.headers.") + it.key(),
                                  tr("headers must map names to strings"));
        job->m_request.setRawHeader(it.key().toUtf8(), it.value().toString().toUtf8());
    }

    const QJsonValue body = params.value(QStringLiteral("body"));
    if (!body.isUndefined()) {
        job->m_hasBody = true;
        if (body.isObject())
            job->m_body = QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
        else if (body.isArray())
            job->m_body = QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
        else { // QJsonDocument holds only objects and arrays: cut the brackets off
            const QByteArray wrapped =
                    QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact);
            job->m_body = wrapped.mid(1, wrapped.size() - 2);
        }
        if (!headerObject.contains(QStringLiteral("Content-Type")))
            job->m_request.setHeader(QNetworkRequest::ContentTypeHeader,
                                     QStringLiteral("application/json"));
    }

    const QJsonValue expect = params.value(QStringLiteral("expect"));
    if (!expect.isUndefined() && !expect.isArray())
        return Error::invalid(QStringLiteral("params.expect"),
                              tr("expect must be a list of HTTP statuses"));
    for (const QJsonValue &code : expect.toArray()) {
        if (!isInteger(code))
            return Error::invalid(QStringLiteral("params.expect"),
                                  tr("expect must be a list of HTTP statuses"));
        job->m_expect.append(code.toInt());
    }

    const QJsonValue timeout = params.value(QStringLiteral("timeout_ms"));
    if (!timeout.isUndefined() && (!isInteger(timeout) || timeout.toInteger() < 0))
        return Error::invalid(QStringLiteral("params.timeout_ms"),
                              tr("timeout_ms must be a number of milliseconds"));
    job->m_requestTimeout = std::chrono::milliseconds(timeout.toInteger());

    if (Status opened = job->openLog(); !opened)
        return opened.error();
    job->setParent(parent);
    job->schedule();
    return job.release();
}

void HttpRequestJob::run()
{
    if (!m_network) {
        finish(JobOutcome::Error, tr("no network access is configured"));
        return;
    }
    const QString target = m_request.url().toDisplayString(QUrl::RemoveUserInfo);
    log(tr("%1 %2").arg(QString::fromLatin1(m_method), target));
    if (m_hasBody)
        logBytes(m_body + '\n');
    m_reply = m_hasBody ? m_network->sendCustomRequest(m_request, m_method, m_body)
                        : m_network->sendCustomRequest(m_request, m_method);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpRequestJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpRequestJob::onFinished);
    if (m_requestTimeout > std::chrono::milliseconds::zero())
        m_requestTimer.start(m_requestTimeout);
}

void HttpRequestJob::onReadyRead()
{
    if (!m_reply)
        return;
    const QByteArray chunk = m_reply->readAll();
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!m_statusLogged && status.isValid()) {
        m_statusLogged = true;
        const QByteArray reason =
                m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
        logBytes("HTTP " + QByteArray::number(status.toInt()) + ' ' + reason + '\n');
    }
    if (m_answer.size() < MaxKeptBody)
        m_answer.append(chunk.left(MaxKeptBody - m_answer.size()));
    m_answerSize += chunk.size();
    logBytes(chunk);
}

void HttpRequestJob::onFinished()
{
    if (!m_reply || isFinished())
        return;
    onReadyRead();
    m_requestTimer.stop();
    QNetworkReply *reply = m_reply;
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString errorString = reply->errorString();
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    dropReply();
    if (m_answerSize > 0)
        logBytes("\n");

    // Without a status there was no HTTP answer at all: the host could not be reached.
    if (!statusAttribute.isValid()) {
        const QString message = tr("request failed: %1").arg(errorString);
        log(message, true);
        JobOutcome outcome;
        outcome.status = JobOutcome::Error;
        outcome.message = message;
        outcome.data.insert(QStringLiteral("error"), int(networkError));
        finish(outcome);
        return;
    }

    const int status = statusAttribute.toInt();
    JobOutcome outcome;
    outcome.exitCode = status;
    const bool expected = m_expect.isEmpty() ? status >= 200 && status < 300
                                             : m_expect.contains(status);
    outcome.status = expected ? JobOutcome::Passed : JobOutcome::Failed;
    outcome.message = tr("HTTP %1").arg(status);
    outcome.data.insert(QStringLiteral("status"), status);

    QJsonValue body;
    QJsonParseError parseError;
    const QJsonDocument document = m_answerSize <= MaxKeptBody
            ? QJsonDocument::fromJson(m_answer, &parseError)
            : QJsonDocument();
    if (m_answerSize <= MaxKeptBody && parseError.error == QJsonParseError::NoError
        && !document.isNull()) {
        body = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
    } else {
        // A cut may fall inside a UTF-8 sequence; the decoder replaces what is broken.
        QStringDecoder utf8(QStringDecoder::Utf8);
        body = QString(utf8(m_answer));
    }
    outcome.data.insert(QStringLiteral("body"), body);
    if (m_answerSize > MaxKeptBody)
        outcome.data.insert(QStringLiteral("body_truncated"), true);
    if (!contentType.isEmpty())
        outcome.data.insert(QStringLiteral("content_type"), QString::fromLatin1(contentType));
    log(outcome.message, !expected);
    finish(outcome);
}

void HttpRequestJob::abort()
{
    m_requestTimer.stop();
    dropReply();
}

void HttpRequestJob::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

} // namespace Cairn
