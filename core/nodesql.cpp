// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodesql_p.h"

#include "sqlstatement_p.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace Cairn::NodeSql {

Node readNode(const QSqlQuery &query, int first, const QStringList *path);

namespace {

using Op = NodeQuery::Op;
using Type = NodeQuery::FieldType;
using Dialect = Database::Dialect;

QJsonObject parseObject(const QByteArray &text)
{
    if (text.size() <= 2) // "{}", the usual artifacts
        return {};
    return QJsonDocument::fromJson(text).object();
}

// The columns of a QSqlQuery row as readNodeFrom() reads them from a SqlStatement.
struct QueryRow
{
    const QSqlQuery &query;
    QString text(int column) const { return query.value(column).toString(); }
    QByteArray utf8(int column) const { return text(column).toUtf8(); }
    qint64 integer(int column) const { return query.value(column).toLongLong(); }
};

template<typename Row>
Node readNodeFrom(const Row &row, int first, const QStringList *path)
{
    Node node;
    node.id = row.text(first + 0);
    node.parent = row.text(first + 1);
    node.kind = row.text(first + 2);
    node.name = row.text(first + 3);
    node.path = path ? *path : pathFromText(row.text(first + 4));
    node.state = Node::stateFromName(row.text(first + 5)).value_or(Node::State::Running);
    node.result = Node::outcomeFromName(row.text(first + 6)).value_or(Node::Outcome::None);
    node.data = parseObject(row.utf8(first + 7));
    node.artifacts = parseObject(row.utf8(first + 8));
    node.owner = row.text(first + 9);
    node.created = Node::timeFromText(row.text(first + 10));
    node.updated = Node::timeFromText(row.text(first + 11));
    node.timeout = Node::timeFromText(row.text(first + 12));
    node.holdoff = Node::timeFromText(row.text(first + 13));
    node.revision = row.integer(first + 14);
    return node;
}

QString sqlOp(Op op)
{
    switch (op) {
    case Op::Lt:
        return QStringLiteral("<");
    case Op::Lte:
        return QStringLiteral("<=");
    case Op::Gt:
        return QStringLiteral(">");
    case Op::Gte:
        return QStringLiteral(">=");
    default:
        return QStringLiteral("=");
    }
}

QString regexOp(Dialect dialect)
{
    return dialect == Dialect::SQLite ? QStringLiteral(" REGEXP ") : QStringLiteral(" ~ ");
}

bool isNullable(const QString &column)
{
    static const QStringList nullable = {QStringLiteral("parent"), QStringLiteral("result"),
                                         QStringLiteral("owner"), QStringLiteral("timeout"),
                                         QStringLiteral("holdoff")};
    return nullable.contains(column);
}

/*
 * Expressions that read one JSON value by path. The keys were checked by NodeQuery to hold
 * only [A-Za-z0-9_@$:-], so they can stand in the SQL text; values are always bound.
 */
struct JsonAccess
{
    QString type; // the JSON type name, or NULL when the key is absent
    QString text; // the value of a string, as text
    QString number; // the value of a number
    QString boolean; // "true" or "false" for a boolean

