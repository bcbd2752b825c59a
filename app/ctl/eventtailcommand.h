// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "cloudevent.h"
#include "eventfilter.h"

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Backend;
class Session;

/*
 * "event tail": follows the bus and prints events as they arrive, from now, from a
 * sequence number, from the last few events, or from where a durable subscription stopped.
 */
class EventTailCommand
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::EventTailCommand)
public:
    explicit EventTailCommand(Session &session);

    // arguments: what follows "tail". Gives the exit code.
    int run(const QStringList &arguments);

private:
    // The events after sequence after up to upTo that match filter, oldest first; only the
    // last keepLast of them when keepLast > 0.
    static Cairn::Result<QList<Cairn::CloudEvent>> readRange(Backend &backend,
                                                             const Cairn::EventFilter &filter,
                                                             qint64 after, qint64 upTo,
                                                             qsizetype keepLast = 0);
    // The last count events up to upTo that match filter.
    static Cairn::Result<QList<Cairn::CloudEvent>>
    lastEvents(Backend &backend, const Cairn::EventFilter &filter, qsizetype count, qint64 upTo);

    Session &m_session;
};

} // namespace CairnCtl
