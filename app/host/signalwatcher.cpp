// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "signalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace Cairn {

namespace {
// Where the handler writes; a handler can reach no object, only a global.
volatile sig_atomic_t writeEnd = -1;
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent) { }

SignalWatcher::~SignalWatcher()
{
    for (const auto &[number, action] : std::as_const(m_previous))
        sigaction(number, &action, nullptr);
    writeEnd = -1;
    for (int fd : m_pipe) {
        if (fd >= 0)
            close(fd);
    }
}

/*!
    Installs the handler for \a signalNumbers; received() follows each one that arrives.
    False, with errorString(), if the pipe or a handler could not be set up.
*/
bool SignalWatcher::watch(std::initializer_list<int> signalNumbers)
{
    if (m_pipe[0] < 0) {
        // Non-blocking: a handler must never wait on a full pipe, and the reader drains it.
        if (pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
            m_error = tr("Cannot create a pipe for signals: %1")
                              .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        writeEnd = m_pipe[1];
        m_notifier = new QSocketNotifier(m_pipe[0], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readPipe);
    }
    for (int number : signalNumbers) {
        struct sigaction action = {};
        action.sa_handler = &SignalWatcher::handle;
        sigemptyset(&action.sa_mask);
        // Restarted system calls: the event loop and the database never see EINTR.
        action.sa_flags = SA_RESTART;
        struct sigaction previous = {};
        if (sigaction(number, &action, &previous) != 0) {
            m_error = tr("Cannot catch signal %1: %2")
                              .arg(number)
                              .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        m_previous.append({number, previous});
    }
    return true;
}

void SignalWatcher::handle(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    if (writeEnd >= 0) {
        // A full pipe already holds a byte that wakes the loop: nothing is lost.
        const ssize_t written = write(writeEnd, &byte, 1);
        Q_UNUSED(written);
    }
    errno = savedErrno;
}

void SignalWatcher::readPipe()
{
    unsigned char bytes[16];
    for (;;) {
        const ssize_t count = read(m_pipe[0], bytes, sizeof bytes);
        if (count <= 0)
            break;
        for (ssize_t i = 0; i < count; ++i)
            Q_EMIT received(bytes[i]);
    }
}

} // namespace Cairn