    QString isType(const char *jsonType) const
    {
        return type + QStringLiteral(" = '") + QLatin1String(jsonType) + QLatin1Char('\'');
    }
};

JsonAccess jsonAccess(const QStringList &path, Dialect dialect)
{
    const QString column = path.first();
    const QStringList keys = path.mid(1);
    JsonAccess access;
    if (dialect == Dialect::SQLite) {
        QString jsonPath = QStringLiteral("$");
        for (const QString &key : keys)
            jsonPath += QStringLiteral(".\"") + key + QLatin1Char('"');
        const QString args = QLatin1Char('(') + column + QStringLiteral(", '") + jsonPath
                + QStringLiteral("')");
        const QString type = QStringLiteral("json_type") + args;
        const QString value = QStringLiteral("json_extract") + args;
        // SQLite's json_type says integer or real, and true or false, where JSON says number
        // and boolean; name them the JSON way so both databases share the rest.
        access.type = QStringLiteral("(CASE ") + type
                + QStringLiteral(" WHEN 'integer' THEN 'number' WHEN 'real' THEN 'number' "
                                 "WHEN 'text' THEN 'string' WHEN 'true' THEN 'boolean' "
                                 "WHEN 'false' THEN 'boolean' ELSE ")
                + type + QStringLiteral(" END)");
        access.text = QStringLiteral("(CASE WHEN ") + type + QStringLiteral(" = 'text' THEN ")
                + value + QStringLiteral(" END)");
        access.number = QStringLiteral("(CASE WHEN ") + type
                + QStringLiteral(" IN ('integer', 'real') THEN ") + value + QStringLiteral(" END)");
        access.boolean = QStringLiteral("(CASE ") + type
                + QStringLiteral(" WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' END)");
    } else {
        const QString pgPath = QStringLiteral("'{") + keys.join(QLatin1Char(','))
                + QStringLiteral("}'");
        const QString value = QLatin1Char('(') + column + QStringLiteral(" #> ") + pgPath
                + QLatin1Char(')');
        const QString text = QLatin1Char('(') + column + QStringLiteral(" #>> ") + pgPath
                + QLatin1Char(')');
        access.type = QStringLiteral("jsonb_typeof") + value;
        // CASE guards the cast: PostgreSQL may evaluate either side of an AND first.
        access.text = QStringLiteral("(CASE WHEN ") + access.type
                + QStringLiteral(" = 'string' THEN ") + text
                + QStringLiteral(" END) COLLATE \"C\"");
        access.number = QStringLiteral("(CASE WHEN ") + access.type
                + QStringLiteral(" = 'number' THEN CAST(") + text
                + QStringLiteral(" AS DOUBLE PRECISION) END)");
        access.boolean = QStringLiteral("(CASE WHEN ") + access.type
                + QStringLiteral(" = 'boolean' THEN ") + text + QStringLiteral(" END)");
    }
    return access;
}

// A test of one JSON value against one operand; NULL or false when it does not match.
QString jsonTest(const JsonAccess &access, Op op, const QJsonValue &value, Dialect dialect,
                 QVariantList &values)
{
    if (op == Op::Re) {
        values.append(value.toString());
        return access.text + regexOp(dialect) + QLatin1Char('?');
    }
    const QString cmp = QLatin1Char(' ') + sqlOp(op) + QStringLiteral(" ?");
    if (value.isNull())
        return access.isType("null");
    if (value.isBool()) {
        values.append(value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        return access.boolean + cmp;
    }
    if (value.isDouble()) {
        values.append(value.toDouble());
        return access.number + cmp;
    }
    values.append(value.toString());
    return access.text + cmp;
}

QString columnTest(const NodeQuery::Condition &c, const QJsonValue &value, Dialect dialect,
                   QVariantList &values)
{
    const QString &column = c.field;
    if (c.op == Op::Re) {
        values.append(value.toString());
        return column + regexOp(dialect) + QLatin1Char('?');
    }
    const QString text = value.toString();
    // A missing value: "result=none", or an empty value of a field that may be unset.
    if ((c.type == Type::Outcome && text == QLatin1String("none"))
        || (value.isString() && text.isEmpty() && isNullable(column)))
        return column + QStringLiteral(" IS NULL");
    if (c.type == Type::Integer)
        values.append(value.toInteger());
    else if (c.type == Type::Path)
        values.append(pathToText(pathFromText(text)));
    else
        values.append(text);
    return column + QLatin1Char(' ') + sqlOp(c.op) + QStringLiteral(" ?");
}

QString condition(const NodeQuery::Condition &c, Dialect dialect, QVariantList &values)
{
    const bool json = c.type == Type::Json;
    const JsonAccess access = json ? jsonAccess(c.jsonPath, dialect) : JsonAccess{};
    const Op test = (c.op == Op::Ne || c.op == Op::In || c.op == Op::Nin) ? Op::Eq : c.op;

    QStringList tests;
    for (const QJsonValue &value : c.values) {
        if (json) {
            tests.append(jsonTest(access, test, value, dialect, values));
        } else {
            NodeQuery::Condition one = c;
            one.op = test;
            tests.append(columnTest(one, value, dialect, values));
        }
    }
    const QString any = tests.size() == 1
            ? tests.first()
            : QLatin1Char('(') + tests.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    // ne and nin are "not eq" and "not in": they match where the value is missing too.
    if (c.op == Op::Ne || c.op == Op::Nin)
        return QStringLiteral("NOT COALESCE(") + any + QStringLiteral(", FALSE)");
    return any;
}

} // namespace

QString columns()
{
    return QStringLiteral("id, parent, kind, name, path, state, result, data, artifacts, owner, "
                          "created, updated, timeout, holdoff, revision");
}

QString childColumns()
{
    return QStringLiteral("id, parent, kind, name, NULL, state, result, data, artifacts, owner, "
                          "created, updated, timeout, holdoff, revision");
}

Node readChild(const QSqlQuery &query, const QStringList &parentPath)
{
    static const QStringList none;
    Node node = readNode(query, 0, &none);
    node.path = parentPath;
    node.path.append(node.name);
    return node;
}

Node readNode(const QSqlQuery &query, int first)
{
    return readNode(query, first, nullptr);
}

Node readNode(const QSqlQuery &query, int first, const QStringList *path)
{
    return readNodeFrom(QueryRow{query}, first, path);
}

Node readNode(const SqlStatement &statement, int first)
{
    return readNodeFrom(statement, first, nullptr);
}

QStringList pathFromText(const QString &text)
{
    return text.split(QLatin1Char('/'), Qt::SkipEmptyParts);
}

QString pathToText(const QStringList &path)
{
    return QLatin1Char('/') + path.join(QLatin1Char('/'));
}

Placement placeUnder(const Placement *parent, const Node &node)
{
    if (!parent)
        return {QLatin1Char('/') + node.name, QLatin1Char('/') + node.id + QLatin1Char('/'), 0};
    return {parent->path + QLatin1Char('/') + node.name,
            parent->lineage + node.id + QLatin1Char('/'), parent->depth + 1};
}

QString prefixEnd(const QString &prefix)
{
    Q_ASSERT(prefix.endsWith(QLatin1Char('/')));
    QString end = prefix;
    end.back() = QLatin1Char('0'); // the character after '/'
    return end;
}

Where where(const NodeQuery &query, Dialect dialect)
{
    Where result;
    QStringList parts;
    for (const NodeQuery::Condition &c : query.conditions())
        parts.append(condition(c, dialect, result.values));
    if (!parts.isEmpty())
        result.sql = QStringLiteral(" WHERE ") + parts.join(QStringLiteral(" AND "));
    return result;
}

QString orderBy(const NodeQuery &query, Dialect dialect)
{
    QStringList keys;
    bool byId = false;
    for (const NodeQuery::Sort &sort : query.sort()) {
        const QString dir = sort.descending ? QStringLiteral(" DESC") : QString();
        if (sort.type != Type::Json) {
            byId = byId || sort.field == QLatin1String("id");
            // Both databases put missing values first going up and last going down.
            const QString nulls = !isNullable(sort.field)
                    ? QString()
                    : (sort.descending ? QStringLiteral(" NULLS LAST")
                                       : QStringLiteral(" NULLS FIRST"));
            keys.append(sort.field + dir + nulls);
            continue;
        }
        // JSON values sort by type (missing and null, booleans, numbers, strings, the rest),
        // then by value within their type, the same way on both databases.
        const JsonAccess a = jsonAccess(sort.jsonPath, dialect);
        keys.append(QStringLiteral("(CASE WHEN ") + a.type + QStringLiteral(" IS NULL OR ")
                    + a.isType("null") + QStringLiteral(" THEN 0 WHEN ") + a.isType("boolean")
                    + QStringLiteral(" THEN 1 WHEN ") + a.isType("number")
                    + QStringLiteral(" THEN 2 WHEN ") + a.isType("string")
                    + QStringLiteral(" THEN 3 ELSE 4 END)") + dir);
        keys.append(a.boolean + dir);
        keys.append(a.number + dir);
        keys.append(a.text + dir);
    }
    if (!byId)
        keys.append(QStringLiteral("id"));
    return QStringLiteral(" ORDER BY ") + keys.join(QStringLiteral(", "));
}

void appendJsonString(QString &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += QLatin1Char('"');
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'"' || u == u'\\') {
            out += QLatin1Char('\\');
            out += c;
        } else if (u < 0x20) {
            out += QLatin1String("\\u00");
            out += QLatin1Char(hex[u >> 4]);
            out += QLatin1Char(hex[u & 0xf]);
        } else {
            out += c;
        }
    }
    out += QLatin1Char('"');
}

