// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "backend.h"

#include "database.h"
#include "jobkindregistry.h"
#include "jobqueue.h"

#include <QCoreApplication>

namespace CairnCtl {

/*
 * The backend on the database itself: the node store, the event bus, the job queue and the
 * token store of the core, as cairnd uses them.
 */
class LocalBackend : public Backend
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::LocalBackend)
public:
    // databaseUrl as Database::open() takes it.
    explicit LocalBackend(const QString &databaseUrl);
    ~LocalBackend() override;

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
    // The bus, made at first use: it delivers what comes after the newest event it saw then.
    Cairn::EventBus &bus();
    Cairn::Result<const Cairn::JobKindRegistry *> kinds();

    QString m_url;
    Cairn::Database m_database;
    std::optional<Cairn::Status> m_opened;
    std::unique_ptr<Cairn::NodeStore> m_store;
    std::unique_ptr<Cairn::JobQueue> m_queue;
    std::unique_ptr<Cairn::EventBus> m_bus;
    std::optional<Cairn::JobKindRegistry> m_kinds;
};

} // namespace CairnCtl
