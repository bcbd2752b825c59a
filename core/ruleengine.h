// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "error.h"
#include "pipeline.h"
#include "rule.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QObject>

#include <chrono>
#include <memory>
#include <vector>

Q_DECLARE_LOGGING_CATEGORY(lcRules) // cairn.rules: rule matching, firing, timers

class QJSEngine;

namespace Cairn {

class DurableSubscription;
class EventBus;
class Node;
class ScriptWatchdog;
class Scheduler;

/*
 * Starts runs of pipelines when the rules say so: on events of the bus that match a rule's
 * filter and `when` expression, and at the times of its `every` schedule. It keeps one bus
 * subscription and indexes the rules by event type, so an event only costs the rules that
 * could want it. Each rule's holdoff and mode are enforced against the runs it started.
 */
class RuleEngine : public QObject
{
    Q_OBJECT
public:
    RuleEngine(EventBus &bus, Scheduler &scheduler, QObject *parent = nullptr);
    ~RuleEngine() override;

    // Replaces the rules; refuses, keeping the old ones, a rule whose pipeline is unknown.
    [[nodiscard]] Status setRules(const QList<Rule> &rules,
                                  const QHash<QString, Pipeline> &pipelines);
    QList<Rule> rules() const;

    // With a name, start() follows the bus through the durable subscription of that name:
    // events published while no engine ran still fire the rules when one starts, each event
    // starts at most one run of a rule, and the runs rules started before are known again.
    // Empty (the default): only events published from start() on are seen.
    void setDurableName(const QString &name) { m_durableName = name; }
    QString durableName() const { return m_durableName; }

    void start();
    void stop();
    bool isActive() const { return m_active; }

    // What the bus subscription calls for every event.
    void handleEvent(const CloudEvent &event);

    // When the timer of an `every` rule goes off next; invalid for other rules or when
    // stopped.
    QDateTime nextFireTime(const QString &ruleName) const;
    // How long one `when` may run before it is stopped and counts as failed (default 100 ms).
    std::chrono::milliseconds whenTimeLimit() const { return m_whenTimeLimit; }
    void setWhenTimeLimit(std::chrono::milliseconds limit) { m_whenTimeLimit = limit; }
    // How many rules were evaluated against an event (their filter checked), in all.
    qint64 evaluationCount() const { return m_evaluations; }
    // The runs of the rule that have not finished yet.
    QStringList activeRuns(const QString &ruleName) const;

public Q_SLOTS:
    // Fires the rule now, as its timer would: publishes cairn.timer.fired and starts the run.
    void fire(const QString &ruleName);

Q_SIGNALS:
    void fired(const QString &ruleName, const QString &runId);
    void skipped(const QString &ruleName, const QString &reason);

private:
    struct State;

    State *state(const QString &ruleName) const;
    bool whenHolds(State &state, const CloudEvent &event);
    void trigger(State &state, const CloudEvent &event);
    void startRun(State &state, const CloudEvent &event);
    void runFinished(const Node &run);
    void recoverActiveRuns();
    void arm(State &state);
    void skip(State &state, const QString &reason);

    EventBus &m_bus;
    Scheduler &m_scheduler;
    std::unique_ptr<QJSEngine> m_js;
    std::unique_ptr<ScriptWatchdog> m_watchdog; // after m_js: it goes first
    std::chrono::milliseconds m_whenTimeLimit{100};
    std::vector<std::unique_ptr<State>> m_states; // in the order of the rules
    QHash<QString, QList<State *>> m_byExactType;
    QList<State *> m_byGlob; // type globs and rules for any type
    QHash<QString, State *> m_byRun; // active run id -> its rule
    QHash<QString, Pipeline> m_pipelines;
    int m_subscription = 0;
    QString m_durableName;
    DurableSubscription *m_durable = nullptr;
    qint64 m_replayUntil = 0; // the last event an engine before this start may have seen
    bool m_active = false;
    qint64 m_evaluations = 0;
};

} // namespace Cairn
