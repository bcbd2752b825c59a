// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <chrono>

namespace Cairn {

class Database;

/*
 * Leader election through the database, for work that one process of many must do alone:
 * the rules (two would start every run twice) and the supervisor. The leader holds a row of
 * the leases table until its expiry time and renews it a few times per term; another
 * process takes it over once it expired, so a leader that dies is replaced after at most one
 * term. Works the same on SQLite (several processes on one file) and PostgreSQL.
 *
 * A leader that cannot renew (the database is gone) counts itself out when its term ends,
 * before anyone else can count it out, so two never lead at once while clocks agree.
 */
class LeaderLease : public QObject
{
    Q_OBJECT
public:
    LeaderLease(Database &database, const QString &name, const QString &owner,
                std::chrono::milliseconds term, QObject *parent = nullptr);
    ~LeaderLease() override;

    QString name() const { return m_name; }
    QString owner() const { return m_owner; }
    bool isLeader() const { return m_leader; }

    // Tries now and then a few times per term.
    void start();
    // Stops trying and hands the lease back, so another process can take it at once.
    void stop();

public Q_SLOTS:
    // One attempt to take or renew the lease; gives whether this process leads.
    bool tryAcquire();

Q_SIGNALS:
    void leadershipChanged(bool leader);

private:
    Result<bool> acquire();
    void setLeader(bool leader);

    Database &m_db;
    QString m_name;
    QString m_owner;
    std::chrono::milliseconds m_term;
    QTimer m_timer;
    QElapsedTimer m_renewed; // since the last successful renewal
    bool m_leader = false;
};

} // namespace Cairn
