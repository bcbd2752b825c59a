// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "backend.h"

#include <QCoreApplication>

namespace Cairn {
class ApiClient;
}

namespace CairnCtl {

using Cairn::ApiClient;

/*
 * The backend on the HTTP API of a cairnd (--url): each call one or two requests, each
 * answer read into the core's types, so that the commands print it as they print what the
 * database gives. Following events and logs goes through the API's WebSockets.
 */
class RemoteBackend : public Backend
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RemoteBackend)
public:
    // url: cairnd's, http or https; caFile: a PEM file of certificates to trust, or empty.
    RemoteBackend(const QString &url, const QString &caFile);
    ~RemoteBackend() override;

    // Sends token rather than the one CAIRN_TOKEN or the login store give; before open().
    void setToken(const QString &token) { m_token = token; }
    // The URL as given, for messages.
    QString url() const { return m_url; }

    Cairn::Status open() override;

    Cairn::Result<Cairn::Node> node(const QString &id) override;
    Cairn::Result<Cairn::NodePage> findNodes(const QStringList &terms) override;
    Cairn::Result<qint64> countNodes(const QStringList &terms) override;
    Cairn::Result<QList<Cairn::Node>> subtree(const QString &id, int depth) override;
    Cairn::Result<Cairn::Node> createNode(const Cairn::Node &node) override;
    Cairn::Result<Cairn::Node> updateNode(const Cairn::Node &node) override;
    Cairn::Result<qint64> deleteNode(const QString &id) override;

    Cairn::Result<Cairn::CloudEvent> publishEvent(const Cairn::CloudEvent &event) override;
    Cairn::Result<QList<Cairn::CloudEvent>>
    eventHistory(const Cairn::EventHistoryQuery &query) override;
    Cairn::Result<qint64> lastEventSequence() override;
    Cairn::Result<std::unique_ptr<EventFeed>> followEvents(const Cairn::EventFilter &filter,
                                                           qint64 after) override;
    Cairn::Result<std::unique_ptr<EventFeed>> followDurable(const QString &name,
                                                            const Cairn::EventFilter &filter,
                                                            std::optional<qint64> start) override;

    Cairn::Status validatePipeline(const Cairn::Pipeline &pipeline,
                                   const PipelineOrigin &origin) override;
    Cairn::Result<Cairn::Node> startRun(const Cairn::Pipeline &pipeline, const QJsonObject &inputs,
                                        const Cairn::RunOptions &options) override;
    Cairn::Result<Cairn::Node> startServedRun(const QString &name, const QJsonObject &inputs,
                                              const Cairn::RunOptions &options) override;
    Cairn::Result<RunJobs> runJobs(const QString &runId) override;
    Cairn::Result<qsizetype> cancelRun(const QString &id, const QString &reason) override;
    Cairn::Result<qsizetype> retryRun(const QString &id) override;

    Cairn::Result<Cairn::QueuedJob> queuedJob(const Cairn::Node &job) override;
    Cairn::Status cancelJob(const QString &id, const QString &reason) override;
    Cairn::Status retryJob(const QString &id) override;
    Cairn::Result<QByteArray> jobLog(const Cairn::Node &job, int attempt) override;
    Cairn::Result<std::unique_ptr<LogFeed>> followLog(const QString &jobId,
                                                      int firstAttempt) override;

    Cairn::Result<Cairn::IssuedToken> createToken(const QString &name, Cairn::ApiToken::Role role,
                                                  std::optional<int> priority,
                                                  std::optional<qint64> queueSize) override;
    Cairn::Result<QList<Cairn::ApiToken>> tokens() override;
    Cairn::Result<Cairn::ApiToken> revokeToken(const QString &idOrName) override;

private:
    // The client, once open() found the token; else why not.
    Cairn::Result<ApiClient *> client();
    // A node in an answer; an error when the answer holds none.
    Cairn::Result<Cairn::Node> nodeFrom(const QJsonObject &json) const;
    Cairn::Result<QList<Cairn::Node>> nodesFrom(const QJsonValue &items) const;
    // A run with its jobs, as GET /api/v1/runs/{id} gives it.
    Cairn::Result<std::pair<Cairn::Node, RunJobs>> runFrom(const QJsonObject &json) const;
    Cairn::Result<std::pair<Cairn::Node, RunJobs>> readRun(const QString &id);
    Cairn::Error unexpected(const QString &what) const;

    QString m_url;
    QString m_caFile;
    QString m_token;
    std::optional<Cairn::Status> m_opened;
    std::unique_ptr<ApiClient> m_client;
};

} // namespace CairnCtl
