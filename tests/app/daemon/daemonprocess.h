// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <chrono>

// One cairnd started by a test: its standard error kept, signals sent by process id.
class DaemonProcess
{
public:
    explicit DaemonProcess(const QString &projectFile);
    ~DaemonProcess();

    void start(const QStringList &extraArguments = {});
    // Waits until standard error holds text; false after timeout or if cairnd ended.
    [[nodiscard]] bool waitForOutput(const QString &text, std::chrono::milliseconds timeout);
    // Waits for the exit; false after timeout.
    [[nodiscard]] bool waitForExit(std::chrono::milliseconds timeout);
    void signal(int signalNumber);
    void kill9();

    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    QString errorOutput();

private:
    QString m_projectFile;
    QProcess m_process;
    QString m_stderr;
};
