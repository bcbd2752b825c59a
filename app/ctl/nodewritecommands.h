// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "node add", "node update" and "node delete". Each checks all of its input before it
 * opens the database, so that bad input is a usage error whatever the database's state,
 * takes the arguments after its name and gives the exit code.
 */
class NodeWriteCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::NodeWriteCommands)
public:
    explicit NodeWriteCommands(Session &session);

    int add(const QStringList &arguments);
    int update(const QStringList &arguments);
    int remove(const QStringList &arguments);

private:
    Session &m_session;
};

} // namespace CairnCtl
