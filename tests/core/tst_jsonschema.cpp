// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <jsonschema.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cairn;

class tst_JsonSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validate_data();
    void validate();
    void templates_data();
    void templates();
    void emptySchema();
    void check_data();
    void check();
};

// Any JSON value, scalars included, from its text.
static QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s: %s", text.constData(), qPrintable(error.errorString()));
    return doc.array().at(0);
}

static const QByteArray ProcessSchema = R"({
    "type": "object",
    "required": ["command"],
    "additionalProperties": false,
    "properties": {
        "command": {"type": "string", "minLength": 1, "description": "what to run"},
        "args": {"type": "array", "items": {"type": "string"}},
        "env": {"type": "object", "properties": {"HOME": {"type": "string", "maxLength": 5}}},
        "mode": {"enum": ["fast", "safe"], "default": "safe"},
        "jobs": {"type": "integer", "minimum": 1, "maximum": 64},
        "ratio": {"type": "number", "minimum": 0, "maximum": 1},
        "verbose": {"type": "boolean"},
        "tags": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["k"],
                "properties": {"k": {"type": "string"}, "v": {"type": ["string", "null"]}}
            }
        }
    }
})";

void tst_JsonSchema::validate_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("field"); // empty: valid
    QTest::addColumn<QString>("message");

    QTest::newRow("minimal") << QByteArray(R"({"command": "make"})") << QString() << QString();
    QTest::newRow("everything") << QByteArray(
            R"({"command": "make", "args": ["-j2"], "env": {"HOME": "/root"},
                "mode": "fast", "jobs": 64, "ratio": 0, "verbose": true,
                "tags": [{"k": "a", "v": null}, {"k": "b", "v": "c"}]})")
                                << QString() << QString();
    QTest::newRow("whole real is an integer")
            << QByteArray(R"({"command": "make", "jobs": 2.0})") << QString() << QString();
    QTest::newRow("integer is a number")
            << QByteArray(R"({"command": "make", "ratio": 1})") << QString() << QString();
    QTest::newRow("length in characters")
            << QByteArray(R"({"command": "make", "env": {"HOME": "ééé😀😀"}})") << QString()
            << QString();

    QTest::newRow("root type") << QByteArray(R"(["make"])") << "params"
                               << "must be a mapping, not a list";
    QTest::newRow("required") << QByteArray(R"({"args": []})") << "params.command"
                              << "is required";
    QTest::newRow("additionalProperties false")
            << QByteArray(R"({"command": "make", "colour": "red"})") << "params.colour"
            << "unknown parameter; expected one of: args, command, env, jobs, mode, ratio, "
               "tags, verbose";
    QTest::newRow("string type") << QByteArray(R"({"command": 3})") << "params.command"
                                 << "must be text, not a whole number";
    QTest::newRow("minLength") << QByteArray(R"({"command": ""})") << "params.command"
                               << "must be at least 1 character(s) long";
    QTest::newRow("items type") << QByteArray(R"({"command": "make", "args": ["-j2", 2]})")
                                << "params.args[1]"
                                << "must be text, not a whole number";
    QTest::newRow("array type") << QByteArray(R"({"command": "make", "args": "-j2"})")
                                << "params.args"
                                << "must be a list, not text";
    QTest::newRow("nested maxLength")
            << QByteArray(R"({"command": "make", "env": {"HOME": "/home/me"}})")
            << "params.env.HOME"
            << "must be at most 5 character(s) long";
    QTest::newRow("enum") << QByteArray(R"({"command": "make", "mode": "slow"})") << "params.mode"
                          << "\"slow\" is not one of: fast, safe";
    QTest::newRow("enum type") << QByteArray(R"({"command": "make", "mode": 1})") << "params.mode"
                               << "\"1\" is not one of: fast, safe";
    QTest::newRow("integer") << QByteArray(R"({"command": "make", "jobs": 2.5})") << "params.jobs"
                             << "must be a whole number, not a number";
    QTest::newRow("minimum") << QByteArray(R"({"command": "make", "jobs": 0})") << "params.jobs"
                             << "must be at least 1";
    QTest::newRow("maximum") << QByteArray(R"({"command": "make", "jobs": 65})") << "params.jobs"
                             << "must be at most 64";
    QTest::newRow("number maximum")
            << QByteArray(R"({"command": "make", "ratio": 1.5})") << "params.ratio"
            << "must be at most 1";
    QTest::newRow("number type") << QByteArray(R"({"command": "make", "ratio": "half"})")
                                 << "params.ratio"
                                 << "must be a number, not text";
    QTest::newRow("boolean") << QByteArray(R"({"command": "make", "verbose": "yes"})")
                             << "params.verbose"
                             << "must be true or false, not text";
    QTest::newRow("minItems") << QByteArray(R"({"command": "make", "tags": []})") << "params.tags"
                              << "must have at least 1 item(s)";
    QTest::newRow("nested required")
            << QByteArray(R"({"command": "make", "tags": [{"k": "a"}, {"v": "x"}]})")
            << "params.tags[1].k"
            << "is required";
    QTest::newRow("type list") << QByteArray(R"({"command": "make", "tags": [{"k": "a", "v": 3}]})")
                               << "params.tags[0].v"
                               << "must be text or nothing, not a whole number";
    QTest::newRow("items object type")
            << QByteArray(R"({"command": "make", "tags": [{"k": "a"}, true]})") << "params.tags[1]"
            << "must be a mapping, not a boolean";
    QTest::newRow("object type") << QByteArray(R"({"command": "make", "env": null})")
                                 << "params.env"
                                 << "must be a mapping, not nothing";
    QTest::newRow("first error in key order")
            << QByteArray(R"({"command": "make", "jobs": 0, "args": [1]})") << "params.args[0]"
            << "must be text, not a whole number";
}

