// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "postgresserver.h"

#include "freeport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>
#include <QUuid>

#ifdef Q_OS_UNIX
#    include <grp.h>
#    include <pwd.h>
#    include <signal.h>
#    include <unistd.h>
#endif
#ifdef Q_OS_LINUX
#    include <sys/prctl.h>
#endif

namespace CairnTest {

namespace {

// The account the server runs as when the tests run as root.
struct ServerUser
{
    uid_t uid = 0;
    gid_t gid = 0;
    bool needed = false;
};

ServerUser serverUser()
{
    ServerUser user;
#ifdef Q_OS_UNIX
    if (geteuid() == 0) {
        if (const passwd *pw = getpwnam("postgres")) {
            user.uid = pw->pw_uid;
            user.gid = pw->pw_gid;
            user.needed = true;
        }
    }
#endif
    return user;
}

// A connection to the server's own "postgres" database, as its superuser.
QSqlDatabase adminConnection(const QString &name, quint16 port)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(port);
    db.setUserName(QStringLiteral("postgres"));
    db.setDatabaseName(QStringLiteral("postgres"));
    return db;
}

} // namespace

PostgresServer::PostgresServer() = default;

PostgresServer::~PostgresServer()
{
    stop();
}

QString PostgresServer::findBinary(const QString &name) const
{
    const QString fromEnv = qEnvironmentVariable("CAIRN_PG_BINDIR");
    QStringList dirs;
    if (!fromEnv.isEmpty())
        dirs << fromEnv;
    // Debian keeps the server binaries out of PATH, one folder per major version.
    QDir lib(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = lib.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &v : versions)
        dirs << lib.filePath(v + QStringLiteral("/bin"));
    for (const QString &dir : dirs) {
        const QString path = QDir(dir).filePath(name);
        if (QFileInfo(path).isExecutable())
            return path;
    }
    return QStandardPaths::findExecutable(name);
}

bool PostgresServer::runAsServerUser(QProcess &process, const QString &program,
                                     const QStringList &args)
{
    const ServerUser user = serverUser();
#ifdef Q_OS_UNIX
    process.setChildProcessModifier([user] {
        // Drop root in the child only; PostgreSQL refuses to run as root.
        if (user.needed
            && (setgroups(0, nullptr) != 0 || setgid(user.gid) != 0 || setuid(user.uid) != 0))
            _exit(126);
#    ifdef Q_OS_LINUX
        // A test that crashes takes its server with it (SIGINT: PostgreSQL's fast
        // shutdown). Set after setuid, which clears it.
        prctl(PR_SET_PDEATHSIG, SIGINT);
#    endif
    });
#endif
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    return process.waitForStarted(10000);
}

bool PostgresServer::start()
{
    stop();
    const QString initdb = findBinary(QStringLiteral("initdb"));
    const QString postgres = findBinary(QStringLiteral("postgres"));
    if (initdb.isEmpty() || postgres.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL server binaries not found (initdb, postgres); "
                                 "install the postgresql package or set CAIRN_PG_BINDIR");
        return false;
    }

    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString root = m_dir->path();
    const ServerUser user = serverUser();
#ifdef Q_OS_UNIX
    if (user.needed && chown(QFile::encodeName(root).constData(), user.uid, user.gid) != 0) {
        m_error = QStringLiteral("cannot hand %1 to the postgres user").arg(root);
        return false;
    }
#endif
    const QString data = root + QStringLiteral("/data");

    QProcess init;
    if (!runAsServerUser(init, initdb,
                         {QStringLiteral("-D"), data, QStringLiteral("-U"),
                          QStringLiteral("postgres"), QStringLiteral("--auth=trust"),
                          QStringLiteral("-E"), QStringLiteral("UTF8"),
                          QStringLiteral("--locale=C"), QStringLiteral("--no-sync")})
        || !init.waitForFinished(120000) || init.exitCode() != 0) {
        m_error = QStringLiteral("initdb failed: ") + QString::fromLocal8Bit(init.readAll());
        return false;
    }

    m_port = freePort();
    m_server = std::make_unique<QProcess>();
    const QStringList args = {
            QStringLiteral("-D"),
            data,
            QStringLiteral("-p"),
            QString::number(m_port),
            QStringLiteral("-k"),
            root,
            QStringLiteral("-c"),
            QStringLiteral("listen_addresses=127.0.0.1"),
            // A throw-away cluster: durability only costs time here.
            QStringLiteral("-c"),
            QStringLiteral("fsync=off"),
            QStringLiteral("-c"),
            QStringLiteral("synchronous_commit=off"),
            QStringLiteral("-c"),
            QStringLiteral("full_page_writes=off"),
            QStringLiteral("-c"),
            QStringLiteral("max_connections=200"),
    };
    if (!runAsServerUser(*m_server, postgres, args)) {
        m_error = QStringLiteral("postgres did not start: ") + m_server->errorString();
        return false;
    }

    // Ready when it accepts a connection; give up after 30 s.
    const QDeadlineTimer deadline(30000);
    const QString probe = QStringLiteral("cairn-test-probe-") + QUuid::createUuid().toString();
    bool ready = false;
    {
        QSqlDatabase db = adminConnection(probe, m_port);
        while (!deadline.hasExpired() && m_server->state() == QProcess::Running) {
            if (db.open()) {
                ready = true;
                db.close();
                break;
            }
            QThread::msleep(100);
        }
    }
    QSqlDatabase::removeDatabase(probe);
    if (!ready) {
        m_error = QStringLiteral("postgres did not accept connections: ")
                + QString::fromLocal8Bit(m_server->readAll());
        stop();
        return false;
    }
    return true;
}

bool PostgresServer::isRunning() const
{
    return m_server && m_server->state() == QProcess::Running;
}

qint64 PostgresServer::pid() const
{
    return m_server ? m_server->processId() : 0;
}

void PostgresServer::stop()
{
    if (m_server && m_server->state() != QProcess::NotRunning) {
#ifdef Q_OS_UNIX
        // SIGINT is PostgreSQL's fast shutdown: it ends the sessions and stops at once.
        ::kill(pid_t(m_server->processId()), SIGINT);
#endif
        if (!m_server->waitForFinished(20000)) {
            m_server->kill();
            m_server->waitForFinished(5000);
        }
    }
    m_server.reset();
    m_dir.reset();
}

QString PostgresServer::url(const QString &database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

QString PostgresServer::createDatabase(const QString &name)
{
    const QString connection = QStringLiteral("cairn-test-admin-") + QUuid::createUuid().toString();
    bool ok = false;
    {
        QSqlDatabase db = adminConnection(connection, m_port);
        if (db.open()) {
            QSqlQuery query(db);
            // A name, not a value: it cannot be bound, so only plain identifiers are taken.
            static const QRegularExpression identifier(QStringLiteral("^[a-z_][a-z0-9_]*$"));
            ok = identifier.match(name).hasMatch()
                    && query.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return ok ? url(name) : QString();
}

} // namespace CairnTest
