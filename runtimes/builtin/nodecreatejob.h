// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "builtinjob.h"

#include <node.h>

namespace Cairn {

class NodeStore;

/*
 * One attempt of a "node.create" job: writes one node, a result of the run, through the
 * NodeStore. The store is synchronous, so the work is done in one turn of the event loop.
 */
class NodeCreateJob : public BuiltinJob
{
    Q_OBJECT
public:
    // The kind it runs, with the schema of its params.
    static JobKind kind();

    [[nodiscard]] static Result<NodeCreateJob *> create(const JobSpec &spec, NodeStore &store,
                                                        QObject *parent = nullptr);

protected:
    void run() override;

private:
    NodeCreateJob(const JobSpec &spec, NodeStore &store);

    NodeStore &m_store;
    Node m_node;
};

} // namespace Cairn
