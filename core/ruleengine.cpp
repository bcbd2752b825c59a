// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "ruleengine.h"

#include "durablesubscription.h"
#include "eventbus.h"
#include "node.h"
#include "nodequery.h"
#include "nodestore.h"
#include "paramtemplate.h"
#include "scheduler.h"
#include "scriptwatchdog.h"

#include <QElapsedTimer>
#include <QJSEngine>
#include <QJSValue>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

Q_LOGGING_CATEGORY(lcRules, "cairn.rules")

namespace Cairn {

struct RuleEngine::State
{
    Rule rule;
    qsizetype index = 0; // in the rules, so candidates fire in the order they are written
    QJSValue when; // the compiled function; undefined when the rule has none
    QElapsedTimer lastFired; // invalid until the first firing; monotonic, unlike the clock
    QStringList activeRuns; // oldest first
    std::optional<CloudEvent> waiting; // the firing a queued rule keeps for later
    QTimer *timer = nullptr; // for `every` rules
    QDateTime next;
    QHash<QString, int> inARow; // matching events in a row, by subject, for `repeat`
};

namespace {

bool isGlob(const QString &type)
{
    return type.contains(QLatin1Char('*')) || type.contains(QLatin1Char('?'));
}

} // namespace

/*!
  Makes an engine without rules; setRules() and start() make it work.
*/
RuleEngine::RuleEngine(EventBus &bus, Scheduler &scheduler, QObject *parent)
    : QObject(parent),
      m_bus(bus),
      m_scheduler(scheduler),
      m_js(std::make_unique<QJSEngine>()),
      m_watchdog(std::make_unique<ScriptWatchdog>(m_js.get()))
{
    connect(&m_scheduler, &Scheduler::runFinished, this, &RuleEngine::runFinished);
}

RuleEngine::~RuleEngine()
{
    stop();
}

/*!
  Replaces the rules, compiling each `when` once. A rule naming an unknown pipeline or a
  `when` that does not compile is refused, naming the rule, and the old rules stay.
  Runs started by the old rules are no longer tracked.
*/
Status RuleEngine::setRules(const QList<Rule> &rules, const QHash<QString, Pipeline> &pipelines)
{
    std::vector<std::unique_ptr<State>> states;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const Rule &rule = rules.at(i);
        if (!pipelines.contains(rule.pipeline)) {
            Error error = Error::invalid(
                    QStringLiteral("rules.%1.run").arg(rule.name),
                    tr("rule \"%1\" runs pipeline \"%2\", which does not exist")
                            .arg(rule.name, rule.pipeline));
            error.location = rule.location;
            return error;
        }
        if (!rule.on && !rule.every)
            return Error::invalid(QStringLiteral("rules.%1").arg(rule.name),
                                  tr("rule \"%1\" has neither `on` nor `every`").arg(rule.name));
        auto state = std::make_unique<State>();
        state->rule = rule;
        state->index = i;
        if (!rule.when.isEmpty()) {
            state->when = m_js->evaluate(Rule::whenProgram(rule.when));
            if (state->when.isError() || !state->when.isCallable()) {
                Error error = Error::invalid(
                        QStringLiteral("rules.%1.when").arg(rule.name),
                        tr("rule \"%1\": %2").arg(rule.name, state->when.toString()));
                error.location = rule.whenLocation;
                return error;
            }
        }
        states.push_back(std::move(state));
    }

    const bool wasActive = m_active;
    stop();
    m_states = std::move(states);
    m_pipelines = pipelines;
    m_byExactType.clear();
    m_byGlob.clear();
    m_byRun.clear();
    for (const std::unique_ptr<State> &state : m_states) {
        if (!state->rule.on)
            continue;
        const QStringList &types = state->rule.on->types();
        if (types.isEmpty() || std::any_of(types.begin(), types.end(), isGlob)) {
            m_byGlob.append(state.get());
        } else {
            for (const QString &type : types) {
                QList<State *> &list = m_byExactType[type];
                if (!list.contains(state.get()))
                    list.append(state.get());
            }
        }
    }
    if (wasActive)
        start();
    return Done{};
}

