// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "paramtemplate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Cairn {

namespace {

// One part of a string: literal text, or the source of a template.
struct Piece
{
    bool expression = false;
    QString text;
};

// One step of a template's path: a key, or an index into a list.
struct Step
{
    QString key;
    qsizetype index = -1;
};

const QLatin1String Open("${");
const QLatin1String Escaped("$${");

Result<QList<Piece>> split(const QString &text)
{
    QList<Piece> pieces;
    QString literal;
    qsizetype i = 0;
    while (i < text.size()) {
        const QStringView rest = QStringView(text).sliced(i);
        if (rest.startsWith(Escaped)) {
            literal += Open;
            i += 3;
            continue;
        }
        if (!rest.startsWith(Open)) {
            literal += text.at(i);
            ++i;
            continue;
        }
        const qsizetype end = text.indexOf(QLatin1Char('}'), i + 2);
        if (end < 0)
            return Error::invalid(QString(),
                                  ParamTemplate::tr("\"${\" is not closed by \"}\"; write $${ "
                                                    "for a literal ${"));
        if (!literal.isEmpty())
            pieces.append({false, literal});
        literal.clear();
        pieces.append({true, text.mid(i + 2, end - i - 2).trimmed()});
        i = end + 1;
    }
    if (!literal.isEmpty() || pieces.isEmpty())
        pieces.append({false, literal});
    return pieces;
}

bool isKeyCharacter(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_')
            || c == QLatin1Char('-');
}

// "event.data.values[0].celsius" -> event, data, values, [0], celsius
Result<QList<Step>> parsePath(const QString &expression)
{
    const Error malformed = Error::invalid(
            QString(),
            ParamTemplate::tr("${%1} is not a path such as ${event.data.temperature} or "
                              "${run.inputs.board}")
                    .arg(expression));
    QList<Step> steps;
    qsizetype i = 0;
    const qsizetype n = expression.size();
    bool expectKey = true;
    while (i < n) {
        if (expectKey) {
            const qsizetype start = i;
            while (i < n && isKeyCharacter(expression.at(i)))
                ++i;
            if (i == start)
                return malformed;
            steps.append({expression.mid(start, i - start), -1});
            expectKey = false;
        } else if (expression.at(i) == QLatin1Char('.')) {
            ++i;
            expectKey = true;
        } else if (expression.at(i) == QLatin1Char('[')) {
            const qsizetype close = expression.indexOf(QLatin1Char(']'), i);
            bool ok = false;
            const qsizetype index = close < 0
                    ? -1
                    : expression.mid(i + 1, close - i - 1).toLongLong(&ok);
            if (!ok || index < 0)
                return malformed;
            steps.append({QString(), index});
            i = close + 1;
        } else {
            return malformed;
        }
    }
    if (expectKey)
        return malformed;
    return steps;
}

Status checkRoot(const QString &expression, const QList<Step> &steps)
{
    if (ParamTemplate::roots().contains(steps.first().key))
        return Done{};
    return Error::invalid(QString(),
                          ParamTemplate::tr("${%1}: unknown root \"%2\"; a template starts with "
                                            "%3")
                                  .arg(expression, steps.first().key,
                                       ParamTemplate::roots().join(QStringLiteral(", "))));
}

} // namespace

/*!
    A resolver over context: {"event": <CloudEvent JSON>, "run": {"id": ..., "inputs": {...}},
    "job": {"name": ...}}.
*/
ParamTemplate::ParamTemplate(const QJsonObject &context) : m_context(context) { }

/*!
    What a template may start with: event, run and job.
*/
const QStringList &ParamTemplate::roots()
{
    static const QStringList names = {QStringLiteral("event"), QStringLiteral("run"),
                                      QStringLiteral("job")};
    return names;
}

/*!
    Whether text is plain text, holds templates within text, or is exactly one template. A
    malformed template counts as Interpolated: it is not plain text, and resolving it fails.
*/
ParamTemplate::Form ParamTemplate::formOf(const QString &text)
{
    if (!text.contains(Open))
        return Form::Literal;
    Result<QList<Piece>> pieces = split(text);
    if (!pieces)
        return Form::Interpolated;
    if (pieces->size() == 1 && pieces->first().expression)
        return Form::Whole;
    for (const Piece &piece : std::as_const(*pieces)) {
        if (piece.expression)
            return Form::Interpolated;
    }
    return Form::Literal;
}

