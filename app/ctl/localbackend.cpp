// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "localbackend.h"

#include "durableeventfeed.h"
#include "durablesubscription.h"
#include "localeventfeed.h"
#include "locallogfeed.h"

#include <joblog.h>

#include <QFile>

using Cairn::Error;
using Cairn::Node;
using Cairn::Result;
using Cairn::Status;

namespace CairnCtl {

namespace {

// Events that other processes write show up this soon; the bus's default of 250 ms is
// meant for a daemon, while a person watching a terminal notices the lag.
constexpr std::chrono::milliseconds PollInterval(100);

} // namespace

LocalBackend::LocalBackend(const QString &databaseUrl) : m_url(databaseUrl) { }

LocalBackend::~LocalBackend()
{
    // The bus and the stores refer to the database.
    m_bus.reset();
    m_queue.reset();
    m_store.reset();
}

/*!
    Opens the database and runs its migrations; the error is the database's.
*/
Status LocalBackend::open()
{
    if (m_opened)
        return *m_opened;
    if (!m_database.open(m_url)) {
        m_opened = Status(Error::database(m_database.errorString()));
        return *m_opened;
    }
    m_store = std::make_unique<Cairn::NodeStore>(m_database);
    m_queue = std::make_unique<Cairn::JobQueue>(m_database);
    m_opened = Status(Cairn::Done{});
    return *m_opened;
}

Cairn::EventBus &LocalBackend::bus()
{
    if (!m_bus) {
        m_bus = std::make_unique<Cairn::EventBus>(m_database);
        m_bus->setPollInterval(PollInterval);
    }
    return *m_bus;
}

Result<Node> LocalBackend::node(const QString &id)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->get(id);
}

Result<Cairn::NodePage> LocalBackend::findNodes(const QStringList &terms)
{
    const Result<Cairn::NodeQuery> query = Cairn::NodeQuery::parse(terms);
    if (!query)
        return query.error();
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->find(*query);
}

Result<qint64> LocalBackend::countNodes(const QStringList &terms)
{
    const Result<Cairn::NodeQuery> query = Cairn::NodeQuery::parse(terms);
    if (!query)
        return query.error();
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->count(*query);
}

Result<QList<Node>> LocalBackend::subtree(const QString &id, int depth)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->descendants(id, depth);
}

Result<Node> LocalBackend::createNode(const Node &node)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->create(node);
}

Result<Node> LocalBackend::updateNode(const Node &node)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->update(node);
}

Result<qint64> LocalBackend::deleteNode(const QString &id)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_store->remove(id);
}

Result<Cairn::CloudEvent> LocalBackend::publishEvent(const Cairn::CloudEvent &event)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return bus().publish(event);
}

Result<QList<Cairn::CloudEvent>> LocalBackend::eventHistory(const Cairn::EventHistoryQuery &query)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return bus().history(query);
}

Result<qint64> LocalBackend::lastEventSequence()
{
    if (Status opened = open(); !opened)
        return opened.error();
    return bus().lastSequence();
}

Result<std::unique_ptr<EventFeed>> LocalBackend::followEvents(const Cairn::EventFilter &filter,
                                                              qint64 after)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return std::unique_ptr<EventFeed>(std::make_unique<LocalEventFeed>(bus(), filter, after));
}

Result<std::unique_ptr<EventFeed>> LocalBackend::followDurable(const QString &name,
                                                               const Cairn::EventFilter &filter,
                                                               std::optional<qint64> start)
{
    if (Status opened = open(); !opened)
        return opened.error();
    const Result<Cairn::DurableSubscription *> subscription = bus().durable(name, filter, start);
    if (!subscription)
        return subscription.error();
    return std::unique_ptr<EventFeed>(std::make_unique<DurableEventFeed>(*subscription));
}

/*!
    The job kinds of the runtimes cairnd runs without any configuration (see
    PipelineSource::knownKinds()), read once.
*/
Result<const Cairn::JobKindRegistry *> LocalBackend::kinds()
{
    if (!m_kinds) {
        Result<Cairn::JobKindRegistry> known = PipelineSource::knownKinds();
        if (!known)
            return known.error();
        m_kinds = std::move(*known);
    }
    return &*m_kinds;
}

/*!
    Checks \a pipeline against the job kinds cairnd runs; the pipeline points into its file
    itself. Needs no database.
*/
Status LocalBackend::validatePipeline(const Cairn::Pipeline &pipeline, const PipelineOrigin &)
{
    const Result<const Cairn::JobKindRegistry *> registry = kinds();
    if (!registry)
        return registry.error();
    return PipelineSource::validate(pipeline, **registry);
}