QList<Rule> RuleEngine::rules() const
{
    QList<Rule> list;
    for (const std::unique_ptr<State> &state : m_states)
        list.append(state->rule);
    return list;
}

/*!
  Subscribes to the bus, once for all rules, and arms the timers of the `every` rules.
*/
void RuleEngine::start()
{
    if (m_active)
        return;
    if (m_durableName.isEmpty()) {
        m_subscription = m_bus.subscribe(EventFilter(), this,
                                         [this](const CloudEvent &event) { handleEvent(event); });
    } else {
        Result<DurableSubscription *> durable = m_bus.durable(m_durableName, EventFilter());
        if (!durable) {
            qCCritical(lcRules).noquote()
                    << "rules cannot follow the bus:" << durable.error().toString();
            return;
        }
        Result<qint64> last = m_bus.lastSequence();
        if (!last) {
            qCCritical(lcRules).noquote()
                    << "rules cannot follow the bus:" << last.error().toString();
            return;
        }
        m_replayUntil = *last;
        recoverActiveRuns();
        m_durable = *durable;
        connect(m_durable, &DurableSubscription::eventReceived, this, &RuleEngine::handleEvent);
        connect(m_durable, &DurableSubscription::eventsLost, this, [this](qint64 from, qint64 to) {
            qCWarning(lcRules).noquote() << "events" << from << "to" << to
                                         << "were deleted by retention before the rules saw them";
        });
        m_durable->start();
    }
    m_active = true;
    for (const std::unique_ptr<State> &state : m_states) {
        if (state->rule.every)
            arm(*state);
    }
}

void RuleEngine::stop()
{
    if (!m_active)
        return;
    m_active = false;
    if (m_durable) {
        m_durable->stop();
        disconnect(m_durable, nullptr, this, nullptr);
        m_durable = nullptr;
    } else {
        m_bus.unsubscribe(m_subscription);
        m_subscription = 0;
    }
    for (const std::unique_ptr<State> &state : m_states) {
        delete state->timer;
        state->timer = nullptr;
        state->next = QDateTime();
    }
}

/*!
  Evaluates the rules that could want event: those of its exact type and those with a type
  glob. Each whose filter and `when` hold fires.
*/
void RuleEngine::handleEvent(const CloudEvent &event)
{
    QList<State *> candidates = m_byExactType.value(event.type);
    if (!m_byGlob.isEmpty()) {
        // The type globs are the rest of the index: a rule whose globs miss is not evaluated.
        for (State *state : std::as_const(m_byGlob)) {
            const QStringList &types = state->rule.on->types();
            if (types.isEmpty()
                || std::any_of(types.begin(), types.end(), [&event](const QString &glob) {
                       return EventFilter::globMatches(glob, event.type);
                   }))
                candidates.append(state);
        }
        std::sort(candidates.begin(), candidates.end(),
                  [](const State *a, const State *b) { return a->index < b->index; });
    }
    for (State *state : std::as_const(candidates)) {
        ++m_evaluations;
        const bool holds = state->rule.on->matches(event) && whenHolds(*state, event);
        if (state->rule.repeat > 1) {
            int &count = state->inARow[event.subject];
            count = holds ? count + 1 : 0;
            if (count < state->rule.repeat)
                continue;
            count = 0;
        } else if (!holds) {
            continue;
        }
        trigger(*state, event);
    }
}

QDateTime RuleEngine::nextFireTime(const QString &ruleName) const
{
    const State *found = state(ruleName);
    return found ? found->next : QDateTime();
}

QStringList RuleEngine::activeRuns(const QString &ruleName) const
{
    const State *found = state(ruleName);
    return found ? found->activeRuns : QStringList();
}

