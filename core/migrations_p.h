// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QList>
#include <QStringList>

namespace Cairn {

// One numbered schema change, in the SQL of each database Cairn runs on.
struct Migration
{
    int version;
    QStringList sqlite;
    QStringList postgres;
};

// Every migration in order; the last one's version is the schema this Cairn knows.
const QList<Migration> &migrations();

} // namespace Cairn
