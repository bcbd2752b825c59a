// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace CairnTest {

/*
 * A throw-away PostgreSQL cluster for one test process: initdb into a temporary folder,
 * postgres listening on a free loopback port, stopped by its process id. As root the
 * server runs as the "postgres" user, since PostgreSQL refuses to run as root.
 */
class PostgresServer
{
public:
    PostgresServer();
    ~PostgresServer();

    [[nodiscard]] bool start();
    void stop();
    bool isRunning() const;
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    qint64 pid() const;
    // A new empty database on this server and its URL, "postgresql://postgres@127.0.0.1:P/N".
    QString createDatabase(const QString &name);
    QString url(const QString &database = QStringLiteral("postgres")) const;

private:
    QString findBinary(const QString &name) const;
    bool runAsServerUser(QProcess &process, const QString &program, const QStringList &args);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_server;
    quint16 m_port = 0;
    QString m_error;
    QString m_log;
};

} // namespace CairnTest
