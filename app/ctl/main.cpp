// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "commandline.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cairnctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAIRN_VERSION));

    // Standard error is for the command's own messages, which scripts read. The core's notes
    // (a migration) are not errors, and every failure it warns about also comes back as the
    // error cairnctl prints, so they would only say it twice. QT_LOGGING_RULES overrides this.
    QLoggingCategory::setFilterRules(QStringLiteral("cairn.*.info=false\ncairn.*.warning=false"));

    // Commands run to their end inside run(); event tail runs its own event loop there.
    CairnCtl::CommandLine commandLine;
    return commandLine.run(QCoreApplication::arguments());
}
