// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "database.h"

#include "logging.h"
#include "migrations_p.h"
#include "node.h"
#include "sqlstatement_p.h"
#include "walcheckpointer_p.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <sqlite3.h>

namespace Cairn {

namespace {

// The sqlite3 handle of a Qt SQLite connection; null for any other.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.isOpen() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// The statement of thread for sql in a per-thread cache, or null.
template<typename Statement>
std::shared_ptr<Statement>
cachedFor(const QHash<QThread *, QHash<QString, std::shared_ptr<Statement>>> &cache,
          QThread *thread, const QString &sql)
{
    const auto perThread = cache.constFind(thread);
    if (perThread == cache.cend())
        return {};
    return perThread->value(sql);
}

constexpr int BusyTimeoutMs = 5000;
// Any constant will do; it only has to be the same in every Cairn process.
constexpr qint64 MigrationLockKey = 0x6361697231; // "cair1"

QString sqlError(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.trimmed();
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    *error = sqlError(query.lastError());
    return false;
}

} // namespace

Database::Database(QObject *parent) : QObject(parent)
{
    static QAtomicInteger<quint32> instances;
    m_prefix = QStringLiteral("cairn-%1").arg(instances.fetchAndAddRelaxed(1));
}

Database::~Database()
{
    close();
}

/*!
    The SQLite file Cairn uses when no URL is given: cairn.db in the user's application data
    folder (~/.local/share/cairn on Linux).
*/
QString Database::defaultUrl()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    return QStringLiteral("sqlite:") + dir + QStringLiteral("/cairn/cairn.db");
}

int Database::latestSchemaVersion()
{
    return migrations().constLast().version;
}

bool Database::parseUrl(const QString &url)
{
    if (url.startsWith(QLatin1String("sqlite:"))) {
        m_dialect = Dialect::SQLite;
        m_sqlitePath = url.mid(7);
        if (m_sqlitePath.startsWith(QLatin1String("//")))
            m_sqlitePath = m_sqlitePath.mid(2); // sqlite:///abs/path
        if (m_sqlitePath.isEmpty()) {
            m_error = tr("The database URL \"%1\" names no file.").arg(url);
            return false;
        }
        return true;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (parsed.isValid()
        && (parsed.scheme() == QLatin1String("postgresql")
            || parsed.scheme() == QLatin1String("postgres"))) {
        m_dialect = Dialect::PostgreSQL;
        m_pgHost = parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host();
        m_pgPort = parsed.port(5432);
        m_pgUser = parsed.userName();
        m_pgPassword = parsed.password();
        m_pgName = parsed.path().mid(1);
        m_pgOptions = parsed.query().replace(QLatin1Char('&'), QLatin1Char(';'));
        if (m_pgName.isEmpty()) {
            m_error = tr("The database URL \"%1\" names no database.").arg(displayUrl());
            return false;
        }
        return true;
    }
    m_error = tr("\"%1\" is not a database URL: use sqlite:PATH or "
                 "postgresql://user@host:port/database.")
                      .arg(url);
    return false;
}

QString Database::displayUrl() const
{
    if (m_dialect == Dialect::SQLite)
        return QStringLiteral("sqlite:") + m_sqlitePath;
    QString url = QStringLiteral("postgresql://");
    if (!m_pgUser.isEmpty())
        url += m_pgUser + QLatin1Char('@');
    return url + m_pgHost + QLatin1Char(':') + QString::number(m_pgPort) + QLatin1Char('/')
            + m_pgName;
}

/*!
    Opens the database at url and brings its schema up to date, each migration in its own
    transaction. Refuses a database whose schema is newer than this Cairn knows. On failure
    errorString() says why.
*/
bool Database::open(const QString &url)
{
    close();
    m_error.clear();
    if (!parseUrl(url.isEmpty() ? defaultUrl() : url))
        return false;

    if (m_dialect == Dialect::SQLite) {
        const QFileInfo file(m_sqlitePath);
        if (!QDir().mkpath(file.absolutePath())) {
            m_error = tr("Cannot create the folder %1 for the database.").arg(file.absolutePath());
            return false;
        }
    }

    m_open = true; // connection() needs it
    QSqlDatabase db = connection();
    if (!db.isOpen() || !migrate(db)) {
        db = QSqlDatabase();
        close();
        return false;
    }
    qCDebug(lcStore) << "opened" << displayUrl() << "schema" << schemaVersion();
    if (m_dialect == Dialect::SQLite) {
        m_sqliteHandle = sharesSqlite(db);
        if (m_sqliteHandle) {
            m_checkpointer = std::make_unique<WalCheckpointer>(m_sqlitePath);
            attachCheckpointer(db);
        }
        refreshStatistics();
        if (!m_statistics) {
            m_statistics = new QTimer(this);
            m_statistics->setInterval(std::chrono::hours(1));
            connect(m_statistics, &QTimer::timeout, this, &Database::refreshStatistics);
        }
        m_statistics->start();
    }
    return true;
}

void Database::refreshStatistics()
{
    if (!m_open || m_dialect != Dialect::SQLite)
        return;
    QSqlQuery query(connection());
    // Each index is sampled, not read whole: statistics good enough to choose an index.
    query.exec(QStringLiteral("PRAGMA analysis_limit=400"));
    const bool analysed =
            query.exec(QStringLiteral("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'nodes' LIMIT 1"))
            && query.next();
    // Below a thousand nodes any plan is fast, and statistics of an empty table mislead.
    const bool sizeable = query.exec(QStringLiteral("SELECT 1 FROM nodes LIMIT 1 OFFSET 1000"))
            && query.next();
    query.finish();
    const QString sql = !analysed && sizeable ? QStringLiteral("ANALYZE")
                                              : QStringLiteral("PRAGMA optimize");
    if (!query.exec(sql))
        qCWarning(lcStore).noquote()
                << "cannot refresh the planner statistics:" << query.lastError().text();
    else if (sql == QStringLiteral("ANALYZE"))
        qCDebug(lcStore) << "analysed" << displayUrl();
}

void Database::close()
{
    if (m_statistics)
        m_statistics->stop();
    QHash<QThread *, QString> connections;
    // Statements first: a connection cannot be removed while queries still use it.
    releaseStatements(nullptr);
    {
        QMutexLocker lock(&m_mutex);
        connections.swap(m_connections);
        m_open = false;
    }
    for (const QString &name : std::as_const(connections))
        removeConnection(name);
    m_checkpointer.reset();
    m_sqliteHandle = false;
}

// Gives SQLite back its own checkpoints first: the connection may outlive the checkpointer
// when a caller still holds it.
void Database::removeConnection(const QString &name)
{
    sqlite3 *attached = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        attached = m_attached.take(name);
    }
    WalCheckpointer::detach(attached);
    QSqlDatabase::removeDatabase(name);
}

