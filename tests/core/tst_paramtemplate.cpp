// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include <cloudevent.h>
#include <paramtemplate.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Cairn;

class tst_ParamTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolve_data();
    void resolve();
    void errors_data();
    void errors();
    void noEvent();
    void formOf_data();
    void formOf();
    void expressions_data();
    void expressions();
};

static QJsonValue json(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + text + "]", &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s: %s", text.constData(), qPrintable(error.errorString()));
    return doc.array().at(0);
}

// What a run started by an MQTT reading knows.
static QJsonObject context()
{
    CloudEvent event;
    event.id = QStringLiteral("e-1");
    event.source = QStringLiteral("mqtt://broker/weather/st-1");
    event.type = QStringLiteral("weather.reading");
    event.subject = QStringLiteral("st-1");
    event.time = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    event.data = json(R"({"temperature": 21.5, "count": 3, "ok": true, "tags": ["a", "b"],
                          "nested": {"x": 1}, "none": null, "big": 1e21})");
    return QJsonObject{
            {QStringLiteral("event"), event.toJson()},
            {QStringLiteral("run"),
             json(R"({"id": "r-1", "inputs": {"board": "qemu", "cores": 4}})")},
            {QStringLiteral("job"), json(R"({"name": "compile"})")},
    };
}

void tst_ParamTemplate::resolve_data()
{
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("number stays a number")
            << QByteArray(R"({"t": "${event.data.temperature}"})") << QByteArray(R"({"t": 21.5})");
    QTest::newRow("integer") << QByteArray(R"({"n": "${event.data.count}"})")
                             << QByteArray(R"({"n": 3})");
    QTest::newRow("boolean") << QByteArray(R"({"b": "${event.data.ok}"})")
                             << QByteArray(R"({"b": true})");
    QTest::newRow("object") << QByteArray(R"({"o": "${event.data.nested}"})")
                            << QByteArray(R"({"o": {"x": 1}})");
    QTest::newRow("array") << QByteArray(R"({"a": "${event.data.tags}"})")
                           << QByteArray(R"({"a": ["a", "b"]})");
    QTest::newRow("null") << QByteArray(R"({"z": "${event.data.none}"})")
                          << QByteArray(R"({"z": null})");
    QTest::newRow("subject") << QByteArray(R"({"s": "${event.subject}"})")
                             << QByteArray(R"({"s": "st-1"})");
    QTest::newRow("event type") << QByteArray(R"({"s": "${event.type}"})")
                                << QByteArray(R"({"s": "weather.reading"})");
    QTest::newRow("run id and inputs")
            << QByteArray(R"({"id": "${run.id}", "cores": "${run.inputs.cores}"})")
            << QByteArray(R"({"id": "r-1", "cores": 4})");
    QTest::newRow("all inputs") << QByteArray(R"({"i": "${run.inputs}"})")
                                << QByteArray(R"({"i": {"board": "qemu", "cores": 4}})");
    QTest::newRow("job name") << QByteArray(R"({"j": "${job.name}"})")
                              << QByteArray(R"({"j": "compile"})");
    QTest::newRow("index") << QByteArray(R"({"t": "${event.data.tags[1]}"})")
                           << QByteArray(R"({"t": "b"})");
    QTest::newRow("spaces inside")
            << QByteArray(R"({"id": "${ run.id }"})") << QByteArray(R"({"id": "r-1"})");

    QTest::newRow("real in text") << QByteArray(R"({"t": "T=${event.data.temperature}C"})")
                                  << QByteArray(R"({"t": "T=21.5C"})");
    QTest::newRow("integer in text")
            << QByteArray(R"({"t": "n${event.data.count}"})") << QByteArray(R"({"t": "n3"})");
    QTest::newRow("large number in text")
            << QByteArray(R"({"t": "${event.data.big} "})") << QByteArray(R"({"t": "1e+21 "})");
    QTest::newRow("boolean in text")
            << QByteArray(R"({"t": "ok=${event.data.ok}"})") << QByteArray(R"({"t": "ok=true"})");
    QTest::newRow("null in text") << QByteArray(R"({"t": "v=${event.data.none}"})")
                                  << QByteArray(R"({"t": "v=null"})");
    QTest::newRow("object in text") << QByteArray(R"({"t": "v=${event.data.nested}"})")
                                    << QByteArray(R"({"t": "v={\"x\":1}"})");
    QTest::newRow("array in text") << QByteArray(R"({"t": "${event.data.tags};"})")
                                   << QByteArray(R"({"t": "[\"a\",\"b\"];"})");
    QTest::newRow("several") << QByteArray(R"({"p": "/runs/${run.id}/${job.name}.log"})")
                             << QByteArray(R"({"p": "/runs/r-1/compile.log"})");
    QTest::newRow("adjacent") << QByteArray(R"({"p": "${run.id}${job.name}"})")
                              << QByteArray(R"({"p": "r-1compile"})");

    QTest::newRow("escape") << QByteArray(R"({"e": "$${run.id}"})")
                            << QByteArray(R"({"e": "${run.id}"})");
    QTest::newRow("escape and template") << QByteArray(R"({"e": "echo $${HOME} ${run.id}"})")
                                         << QByteArray(R"({"e": "echo ${HOME} r-1"})");
    QTest::newRow("lone dollars") << QByteArray(R"({"e": "costs $5 {a} $$ $"})")
                                  << QByteArray(R"({"e": "costs $5 {a} $$ $"})");
    QTest::newRow("nested params")
            << QByteArray(R"({"a": {"b": ["${run.inputs.cores}", {"c": "${job.name}"}]},
                              "n": 5, "f": false, "z": null})")
            << QByteArray(R"({"a": {"b": [4, {"c": "compile"}]}, "n": 5, "f": false, "z": null})");
    QTest::newRow("keys are not templates")
            << QByteArray(R"({"${run.id}": "x"})") << QByteArray(R"({"${run.id}": "x"})");
    QTest::newRow("empty") << QByteArray("{}") << QByteArray("{}");
}

