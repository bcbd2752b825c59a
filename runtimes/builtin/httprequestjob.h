// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "builtinjob.h"

#include <QList>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkAccessManager;
class QNetworkReply;

namespace Cairn {

/*
 * One attempt of an "http.request" job: one call to a remote API, whose HTTP status
 * decides the outcome. The answer goes to the log, and up to 64 KiB of it into the
 * outcome's data.
 */
class HttpRequestJob : public BuiltinJob
{
    Q_OBJECT
public:
    // The kind it runs, with the schema of its params.
    static JobKind kind();

    [[nodiscard]] static Result<HttpRequestJob *>
    create(const JobSpec &spec, QNetworkAccessManager *network, QObject *parent = nullptr);

    ~HttpRequestJob() override;

protected:
    void run() override;
    void abort() override;

private:
    explicit HttpRequestJob(const JobSpec &spec);

    void onReadyRead();
    void onFinished();
    void dropReply();

    QPointer<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_reply;
    QNetworkRequest m_request;
    QByteArray m_method;
    QByteArray m_body;
    bool m_hasBody = false;
    QList<int> m_expect; // empty: any 2xx
    std::chrono::milliseconds m_requestTimeout{0};
    QTimer m_requestTimer;
    QByteArray m_answer; // the first 64 KiB
    qint64 m_answerSize = 0;
    bool m_statusLogged = false;
};

} // namespace Cairn
