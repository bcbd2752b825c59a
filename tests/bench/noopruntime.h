// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <runtime.h>

namespace CairnBench {

/*
 * Jobs that do nothing: each reports started() and finished(Passed) on the next turn of the
 * event loop, so that what is measured is the scheduler and its queue alone.
 */
class NoopRuntime : public Cairn::Runtime
{
    Q_OBJECT
public:
    static inline const QString Kind = QStringLiteral("noop");

    explicit NoopRuntime(int capacity, QObject *parent = nullptr);

    QString name() const override;
    QList<Cairn::JobKind> kinds() const override;
    int capacity() const override { return m_capacity; }
    Cairn::Result<Cairn::RuntimeJob *> start(const Cairn::JobSpec &spec, QObject *parent) override;

private:
    int m_capacity;
};

} // namespace CairnBench
