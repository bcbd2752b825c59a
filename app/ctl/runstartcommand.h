// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "run start": queues a run of a pipeline, from a pipeline file or the project file, for
 * cairnd to execute; with --wait it follows the run to its end.
 */
class RunStartCommand
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::RunStartCommand)
public:
    explicit RunStartCommand(Session &session);

    // arguments: what follows "start". Gives the exit code.
    int run(const QStringList &arguments);

    // The inputs "--param NAME=VALUE" give: VALUE as JSON when it is JSON, else as text.
    static Cairn::Result<QJsonObject> parseParams(const QStringList &params);

private:
    Session &m_session;
};

} // namespace CairnCtl
