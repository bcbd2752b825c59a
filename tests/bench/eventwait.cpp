// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventwait.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace CairnBench {

bool waitUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    QElapsedTimer clock;
    clock.start();
    // A loop of its own rather than processEvents(): objects deleted later are only deleted
    // once control is back in the loop that asked for it.
    QEventLoop loop;
    bool met = false;
    QTimer tick;
    tick.setInterval(2);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        met = done();
        if (met || clock.elapsed() > timeout.count())
            loop.quit();
    });
    tick.start();
    loop.exec();
    return met;
}

void pause(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace CairnBench
