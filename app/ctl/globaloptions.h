// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

namespace CairnCtl {

// The options every command accepts, before or after the command words.
struct GlobalOptions
{
    QString database; // --db; empty when not given
    QString url; // --url: cairnd's HTTP API instead of the database; empty when not given
    QString ca; // --ca: a PEM file of certificates to trust for https
    bool json = false; // --json
};

} // namespace CairnCtl