/*!
  Fires the rule named ruleName now. The event a timer firing publishes,
  cairn.timer.fired with the rule's name as subject, is what ${event...} refers to.
*/
void RuleEngine::fire(const QString &ruleName)
{
    State *found = state(ruleName);
    if (!found) {
        qCWarning(lcRules).noquote() << "no rule called" << ruleName << "to fire";
        return;
    }
    CloudEvent event;
    event.type = QStringLiteral("cairn.timer.fired");
    event.subject = ruleName;
    event.data = QJsonObject{
            {QStringLiteral("rule"), ruleName},
            {QStringLiteral("scheduled"),
             found->next.isValid() ? found->next.toString(Qt::ISODateWithMs) : QString()}};
    Result<CloudEvent> published = m_bus.publish(event);
    if (published)
        event = *published;
    else
        qCWarning(lcRules).noquote()
                << "rule" << ruleName
                << "fires without its timer event:" << published.error().toString();
    // A published event has an id the run can name; an unpublished one must not claim one.
    if (!published)
        event.id.clear();
    if (whenHolds(*found, event))
        trigger(*found, event);
}

RuleEngine::State *RuleEngine::state(const QString &ruleName) const
{
    for (const std::unique_ptr<State> &state : m_states) {
        if (state->rule.name == ruleName)
            return state.get();
    }
    return nullptr;
}

bool RuleEngine::whenHolds(State &state, const CloudEvent &event)
{
    if (!state.when.isCallable())
        return true;
    const QJSValue argument = m_js->toScriptValue(
            QJsonDocument(event.toJson()).object().toVariantMap());
    ScriptWatchdog::Guard guard(*m_watchdog, m_whenTimeLimit);
    const QJSValue result = state.when.call({argument});
    if (guard.fired()) {
        // A loop that never ends: it would have frozen every rule, the API and the jobs.
        const QString why = tr("`when` ran longer than %1 ms and was stopped")
                                    .arg(qint64(m_whenTimeLimit.count()));
        qCWarning(lcRules).noquote() << state.rule.whenLocation << "rule" << state.rule.name << ":"
                                     << why << "on event" << event.id;
        skip(state, why);
        return false;
    }
    if (result.isError()) {
        // A bad event must not stop the others: the rule just does not fire for it.
        qCWarning(lcRules).noquote()
                << state.rule.whenLocation << "rule" << state.rule.name << "`when` failed on event"
                << event.id << ":" << result.toString();
        skip(state, tr("`when` failed: %1").arg(result.toString()));
        return false;
    }
    return result.toBool();
}

void RuleEngine::trigger(State &state, const CloudEvent &event)
{
    if (state.rule.holdoff.count() > 0 && state.lastFired.isValid()
        && state.lastFired.elapsed() < state.rule.holdoff.count()) {
        skip(state, tr("in holdoff"));
        return;
    }
    if (!state.activeRuns.isEmpty()) {
        switch (state.rule.mode) {
        case Rule::Mode::Single:
            skip(state, tr("its run %1 is still active").arg(state.activeRuns.constLast()));
            return;
        case Rule::Mode::Queued:
            if (state.waiting) {
                skip(state, tr("a run waits already"));
                return;
            }
            state.waiting = event;
            return;
        case Rule::Mode::Parallel:
            break;
        case Rule::Mode::Restart: {
            const QStringList runs = std::exchange(state.activeRuns, {});
            for (const QString &run : runs) {
                // Forgotten first, so that its runFinished is not taken for a rule's run.
                m_byRun.remove(run);
                if (Status cancelled = m_scheduler.cancelRun(
                            run, tr("restarted by rule %1").arg(state.rule.name));
                    !cancelled)
                    qCWarning(lcRules).noquote()
                            << "rule" << state.rule.name << "could not cancel run" << run << ":"
                            << cancelled.error().toString();
            }
            break;
        }
        }
    }
    startRun(state, event);
}

