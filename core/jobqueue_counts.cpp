// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "database.h"
#include "jobqueue.h"

#include <QSqlError>
#include <QSqlQuery>

namespace Cairn {

/*!
    The number of jobs in each state, for the queue depth of /metrics. One grouped read on
    the jobs_claim index, whose first column is the state.
*/
Result<QMap<JobState, qint64>> JobQueue::countByState()
{
    QString why;
    const auto query = m_db.cachedQuery(
            QStringLiteral("SELECT state, COUNT(*) FROM jobs GROUP BY state"), &why);
    if (!query)
        return Error::database(why);
    if (!query->exec())
        return Error::database(query->lastError().text());
    QMap<JobState, qint64> counts;
    while (query->next()) {
        if (const auto state = JobStates::fromName(query->value(0).toString()))
            counts.insert(*state, query->value(1).toLongLong());
    }
    query->finish();
    return counts;
}

} // namespace Cairn
