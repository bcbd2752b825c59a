// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "statementprofile.h"

#include <database.h>

#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>

namespace CairnBench {

StatementProfile::~StatementProfile()
{
    detach();
}

bool StatementProfile::attach(Cairn::Database &database, QString *why)
{
    QSqlDatabase db = database.connection();
    // The handle belongs to the library the driver was built with; tracing it through
    // another copy of SQLite would corrupt both.
    QSqlQuery version(db);
    if (!version.exec(QStringLiteral("SELECT sqlite_version()")) || !version.next()) {
        *why = QStringLiteral("the connection is not SQLite");
        return false;
    }
    const QString driverVersion = version.value(0).toString();
    if (driverVersion != QLatin1String(sqlite3_libversion())) {
        *why = QStringLiteral("Qt's driver runs SQLite %1, this program links %2")
                       .arg(driverVersion, QLatin1String(sqlite3_libversion()));
        return false;
    }
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || std::strcmp(handle.typeName(), "sqlite3*") != 0) {
        *why = QStringLiteral("the driver gives no sqlite3 handle");
        return false;
    }
    detach();
    m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    m_clock.start();
    m_started.clear();
    sqlite3_trace_v2(static_cast<sqlite3 *>(m_handle), SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                     &StatementProfile::callback, this);
    return true;
}

void StatementProfile::detach()
{
    if (m_handle)
        sqlite3_trace_v2(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
    m_handle = nullptr;
}

int StatementProfile::callback(unsigned type, void *context, void *statement, void *detail)
{
    auto *profile = static_cast<StatementProfile *>(context);
    if (type == SQLITE_TRACE_STMT) {
        // Also called for each trigger program a statement runs ("-- ..."): keep the start.
        const auto *text = static_cast<const char *>(detail);
        if (!(text && text[0] == '-' && text[1] == '-'))
            profile->m_started.insert(statement, profile->m_clock.nsecsElapsed());
        return 0;
    }
    if (type != SQLITE_TRACE_PROFILE)
        return 0;
    const qint64 now = profile->m_clock.nsecsElapsed();
    const auto started = profile->m_started.constFind(statement);
    // SQLite's own figure, in millisecond ticks, when the start was missed.
    const qint64 elapsed = started != profile->m_started.cend()
            ? now - *started
            : qint64(*static_cast<const sqlite3_int64 *>(detail));
    profile->m_started.remove(statement);
    const char *text = sqlite3_sql(static_cast<sqlite3_stmt *>(statement));
    const QString sql = QString::fromUtf8(text ? text : "").simplified();
    Entry &entry = profile->m_entries[sql];
    entry.sql = sql;
    ++entry.count;
    entry.nanoseconds += elapsed;
    return 0;
}

QList<StatementProfile::Entry> StatementProfile::entries() const
{
    QList<Entry> list = m_entries.values();
    std::sort(list.begin(), list.end(), [](const Entry &a, const Entry &b) {
        return a.nanoseconds != b.nanoseconds ? a.nanoseconds > b.nanoseconds : a.sql < b.sql;
    });
    return list;
}

} // namespace CairnBench
