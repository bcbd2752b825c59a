// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "pipeline.h"

#include <QCoreApplication>

namespace CairnCtl {

class Console;

/*
 * Prints a pipeline definition: readable text, or its JSON form for programs.
 */
class PipelinePrinter
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::PipelinePrinter)
public:
    explicit PipelinePrinter(Console &console);

    // The name, description and inputs, then a table of the jobs, stage after stage.
    void print(const Cairn::Pipeline &pipeline);

private:
    Console &m_console;
};

} // namespace CairnCtl
