// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

class QJSEngine;

namespace Cairn {

/*
 * Stops a script that runs too long: `while (true) {}` in a rule's `when` must not freeze
 * the process. A thread of its own waits for the deadline of the call being guarded and
 * interrupts the engine (QJSEngine::setInterrupted, the one call that is safe from another
 * thread) if the call has not returned by then.
 *
 *   ScriptWatchdog::Guard guard(watchdog, 100ms);
 *   const QJSValue result = function.call(args);
 *   if (guard.fired()) ... // result is an error: the call was stopped
 */
class ScriptWatchdog
{
public:
    explicit ScriptWatchdog(QJSEngine *engine);
    ~ScriptWatchdog();
    ScriptWatchdog(const ScriptWatchdog &) = delete;
    ScriptWatchdog &operator=(const ScriptWatchdog &) = delete;

    class Guard
    {
    public:
        Guard(ScriptWatchdog &watchdog, std::chrono::milliseconds limit);
        ~Guard();
        Guard(const Guard &) = delete;
        Guard &operator=(const Guard &) = delete;

        // Whether the call was interrupted; ends the guard early.
        bool fired();

    private:
        ScriptWatchdog &m_watchdog;
        bool m_done = false;
        bool m_fired = false;
    };

private:
    void run();
    void arm(std::chrono::milliseconds limit);
    bool disarm(); // gives whether it fired

    QJSEngine *m_engine;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_armed = false;
    bool m_fired = false;
    bool m_quit = false;
    std::chrono::steady_clock::time_point m_deadline;
    std::thread m_thread;
};

} // namespace Cairn
