// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace Cairn {

class Scheduler;

/*
 * The supervisor of Scheduler-Agent-Supervisor: every interval it looks for IN_PROGRESS
 * jobs that are overdue and has them ended through the scheduler.
 *
 * - A job past its complete-by time that has a timeout timed out: this scheduler's own
 *   attempt is stopped (and recorded when it reports); another owner's is recorded at once
 *   if that owner stopped renewing its lease, else after one more lease, which leaves the
 *   owner time to stop it itself.
 * - A job whose lease lapsed (no heartbeat for a lease time, or past its complete-by time
 *   without a timeout) lost its owner: it goes back to READY while attempts remain, else
 *   to ERROR.
 *
 * Each end goes through the queue's guard on owner and attempt, so it is recorded once
 * however many supervisors share the database.
 */
class Supervisor : public QObject
{
    Q_OBJECT
public:
    explicit Supervisor(Scheduler &scheduler, QObject *parent = nullptr);

    std::chrono::milliseconds interval() const;
    void setInterval(std::chrono::milliseconds interval);
    // How old a heartbeat may be before its owner counts as gone; the scheduler's lease by
    // default.
    std::chrono::milliseconds lease() const { return m_lease; }
    void setLease(std::chrono::milliseconds lease) { m_lease = lease; }

    void start();
    void stop();

public Q_SLOTS:
    // One look at the queue; gives how many jobs it acted on.
    int check();

private:
    Scheduler &m_scheduler;
    std::chrono::milliseconds m_lease;
    QTimer m_timer;
};

} // namespace Cairn
