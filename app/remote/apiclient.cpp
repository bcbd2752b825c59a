// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apiclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QWebSocket>

namespace Cairn {

namespace {

// An answer takes this long at most; the API answers every request at once.
constexpr std::chrono::seconds TransferTimeout(60);

// The hint after the message, with the URL for its %1 if it has one.
QString hinted(const QString &message, const QString &hint, const QString &url)
{
    if (hint.isEmpty())
        return message;
    return message + u' ' + (hint.contains(QLatin1String("%1")) ? hint.arg(url) : hint);
}

} // namespace

QJsonObject ApiClient::Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ApiClient::ApiClient(const QUrl &base, const QString &token, const QList<QSslCertificate> &trusted)
    : m_base(base),
      m_authorization(QByteArrayLiteral("Bearer ") + token.toUtf8()),
      m_ssl(QSslConfiguration::defaultConfiguration())
{
    if (!trusted.isEmpty())
        m_ssl.addCaCertificates(trusted);
}

QString ApiClient::displayUrl() const
{
    return m_base.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment
                                  | QUrl::StripTrailingSlash);
}

QString ApiClient::segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

ApiClient::Query ApiClient::terms(const QStringList &terms)
{
    Query query;
    for (const QString &term : terms) {
        const qsizetype equals = term.indexOf(u'=');
        query.append(equals < 0 ? std::pair(term, QString())
                                : std::pair(term.left(equals), term.mid(equals + 1)));
    }
    return query;
}

QUrl ApiClient::url(const QString &path, const Query &query, bool webSocket) const
{
    QUrl url = m_base;
    if (webSocket)
        url.setScheme(url.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString prefix = m_base.path(QUrl::FullyEncoded);
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path, QUrl::TolerantMode);
    // Every key and value fully encoded: a value may hold '&', '=', '+' or '#'.
    QStringList items;
    for (const auto &[key, value] : query)
        items.append(segment(key) + u'=' + segment(value));
    url.setQuery(items.isEmpty() ? QString() : items.join(u'&'), QUrl::TolerantMode);
    url.setFragment(QString());
    return url;
}

QString ApiClient::displayUrl(const QString &path) const
{
    return url(path, {}).toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery
                                         | QUrl::RemoveFragment);
}

/*!
    Sends the request now and calls \a handler once with the answer, from the event loop, if
    \a context still exists then. Answers that are not 2xx come as the Error they stand for.
*/
void ApiClient::request(const QByteArray &method, const QString &path, const Query &query,
                        const QByteArray &body, const QByteArray &contentType, QObject *context,
                        std::function<void(Result<Reply>)> handler)
{
    QNetworkRequest request(url(path, query));
    request.setRawHeader(QByteArrayLiteral("Authorization"), m_authorization);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    if (!contentType.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setSslConfiguration(m_ssl);
    request.setTransferTimeout(int(std::chrono::milliseconds(TransferTimeout).count()));
    // cairnd speaks HTTP/1.1; asking for HTTP/2 only costs a round of negotiation.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);

    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    auto sslErrors = std::make_shared<QStringList>();
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [sslErrors](const QList<QSslError> &errors) {
                         for (const QSslError &error : errors)
                             sslErrors->append(error.errorString());
                     });
    QObject::connect(
            reply, &QNetworkReply::finished, reply,
            [this, reply, sslErrors, guard = QPointer<QObject>(context),
             handler = std::move(handler)] {
                reply->deleteLater();
                if (!guard)
                    return;
                Reply answer;
                answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                answer.body = reply->readAll();
                if (answer.status == 0)
                    handler(unreachable(reply->errorString(), *sslErrors));
                else if (answer.status < 200 || answer.status > 299)
                    handler(errorFor(answer.status, answer.body));
                else
                    handler(std::move(answer));
            });
}

void ApiClient::requestJson(const QByteArray &method, const QString &path, const Query &query,
                            const QJsonObject &body, QObject *context,
                            std::function<void(Result<QJsonObject>)> handler,
                            Error::Code unreadable)
{
    const bool hasBody = method == "POST" || method == "PUT" || method == "PATCH";
    request(method, path, query,
            hasBody ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray(),
            hasBody ? QByteArrayLiteral("application/json") : QByteArray(), context,
            [this, unreadable, handler = std::move(handler)](const Result<Reply> &reply) {
                handler(jsonOf(reply, unreadable));
            });
}

