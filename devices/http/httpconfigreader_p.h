// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QSet>
#include <QString>

namespace Cairn {

class ConfigNode;

/*
 * The readers webhooks and pollers share, so that both refuse the same names, types and
 * sizes with the same words.
 */
class HttpConfigReader
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::HttpConfigReader)
public:
    // A required name of [a-z0-9_-]+ not yet in seen, which it is added to.
    static Result<QString> name(const ConfigNode &node, QSet<QString> &seen);
    // A required, non-empty key of the SecretStore.
    static Result<QString> secretKey(const ConfigNode &node, bool required);
    // An event type the bus accepts; fallback when missing.
    static Result<QString> eventType(const ConfigNode &node, const QString &fallback);
};

} // namespace Cairn