void Database::attachCheckpointer(const QSqlDatabase &db)
{
    sqlite3 *handle = m_checkpointer ? sqliteHandle(db) : nullptr;
    if (!handle)
        return;
    m_checkpointer->attach(handle);
    QMutexLocker lock(&m_mutex);
    m_attached.insert(db.connectionName(), handle);
}

bool Database::openConnection(QSqlDatabase &db, QString *error) const
{
    if (m_dialect == Dialect::SQLite) {
        db.setDatabaseName(m_sqlitePath);
        db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1;QSQLITE_ENABLE_REGEXP").arg(BusyTimeoutMs));
    } else {
        db.setHostName(m_pgHost);
        db.setPort(m_pgPort);
        db.setUserName(m_pgUser);
        db.setPassword(m_pgPassword);
        db.setDatabaseName(m_pgName);
        QString options = QStringLiteral("connect_timeout=10");
        if (!m_pgOptions.isEmpty())
            options += QLatin1Char(';') + m_pgOptions;
        db.setConnectOptions(options);
    }
    if (!db.open()) {
        *error = tr("Cannot open %1: %2").arg(displayUrl(), sqlError(db.lastError()));
        return false;
    }
    // SQLite: WAL lets readers run beside the writer; NORMAL is durable across application
    // crashes and only loses the last transactions on power loss, which WAL allows. Reads of
    // a large tree touch pages all over the file: a 32 MiB page cache and the file mapped in
    // memory keep them from costing a system call each.
    // PostgreSQL: its notices ("already exists, skipping") would reach stderr through libpq.
    const QList<const char *> setup = m_dialect == Dialect::SQLite
            ? QList<const char *>{"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                                  "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768",
                                  "PRAGMA mmap_size=268435456"}
            : QList<const char *>{"SET client_min_messages TO warning"};
    for (const char *statement : setup) {
        QString why;
        if (!exec(db, QString::fromLatin1(statement), &why)) {
            *error = tr("Cannot set up %1: %2").arg(displayUrl(), why);
            return false;
        }
    }
    return true;
}

