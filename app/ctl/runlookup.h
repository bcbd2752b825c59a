// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"

#include <QCoreApplication>

namespace Cairn {
class NodeStore;
}

namespace CairnCtl {

/*
 * Reads the node a run or job command names, and says so when it is some other kind of
 * node: an id copied from the wrong column is the usual mistake.
 */
class RunLookup
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RunLookup)
public:
    static Cairn::Result<Cairn::Node> run(Cairn::NodeStore &store, const QString &id);
    static Cairn::Result<Cairn::Node> job(Cairn::NodeStore &store, const QString &id);

private:
    static Cairn::Result<Cairn::Node> ofKind(Cairn::NodeStore &store, const QString &id,
                                             const QString &kind);
};

} // namespace CairnCtl
