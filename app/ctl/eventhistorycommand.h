// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "event history": prints stored events after a sequence number that match a filter.
 */
class EventHistoryCommand
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::EventHistoryCommand)
public:
    explicit EventHistoryCommand(Session &session);

    // arguments: what follows "history". Gives the exit code.
    int run(const QStringList &arguments);

private:
    Session &m_session;
};

} // namespace CairnCtl
