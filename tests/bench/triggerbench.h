// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "latency.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>

namespace CairnBench {

struct TriggerOptions
{
    int samples = 500;
    int warmup = 20; // readings sent first and not counted
    std::chrono::milliseconds gap{20}; // between a run's end and the next reading
    int capacity = 4; // of the process runtime
    QString dir; // for the database and the attempt folders
};

/*
 * From an MQTT reading to the process of the job it starts: a device reading published to
 * a real mosquitto, received by Cairn's client, turned into an event by the device
 * registry, matched by a rule whose pipeline has one process job, queued, claimed and
 * spawned. One reading at a time, each after the run of the one before has finished.
 */
struct TriggerResult
{
    // Each from just before the publish call to a point on the way; the last is the job's
    // RuntimeJob::started(), its process running.
    struct Leg
    {
        QString label;
        Latency latency;
    };
    QList<Leg> legs;
    QString broker; // "mosquitto 2.0.11 on 127.0.0.1:PORT"
    QStringList problems;

    Latency total() const { return legs.isEmpty() ? Latency() : legs.constLast().latency; }
};

TriggerResult measureTrigger(const TriggerOptions &options);

} // namespace CairnBench
