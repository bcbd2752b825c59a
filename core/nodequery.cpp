// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodequery.h"

#include "node.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace Cairn {

namespace {

struct FieldInfo
{
    NodeQuery::FieldType type;
    QStringList jsonPath; // for Json fields: "data" or "artifacts", then the keys
    QString jsonRoot;
};

const QHash<QString, NodeQuery::FieldType> &columns()
{
    using T = NodeQuery::FieldType;
    static const QHash<QString, T> all = {
            {QStringLiteral("id"), T::Text},          {QStringLiteral("parent"), T::Text},
            {QStringLiteral("kind"), T::Text},        {QStringLiteral("name"), T::Text},
            {QStringLiteral("owner"), T::Text},       {QStringLiteral("path"), T::Path},
            {QStringLiteral("state"), T::State},      {QStringLiteral("result"), T::Outcome},
            {QStringLiteral("created"), T::Time},     {QStringLiteral("updated"), T::Time},
            {QStringLiteral("timeout"), T::Time},     {QStringLiteral("holdoff"), T::Time},
            {QStringLiteral("revision"), T::Integer},
    };
    return all;
}

std::optional<NodeQuery::Op> opFromName(QStringView name)
{
    using Op = NodeQuery::Op;
    static const QHash<QString, Op> ops = {
            {QStringLiteral("eq"), Op::Eq}, {QStringLiteral("ne"), Op::Ne},
            {QStringLiteral("lt"), Op::Lt}, {QStringLiteral("lte"), Op::Lte},
            {QStringLiteral("gt"), Op::Gt}, {QStringLiteral("gte"), Op::Gte},
            {QStringLiteral("in"), Op::In}, {QStringLiteral("nin"), Op::Nin},
            {QStringLiteral("re"), Op::Re},
    };
    const auto it = ops.constFind(name.toString());
    if (it == ops.cend())
        return std::nullopt;
    return *it;
}

Result<FieldInfo> fieldInfo(const QString &field)
{
    const auto it = columns().constFind(field);
    if (it != columns().cend())
        return FieldInfo{*it, {}, {}};
    const int dot = field.indexOf(QLatin1Char('.'));
    const QString root = field.left(dot);
    if (dot > 0 && (root == QLatin1String("data") || root == QLatin1String("artifacts"))) {
        const QStringList keys = field.mid(dot + 1).split(QLatin1Char('.'));
        static const QRegularExpression keyPattern(QStringLiteral("^[A-Za-z0-9_@$:-]{1,128}$"));
        for (const QString &key : keys) {
            if (!keyPattern.match(key).hasMatch())
                return Error::invalid(field,
                                      NodeQuery::tr("\"%1\" is not a valid key: use letters, "
                                                    "digits and _ - @ $ :")
                                              .arg(key));
        }
        if (root == QLatin1String("artifacts") && keys.size() != 1)
            return Error::invalid(field, NodeQuery::tr("artifacts have one level of names"));
        return FieldInfo{NodeQuery::FieldType::Json, QStringList{root} + keys, root};
    }
    return Error::invalid(field,
                          NodeQuery::tr("unknown field; use id, parent, kind, name, path, state, "
                                        "result, owner, created, updated, timeout, holdoff, "
                                        "revision, data.KEY or artifacts.NAME"));
}

// A data value the way JSON reads it; anything that is not JSON is a string.
QJsonValue jsonScalar(const QString &text)
{
    if (text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("false"))
        return false;
    if (text == QLatin1String("null"))
        return QJsonValue::Null;
    if (text.size() >= 2 && text.startsWith(QLatin1Char('"')) && text.endsWith(QLatin1Char('"')))
        return text.mid(1, text.size() - 2);
    static const QRegularExpression number(
            QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
    if (number.match(text).hasMatch()) {
        bool ok = false;
        const double value = text.toDouble(&ok);
        if (ok && qIsFinite(value))
            return value;
    }
    return text;
}

Result<QJsonValue> typedValue(const QString &field, NodeQuery::FieldType type, NodeQuery::Op op,
                              const QString &text)
{
    using T = NodeQuery::FieldType;
    if (op == NodeQuery::Op::Re) {
        const QRegularExpression re(text);
        if (!re.isValid())
            return Error::invalid(field,
                                  NodeQuery::tr("\"%1\" is not a regular expression: %2")
                                          .arg(text, re.errorString()));
        return QJsonValue(text);
    }
    switch (type) {
    case T::Text:
    case T::Path:
        return QJsonValue(text);
    case T::State:
        if (!Node::stateFromName(text))
            return Error::invalid(field,
                                  NodeQuery::tr("\"%1\" is not a state (running, available, "
                                                "closing, done)")
                                          .arg(text));
        return QJsonValue(text);
    case T::Outcome:
        if (!Node::outcomeFromName(text))
            return Error::invalid(field,
                                  NodeQuery::tr("\"%1\" is not a result (pass, fail, skip, "
                                                "incomplete, none)")
                                          .arg(text));
        return QJsonValue(text);
    case T::Time: {
        const QDateTime time = Node::timeFromText(text);
        if (!time.isValid())
            return Error::invalid(
                    field, NodeQuery::tr("\"%1\" is not an ISO 8601 date and time").arg(text));
        return QJsonValue(Node::timeToText(time));
    }
    case T::Integer: {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        if (!ok)
            return Error::invalid(field, NodeQuery::tr("\"%1\" is not an integer").arg(text));
        return QJsonValue(value);
    }
    case T::Json:
        return jsonScalar(text);
    }
    return QJsonValue(text);
}

bool isOrdering(NodeQuery::Op op)
{
    using Op = NodeQuery::Op;
    return op == Op::Lt || op == Op::Lte || op == Op::Gt || op == Op::Gte;
}

} // namespace

QString NodeQuery::opName(Op op)
{
    switch (op) {
    case Op::Eq:
        return QStringLiteral("eq");
    case Op::Ne:
        return QStringLiteral("ne");
    case Op::Lt:
        return QStringLiteral("lt");
    case Op::Lte:
        return QStringLiteral("lte");
    case Op::Gt:
        return QStringLiteral("gt");
    case Op::Gte:
        return QStringLiteral("gte");
    case Op::In:
        return QStringLiteral("in");
    case Op::Nin:
        return QStringLiteral("nin");
    case Op::Re:
        return QStringLiteral("re");
    }
    return {};
}

/*!
    Parses query terms: "field=value", "field__op=value", "sort=[-]field", "limit=N" and
    "offset=N". The error names the term, field or operator that is wrong.
*/
Result<NodeQuery> NodeQuery::parse(const QStringList &terms)
{
    NodeQuery query;
    for (const QString &term : terms) {
        const int eq = term.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return Error::invalid(term, tr("a query term is field=value or field__op=value"));
        const QString key = term.left(eq);
        const QString value = term.mid(eq + 1);
        if (key == QLatin1String("sort")) {
            if (Status s = query.setSort(value); !s)
                return s.error();
        } else if (key == QLatin1String("limit") || key == QLatin1String("offset")) {
            bool ok = false;
            const qint64 number = value.toLongLong(&ok);
            if (!ok || number < 0)
                return Error::invalid(key, tr("\"%1\" is not a number of nodes").arg(value));
            if (key == QLatin1String("limit")) {
                if (number > MaxLimit)
                    return Error::invalid(
                            key, tr("%1 is over the maximum of %2").arg(number).arg(MaxLimit));
                query.setLimit(int(number));
            } else {
                query.setOffset(number);
            }
        } else {
            const int sep = key.indexOf(QLatin1String("__"));
            const QString field = sep < 0 ? key : key.left(sep);
            const QString op = sep < 0 ? QStringLiteral("eq") : key.mid(sep + 2);
            if (Status s = query.addCondition(field, op, value); !s)
                return s.error();
        }
    }
    return query;
}

Status NodeQuery::addCondition(const QString &field, const QString &opText, const QString &text)
{
    const auto op = opFromName(opText);
    if (!op)
        return Error::invalid(field + QStringLiteral("__") + opText,
                              tr("unknown operator \"%1\"; use lt, lte, gt, gte, ne, in, nin "
                                 "or re")
                                      .arg(opText));
    Result<FieldInfo> info = fieldInfo(field);
    if (!info)
        return info.error();

    Condition condition;
    condition.field = field;
    condition.type = info->type;
    condition.jsonPath = info->jsonPath;
    condition.op = *op;
    if (isOrdering(*op) && (info->type == FieldType::State || info->type == FieldType::Outcome)) {
        return Error::invalid(field, tr("%1 has no order; use eq, ne, in or nin").arg(field));
    }

    const QStringList parts = (*op == Op::In || *op == Op::Nin) ? text.split(QLatin1Char(','))
                                                                : QStringList{text};
    for (const QString &part : parts) {
        Result<QJsonValue> value = typedValue(field, info->type, *op, part);
        if (!value)
            return value.error();
        if (isOrdering(*op) && (value->isBool() || value->isNull()))
            return Error::invalid(
                    field,
                    tr("%1 compares numbers, text and times, not \"%2\"").arg(opName(*op), part));
        condition.values.append(*value);
    }
    m_conditions.append(condition);
    return Done{};
}

Status NodeQuery::setSort(const QString &spec)
{
    Sort sort;
    sort.descending = spec.startsWith(QLatin1Char('-'));
    sort.field = sort.descending ? spec.mid(1) : spec;
    Result<FieldInfo> info = fieldInfo(sort.field);
    if (!info)
        return Error::invalid(QStringLiteral("sort"), info.error().toString());
    sort.type = info->type;
    sort.jsonPath = info->jsonPath;
    if (info->jsonRoot == QLatin1String("artifacts"))
        return Error::invalid(QStringLiteral("sort"), tr("cannot sort by artifacts"));
    m_sort.append(sort);
    return Done{};
}

} // namespace Cairn