void tst_JsonSchema::validate()
{
    QFETCH(QByteArray, value);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const JsonSchema schema(json(ProcessSchema).toObject());
    const Status status = schema.validate(json(value), QStringLiteral("params"));
    if (field.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().toString()));
        return;
    }
    QVERIFY(!status);
    QCOMPARE(status.error().field, field);
    QCOMPARE(status.error().message, message);
    QCOMPARE(status.error().code, Error::Invalid);
    QVERIFY(status.error().location.isEmpty());
}

void tst_JsonSchema::templates_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("allowTemplates");
    QTest::addColumn<QString>("field"); // empty: valid
    QTest::addColumn<QString>("message");

    QTest::newRow("whole template takes any type")
            << QByteArray(R"({"command": "${run.inputs.cmd}", "jobs": "${run.inputs.n}",
                "env": "${event.data}", "tags": "${event.data.tags}"})")
            << true << QString() << QString();
    QTest::newRow("without the option it is text")
            << QByteArray(R"({"command": "make", "jobs": "${run.inputs.n}"})") << false
            << "params.jobs"
            << "must be a whole number, not text";
    QTest::newRow("interpolated is still text")
            << QByteArray(R"({"command": "make", "jobs": "x${run.id}"})") << true << "params.jobs"
            << "must be a whole number, not text";
    QTest::newRow("interpolated skips enum and length")
            << QByteArray(R"({"command": "make", "mode": "${job.name}-x",
                "env": {"HOME": "/home/${run.inputs.user}"}})")
            << true << QString() << QString();
    QTest::newRow("structure still checked")
            << QByteArray(R"({"command": "${run.id}", "colour": "${run.id}"})") << true
            << "params.colour"
            << "unknown parameter; expected one of: args, command, env, jobs, mode, ratio, "
               "tags, verbose";
    QTest::newRow("required still checked")
            << QByteArray(R"({"args": ["${run.id}"]})") << true << "params.command"
            << "is required";
    QTest::newRow("escape is literal text")
            << QByteArray(R"({"command": "make", "mode": "$${x}"})") << true << "params.mode"
            << "\"${x}\" is not one of: fast, safe";
    QTest::newRow("escaped length")
            << QByteArray(R"({"command": "make", "env": {"HOME": "$${ab}"}})") << true << QString()
            << QString();
}

void tst_JsonSchema::templates()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, allowTemplates);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const JsonSchema schema(json(ProcessSchema).toObject());
    const Status status = schema.validate(json(value), QStringLiteral("params"),
                                          allowTemplates ? JsonSchema::AllowTemplates
                                                         : JsonSchema::NoOption);
    if (field.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().toString()));
        return;
    }
    QVERIFY(!status);
    QCOMPARE(status.error().field, field);
    QCOMPARE(status.error().message, message);
}

