// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "configdocument.h"

namespace Cairn {

/*
 * The one place that speaks to yaml-cpp. yaml-cpp reports errors by throwing; they are
 * caught here and become Errors with a file, line and column, so no exception leaves it.
 */
class YamlReader
{
public:
    static Result<ConfigDocument> read(const QByteArray &text, const QString &fileName);
};

} // namespace Cairn
