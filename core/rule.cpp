// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "rule.h"

#include "pipeline.h"

#include <QJSEngine>
#include <QJSValue>
#include <QSet>

namespace Cairn {

namespace {

const QStringList &modeNames()
{
    static const QStringList names = {QStringLiteral("single"), QStringLiteral("queued"),
                                      QStringLiteral("parallel"), QStringLiteral("restart")};
    return names;
}

// A scalar of an `on:` mapping as the text of a filter term.
Result<QString> termValue(const ConfigNode &node)
{
    const QJsonValue value = node.value();
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isArray()) {
        // type: [a.*, b.*] is the comma-separated list the filter takes.
        Result<QStringList> list = node.toStringList();
        if (!list)
            return list.error();
        return list->join(QLatin1Char(','));
    }
    return node.error(Rule::tr("must be a text, a number, a boolean or a list of texts"));
}

Result<EventFilter> readFilter(const ConfigNode &on)
{
    EventFilter filter;
    auto add = [&filter](const ConfigNode &at, const QString &term) -> Status {
        if (Status added = filter.addTerm(term); !added) {
            const Error &e = added.error();
            return at.error(Rule::tr("bad filter term \"%1\": %2")
                                    .arg(term,
                                         e.field.isEmpty()
                                                 ? e.message
                                                 : e.field + QStringLiteral(": ") + e.message));
        }
        return Done{};
    };
    if (on.isObject()) {
        const QStringList keys = on.keys();
        for (const QString &key : keys) {
            const Result<QString> value = termValue(on[key]);
            if (!value)
                return value.error();
            if (Status s = add(on[key], key + QLatin1Char('=') + *value); !s)
                return s.error();
        }
    } else if (on.isArray() || on.value().isString()) {
        const Result<QStringList> terms = on.toStringList();
        if (!terms)
            return terms.error();
        for (qsizetype i = 0; i < terms->size(); ++i) {
            if (Status s = add(on.isArray() ? on.at(i) : on, terms->at(i)); !s)
                return s.error();
        }
    } else {
        return on.error(Rule::tr("must be a mapping of filter terms or a list of them"));
    }
    return filter;
}

// Compiling finds syntax errors now rather than at the first event.
Status checkWhen(const ConfigNode &node, const QString &when)
{
    QJSEngine engine;
    const QJSValue compiled = engine.evaluate(Rule::whenProgram(when));
    if (compiled.isError()) {
        // whenProgram() puts the expression on the program's second line.
        // A missing end is found on the closing line after the expression: the last line.
        const int lines = int(when.count(QLatin1Char('\n'))) + 1;
        const int line = qBound(1, compiled.property(QStringLiteral("lineNumber")).toInt() - 1,
                                lines);
        return node.error(Rule::tr("JavaScript error at line %1 of the expression: %2")
                                  .arg(line)
                                  .arg(compiled.toString()));
    }
    return Done{};
}

} // namespace

QString Rule::modeName(Mode mode)
{
    return modeNames().at(int(mode));
}

QString Rule::whenProgram(const QString &when)
{
    // The newlines keep a trailing // comment in the expression from eating the parenthesis.
    return QStringLiteral("(function (event) { return (\n") + when + QStringLiteral("\n); })");
}

/*!
  Reads the `rules:` list. Every error names the file, line, column and field at fault:
  unknown keys, both or neither of `on` and `every`, a bad cron expression or filter term,
  a bad mode or holdoff, a syntax error in `when`, a duplicate name.
*/
Result<QList<Rule>> Rule::fromConfig(const ConfigNode &rules)
{
    QList<Rule> list;
    if (rules.isMissing())
        return list;
    if (Status s = rules.requireArray(); !s)
        return s.error();
    QSet<QString> names;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        const ConfigNode node = rules.at(i);
        Result<Rule> rule = fromConfigEntry(node);
        if (!rule)
            return rule.error();
        if (names.contains(rule->name))
            return node[QStringLiteral("name")].error(
                    tr("another rule is called \"%1\" already").arg(rule->name));
        names.insert(rule->name);
        list.append(std::move(rule).value());
    }
    return list;
}

Result<Rule> Rule::fromConfigEntry(const ConfigNode &node)
{
    if (Status s = node.requireObject(); !s)
        return s.error();
    if (Status s = node.checkKeys(
                {QStringLiteral("name"), QStringLiteral("on"), QStringLiteral("every"),
                 QStringLiteral("when"), QStringLiteral("run"), QStringLiteral("params"),
                 QStringLiteral("holdoff"), QStringLiteral("mode"), QStringLiteral("repeat")});
        !s)
        return s.error();

    Rule rule;
    rule.location = node.error(QString()).location;
    const ConfigNode nameNode = node[QStringLiteral("name")];
    Result<QString> name = nameNode.toString();
    if (!name)
        return name.error();
    if (!Pipeline::isValidName(*name))
        return nameNode.error(tr("\"%1\" is not a valid name: use a-z, 0-9, _ and -, "
                                 "not starting with -, at most 64 characters")
                                      .arg(*name));
    rule.name = *name;

    const ConfigNode on = node[QStringLiteral("on")];
    const ConfigNode every = node[QStringLiteral("every")];
    if (!on.isMissing() && !every.isMissing())
        return every.error(tr("a rule has either `on` (an event) or `every` (a time), not both"));
    if (on.isMissing() && every.isMissing())
        return node.error(tr("a rule needs `on` (an event) or `every` (a time)"));
    if (!on.isMissing()) {
        Result<EventFilter> filter = readFilter(on);
        if (!filter)
            return filter.error();
        rule.on = std::move(filter).value();
    } else {
        Result<QString> expression = every.toString();
        if (!expression)
            return expression.error();
        Result<CronSchedule> schedule = CronSchedule::parse(*expression);
        if (!schedule) {
            const Error &e = schedule.error();
            return every.error(e.field.isEmpty() ? e.message
                                                 : e.field + QStringLiteral(": ") + e.message);
        }
        rule.every = std::move(schedule).value();
    }

    const ConfigNode whenNode = node[QStringLiteral("when")];
    Result<QString> when = whenNode.toString(QString());
    if (!when)
        return when.error();
    rule.when = when->trimmed();
    if (!rule.when.isEmpty()) {
        if (Status s = checkWhen(whenNode, rule.when); !s)
            return s.error();
        rule.whenLocation = whenNode.error(QString()).location;
    }

    const ConfigNode runNode = node[QStringLiteral("run")];
    Result<QString> run = runNode.toString();
    if (!run)
        return run.error();
    rule.pipeline = *run;

    const ConfigNode params = node[QStringLiteral("params")];
    if (Status s = params.requireObject(true); !s)
        return s.error();
    rule.params = params.value().toObject();

    Result<std::chrono::milliseconds> holdoff = node[QStringLiteral("holdoff")].toDuration(
            std::chrono::milliseconds(0));
    if (!holdoff)
        return holdoff.error();
    rule.holdoff = *holdoff;

    Result<QString> mode = node[QStringLiteral("mode")].toChoice(modeNames(), modeNames().first());
    if (!mode)
        return mode.error();
    rule.mode = Mode(modeNames().indexOf(*mode));

    const ConfigNode repeat = node[QStringLiteral("repeat")];
    Result<qint64> times = repeat.toInteger(1, 100000, 1);
    if (!times)
        return times.error();
    if (*times > 1 && !rule.on)
        return repeat.error(tr("counts events in a row: it needs on:, not every:"));
    rule.repeat = int(*times);
    return rule;
}

} // namespace Cairn
