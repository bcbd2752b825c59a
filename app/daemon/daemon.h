// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "engine.h"

#include <QCoreApplication>
#include <QObject>

namespace Cairn {

class SignalWatcher;

/*
 * cairnd: runs one project file until SIGTERM or SIGINT. A first signal stops taking new
 * work and lets running jobs finish for the project's shutdown grace; a second one stops
 * them at once. SIGHUP re-reads the project file and applies what can change while running.
 */
class Daemon : public QObject
{
    Q_OBJECT
public:
    // Exit codes, as the manual page and the systemd unit expect them.
    enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitConfiguration = 2 };

    explicit Daemon(QObject *parent = nullptr);
    ~Daemon() override;

    // Loads and starts the project; an exit code when it cannot.
    std::optional<int> start(const QString &projectFile);
    // Reads the project and builds everything as for a run, on a database of its own so that
    // nothing is written; prints "FILE: ok" and gives the exit code.
    static int check(const QString &projectFile);

Q_SIGNALS:
    void finished(int exitCode);

private:
    // Prints the error and gives its exit code: a mistake in the project file is 2.
    static int fail(const Error &error);
    void signalReceived(int signalNumber);
    void reload();

    QString m_projectFile;
    std::shared_ptr<SecretStore> m_secrets;
    Engine m_engine;
    SignalWatcher *m_signals = nullptr;
    int m_stopSignals = 0;
};

} // namespace Cairn
