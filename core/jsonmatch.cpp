// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsonmatch_p.h"

namespace Cairn {

namespace {

using Op = NodeQuery::Op;

template<typename T>
bool compare(Op op, const T &a, const T &b)
{
    switch (op) {
    case Op::Lt:
        return a < b;
    case Op::Lte:
        return a <= b;
    case Op::Gt:
        return a > b;
    case Op::Gte:
        return a >= b;
    default:
        return a == b;
    }
}

// One test of value against operand, with op one of eq, lt, lte, gt, gte.
bool test(Op op, const QJsonValue &value, const QJsonValue &operand)
{
    if (operand.isNull())
        return value.isNull();
    if (operand.isBool())
        return value.isBool() && compare(op, value.toBool(), operand.toBool());
    if (operand.isDouble())
        return value.isDouble() && compare(op, value.toDouble(), operand.toDouble());
    return value.isString() && compare(op, value.toString(), operand.toString());
}

} // namespace

bool jsonConditionMatches(const NodeQuery::Condition &condition, const QJsonObject &root,
                          const QRegularExpression &regex)
{
    QJsonValue value = root;
    for (const QString &key : condition.jsonPath) {
        if (!value.isObject()) {
            value = QJsonValue(QJsonValue::Undefined);
            break;
        }
        value = value.toObject().value(key);
    }

    if (condition.op == Op::Re)
        return value.isString() && regex.match(value.toString()).hasMatch();

    const bool negate = condition.op == Op::Ne || condition.op == Op::Nin;
    const Op op = (negate || condition.op == Op::In) ? Op::Eq : condition.op;
    bool any = false;
    for (const QJsonValue &operand : condition.values) {
        if (test(op, value, operand)) {
            any = true;
            break;
        }
    }
    return negate ? !any : any;
}

} // namespace Cairn
