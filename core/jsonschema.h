// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QFlags>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Cairn {

/*
 * The subset of JSON Schema that job kinds describe their parameters with: type (one or a
 * list of object, array, string, integer, number, boolean, null), properties, required,
 * additionalProperties (true or false), items (one schema), enum, minimum, maximum,
 * minLength, maxLength, minItems; default, title and description are accepted and ignored.
 * Errors name the dotted path inside the value that is at fault: "params.env.HOME".
 */
class JsonSchema
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::JsonSchema)
public:
    enum Option {
        NoOption = 0x0,
        // Strings may hold ${...} templates that are resolved later: a string that is one
        // whole template may become any type, and the text of an interpolated one is unknown.
        AllowTemplates = 0x1,
    };
    Q_DECLARE_FLAGS(Options, Option)

    JsonSchema() = default; // accepts every value
    explicit JsonSchema(const QJsonObject &schema);

    QJsonObject schema() const { return m_schema; }

    // The keywords this subset knows.
    static const QStringList &keywords();
    // Refuses a schema that uses other keywords, or these in a shape this subset cannot use.
    static Status check(const QJsonObject &schema);

    // path is the place of value in what holds it ("params"); it prefixes Error::field.
    Status validate(const QJsonValue &value, const QString &path = QString(),
                    Options options = NoOption) const;

private:
    QJsonObject m_schema;
};

} // namespace Cairn

Q_DECLARE_OPERATORS_FOR_FLAGS(Cairn::JsonSchema::Options)