/*!
    Queues the run the way cairnd's scheduler does, with the same checks, on a scheduler that
    is never started.
*/
Result<Node> LocalBackend::startRun(const Cairn::Pipeline &pipeline, const QJsonObject &inputs,
                                    const Cairn::RunOptions &options)
{
    const Result<const Cairn::JobKindRegistry *> registry = kinds();
    if (!registry)
        return registry.error();
    if (Status opened = open(); !opened)
        return opened.error();
    Cairn::Scheduler scheduler(m_database);
    scheduler.setKindRegistry(*registry);
    return scheduler.startRun(pipeline, inputs, QString(), options);
}

Result<Node> LocalBackend::startServedRun(const QString &name, const QJsonObject &,
                                          const Cairn::RunOptions &)
{
    return Error{Error::Unsupported,
                 tr("The pipelines of cairnd's project are known to cairnd only: give the "
                    "pipeline file, or --project and the project file, or --url to ask cairnd "
                    "to run %1.")
                         .arg(name),
                 {},
                 {}};
}

Result<RunJobs> LocalBackend::runJobs(const QString &runId)
{
    if (Status opened = open(); !opened)
        return opened.error();
    Result<QList<Cairn::QueuedJob>> rows = m_queue->jobsOfRun(runId);
    if (!rows)
        return rows.error();
    Result<QList<Node>> nodes = m_store->children(runId);
    if (!nodes)
        return nodes.error();
    return RunJobs{*rows, *nodes};
}

Result<qsizetype> LocalBackend::cancelRun(const QString &id, const QString &reason)
{
    if (Status opened = open(); !opened)
        return opened.error();
    const Result<Cairn::QueueChange> change = m_queue->cancelRun(id, reason);
    if (!change)
        return change.error();
    return change->finishedJobs.size();
}

Result<qsizetype> LocalBackend::retryRun(const QString &id)
{
    if (Status opened = open(); !opened)
        return opened.error();
    const Result<Cairn::QueueChange> change = m_queue->retryRun(id);
    if (!change)
        return change.error();
    return change->requeuedJobs.size();
}

Result<Cairn::QueuedJob> LocalBackend::queuedJob(const Node &job)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return m_queue->job(job.id);
}

Status LocalBackend::cancelJob(const QString &id, const QString &reason)
{
    if (Status opened = open(); !opened)
        return opened;
    if (const Result<Cairn::QueueChange> change = m_queue->cancelJob(id, reason); !change)
        return change.error();
    return Cairn::Done{};
}

Status LocalBackend::retryJob(const QString &id)
{
    if (Status opened = open(); !opened)
        return opened;
    if (const Result<Cairn::QueueChange> change = m_queue->retryJob(id); !change)
        return change.error();
    return Cairn::Done{};
}

Result<QByteArray> LocalBackend::jobLog(const Node &job, int attempt)
{
    const Result<QString> path = Cairn::JobLog::attemptPath(job, attempt);
    if (!path)
        return path.error();
    QFile file(*path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::notFound(tr("Cannot read the log of attempt %1 of job %2, %3: %4")
                                       .arg(attempt)
                                       .arg(job.id, *path, file.errorString()));
    return file.readAll();
}

Result<std::unique_ptr<LogFeed>> LocalBackend::followLog(const QString &jobId, int firstAttempt)
{
    if (Status opened = open(); !opened)
        return opened.error();
    const Result<Cairn::EventFilter> filter = Cairn::EventFilter::parse(
            {QStringLiteral("type=cairn.node.updated"), QStringLiteral("subject=") + jobId});
    if (!filter)
        return filter.error();
    return std::unique_ptr<LogFeed>(std::make_unique<LocalLogFeed>(*m_store, *m_queue, bus(),
                                                                   *filter, jobId, firstAttempt));
}

Result<Cairn::IssuedToken> LocalBackend::createToken(const QString &name,
                                                     Cairn::ApiToken::Role role,
                                                     std::optional<int> priority,
                                                     std::optional<qint64> queueSize)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return Cairn::TokenStore(m_database).create(name, role, priority, queueSize);
}

Result<QList<Cairn::ApiToken>> LocalBackend::tokens()
{
    if (Status opened = open(); !opened)
        return opened.error();
    return Cairn::TokenStore(m_database).list();
}

Result<Cairn::ApiToken> LocalBackend::revokeToken(const QString &idOrName)
{
    if (Status opened = open(); !opened)
        return opened.error();
    return Cairn::TokenStore(m_database).revoke(idOrName);
}

} // namespace CairnCtl
