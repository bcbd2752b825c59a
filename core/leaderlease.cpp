// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "leaderlease.h"

#include "database.h"
#include "logging.h"
#include "node.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

LeaderLease::LeaderLease(Database &database, const QString &name, const QString &owner,
                         std::chrono::milliseconds term, QObject *parent)
    : QObject(parent), m_db(database), m_name(name), m_owner(owner), m_term(term)
{
    m_timer.setInterval(std::max(std::chrono::milliseconds(10), term / 4));
    connect(&m_timer, &QTimer::timeout, this, &LeaderLease::tryAcquire);
}

LeaderLease::~LeaderLease()
{
    stop();
}

void LeaderLease::start()
{
    m_timer.start();
    tryAcquire();
}

void LeaderLease::stop()
{
    m_timer.stop();
    if (!m_leader)
        return;
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral("DELETE FROM leases WHERE name = ? AND owner = ?"));
    query.addBindValue(m_name);
    query.addBindValue(m_owner);
    if (!query.exec())
        qCWarning(lcSched).noquote()
                << "cannot hand back the lease" << m_name << ":" << query.lastError().text();
    setLeader(false);
}

/*!
    Takes the lease if it is free or expired, or renews it if this process holds it, in one
    statement: the upsert only changes a row that is ours or expired, so of several processes
    trying at once exactly one gets it.
*/
Result<bool> LeaderLease::acquire()
{
    const QDateTime now = Node::now();
    QSqlQuery query(m_db.connection());
    query.prepare(QStringLiteral(
            "INSERT INTO leases (name, owner, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires "
            "WHERE leases.owner = excluded.owner OR leases.expires < ?"));
    query.addBindValue(m_name);
    query.addBindValue(m_owner);
    query.addBindValue(Node::timeToText(now.addMSecs(m_term.count())));
    query.addBindValue(Node::timeToText(now));
    if (!query.exec())
        return Error::database(query.lastError().text());
    return query.numRowsAffected() > 0;
}

bool LeaderLease::tryAcquire()
{
    const Result<bool> acquired = acquire();
    if (acquired && *acquired) {
        m_renewed.start();
        setLeader(true);
    } else if (acquired) {
        setLeader(false);
    } else {
        qCWarning(lcSched).noquote()
                << "cannot renew the lease" << m_name << ":" << acquired.error().toString();
        // Out before anyone else may take it: a little before the term ends.
        if (m_leader && (!m_renewed.isValid() || m_renewed.elapsed() >= m_term.count() * 3 / 4))
            setLeader(false);
    }
    return m_leader;
}

void LeaderLease::setLeader(bool leader)
{
    if (leader == m_leader)
        return;
    m_leader = leader;
    qCInfo(lcSched).noquote() << (leader ? "leading" : "no longer leading") << m_name << "as"
                              << m_owner;
    Q_EMIT leadershipChanged(leader);
}

} // namespace Cairn
