// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "runtime.h"

#include <QThread>

#include <chrono>

namespace Cairn {

/*
 * Runs jobs of kind "process" as local programs, each in a process group of its own.
 */
class ProcessRuntime : public Runtime
{
    Q_OBJECT
public:
    explicit ProcessRuntime(int capacity = QThread::idealThreadCount(), QObject *parent = nullptr);

    // The kind it runs, with the schema of its params.
    static JobKind processKind();

    QString name() const override;
    QList<JobKind> kinds() const override;
    int capacity() const override;

    std::chrono::milliseconds gracePeriod() const;
    void setGracePeriod(std::chrono::milliseconds gracePeriod);

    Result<RuntimeJob *> start(const JobSpec &spec, QObject *parent) override;

private:
    int m_capacity;
    std::chrono::milliseconds m_gracePeriod{5000};
};

} // namespace Cairn
