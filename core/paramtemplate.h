// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace Cairn {

/*
 * Fills the ${...} templates in the params of a job from what the run knows:
 *
 *   ${event.data.temperature}  ${event.subject}  the event that started the run
 *   ${run.id}  ${run.inputs.board}             the run and its inputs
 *   ${job.name}                                 the job itself
 *
 * A string that is exactly one template takes the referenced JSON value with its type; a
 * template inside longer text is replaced by the value written as text. $${ is a literal ${.
 * The context is {"event": <CloudEvent JSON>, "run": {...}, "job": {...}}.
 */
class ParamTemplate
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ParamTemplate)
public:
    // What a string turns into once resolved.
    enum class Form {
        Literal, // no template: the text, with $${ made ${
        Interpolated, // templates within text: text, unknown until resolved
        Whole, // exactly one template: any JSON value
    };

    explicit ParamTemplate(const QJsonObject &context);

    // Resolves every string in value, recursively. The error's field is path and the path
    // inside value ("jobs[2].params.args[1]"); its message names the job and the template.
    Result<QJsonValue> resolve(const QJsonValue &value, const QString &jobName,
                               const QString &path = QStringLiteral("params")) const;

    // The first part of every template: event, run, job.
    static const QStringList &roots();
    static Form formOf(const QString &text);
    // The text of a Literal string: $${ becomes ${.
    static QString unescaped(const QString &text);
    // The templates in text as written ("event.data.temperature"), each with a known root,
    // or the error of a malformed one (its field is empty).
    static Result<QStringList> expressions(const QString &text);
    // A value as a person would write it: text as it is, whole numbers without ".0",
    // objects and lists as compact JSON, null as null.
    static QString toText(const QJsonValue &value);

private:
    Result<QJsonValue> resolveString(const QString &text, const QString &jobName,
                                     const QString &path) const;
    Result<QJsonValue> lookup(const QString &expression) const;

    QJsonObject m_context;
};

} // namespace Cairn
