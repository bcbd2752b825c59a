// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "logfeed.h"

#include "eventfilter.h"
#include "node.h"

#include <QFile>
#include <QFileSystemWatcher>
#include <QTimer>

namespace Cairn {
class EventBus;
class JobQueue;
class NodeStore;
} // namespace Cairn

namespace CairnCtl {

/*
 * A job's log from the files the runtime writes on this machine: what is appended to the
 * log of the attempt being followed, then the logs of the attempts after it, until the job
 * has finished.
 *
 * The file's growth is seen through QFileSystemWatcher, with a short poll as the fallback
 * for file systems that do not report changes; the job's state through the bus, with the
 * same poll. An attempt is over once the queue says so, and its log is then complete: the
 * runtime writes all of it before the end is recorded.
 */
class LocalLogFeed : public LogFeed
{
    Q_OBJECT
public:
    // filter: the bus's events that tell that the job changed.
    LocalLogFeed(Cairn::NodeStore &store, Cairn::JobQueue &queue, Cairn::EventBus &bus,
                 const Cairn::EventFilter &filter, const QString &jobId, int firstAttempt);
    ~LocalLogFeed() override;

    void start() override;
    void stop() override;

private:
    void refresh();
    // Opens the log of m_attempt once it exists.
    void openLog(const Cairn::Node &job);
    void closeLog();
    // Delivers what was appended since the last read.
    void readLog();
    void end();

    Cairn::NodeStore &m_store;
    Cairn::JobQueue &m_queue;
    Cairn::EventBus &m_bus;
    Cairn::EventFilter m_filter;
    QString m_jobId;
    int m_attempt = 0; // the attempt being delivered; 0 until the job has started
    QFile m_log;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    QTimer m_refreshSoon;
    int m_subscription = 0;
    bool m_done = false;
};

} // namespace CairnCtl