Result<ApiClient::Reply> ApiClient::send(const QByteArray &method, const QString &path,
                                         const Query &query, const QByteArray &body,
                                         const QByteArray &contentType)
{
    std::optional<Result<Reply>> answer;
    QEventLoop loop;
    request(method, path, query, body, contentType, &loop, [&answer, &loop](Result<Reply> reply) {
        answer = std::move(reply);
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

Result<QJsonObject> ApiClient::json(const QByteArray &method, const QString &path,
                                    const Query &query, const QJsonObject &body)
{
    const bool hasBody = method == "POST" || method == "PUT" || method == "PATCH";
    return jsonOf(send(method, path, query,
                       hasBody ? QJsonDocument(body).toJson(QJsonDocument::Compact) : QByteArray(),
                       hasBody ? QByteArrayLiteral("application/json") : QByteArray()));
}

Result<QJsonObject> ApiClient::jsonOf(const Result<Reply> &reply, Error::Code unreadable) const
{
    if (!reply)
        return reply.error();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(reply->body, &parseError);
    if (!document.isObject())
        return Error{unreadable,
                     tr("cairnd at %1 gave an answer that is not a JSON object (status %2).")
                             .arg(displayUrl())
                             .arg(reply->status),
                     {},
                     {}};
    return document.object();
}

void ApiClient::openWebSocket(QWebSocket &socket, const QString &path, const Query &query) const
{
    QNetworkRequest request(url(path, query, true));
    request.setRawHeader(QByteArrayLiteral("Authorization"), m_authorization);
    socket.setSslConfiguration(m_ssl);
    socket.open(request);
}

/*!
    The API refuses a WebSocket by closing it with 4000 + the HTTP status it would have
    answered, and the message as the reason.
*/
std::optional<Error> ApiClient::streamError(const QWebSocket &socket, bool connected,
                                            const QStringList &sslErrors) const
{
    if (!connected)
        return unreachable(socket.errorString(), sslErrors);
    const int code = int(socket.closeCode());
    if (code >= 4000 && code < 5000) {
        const QJsonObject body{{QStringLiteral("message"), socket.closeReason()}};
        return errorFor(code - 4000, QJsonDocument(body).toJson());
    }
    if (code == QWebSocketProtocol::CloseCodeNormal)
        return std::nullopt;
    return Error::database(tr("cairnd at %1 closed the stream: %2 (%3)")
                                   .arg(displayUrl(),
                                        socket.closeReason().isEmpty() ? socket.errorString()
                                                                       : socket.closeReason())
                                   .arg(code));
}

Error ApiClient::unreachable(const QString &reason, const QStringList &sslErrors) const
{
    if (!sslErrors.isEmpty())
        return Error::database(
                hinted(tr("the TLS certificate of %1 is not trusted: %2")
                               .arg(displayUrl(), sslErrors.join(QStringLiteral("; "))),
                       m_hints.untrustedCertificate, displayUrl()));
    return Error::database(tr("cannot reach cairnd at %1: %2").arg(displayUrl(), reason));
}

/*!
    What an answer that is not 2xx means for the command: 404 not found and 409 conflict
    (exit code 1), 400 and 422 invalid input (2), 401 and 403 a refused token (1), and the
    server's own failures (3). The message is the API's.
*/
Error ApiClient::errorFor(int status, const QByteArray &body) const
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    Error error;
    error.message = json.value(QStringLiteral("message")).toString();
    if (error.message.isEmpty())
        error.message = tr("cairnd at %1 answered with status %2.").arg(displayUrl()).arg(status);
    error.field = json.value(QStringLiteral("field")).toString();
    error.location = json.value(QStringLiteral("location")).toString();
    switch (status) {
    case 401:
        return Error::conflict(hinted(tr("the token was refused (401): %1").arg(error.message),
                                      m_hints.refusedToken, displayUrl()));
    case 403:
        return Error::conflict(tr("the token was refused (403): %1").arg(error.message));
    case 404:
    case 410:
    case 416:
        error.code = Error::NotFound;
        return error;
    case 409:
        error.code = Error::Conflict;
        return error;
    default:
        error.code = status >= 400 && status < 500 ? Error::Invalid : Error::Database;
        return error;
    }
}

} // namespace Cairn