/*!
    The text of a string that holds no template: each $${ becomes ${.
*/
QString ParamTemplate::unescaped(const QString &text)
{
    QString copy = text;
    return copy.replace(Escaped, Open);
}

/*!
    The templates of text, each checked to be a path with a known root, so that a pipeline
    with a mistyped template is refused when it is loaded rather than when it runs.
*/
Result<QStringList> ParamTemplate::expressions(const QString &text)
{
    QStringList list;
    if (!text.contains(Open))
        return list;
    Result<QList<Piece>> pieces = split(text);
    if (!pieces)
        return pieces.error();
    for (const Piece &piece : std::as_const(*pieces)) {
        if (!piece.expression)
            continue;
        Result<QList<Step>> steps = parsePath(piece.text);
        if (!steps)
            return steps.error();
        if (Status root = checkRoot(piece.text, *steps); !root)
            return root.error();
        list.append(piece.text);
    }
    return list;
}

/*!
    Resolves every string in value, in arrays and objects at any depth; keys stay as they are.
    An unknown root, a path that leads nowhere or a malformed template is an error whose field
    is path and the place in value ("jobs[2].params.args[1]") and whose message names the job
    and the template.
*/
Result<QJsonValue> ParamTemplate::resolve(const QJsonValue &value, const QString &jobName,
                                          const QString &path) const
{
    switch (value.type()) {
    case QJsonValue::String:
        return resolveString(value.toString(), jobName, path);
    case QJsonValue::Array: {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            Result<QJsonValue> item = resolve(array.at(i), jobName,
                                              path + QStringLiteral("[%1]").arg(i));
            if (!item)
                return item;
            array.replace(i, *item);
        }
        return QJsonValue(array);
    }
    case QJsonValue::Object: {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
            Result<QJsonValue> member = resolve(it.value(), jobName, child);
            if (!member)
                return member;
            it.value() = *member;
        }
        return QJsonValue(object);
    }
    default:
        return value;
    }
}

Result<QJsonValue> ParamTemplate::resolveString(const QString &text, const QString &jobName,
                                                const QString &path) const
{
    const auto fail = [&](const Error &error) {
        return Error::invalid(path, tr("job \"%1\": %2").arg(jobName, error.message));
    };
    if (!text.contains(Open))
        return QJsonValue(text);
    Result<QList<Piece>> pieces = split(text);
    if (!pieces)
        return fail(pieces.error());
    if (pieces->size() == 1 && pieces->first().expression) {
        Result<QJsonValue> value = lookup(pieces->first().text);
        if (!value)
            return fail(value.error());
        return value;
    }
    QString out;
    for (const Piece &piece : std::as_const(*pieces)) {
        if (!piece.expression) {
            out += piece.text;
            continue;
        }
        Result<QJsonValue> value = lookup(piece.text);
        if (!value)
            return fail(value.error());
        out += ParamTemplate::toText(*value);
    }
    return QJsonValue(out);
}

Result<QJsonValue> ParamTemplate::lookup(const QString &expression) const
{
    Result<QList<Step>> steps = parsePath(expression);
    if (!steps)
        return steps.error();
    if (Status root = checkRoot(expression, *steps); !root)
        return root.error();
    const QString &rootName = steps->first().key;
    if (!m_context.contains(rootName))
        return Error::invalid(
                QString(),
                tr("cannot resolve ${%1}: there is no %2 here").arg(expression, rootName));
    QJsonValue current = m_context.value(rootName);
    QString where = rootName;
    for (qsizetype i = 1; i < steps->size(); ++i) {
        const Step &step = steps->at(i);
        if (step.index >= 0) {
            if (!current.isArray() || step.index >= current.toArray().size())
                return Error::invalid(QString(),
                                      tr("cannot resolve ${%1}: %2 has no item %3")
                                              .arg(expression, where)
                                              .arg(step.index));
            current = current.toArray().at(step.index);
            where += QStringLiteral("[%1]").arg(step.index);
        } else {
            if (!current.isObject() || !current.toObject().contains(step.key))
                return Error::invalid(QString(),
                                      tr("cannot resolve ${%1}: %2 has no \"%3\"")
                                              .arg(expression, where, step.key));
            current = current.toObject().value(step.key);
            where += QLatin1Char('.') + step.key;
        }
    }
    return current;
}

QString ParamTemplate::toText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        // Whole numbers without a fraction or exponent: "3", not "3.0" or "3e+00".
        if (std::isfinite(number) && number == std::floor(number)
            && std::abs(number) < 9007199254740992.0)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

} // namespace Cairn
