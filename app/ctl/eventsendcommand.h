// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "event send": publishes one event on the bus. Checks all of its input before it opens
 * the database, so that bad input is a usage error whatever the database's state.
 */
class EventSendCommand
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::EventSendCommand)
public:
    explicit EventSendCommand(Session &session);

    // arguments: what follows "send". Gives the exit code.
    int run(const QStringList &arguments);

private:
    Session &m_session;
};

} // namespace CairnCtl
