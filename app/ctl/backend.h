// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"
#include "eventbus.h"
#include "eventfilter.h"
#include "node.h"
#include "nodestore.h"
#include "pipeline.h"
#include "pipelinesource.h"
#include "queuedjob.h"
#include "scheduler.h"

#include <apitoken.h>
#include <tokenstore.h>

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <memory>
#include <optional>

namespace CairnCtl {

class EventFeed;
class LogFeed;

// The jobs of a run: what the queue knows of each, in pipeline order, and their nodes.
struct RunJobs
{
    QList<Cairn::QueuedJob> rows;
    QList<Cairn::Node> nodes;
};

/*
 * What the commands ask of Cairn, whether cairnctl works on the database itself or through
 * the HTTP API of a cairnd: the commands are written once, on this, and print what it gives
 * the same way for both.
 *
 * Every call is synchronous. Nothing is opened or connected before open() or the first call
 * that needs it, so that a command checks its input first; open() makes a failure to open
 * show where the command chooses.
 */
class Backend
{
public:
    virtual ~Backend();

    // Opens the database, or makes the client of the API ready (its token found). Once;
    // later calls give the first outcome again.
    virtual Cairn::Status open() = 0;

    // Nodes. Terms are those of a node query (NodeQuery::parse()).
    virtual Cairn::Result<Cairn::Node> node(const QString &id) = 0;
    virtual Cairn::Result<Cairn::NodePage> findNodes(const QStringList &terms) = 0;
    // How many nodes the terms match; sort, limit and offset are ignored.
    virtual Cairn::Result<qint64> countNodes(const QStringList &terms) = 0;
    // The node id and those below it down to depth levels (-1: all), parents first.
    virtual Cairn::Result<QList<Cairn::Node>> subtree(const QString &id, int depth) = 0;
    virtual Cairn::Result<Cairn::Node> createNode(const Cairn::Node &node) = 0;
    // Checks node.revision against the stored one.
    virtual Cairn::Result<Cairn::Node> updateNode(const Cairn::Node &node) = 0;
    // Gives how many nodes were deleted: the node and all below it.
    virtual Cairn::Result<qint64> deleteNode(const QString &id) = 0;

    // Events.
    virtual Cairn::Result<Cairn::CloudEvent> publishEvent(const Cairn::CloudEvent &event) = 0;
    virtual Cairn::Result<QList<Cairn::CloudEvent>>
    eventHistory(const Cairn::EventHistoryQuery &query) = 0;
    // The sequence of the newest event; 0 when there is none.
    virtual Cairn::Result<qint64> lastEventSequence() = 0;
    // The events that match filter with a sequence after after, as they come; see EventFeed.
    virtual Cairn::Result<std::unique_ptr<EventFeed>> followEvents(const Cairn::EventFilter &filter,
                                                                   qint64 after) = 0;
    // The durable subscription name, made on first use starting after start (the newest
    // event when not given).
    virtual Cairn::Result<std::unique_ptr<EventFeed>>
    followDurable(const QString &name, const Cairn::EventFilter &filter,
                  std::optional<qint64> start) = 0;

    // Pipelines and runs.
    // Checks pipeline against the job kinds of the runtimes that run it; errors point into
    // the file origin names.
    virtual Cairn::Status validatePipeline(const Cairn::Pipeline &pipeline,
                                           const PipelineOrigin &origin) = 0;
    // Queues a run of pipeline, whose inputs were resolved; gives the run node.
    virtual Cairn::Result<Cairn::Node> startRun(const Cairn::Pipeline &pipeline,
                                                const QJsonObject &inputs,
                                                const Cairn::RunOptions &options) = 0;
    // Queues a run of the pipeline called name of the project cairnd serves, with the given
    // inputs. Only through the API: the database does not know cairnd's project.
    virtual Cairn::Result<Cairn::Node> startServedRun(const QString &name,
                                                      const QJsonObject &inputs,
                                                      const Cairn::RunOptions &options) = 0;
    virtual Cairn::Result<RunJobs> runJobs(const QString &runId) = 0;
    // Each gives how many jobs it cancelled or queued again.
    virtual Cairn::Result<qsizetype> cancelRun(const QString &id, const QString &reason) = 0;
    virtual Cairn::Result<qsizetype> retryRun(const QString &id) = 0;

    // Jobs.
    // What the queue knows of the job whose node this is.
    virtual Cairn::Result<Cairn::QueuedJob> queuedJob(const Cairn::Node &job) = 0;
    virtual Cairn::Status cancelJob(const QString &id, const QString &reason) = 0;
    virtual Cairn::Status retryJob(const QString &id) = 0;
    // The log of attempt (from 1) of the job whose node this is.
    virtual Cairn::Result<QByteArray> jobLog(const Cairn::Node &job, int attempt) = 0;
    // The log of attempt firstAttempt (0: the latest) of jobId and of the attempts after it,
    // as it is written; see LogFeed.
    virtual Cairn::Result<std::unique_ptr<LogFeed>> followLog(const QString &jobId,
                                                              int firstAttempt) = 0;

    // Tokens of the HTTP API.
    virtual Cairn::Result<Cairn::IssuedToken> createToken(const QString &name,
                                                          Cairn::ApiToken::Role role,
                                                          std::optional<int> priority,
                                                          std::optional<qint64> queueSize) = 0;
    virtual Cairn::Result<QList<Cairn::ApiToken>> tokens() = 0;
    virtual Cairn::Result<Cairn::ApiToken> revokeToken(const QString &idOrName) = 0;
};

} // namespace CairnCtl
