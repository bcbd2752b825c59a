// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsonschema.h"

#include "paramtemplate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Cairn {

namespace {

const QStringList &typeNames()
{
    static const QStringList names = {
            QStringLiteral("object"),  QStringLiteral("array"),  QStringLiteral("string"),
            QStringLiteral("integer"), QStringLiteral("number"), QStringLiteral("boolean"),
            QStringLiteral("null"),
    };
    return names;
}

QString child(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString item(const QString &path, qsizetype index)
{
    return path + QStringLiteral("[%1]").arg(index);
}

bool isInteger(const QJsonValue &value)
{
    const double number = value.toDouble();
    return value.isDouble() && std::isfinite(number) && number == std::floor(number);
}

// The words ConfigNode uses, so that a params error reads like any other error of the file.
QString describeType(const QString &type)
{
    if (type == QLatin1String("object"))
        return JsonSchema::tr("a mapping");
    if (type == QLatin1String("array"))
        return JsonSchema::tr("a list");
    if (type == QLatin1String("string"))
        return JsonSchema::tr("text");
    if (type == QLatin1String("integer"))
        return JsonSchema::tr("a whole number");
    if (type == QLatin1String("number"))
        return JsonSchema::tr("a number");
    if (type == QLatin1String("boolean"))
        return JsonSchema::tr("true or false");
    return JsonSchema::tr("nothing");
}

QString describeValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return JsonSchema::tr("nothing");
    case QJsonValue::Bool:
        return JsonSchema::tr("a boolean");
    case QJsonValue::Double:
        return isInteger(value) ? JsonSchema::tr("a whole number") : JsonSchema::tr("a number");
    case QJsonValue::String:
        return JsonSchema::tr("text");
    case QJsonValue::Array:
        return JsonSchema::tr("a list");
    case QJsonValue::Object:
        return JsonSchema::tr("a mapping");
    }
    return {};
}

bool hasType(const QJsonValue &value, const QString &type)
{
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("integer"))
        return isInteger(value);
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("null"))
        return value.isNull();
    return false;
}

QStringList typesOf(const QJsonValue &type)
{
    if (type.isString())
        return {type.toString()};
    QStringList types;
    const QJsonArray list = type.toArray();
    for (const QJsonValue &t : list)
        types.append(t.toString());
    return types;
}

qsizetype lengthOf(const QString &text)
{
    // JSON Schema counts characters, not UTF-16 code units.
    return text.toUcs4().size();
}

Status validateValue(const QJsonObject &schema, const QJsonValue &original, const QString &path,
                     JsonSchema::Options options)
{
    QJsonValue value = original;
    bool textKnown = true;
    if (options.testFlag(JsonSchema::AllowTemplates) && value.isString()) {
        switch (ParamTemplate::formOf(value.toString())) {
        case ParamTemplate::Form::Whole:
            return Done{};
        case ParamTemplate::Form::Interpolated:
            textKnown = false;
            break;
        case ParamTemplate::Form::Literal:
            value = ParamTemplate::unescaped(value.toString());
            break;
        }
    }

    if (schema.contains(QStringLiteral("type"))) {
        const QStringList types = typesOf(schema.value(QStringLiteral("type")));
        bool matches = false;
        for (const QString &type : types)
            matches = matches || hasType(value, type);
        if (!matches) {
            QStringList words;
            for (const QString &type : types)
                words.append(describeType(type));
            return Error::invalid(
                    path,
                    JsonSchema::tr("must be %1, not %2")
                            .arg(words.join(JsonSchema::tr(" or ")), describeValue(value)));
        }
    }

    if (textKnown && schema.contains(QStringLiteral("enum"))) {
        const QJsonArray choices = schema.value(QStringLiteral("enum")).toArray();
        if (!choices.contains(value)) {
            QStringList words;
            for (const QJsonValue &choice : choices)
                words.append(ParamTemplate::toText(choice));
            return Error::invalid(
                    path,
                    JsonSchema::tr("\"%1\" is not one of: %2")
                            .arg(ParamTemplate::toText(value), words.join(QStringLiteral(", "))));
        }
    }

    if (value.isDouble()) {
        const double number = value.toDouble();
        const QJsonValue minimum = schema.value(QStringLiteral("minimum"));
        if (minimum.isDouble() && number < minimum.toDouble())
            return Error::invalid(
                    path,
                    JsonSchema::tr("must be at least %1").arg(ParamTemplate::toText(minimum)));
        const QJsonValue maximum = schema.value(QStringLiteral("maximum"));
        if (maximum.isDouble() && number > maximum.toDouble())
            return Error::invalid(
                    path, JsonSchema::tr("must be at most %1").arg(ParamTemplate::toText(maximum)));
    }

    if (value.isString() && textKnown) {
        const qsizetype length = lengthOf(value.toString());
        const QJsonValue minLength = schema.value(QStringLiteral("minLength"));
        if (minLength.isDouble() && length < minLength.toInteger())
            return Error::invalid(path,
                                  JsonSchema::tr("must be at least %n character(s) long", nullptr,
                                                 int(minLength.toInteger())));
        const QJsonValue maxLength = schema.value(QStringLiteral("maxLength"));
        if (maxLength.isDouble() && length > maxLength.toInteger())
            return Error::invalid(path,
                                  JsonSchema::tr("must be at most %n character(s) long", nullptr,
                                                 int(maxLength.toInteger())));
    }

    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        const QJsonValue minItems = schema.value(QStringLiteral("minItems"));
        if (minItems.isDouble() && array.size() < minItems.toInteger())
            return Error::invalid(path,
                                  JsonSchema::tr("must have at least %n item(s)", nullptr,
                                                 int(minItems.toInteger())));
        const QJsonValue items = schema.value(QStringLiteral("items"));
        if (items.isObject()) {
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (Status s = validateValue(items.toObject(), array.at(i), item(path, i), options);
                    !s)
                    return s;
            }
        }
    }

    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
        for (const QJsonValue &name : required) {
            if (!object.contains(name.toString()))
                return Error::invalid(child(path, name.toString()), JsonSchema::tr("is required"));
        }
        if (!schema.value(QStringLiteral("additionalProperties")).toBool(true)) {
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!properties.contains(it.key())) {
                    const QString known = properties.isEmpty()
                            ? JsonSchema::tr("none")
                            : properties.keys().join(QStringLiteral(", "));
                    return Error::invalid(
                            child(path, it.key()),
                            JsonSchema::tr("unknown parameter; expected one of: %1").arg(known));
                }
            }
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QJsonValue property = properties.value(it.key());
            if (!property.isObject())
                continue;
            if (Status s = validateValue(property.toObject(), it.value(), child(path, it.key()),
                                         options);
                !s)
                return s;
        }
    }
    return Done{};
}

