// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QByteArray>
#include <QObject>

namespace CairnCtl {

/*
 * A job's log as it is written, from the files on this machine or from the log stream of
 * the HTTP API: the output of one attempt, then of each attempt that follows, until the job
 * has finished. What follows it ("job log --follow") writes it out; the feed only delivers.
 */
class LogFeed : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~LogFeed() override;

    virtual void start() = 0;
    // Delivers what has been written by now, then nothing more.
    virtual void stop() = 0;

Q_SIGNALS:
    void output(const QByteArray &bytes);
    // The log of attempt ended is complete; that of attempt next follows.
    void attemptEnded(int ended, int next);
    // The job has finished and all of its log was delivered.
    void finished(bool passed);
    void failed(const Cairn::Error &error);
};

} // namespace CairnCtl
