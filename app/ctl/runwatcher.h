// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "jobstate.h"

#include <QEventLoop>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace CairnCtl {

class Backend;
class Console;
class EventFeed;

/*
 * The loop of "run start --wait": reads the run again whenever an event says that it or one
 * of its jobs changed (and now and then in case an event is missed), prints how each job
 * ended, and stops once the run has finished, the time is up, or SIGINT or SIGTERM comes.
 */
class RunWatcher : public QObject
{
    Q_OBJECT
public:
    RunWatcher(Console &console, Backend &backend);
    ~RunWatcher() override;

    // Starts following the events; called before the run is queued, so that no change of
    // it is missed.
    Cairn::Status listen();
    // Follows runId until it has finished. timeout 0: no limit. Gives the exit code: 0 when
    // the run passed, 1 when it did not, or did not finish while followed.
    int wait(const QString &runId, std::chrono::milliseconds timeout);

private:
    void refresh();
    void finish(int exitCode);

    Console &m_console;
    Backend &m_backend;
    std::unique_ptr<EventFeed> m_feed;
    QString m_runId;
    // What was printed of each job: its state and attempt then.
    QHash<QString, std::pair<Cairn::JobState, int>> m_printed;
    QTimer m_refreshSoon;
    QTimer m_poll;
    QEventLoop m_loop;
    bool m_refreshing = false;
    bool m_changedMeanwhile = false;
    bool m_done = false;
    int m_exitCode = 1;
};

} // namespace CairnCtl
