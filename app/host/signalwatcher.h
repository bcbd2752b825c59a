// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QObject>

#include <initializer_list>
#include <signal.h>

class QSocketNotifier;

namespace Cairn {

/*
 * Turns Unix signals into a Qt signal emitted from the event loop. The handler only writes
 * the signal's number to a self-pipe, which is all a handler may safely do; the event loop
 * reads it and acts. One watcher at a time; the previous handlers come back when it goes.
 */
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // Catches signalNumbers (SIGINT, SIGTERM...) from now on.
    [[nodiscard]] bool watch(std::initializer_list<int> signalNumbers);
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    void readPipe();

    int m_pipe[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
    QList<std::pair<int, struct sigaction>> m_previous;
    QString m_error;
};

} // namespace Cairn
