// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"

#include <QCoreApplication>

#include <optional>

namespace CairnCtl {

class Backend;
class CommandParser;
class Session;

/*
 * Reads the node a run or job command names, and says so when it is some other kind of
 * node: an id copied from the wrong column is the usual mistake.
 */
class RunLookup
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RunLookup)
public:
    static Cairn::Result<Cairn::Node> job(Backend &backend, const QString &id);

    // What the commands that take one run or job id begin with: parses arguments, opens the
    // backend and reads the node of kind ("run" or "job"). Gives the exit code to stop
    // with, or nothing and *node set.
    static std::optional<int> readArgument(Session &session, CommandParser &parser,
                                           const QStringList &arguments, const QString &kind,
                                           Cairn::Node *node);

private:
    static Cairn::Result<Cairn::Node> ofKind(Backend &backend, const QString &id,
                                             const QString &kind);
};

} // namespace CairnCtl
