// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

class QThread;
class QTimer;

namespace Cairn {

class SqlStatement;
class WalCheckpointer;
} // namespace Cairn

struct sqlite3;

namespace Cairn {

/*
 * Owns the connection to one database, SQLite or PostgreSQL, and hands out one Qt SQL
 * connection per thread. open() applies the numbered migrations.
 */
class Database : public QObject
{
    Q_OBJECT
public:
    enum class Dialect { SQLite, PostgreSQL };

    explicit Database(QObject *parent = nullptr);
    ~Database() override;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // "sqlite:PATH" or "postgresql://user[:password]@host[:port]/name". An empty URL opens
    // the default SQLite file under the user's application data folder.
    [[nodiscard]] bool open(const QString &url);
    void close();
    bool isOpen() const { return m_open; }
    QString errorString() const { return m_error; }

    Dialect dialect() const { return m_dialect; }
    // The URL without its password, fit for logs and messages.
    QString displayUrl() const;
    int schemaVersion() const;
    static int latestSchemaVersion();
    static QString defaultUrl();

    // The connection of the calling thread, opened on first use. Closed when the thread ends.
    QSqlDatabase connection();
    // A statement of the calling thread's connection, prepared once and kept: preparing
    // costs more than running most of Cairn's queries. Call finish() when done reading, so
    // that SQLite does not keep a read snapshot open. Null (and *error set) on failure.
    std::shared_ptr<QSqlQuery> cachedQuery(const QString &sql, QString *error);
    // The same as a SqlStatement, for the statements the scheduler runs per job: on SQLite
    // they bypass Qt SQL's per-value costs (see SqlStatement).
    std::shared_ptr<SqlStatement> statement(const QString &sql, QString *error);

public Q_SLOTS:
    // Keeps SQLite's query planner informed: without statistics it may walk a whole kind of
    // node where one parent's children were asked for. Analyses (approximately, so it stays
    // quick on millions of rows) a table that has none yet, else lets SQLite refresh what has
    // grown. Runs at open and every hour; PostgreSQL's autovacuum does this by itself.
    void refreshStatistics();

Q_SIGNALS:
    // A write transaction committed, from the thread that committed it. The event bus
    // listens, so that subscribers hear of new events at once.
    void committed();

private:
    [[nodiscard]] bool parseUrl(const QString &url);
    [[nodiscard]] bool openConnection(QSqlDatabase &db, QString *error) const;
    [[nodiscard]] bool migrate(QSqlDatabase &db);
    void releaseThread(QThread *thread);
    static bool sharesSqlite(const QSqlDatabase &db);
    void removeConnection(const QString &name);
    void attachCheckpointer(const QSqlDatabase &db);
    // Drops the statements of one thread (all when null); SQLite's are finalized at once, so
    // that their connection can close.
    void releaseStatements(QThread *thread);

    bool m_open = false;
    bool m_sqliteHandle = false; // SqlStatement may use the SQLite connection's handle
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite with m_sqliteHandle only
    QHash<QString, sqlite3 *> m_attached; // connections m_checkpointer serves, by name
    QTimer *m_statistics = nullptr;
    Dialect m_dialect = Dialect::SQLite;
    QString m_error;
    QString m_prefix; // unique per Database, prefixes the connection names
    QString m_sqlitePath;
    QString m_pgHost;
    int m_pgPort = 5432;
    QString m_pgUser;
    QString m_pgPassword;
    QString m_pgName;
    QString m_pgOptions;
    mutable QMutex m_mutex;
    QHash<QThread *, QString> m_connections;
    QHash<QThread *, QHash<QString, std::shared_ptr<QSqlQuery>>> m_statements;
    QHash<QThread *, QHash<QString, std::shared_ptr<SqlStatement>>> m_sqlStatements;
};

/*
 * A write transaction on the calling thread's connection, rolled back unless committed.
 * On SQLite it takes the write lock up front (BEGIN IMMEDIATE), so two writers wait for
 * each other through the busy timeout instead of failing on a lock upgrade.
 */
class Transaction
{
public:
    explicit Transaction(Database &database);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool isActive() const { return m_active; }
    QString errorString() const { return m_error; }
    [[nodiscard]] bool commit();
    void rollback();

private:
    bool run(const QString &sql, QString *error);

    Database &m_database;
    QSqlDatabase m_db;
    bool m_active = false;
    QString m_error;
};

} // namespace Cairn
