// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodecreatejob.h"

#include <nodestore.h>

#include <QJsonArray>

#include <memory>

namespace Cairn {

namespace {

QJsonObject typed(const QString &type, const QString &description)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("description"), description}};
}

} // namespace

NodeCreateJob::NodeCreateJob(const JobSpec &spec, NodeStore &store)
    : BuiltinJob(spec), m_store(store)
{ }

/*!
    The "node.create" kind, version 1.0.0. Its params: \c kind and \c name (required),
    \c parent (the run by default), \c state, \c result and \c data.
*/
JobKind NodeCreateJob::kind()
{
    QJsonObject kindParam = typed(QStringLiteral("string"),
                                  QStringLiteral("The node's kind: lower-case letters, digits, "
                                                 "'.', '_' and '-'."));
    kindParam.insert(QStringLiteral("minLength"), 1);
    QJsonObject name = typed(QStringLiteral("string"), QStringLiteral("The node's name."));
    name.insert(QStringLiteral("minLength"), 1);
    const QJsonObject parent = typed(QStringLiteral("string"),
                                     QStringLiteral("The id of the parent node; the run's "
                                                    "node by default (\"${run.id}\")."));
    QJsonArray states;
    for (const Node::State state :
         {Node::State::Running, Node::State::Available, Node::State::Closing, Node::State::Done})
        states.append(Node::stateName(state));
    QJsonObject state = typed(QStringLiteral("string"), QStringLiteral("The node's state."));
    state.insert(QStringLiteral("enum"), states);
    state.insert(QStringLiteral("default"), Node::stateName(Node::State::Done));
    QJsonArray outcomes;
    for (const Node::Outcome outcome :
         {Node::Outcome::None, Node::Outcome::Pass, Node::Outcome::Fail, Node::Outcome::Skip,
          Node::Outcome::Incomplete})
        outcomes.append(Node::outcomeName(outcome));
    QJsonObject result = typed(QStringLiteral("string"), QStringLiteral("The node's result."));
    result.insert(QStringLiteral("enum"), outcomes);
    result.insert(QStringLiteral("default"), Node::outcomeName(Node::Outcome::None));
    const QJsonObject data = typed(QStringLiteral("object"), QStringLiteral("The node's data."));

    JobKind kind;
    kind.name = QStringLiteral("node.create");
    kind.version = QStringLiteral("1.0.0");
    kind.schema = QJsonObject{
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("kind"), kindParam},
                         {QStringLiteral("name"), name},
                         {QStringLiteral("parent"), parent},
                         {QStringLiteral("state"), state},
                         {QStringLiteral("result"), result},
                         {QStringLiteral("data"), data}}},
            {QStringLiteral("required"),
             QJsonArray{QStringLiteral("kind"), QStringLiteral("name")}},
            {QStringLiteral("additionalProperties"), false},
    };
    kind.description = tr("Writes a node, a result of the run, into the node tree");
    return kind;
}

/*!
    Reads the node from the params of \a spec and opens the log. What only the store can
    judge (a bad kind or name, a parent that does not exist) ends the job as Failed instead.
*/
Result<NodeCreateJob *> NodeCreateJob::create(const JobSpec &spec, NodeStore &store,
                                              QObject *parent)
{
    const QJsonObject &params = spec.params;
    for (const QString &key :
         {QStringLiteral("kind"), QStringLiteral("name"), QStringLiteral("parent"),
          QStringLiteral("state"), QStringLiteral("result")}) {
        const QJsonValue value = params.value(key);
        if (!value.isUndefined() && !value.isString())
            return Error::invalid(QStringLiteral("params.") + key, tr("must be a string"));
    }
    const QJsonValue data = params.value(QStringLiteral("data"));
    if (!data.isUndefined() && !data.isObject())
        return Error::invalid(QStringLiteral("params.data"), tr("must be an object"));

    std::unique_ptr<NodeCreateJob> job(new NodeCreateJob(spec, store));
    Node &node = job->m_node;
    node.kind = params.value(QStringLiteral("kind")).toString();
    node.name = params.value(QStringLiteral("name")).toString();
    node.parent = params.value(QStringLiteral("parent")).toString(spec.runId);
    node.data = data.toObject();
    node.state = Node::State::Done;
    if (const QJsonValue state = params.value(QStringLiteral("state")); !state.isUndefined()) {
        const std::optional<Node::State> parsed = Node::stateFromName(state.toString());
        if (!parsed)
            return Error::invalid(QStringLiteral("params.state"),
                                  tr("\"%1\" is not a node state").arg(state.toString()));
        node.state = *parsed;
    }
    if (const QJsonValue result = params.value(QStringLiteral("result")); !result.isUndefined()) {
        const std::optional<Node::Outcome> parsed = Node::outcomeFromName(result.toString());
        if (!parsed)
            return Error::invalid(QStringLiteral("params.result"),
                                  tr("\"%1\" is not a node result").arg(result.toString()));
        node.result = *parsed;
    }

    if (Status opened = job->openLog(); !opened)
        return opened.error();
    job->setParent(parent);
    job->schedule();
    return job.release();
}

void NodeCreateJob::run()
{
    const Result<Node> created = m_store.create(m_node);
    if (!created) {
        const QString message = created.error().toString();
        log(tr("cannot create the %1 node %2: %3").arg(m_node.kind, m_node.name, message), true);
        finish(JobOutcome::Failed, message);
        return;
    }
    log(tr("created the %1 node %2 (%3)").arg(created->kind, created->name, created->id));
    JobOutcome outcome;
    outcome.status = JobOutcome::Passed;
    outcome.message = tr("created node %1").arg(created->id);
    outcome.data.insert(QStringLiteral("node_id"), created->id);
    finish(outcome);
}

} // namespace Cairn