void tst_ParamTemplate::resolve()
{
    QFETCH(QByteArray, params);
    QFETCH(QByteArray, expected);
    const ParamTemplate resolver(context());
    Result<QJsonValue> value = resolver.resolve(json(params), QStringLiteral("compile"));
    QVERIFY2(value.ok(), qPrintable(value.ok() ? QString() : value.error().toString()));
    QCOMPARE(*value, json(expected));
}

void tst_ParamTemplate::errors_data()
{
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QString>("error");

    QTest::newRow("missing member")
            << QByteArray(R"({"t": "${event.data.humidity}"})")
            << "params.t: job \"compile\": cannot resolve ${event.data.humidity}: event.data has "
               "no \"humidity\"";
    QTest::newRow("missing input")
            << QByteArray(R"({"a": ["x", "--board=${run.inputs.boards}"]})")
            << "params.a[1]: job \"compile\": cannot resolve ${run.inputs.boards}: run.inputs "
               "has no \"boards\"";
    QTest::newRow("nested path")
            << QByteArray(R"({"a": [1, {"b": "x ${run.nope}"}]})")
            << "params.a[1].b: job \"compile\": cannot resolve ${run.nope}: run has no "
               "\"nope\"";
    QTest::newRow("index out of range")
            << QByteArray(R"({"t": "${event.data.tags[5]}"})")
            << "params.t: job \"compile\": cannot resolve ${event.data.tags[5]}: "
               "event.data.tags has no item 5";
    QTest::newRow("index into an object")
            << QByteArray(R"({"t": "${event.data.nested[0]}"})")
            << "params.t: job \"compile\": cannot resolve ${event.data.nested[0]}: "
               "event.data.nested has no item 0";
    QTest::newRow("member of text")
            << QByteArray(R"({"t": "${event.subject.id}"})")
            << "params.t: job \"compile\": cannot resolve ${event.subject.id}: event.subject "
               "has no \"id\"";
    QTest::newRow("unknown root")
            << QByteArray(R"({"t": "${env.HOME}"})")
            << "params.t: job \"compile\": ${env.HOME}: unknown root \"env\"; a template starts "
               "with event, run, job";
    QTest::newRow("unclosed")
            << QByteArray(R"({"t": "${run.id"})")
            << "params.t: job \"compile\": \"${\" is not closed by \"}\"; write $${ for a "
               "literal ${";
    QTest::newRow("empty template")
            << QByteArray(R"({"t": "a ${} b"})")
            << "params.t: job \"compile\": ${} is not a path such as ${event.data.temperature} "
               "or ${run.inputs.board}";
    QTest::newRow("double dot") << QByteArray(R"({"t": "${run..id}"})")
                                << "params.t: job \"compile\": ${run..id} is not a path such as "
                                   "${event.data.temperature} or ${run.inputs.board}";
    QTest::newRow("trailing dot") << QByteArray(R"({"t": "${run.}"})")
                                  << "params.t: job \"compile\": ${run.} is not a path such as "
                                     "${event.data.temperature} or ${run.inputs.board}";
    QTest::newRow("bad index") << QByteArray(R"({"t": "${event.data.tags[x]}"})")
                               << "params.t: job \"compile\": ${event.data.tags[x]} is not a "
                                  "path such as ${event.data.temperature} or "
                                  "${run.inputs.board}";
}

void tst_ParamTemplate::errors()
{
    QFETCH(QByteArray, params);
    QFETCH(QString, error);
    const ParamTemplate resolver(context());
    Result<QJsonValue> value = resolver.resolve(json(params), QStringLiteral("compile"));
    QVERIFY(!value);
    QCOMPARE(value.error().toString(), error);
    QCOMPARE(value.error().code, Error::Invalid);
}

void tst_ParamTemplate::noEvent()
{
    // A run started by hand has no event.
    const ParamTemplate resolver(QJsonObject{{QStringLiteral("run"), json(R"({"id": "r-2"})")}});
    Result<QJsonValue> value = resolver.resolve(json(R"({"s": "${event.subject}"})"),
                                                QStringLiteral("deploy"),
                                                QStringLiteral("jobs[3].params"));
    QVERIFY(!value);
    QCOMPARE(value.error().toString(),
             QStringLiteral("jobs[3].params.s: job \"deploy\": cannot resolve ${event.subject}: "
                            "there is no event here"));
    Result<QJsonValue> ok = resolver.resolve(json(R"({"s": "${run.id}"})"), QStringLiteral("x"));
    QVERIFY(ok);
    QCOMPARE(*ok, json(R"({"s": "r-2"})"));
}

void tst_ParamTemplate::formOf_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("form");
    const int literal = int(ParamTemplate::Form::Literal);
    const int interpolated = int(ParamTemplate::Form::Interpolated);
    const int whole = int(ParamTemplate::Form::Whole);
    QTest::newRow("plain") << "make" << literal;
    QTest::newRow("dollar") << "$HOME {x}" << literal;
    QTest::newRow("escaped") << "$${run.id}" << literal;
    QTest::newRow("whole") << "${run.id}" << whole;
    QTest::newRow("whole with spaces") << "${ run.id }" << whole;
    QTest::newRow("text after") << "${run.id} " << interpolated;
    QTest::newRow("text before") << "id=${run.id}" << interpolated;
    QTest::newRow("two") << "${run.id}${job.name}" << interpolated;
    QTest::newRow("escape and template") << "$${a}${run.id}" << interpolated;
    QTest::newRow("unclosed") << "${run.id" << interpolated;
}