void appendJsonString(QByteArray &out, QStringView text)
{
    // Names, ids, states and times are plain ASCII: no escape, no conversion.
    bool plain = true;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        plain = plain && u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\';
    }
    if (!plain) {
        QString escaped;
        appendJsonString(escaped, text);
        out += escaped.toUtf8();
        return;
    }
    const qsizetype at = out.size();
    out.resize(at + text.size() + 2);
    char *to = out.data() + at;
    *to++ = '"';
    for (const QChar c : text)
        *to++ = char(c.unicode());
    *to = '"';
}

QByteArray nodeJson(const Node &node, const QByteArray &data, const QByteArray &artifacts,
                    const QByteArray &previous)
{
    QByteArray out;
    out.reserve(320 + data.size() + artifacts.size() + previous.size());
    const auto key = [&out](const char *name) {
        out += out.isEmpty() ? '{' : ',';
        out += '"';
        out += name;
        out += "\":";
    };
    const auto text = [&out](const QString &value) {
        if (value.isEmpty())
            out += "null";
        else
            appendJsonString(out, value);
    };
    // Keys in the order QJsonDocument writes them, so both forms are the same text.
    key("artifacts");
    out += artifacts;
    key("created");
    text(Node::timeToText(node.created));
    key("data");
    out += data;
    key("holdoff");
    text(Node::timeToText(node.holdoff));
    key("id");
    appendJsonString(out, node.id);
    key("kind");
    appendJsonString(out, node.kind);
    key("name");
    appendJsonString(out, node.name);
    key("owner");
    text(node.owner);
    key("parent");
    text(node.parent);
    key("path");
    out += '[';
    for (qsizetype i = 0; i < node.path.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, node.path.at(i));
    }
    out += ']';
    if (!previous.isEmpty()) {
        key("previous");
        out += previous;
    }
    key("result");
    text(node.result == Node::Outcome::None ? QString() : Node::outcomeName(node.result));
    key("revision");
    out += QByteArray::number(node.revision);
    key("state");
    appendJsonString(out, Node::stateName(node.state));
    key("timeout");
    text(Node::timeToText(node.timeout));
    key("updated");
    text(Node::timeToText(node.updated));
    out += '}';
    return out;
}

QString nodeJsonText(const Node &node, const QString &dataText, const QString &artifactsText,
                     const QString &previousText)
{
    return QString::fromUtf8(
            nodeJson(node, dataText.toUtf8(), artifactsText.toUtf8(), previousText.toUtf8()));
}

QByteArray jsonBytes(const QJsonObject &object)
{
    if (object.isEmpty())
        return QByteArrayLiteral("{}");
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString jsonParameter(Dialect dialect)
{
    return dialect == Dialect::SQLite ? QStringLiteral("?") : QStringLiteral("CAST(? AS JSONB)");
}

} // namespace Cairn::NodeSql