/*!
    The calling thread's connection, opened on first use. A thread's connection is closed
    when that thread finishes; the creating thread's when the Database closes.
*/
QSqlDatabase Database::connection()
{
    QThread *thread = QThread::currentThread();
    QString name;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_open)
            return {};
        name = m_connections.value(thread);
        if (name.isEmpty()) {
            name = m_prefix + QLatin1Char('-') + QString::number(quintptr(thread), 16);
            m_connections.insert(thread, name);
            if (thread != this->thread()) {
                QObject::connect(
                        thread, &QThread::finished, this, [this, thread] { releaseThread(thread); },
                        Qt::DirectConnection);
            }
        } else {
            return QSqlDatabase::database(name, false);
        }
    }

    QSqlDatabase db = QSqlDatabase::addDatabase(
            m_dialect == Dialect::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"),
            name);
    QString why;
    if (!openConnection(db, &why)) {
        qCWarning(lcStore).noquote() << why;
        m_error = why;
    } else {
        attachCheckpointer(db);
    }
    return db;
}

void Database::releaseThread(QThread *thread)
{
    QString name;
    releaseStatements(thread);
    {
        QMutexLocker lock(&m_mutex);
        name = m_connections.take(thread);
    }
    if (!name.isEmpty())
        removeConnection(name);
}

std::shared_ptr<QSqlQuery> Database::cachedQuery(const QString &sql, QString *error)
{
    // Queries built from user input come in many shapes; a bounded cache keeps memory flat.
    constexpr qsizetype MaxStatements = 128;
    QThread *thread = QThread::currentThread();
    {
        QMutexLocker lock(&m_mutex);
        if (auto found = cachedFor(m_statements, thread, sql))
            return found;
    }
    auto query = std::make_shared<QSqlQuery>(connection());
    // Rows are read once, in order: no need for Qt to keep a copy of every row it fetched.
    query->setForwardOnly(true);
    if (!query->prepare(sql)) {
        *error = sqlError(query->lastError());
        return {};
    }
    QMutexLocker lock(&m_mutex);
    if (!m_open)
        return query;
    QHash<QString, std::shared_ptr<QSqlQuery>> &statements = m_statements[thread];
    if (statements.size() >= MaxStatements)
        statements.clear();
    statements.insert(sql, query);
    return query;
}

/*!
    Whether the SQLite of Qt's driver is the one Cairn links, so that its connection handle
    may be used directly (see SqlStatement). Distributions build Qt's driver on the system
    SQLite; Qt's own packages carry a copy inside the driver, whose handles must not meet
    another copy's functions. Off, the statements go through QSqlQuery.
*/
bool Database::sharesSqlite(const QSqlDatabase &db)
{
#if CAIRN_SQLITE_HANDLE
    // The same source built the same way: its connections are laid out as ours expect.
    QStringList theirs;
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT sqlite_source_id()")) || !query.next())
        return false;
    theirs.append(query.value(0).toString());
    if (!query.exec(QStringLiteral("PRAGMA compile_options")))
        return false;
    while (query.next())
        theirs.append(query.value(0).toString());
    QStringList ours = {QString::fromUtf8(sqlite3_sourceid())};
    for (int i = 0; const char *option = sqlite3_compileoption_get(i); ++i)
        ours.append(QString::fromUtf8(option));
    if (theirs == ours)
        return true;
    qCInfo(lcStore).noquote() << "Qt's SQLite driver has an SQLite of its own"
                              << theirs.constFirst() << "; statements go through Qt SQL";
#else
    Q_UNUSED(db);
#endif
    return false;
}

void Database::releaseStatements(QThread *thread)
{
    QHash<QThread *, QHash<QString, std::shared_ptr<SqlStatement>>> released;
    {
        QMutexLocker lock(&m_mutex);
        if (thread) {
            m_statements.remove(thread);
            if (auto it = m_sqlStatements.find(thread); it != m_sqlStatements.end()) {
                released.insert(thread, *it);
                m_sqlStatements.erase(it);
            }
        } else {
            m_statements.clear();
            released.swap(m_sqlStatements);
        }
    }
    // Whoever still holds one finds it released, not pointing into a closed connection.
    for (const auto &perThread : std::as_const(released)) {
        for (const std::shared_ptr<SqlStatement> &statement : perThread)
            statement->release();
    }
}

