// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"
#include "cronschedule.h"
#include "error.h"
#include "eventfilter.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace Cairn {

/*
 * One entry of the project file's `rules:` list: when an event (`on:`) or a time (`every:`)
 * comes, start a run of a pipeline.
 *
 *   rules:
 *     - name: too-hot
 *       on: {type: weather.reading, source: "mqtt:*", data.temperature__gt: 30}
 *       when: "event.data.station !== 'test'"
 *       run: cool-down
 *       params: {threshold: "${event.data.temperature}"}
 *       holdoff: 5m
 *       mode: single
 *       repeat: 3          # only on the third matching event in a row
 *     - name: nightly
 *       every: "0 2 * * *"
 *       run: report
 *
 * `on:` is a mapping of filter terms or a list of "field=value" terms (see EventFilter).
 */
struct Rule
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::Rule)
public:
    // What a firing does while the rule's last run is still active.
    enum class Mode {
        Single, // nothing: the firing is skipped
        Queued, // starts once the active run finished; at most one waits
        Parallel, // starts another run beside it
        Restart, // cancels the active run and starts a new one
    };

    QString name; // unique among the rules
    std::optional<EventFilter> on; // set for event rules
    std::optional<CronSchedule> every; // set for timer rules
    QString when; // a JavaScript expression over `event`; empty: always
    QString pipeline; // the pipeline it runs
    QJsonObject params; // the run's inputs, ${event...} templates allowed
    std::chrono::milliseconds holdoff{0};
    Mode mode = Mode::Single;
    // Fires on the repeat-th matching event in a row from one subject (a station, a device);
    // an event of the rule's type from that subject that does not match starts the count
    // again, and so does a firing. 1: every matching event.
    int repeat = 1;
    // "file:line:column" of the rule and of its `when:`, for messages at run time.
    QString location;
    QString whenLocation;

    // The `rules:` list of the project file; a missing list gives no rules.
    static Result<QList<Rule>> fromConfig(const ConfigNode &rules);
    static Result<Rule> fromConfigEntry(const ConfigNode &node);

    static QString modeName(Mode mode);
    // The JavaScript that `when` is evaluated as: a function of the event.
    static QString whenProgram(const QString &when);
};

} // namespace Cairn