void tst_ParamTemplate::formOf()
{
    QFETCH(QString, text);
    QFETCH(int, form);
    QCOMPARE(int(ParamTemplate::formOf(text)), form);
}

void tst_ParamTemplate::expressions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("valid");
    QTest::newRow("none") << "make -j2" << QStringList() << true;
    QTest::newRow("escaped") << "$${x}" << QStringList() << true;
    QTest::newRow("two") << "${event.data.values[2].celsius} on ${ run.inputs.board }"
                         << QStringList{QStringLiteral("event.data.values[2].celsius"),
                                        QStringLiteral("run.inputs.board")}
                         << true;
    QTest::newRow("dashes and digits")
            << "${event.data.content-type.v2}"
            << QStringList{QStringLiteral("event.data.content-type.v2")} << true;
    QTest::newRow("unknown root") << "${secrets.token}" << QStringList() << false;
    QTest::newRow("unclosed") << "${run.id" << QStringList() << false;
    QTest::newRow("space inside a path") << "${run. id}" << QStringList() << false;
}

void tst_ParamTemplate::expressions()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QFETCH(bool, valid);
    Result<QStringList> list = ParamTemplate::expressions(text);
    QCOMPARE(list.ok(), valid);
    if (valid)
        QCOMPARE(*list, expected);
    else
        QVERIFY(list.error().field.isEmpty() && !list.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(tst_ParamTemplate)
#include "tst_paramtemplate.moc"