void RuleEngine::startRun(State &state, const CloudEvent &event)
{
    state.lastFired.start();
    const ParamTemplate templates(QJsonObject{{QStringLiteral("event"), event.toJson()}});
    const Result<QJsonValue> inputs = templates.resolve(state.rule.params, state.rule.name,
                                                        QStringLiteral("params"));
    if (!inputs) {
        skip(state, inputs.error().toString());
        return;
    }
    if (m_durable && !event.id.isEmpty() && event.sequence <= m_replayUntil) {
        // A durable subscription delivers at least once: after a crash, the events whose
        // runs were started but not yet acknowledged come again. Only events from before
        // this start can be such; later ones are new and cost no query.
        NodeStore store(m_bus.database());
        Result<qint64> started = store.count(*NodeQuery::parse(
                {QStringLiteral("kind=run"), QStringLiteral("data.rule=") + state.rule.name,
                 QStringLiteral("data.correlation_id=") + event.id}));
        if (started && *started > 0) {
            qCDebug(lcRules).noquote()
                    << "rule" << state.rule.name << "already started a run for" << event.id;
            return;
        }
    }
    const Pipeline pipeline = m_pipelines.value(state.rule.pipeline);
    RunOptions options;
    options.rule = state.rule.name;
    Result<Node> run = m_scheduler.startRun(pipeline, inputs->toObject(), event.id, options);
    if (!run) {
        skip(state, run.error().toString());
        return;
    }
    state.activeRuns.append(run->id);
    m_byRun.insert(run->id, &state);
    qCInfo(lcRules).noquote() << "rule" << state.rule.name << "started run" << run->id << "of"
                              << state.rule.pipeline;
    Q_EMIT fired(state.rule.name, run->id);
}

// The runs the rules started that have not finished: single, queued and restart need them
// after a restart as much as before it.
void RuleEngine::recoverActiveRuns()
{
    NodeStore store(m_bus.database());
    for (const std::unique_ptr<State> &state : m_states) {
        NodeQuery query = *NodeQuery::parse({QStringLiteral("kind=run"),
                                             QStringLiteral("data.rule=") + state->rule.name,
                                             QStringLiteral("state__ne=done")});
        query.setLimit(1000);
        Result<NodePage> runs = store.find(query);
        if (!runs) {
            qCWarning(lcRules).noquote() << "cannot read the active runs of rule"
                                         << state->rule.name << ":" << runs.error().toString();
            continue;
        }
        for (const Node &run : std::as_const(runs->nodes)) {
            if (state->activeRuns.contains(run.id))
                continue;
            state->activeRuns.append(run.id);
            m_byRun.insert(run.id, state.get());
        }
    }
}

void RuleEngine::runFinished(const Node &run)
{
    State *state = m_byRun.take(run.id);
    if (!state)
        return;
    state->activeRuns.removeAll(run.id);
    if (state->waiting && state->activeRuns.isEmpty()) {
        const CloudEvent event = *std::exchange(state->waiting, std::nullopt);
        startRun(*state, event);
    }
}

void RuleEngine::arm(State &state)
{
    const QDateTime now = QDateTime::currentDateTime();
    state.next = state.rule.every->next(now);
    if (!state.next.isValid()) {
        qCWarning(lcRules).noquote()
                << "rule" << state.rule.name << "never fires:" << state.rule.every->expression();
        return;
    }
    if (!state.timer) {
        state.timer = new QTimer(this);
        state.timer->setSingleShot(true);
        state.timer->setTimerType(Qt::PreciseTimer);
        State *target = &state;
        connect(state.timer, &QTimer::timeout, this, [this, target] {
            // The timer holds at most ~24 days; a later time takes several waits.
            if (QDateTime::currentDateTime() < target->next) {
                const qint64 left = QDateTime::currentDateTime().msecsTo(target->next);
                target->timer->start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
                return;
            }
            fire(target->rule.name);
            arm(*target);
        });
    }
    const qint64 left = qMax<qint64>(0, now.msecsTo(state.next));
    state.timer->start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
}

void RuleEngine::skip(State &state, const QString &reason)
{
    qCDebug(lcRules).noquote() << "rule" << state.rule.name << "skipped:" << reason;
    Q_EMIT skipped(state.rule.name, reason);
}

} // namespace Cairn
