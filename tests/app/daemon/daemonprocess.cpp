// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "daemonprocess.h"

#include <QDeadlineTimer>
#include <QTest>

#include <csignal>
#include <sys/types.h>

DaemonProcess::DaemonProcess(const QString &projectFile) : m_projectFile(projectFile) { }

DaemonProcess::~DaemonProcess()
{
    if (isRunning()) {
        kill9();
        m_process.waitForFinished(5000);
    }
}

void DaemonProcess::start(const QStringList &extraArguments)
{
    m_stderr.clear();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    environment.remove(QStringLiteral("QT_MESSAGE_PATTERN"));
    m_process.setProcessEnvironment(environment);
    m_process.setProgram(QStringLiteral(CAIRND_PATH));
    m_process.setArguments(QStringList{QStringLiteral("--project"), m_projectFile}
                           + extraArguments);
    m_process.start();
    m_process.waitForStarted(5000);
}

QString DaemonProcess::errorOutput()
{
    m_stderr += QString::fromUtf8(m_process.readAllStandardError());
    return m_stderr;
}

bool DaemonProcess::waitForOutput(const QString &text, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (!errorOutput().contains(text)) {
        if (deadline.hasExpired() || !isRunning())
            return errorOutput().contains(text);
        m_process.waitForReadyRead(50);
        QCoreApplication::processEvents();
    }
    return true;
}

bool DaemonProcess::waitForExit(std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (isRunning() && !deadline.hasExpired()) {
        m_process.waitForFinished(50);
        QCoreApplication::processEvents();
    }
    errorOutput();
    return !isRunning();
}

void DaemonProcess::signal(int signalNumber)
{
    if (isRunning())
        ::kill(pid_t(m_process.processId()), signalNumber);
}

void DaemonProcess::kill9()
{
    signal(SIGKILL);
}
