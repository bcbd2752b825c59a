// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "nodequery.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace Cairn {

/*
 * Evaluates a Json condition of a NodeQuery on a JSON object in memory, with the same
 * meaning the SQL of the node store gives it: a value only matches operands of its own JSON
 * type, and ne and nin also match where the value is missing. root holds the first key of
 * the condition's path ("data"). regex is the compiled operand of an re condition.
 */
bool jsonConditionMatches(const NodeQuery::Condition &condition, const QJsonObject &root,
                          const QRegularExpression &regex = {});

} // namespace Cairn