void tst_JsonSchema::emptySchema()
{
    const JsonSchema any;
    QVERIFY(any.validate(json("null")));
    QVERIFY(any.validate(json(R"({"a": [1, {"b": 2}]})")));
    // Without a path, the field is the place inside the value alone.
    const JsonSchema list(json(R"({"items": {"type": "integer"}})").toObject());
    const Status status = list.validate(json("[1, 2, \"x\"]"));
    QVERIFY(!status);
    QCOMPARE(status.error().field, QStringLiteral("[2]"));
    const JsonSchema object(json(R"({"properties": {"a": {"type": "integer"}}})").toObject());
    QCOMPARE(object.validate(json(R"({"a": "x"})")).error().field, QStringLiteral("a"));
    QCOMPARE(object.validate(json(R"({"a": "x"})")).error().toString(),
             QStringLiteral("a: must be a whole number, not text"));
}

void tst_JsonSchema::check_data()
{
    QTest::addColumn<QByteArray>("schema");
    QTest::addColumn<QString>("field"); // empty: valid
    QTest::addColumn<QString>("message");

    QTest::newRow("the test schema") << ProcessSchema << QString() << QString();
    QTest::newRow("annotations") << QByteArray(
            R"({"title": "t", "description": "d", "default": {"a": 1}})")
                                 << QString() << QString();
    QTest::newRow("unknown keyword")
            << QByteArray(R"({"type": "string", "pattern": "^a"})") << "pattern"
            << "unknown keyword; this schema subset knows: type, properties, required, "
               "additionalProperties, items, enum, minimum, maximum, minLength, maxLength, "
               "minItems, default, title, description";
    QTest::newRow("nested unknown keyword")
            << QByteArray(R"({"properties": {"url": {"type": "string", "format": "uri"}}})")
            << "properties.url.format" << QString();
    QTest::newRow("unknown keyword in items")
            << QByteArray(R"({"items": {"oneOf": []}})") << "items.oneOf" << QString();
    QTest::newRow("unknown type") << QByteArray(R"({"type": "float"})") << "type"
                                  << "must be one of object, array, string, integer, number, "
                                     "boolean, null, or a list of them";
    QTest::newRow("empty type list") << QByteArray(R"({"type": []})") << "type" << QString();
    QTest::newRow("bad type in list")
            << QByteArray(R"({"type": ["string", 1]})") << "type" << QString();
    QTest::newRow("property not a schema")
            << QByteArray(R"({"properties": {"a": 3}})") << "properties.a"
            << "must be a schema (a mapping)";
    QTest::newRow("properties not a mapping") << QByteArray(R"({"properties": []})") << "properties"
                                              << "must map names to schemas";
    QTest::newRow("tuple items") << QByteArray(R"({"items": [{"type": "string"}]})") << "items"
                                 << "must be one schema (a mapping)";
    QTest::newRow("negative minLength")
            << QByteArray(R"({"items": {"minLength": -1}})") << "items.minLength"
            << "must be a whole number, 0 or more";
    QTest::newRow("fractional minItems") << QByteArray(R"({"minItems": 1.5})") << "minItems"
                                         << "must be a whole number, 0 or more";
    QTest::newRow("schema for additional properties")
            << QByteArray(R"({"additionalProperties": {"type": "string"}})")
            << "additionalProperties"
            << "must be true or false";
    QTest::newRow("required not a list") << QByteArray(R"({"required": "a"})") << "required"
                                         << "must be a list of property names";
    QTest::newRow("empty enum") << QByteArray(R"({"enum": []})") << "enum"
                                << "must be a list of values";
    QTest::newRow("minimum as text") << QByteArray(R"({"minimum": "3"})") << "minimum"
                                     << "must be a number";
}

void tst_JsonSchema::check()
{
    QFETCH(QByteArray, schema);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const Status status = JsonSchema::check(json(schema).toObject());
    if (field.isEmpty()) {
        QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().toString()));
        return;
    }
    QVERIFY(!status);
    QCOMPARE(status.error().field, field);
    if (!message.isEmpty())
        QCOMPARE(status.error().message, message);
}

QTEST_GUILESS_MAIN(tst_JsonSchema)
#include "tst_jsonschema.moc"