std::shared_ptr<SqlStatement> Database::statement(const QString &sql, QString *error)
{
    constexpr qsizetype MaxStatements = 64;
    QThread *thread = QThread::currentThread();
    {
        QMutexLocker lock(&m_mutex);
        if (auto found = cachedFor(m_sqlStatements, thread, sql))
            return found;
    }
    std::shared_ptr<SqlStatement> statement;
    if (m_dialect == Dialect::SQLite && m_sqliteHandle) {
        sqlite3 *sqlite = sqliteHandle(connection());
        if (!sqlite) {
            *error = tr("The SQLite connection of %1 is not open.").arg(displayUrl());
            return {};
        }
        const QByteArray text = sql.toUtf8();
        sqlite3_stmt *prepared = nullptr;
        if (sqlite3_prepare_v3(sqlite, text.constData(), int(text.size()),
                               SQLITE_PREPARE_PERSISTENT, &prepared, nullptr)
            != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(sqlite));
            sqlite3_finalize(prepared);
            return {};
        }
        statement = std::make_shared<SqlStatement>(sqlite, prepared);
    } else {
        std::shared_ptr<QSqlQuery> query = cachedQuery(sql, error);
        if (!query)
            return {};
        statement = std::make_shared<SqlStatement>(std::move(query));
    }
    QMutexLocker lock(&m_mutex);
    if (!m_open) {
        statement->release();
        *error = tr("The database is closed.");
        return {};
    }
    QHash<QString, std::shared_ptr<SqlStatement>> &statements = m_sqlStatements[thread];
    if (statements.size() >= MaxStatements)
        statements.clear(); // holders keep theirs; each is finalized by its last holder
    statements.insert(sql, statement);
    return statement;
}

int Database::schemaVersion() const
{
    QSqlDatabase db = const_cast<Database *>(this)->connection();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM cairn_schema")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

bool Database::migrate(QSqlDatabase &db)
{
    if (!exec(db,
              QStringLiteral("CREATE TABLE IF NOT EXISTS cairn_schema ("
                             "version INTEGER PRIMARY KEY NOT NULL, applied TEXT NOT NULL)"),
              &m_error)) {
        m_error = tr("Cannot create the schema table in %1: %2").arg(displayUrl(), m_error);
        return false;
    }

    const int latest = latestSchemaVersion();
    for (const Migration &migration : migrations()) {
        Transaction transaction(*this);
        if (!transaction.isActive()) {
            m_error = transaction.errorString();
            return false;
        }
        if (m_dialect == Dialect::PostgreSQL) {
            // Two processes starting on one new database take turns.
            QSqlQuery lock(db);
            lock.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(?)"));
            lock.addBindValue(MigrationLockKey);
            if (!lock.exec()) {
                m_error = sqlError(lock.lastError());
                return false;
            }
        }
        // Read inside the transaction: another process may have migrated meanwhile.
        const int current = schemaVersion();
        if (current > latest) {
            m_error = tr("The database %1 has schema version %2, newer than the version %3 "
                         "this Cairn knows. Use a newer Cairn with it.")
                              .arg(displayUrl())
                              .arg(current)
                              .arg(latest);
            return false;
        }
        if (migration.version <= current)
            continue;

        const QStringList &steps = m_dialect == Dialect::SQLite ? migration.sqlite
                                                                : migration.postgres;
        for (const QString &sql : steps) {
            QString why;
            if (!exec(db, sql, &why)) {
                m_error = tr("Migration %1 of %2 failed: %3")
                                  .arg(migration.version)
                                  .arg(displayUrl(), why);
                return false;
            }
        }
        QSqlQuery record(db);
        record.prepare(QStringLiteral("INSERT INTO cairn_schema (version, applied) VALUES (?, ?)"));
        record.addBindValue(migration.version);
        record.addBindValue(Node::timeToText(Node::now()));
        if (!record.exec() || !transaction.commit()) {
            m_error = tr("Migration %1 of %2 failed: %3")
                              .arg(migration.version)
                              .arg(displayUrl(),
                                   record.lastError().isValid() ? sqlError(record.lastError())
                                                                : transaction.errorString());
            return false;
        }
        qCInfo(lcStore) << "migrated" << displayUrl() << "to schema" << migration.version;
    }
    return true;
}

Transaction::Transaction(Database &database) : m_database(database), m_db(database.connection())
{
    if (!m_db.isOpen()) {
        m_error = database.errorString();
        return;
    }
    const bool sqlite = database.dialect() == Database::Dialect::SQLite;
    if (!run(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"), &m_error))
        return;
    m_active = true;
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

// On SQLite, through a kept statement: a queue of one-job runs begins and commits a
// transaction per run. PostgreSQL does not prepare transaction control.
bool Transaction::run(const QString &sql, QString *error)
{
    if (m_database.dialect() == Database::Dialect::SQLite) {
        const std::shared_ptr<SqlStatement> statement = m_database.statement(sql, error);
        if (!statement)
            return false;
        if (statement->exec())
            return true;
        *error = statement->errorText();
        return false;
    }
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    *error = sqlError(query.lastError());
    return false;
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    if (!run(QStringLiteral("COMMIT"), &m_error)) {
        rollback();
        return false;
    }
    m_active = false;
    Q_EMIT m_database.committed();
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    QString why;
    if (!run(QStringLiteral("ROLLBACK"), &why))
        qCWarning(lcStore) << "rollback failed:" << why;
}

} // namespace Cairn