bool isCount(const QJsonValue &value)
{
    return isInteger(value) && value.toDouble() >= 0;
}

Status checkSchema(const QJsonObject &schema, const QString &path)
{
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        const QString field = child(path, key);
        if (!JsonSchema::keywords().contains(key))
            return Error::invalid(field,
                                  JsonSchema::tr("unknown keyword; this schema subset knows: %1")
                                          .arg(JsonSchema::keywords().join(QStringLiteral(", "))));
        if (key == QLatin1String("type")) {
            const QStringList types = typesOf(value);
            bool valid = (value.isString() || value.isArray()) && !types.isEmpty();
            for (const QString &type : types)
                valid = valid && typeNames().contains(type);
            if (!valid)
                return Error::invalid(field,
                                      JsonSchema::tr("must be one of %1, or a list of them")
                                              .arg(typeNames().join(QStringLiteral(", "))));
        } else if (key == QLatin1String("properties")) {
            if (!value.isObject())
                return Error::invalid(field, JsonSchema::tr("must map names to schemas"));
            const QJsonObject properties = value.toObject();
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                if (!p.value().isObject())
                    return Error::invalid(child(field, p.key()),
                                          JsonSchema::tr("must be a schema (a mapping)"));
                if (Status s = checkSchema(p.value().toObject(), child(field, p.key())); !s)
                    return s;
            }
        } else if (key == QLatin1String("required")) {
            bool valid = value.isArray();
            const QJsonArray names = value.toArray();
            for (const QJsonValue &name : names)
                valid = valid && name.isString();
            if (!valid)
                return Error::invalid(field, JsonSchema::tr("must be a list of property names"));
        } else if (key == QLatin1String("additionalProperties")) {
            // A schema for the other properties is part of JSON Schema but not of this subset.
            if (!value.isBool())
                return Error::invalid(field, JsonSchema::tr("must be true or false"));
        } else if (key == QLatin1String("items")) {
            if (!value.isObject())
                return Error::invalid(field, JsonSchema::tr("must be one schema (a mapping)"));
            if (Status s = checkSchema(value.toObject(), field); !s)
                return s;
        } else if (key == QLatin1String("enum")) {
            if (!value.isArray() || value.toArray().isEmpty())
                return Error::invalid(field, JsonSchema::tr("must be a list of values"));
        } else if (key == QLatin1String("minimum") || key == QLatin1String("maximum")) {
            if (!value.isDouble())
                return Error::invalid(field, JsonSchema::tr("must be a number"));
        } else if (key == QLatin1String("minLength") || key == QLatin1String("maxLength")
                   || key == QLatin1String("minItems")) {
            if (!isCount(value))
                return Error::invalid(field, JsonSchema::tr("must be a whole number, 0 or more"));
        }
    }
    return Done{};
}

} // namespace

/*!
    A validator for schema, which is expected to have passed check().
*/
JsonSchema::JsonSchema(const QJsonObject &schema) : m_schema(schema) { }

/*!
    The keywords of the subset: the validating ones, and default, title and description,
    which document a schema and are otherwise ignored.
*/
const QStringList &JsonSchema::keywords()
{
    static const QStringList words = {
            QStringLiteral("type"),      QStringLiteral("properties"),
            QStringLiteral("required"),  QStringLiteral("additionalProperties"),
            QStringLiteral("items"),     QStringLiteral("enum"),
            QStringLiteral("minimum"),   QStringLiteral("maximum"),
            QStringLiteral("minLength"), QStringLiteral("maxLength"),
            QStringLiteral("minItems"),  QStringLiteral("default"),
            QStringLiteral("title"),     QStringLiteral("description"),
    };
    return words;
}

/*!
    Checks that schema only uses the keywords of this subset, each in a shape it can use, so
    that a keyword a runtime relies on is never silently ignored. The error's field is the
    path inside the schema: "properties.args.items.minLength".
*/
Status JsonSchema::check(const QJsonObject &schema)
{
    return checkSchema(schema, QString());
}

/*!
    Checks value against the schema and gives the first error found. Its field is path
    followed by the place inside value: "params.env.HOME", "params.args[1]". With
    AllowTemplates, a string that is one whole ${...} is not checked at all, and one with
    templates inside text is only checked to be text where text is allowed; the objects and
    lists around them are still checked in full.
*/
Status JsonSchema::validate(const QJsonValue &value, const QString &path, Options options) const
{
    return validateValue(m_schema, value, path, options);
}

} // namespace Cairn
