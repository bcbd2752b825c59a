// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "scriptwatchdog.h"

#include <QJSEngine>

namespace Cairn {

ScriptWatchdog::ScriptWatchdog(QJSEngine *engine) : m_engine(engine)
{
    m_thread = std::thread([this] { run(); });
}

ScriptWatchdog::~ScriptWatchdog()
{
    {
        const std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void ScriptWatchdog::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        if (!m_armed) {
            m_wake.wait(lock);
            continue;
        }
        if (m_wake.wait_until(lock, m_deadline) == std::cv_status::timeout && m_armed && !m_fired
            && std::chrono::steady_clock::now() >= m_deadline) {
            m_fired = true;
            m_engine->setInterrupted(true);
        } else if (m_fired) {
            m_wake.wait(lock); // until disarmed
        }
    }
}

void ScriptWatchdog::arm(std::chrono::milliseconds limit)
{
    {
        const std::lock_guard lock(m_mutex);
        m_armed = true;
        m_fired = false;
        m_deadline = std::chrono::steady_clock::now() + limit;
    }
    m_wake.notify_one();
}

bool ScriptWatchdog::disarm()
{
    bool fired = false;
    {
        const std::lock_guard lock(m_mutex);
        m_armed = false;
        fired = m_fired;
        m_fired = false;
        // Under the lock, so the thread cannot interrupt again in between.
        if (fired)
            m_engine->setInterrupted(false);
    }
    m_wake.notify_one();
    return fired;
}

ScriptWatchdog::Guard::Guard(ScriptWatchdog &watchdog, std::chrono::milliseconds limit)
    : m_watchdog(watchdog)
{
    m_watchdog.arm(limit);
}

ScriptWatchdog::Guard::~Guard()
{
    fired();
}

bool ScriptWatchdog::Guard::fired()
{
    if (!m_done) {
        m_done = true;
        m_fired = m_watchdog.disarm();
    }
    return m_fired;
}

} // namespace Cairn
