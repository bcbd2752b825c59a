// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "noopruntime.h"

#include <QTimer>

#include <algorithm>

using namespace Cairn;

namespace CairnBench {

namespace {

class NoopJob : public RuntimeJob
{
public:
    explicit NoopJob(QObject *parent) : RuntimeJob(parent)
    {
        // Deferred: the scheduler connects to finished() only once start() has returned.
        QTimer::singleShot(0, this, [this] {
            if (m_finished)
                return;
            Q_EMIT started();
            report(JobOutcome::Passed, QString());
        });
    }

    void cancel(const QString &reason) override
    {
        QTimer::singleShot(0, this, [this, reason] { report(JobOutcome::Cancelled, reason); });
    }

private:
    void report(JobOutcome::Status status, const QString &message)
    {
        if (m_finished)
            return;
        m_finished = true;
        JobOutcome outcome;
        outcome.status = status;
        outcome.exitCode = status == JobOutcome::Passed ? 0 : -1;
        outcome.message = message;
        Q_EMIT finished(outcome);
    }

    bool m_finished = false;
};

} // namespace

NoopRuntime::NoopRuntime(int capacity, QObject *parent)
    : Runtime(parent), m_capacity(std::max(1, capacity))
{ }

QString NoopRuntime::name() const
{
    return QStringLiteral("noop");
}

QList<JobKind> NoopRuntime::kinds() const
{
    return {JobKind{Kind, QStringLiteral("1.0.0"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}},
                    QStringLiteral("Does nothing and passes")}};
}

Result<RuntimeJob *> NoopRuntime::start(const JobSpec &, QObject *parent)
{
    return new NoopJob(parent);
}

} // namespace CairnBench
