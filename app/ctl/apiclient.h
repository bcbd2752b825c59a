// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QUrl>

class QNetworkRequest;
class QWebSocket;

namespace CairnCtl {

/*
 * The client of cairnd's HTTP API: requests with the bearer token, each waited for in an
 * event loop of its own, and answers that are not 2xx turned into the Error they stand for,
 * with the message the API gave. https verifies the server's certificate, against the
 * system's CAs and those given. The token never appears in a message.
 */
class ApiClient
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::ApiClient)
public:
    // Query items, in order; a key may come more than once (sort=...).
    using Query = QList<std::pair<QString, QString>>;

    struct Reply
    {
        int status = 0;
        QByteArray body;
        QJsonObject json() const;
    };

    // base: cairnd's URL, http or https, with a path prefix if a proxy adds one. trusted:
    // certificates to trust besides the system's.
    ApiClient(const QUrl &base, const QString &token, const QList<QSslCertificate> &trusted);

    // cairnd's URL for messages.
    QString displayUrl() const;

    // Sends method to path ("/api/v1/nodes") and waits for the answer.
    Cairn::Result<Reply> send(const QByteArray &method, const QString &path,
                              const Query &query = {}, const QByteArray &body = {},
                              const QByteArray &contentType = {});
    // The same for a JSON object answer, and a JSON object body when one is given.
    Cairn::Result<QJsonObject> json(const QByteArray &method, const QString &path,
                                    const Query &query = {}, const QJsonObject &body = {});

    // Opens socket on the WebSocket at path, with the token and the TLS settings. Connect to
    // its signals first.
    void openWebSocket(QWebSocket &socket, const QString &path, const Query &query = {}) const;
    // What a WebSocket that closed stands for, as an error; nothing for a normal close.
    // connected: whether it had connected; sslErrors: those it reported.
    std::optional<Cairn::Error> streamError(const QWebSocket &socket, bool connected,
                                            const QStringList &sslErrors) const;

    // One segment of a path, percent-encoded.
    static QString segment(const QString &text);
    // Query terms "key=value", as node queries and event filters are written.
    static Query terms(const QStringList &terms);

    // The error an answer with status and body stands for.
    Cairn::Error errorFor(int status, const QByteArray &body) const;

private:
    QUrl url(const QString &path, const Query &query, bool webSocket = false) const;
    Cairn::Error unreachable(const QString &reason, const QStringList &sslErrors) const;

    QNetworkAccessManager m_network;
    QUrl m_base;
    QByteArray m_authorization;
    QSslConfiguration m_ssl;
};

} // namespace CairnCtl
