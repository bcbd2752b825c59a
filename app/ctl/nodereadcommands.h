// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "node get", "node find", "node tree" and "node count": the subcommands that only read.
 * Each takes the arguments after its name and gives the exit code.
 */
class NodeReadCommands
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::NodeReadCommands)
public:
    explicit NodeReadCommands(Session &session);

    int get(const QStringList &arguments);
    int find(const QStringList &arguments);
    int tree(const QStringList &arguments);
    int count(const QStringList &arguments);

private:
    static QString querySyntax();

    Session &m_session;
};

} // namespace CairnCtl
