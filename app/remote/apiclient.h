// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSslConfiguration>
#include <QUrl>

#include <functional>

class QNetworkRequest;
class QWebSocket;

namespace Cairn {

/*
 * The client of cairnd's HTTP API: requests with the bearer token, and answers that are not
 * 2xx turned into the Error they stand for, with the message the API gave. A request is
 * either sent and its answer handed to a function later (request(), for the desktop app's
 * event loop) or waited for in an event loop of its own (send(), for cairnctl). https
 * verifies the server's certificate, against the system's CAs and those given. The token
 * never appears in a message.
 */
class ApiClient
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ApiClient)
public:
    // Query items, in order; a key may come more than once (sort=...).
    using Query = QList<std::pair<QString, QString>>;

    struct Reply
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const;
    };

    // What the messages of a refused token or an untrusted certificate add, for people to
    // know what to do in the program they use; %1 is cairnd's URL.
    struct Hints
    {
        QString refusedToken;
        QString untrustedCertificate;
    };

    // base: cairnd's URL, http or https, with a path prefix if a proxy adds one. trusted:
    // certificates to trust besides the system's.
    ApiClient(const QUrl &base, const QString &token, const QList<QSslCertificate> &trusted);

    void setHints(const Hints &hints) { m_hints = hints; }

    // cairnd's URL for messages.
    QString displayUrl() const;
    // The URL of path for messages: no query, no credentials.
    QString displayUrl(const QString &path) const;

    // Sends method to path ("/api/v1/nodes"); handler gets the answer later, unless context
    // was destroyed before it came.
    void request(const QByteArray &method, const QString &path, const Query &query,
                 const QByteArray &body, const QByteArray &contentType, QObject *context,
                 std::function<void(Result<Reply>)> handler);
    // The same for a JSON object answer, and a JSON object body when one is given. An answer
    // that is not a JSON object is an Error with code unreadable.
    void requestJson(const QByteArray &method, const QString &path, const Query &query,
                     const QJsonObject &body, QObject *context,
                     std::function<void(Result<QJsonObject>)> handler,
                     Error::Code unreadable = Error::Database);

    // Sends method to path and waits for the answer.
    Result<Reply> send(const QByteArray &method, const QString &path, const Query &query = {},
                       const QByteArray &body = {}, const QByteArray &contentType = {});
    Result<QJsonObject> json(const QByteArray &method, const QString &path, const Query &query = {},
                             const QJsonObject &body = {});

    // Opens socket on the WebSocket at path, with the token and the TLS settings. Connect to
    // its signals first.
    void openWebSocket(QWebSocket &socket, const QString &path, const Query &query = {}) const;
    // What a WebSocket that closed stands for, as an error; nothing for a normal close.
    // connected: whether it had connected; sslErrors: those it reported.
    std::optional<Error> streamError(const QWebSocket &socket, bool connected,
                                     const QStringList &sslErrors) const;

    // One segment of a path, percent-encoded.
    static QString segment(const QString &text);
    // Query terms "key=value", as node queries and event filters are written.
    static Query terms(const QStringList &terms);

    // The error an answer with status and body stands for.
    Error errorFor(int status, const QByteArray &body) const;
    // The JSON object of an answer; an error when it is not one.
    Result<QJsonObject> jsonOf(const Result<Reply> &reply,
                               Error::Code unreadable = Error::Database) const;

private:
    QUrl url(const QString &path, const Query &query, bool webSocket = false) const;
    Error unreachable(const QString &reason, const QStringList &sslErrors) const;

    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_authorization;
    QSslConfiguration m_ssl;
    Hints m_hints;
};

} // namespace Cairn
