// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pipeline.h"

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>

namespace Cairn {

class Database;
class DeviceDirectory;
class EventBus;
class JobKindRegistry;
class NodeStore;
class Scheduler;

// The services the HTTP API serves; none is owned, each must outlive the ApiServer.
struct ApiContext
{
    Database *database = nullptr; // required
    NodeStore *store = nullptr; // required
    EventBus *bus = nullptr; // required
    Scheduler *scheduler = nullptr; // null: run and job writes answer 503
    const JobKindRegistry *kinds = nullptr; // for pipeline validation
    // The project's pipelines by name, asked for at each request (they change on a reload).
    std::function<QHash<QString, Pipeline>()> pipelines;
    DeviceDirectory *devices = nullptr; // null: device routes give an empty list or 404
};

struct ApiOptions
{
    // Larger request bodies are refused with 413. Qt HttpServer 6.4 reads a whole body before
    // any handler runs, so this bounds what is parsed, not what is received.
    qint64 maxBodyBytes = 1 << 20;
    // How often a job log stream looks for new output.
    std::chrono::milliseconds logPollInterval{250};
    // The largest piece of a log one WebSocket message carries.
    qint64 logChunkBytes = 64 * 1024;
    // The most a ranged GET of a log gives; Content-Range tells the client what it got.
    qint64 logRangeBytes = 8 << 20;
    // How many events a stream reads from the history at a time while it catches up.
    int streamPageSize = 500;
    // A stream whose client has this much unsent stops taking live events and reads them
    // back from the history once the client has caught up, so a slow client costs no memory.
    qint64 streamBacklogBytes = 4 << 20;
};

} // namespace Cairn
