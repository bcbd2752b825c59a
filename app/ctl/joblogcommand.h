// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace CairnCtl {

class Session;

/*
 * "job log": prints the log of one attempt of a job, or follows it, and the logs of the
 * attempts after it, until the job has finished.
 */
class JobLogCommand
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::JobLogCommand)
public:
    explicit JobLogCommand(Session &session);

    // arguments: what follows "log". Gives the exit code.
    int run(const QStringList &arguments);

private:
    Session &m_session;
};

} // namespace CairnCtl
