// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "eventfilter.h"

#include "jsonmatch_p.h"

namespace Cairn {

/*!
    Parses filter terms: "type=GLOB[,GLOB]", "source=GLOB[,GLOB]", "subject=TEXT" and data
    conditions in the node-query syntax ("data.temperature__gt=30"). The error names the
    term that is wrong.
*/
Result<EventFilter> EventFilter::parse(const QStringList &terms)
{
    EventFilter filter;
    for (const QString &term : terms) {
        if (Status s = filter.addTerm(term); !s)
            return s.error();
    }
    return filter;
}

Status EventFilter::addTerm(const QString &term)
{
    const int eq = term.indexOf(QLatin1Char('='));
    if (eq <= 0)
        return Error::invalid(term, tr("a filter term is field=value or field__op=value"));
    const QString key = term.left(eq);
    const QString value = term.mid(eq + 1);
    const int sep = key.indexOf(QLatin1String("__"));
    const QString field = sep < 0 ? key : key.left(sep);
    const QString op = sep < 0 ? QString() : key.mid(sep + 2);

    if (field == QLatin1String("type") || field == QLatin1String("source")) {
        if (!op.isEmpty() && op != QLatin1String("in"))
            return Error::invalid(key, tr("%1 takes globs: %1=a.*,b.* (no operator)").arg(field));
        const QStringList globs = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        if (globs.isEmpty())
            return Error::invalid(field, tr("is empty"));
        (field == QLatin1String("type") ? m_types : m_sources).append(globs);
    } else if (field == QLatin1String("subject")) {
        if (!op.isEmpty())
            return Error::invalid(key, tr("subject is matched exactly (no operator)"));
        m_subject = value;
    } else if (field.startsWith(QLatin1String("data.")) || field == QLatin1String("data")) {
        NodeQuery scratch;
        if (Status s = scratch.addCondition(field, op.isEmpty() ? QStringLiteral("eq") : op, value);
            !s)
            return s.error();
        const NodeQuery::Condition &condition = scratch.conditions().constFirst();
        m_data.append(condition);
        m_regexes.append(condition.op == NodeQuery::Op::Re
                                 ? QRegularExpression(condition.values.constFirst().toString())
                                 : QRegularExpression());
    } else {
        return Error::invalid(field,
                              tr("unknown event field; use type, source, subject or "
                                 "data.KEY"));
    }
    m_terms.append(term);
    return Done{};
}

bool EventFilter::isEmpty() const
{
    return m_types.isEmpty() && m_sources.isEmpty() && m_subject.isEmpty() && m_data.isEmpty();
}

bool EventFilter::matches(const CloudEvent &event) const
{
    const auto anyGlob = [](const QStringList &globs, const QString &text) {
        if (globs.isEmpty())
            return true;
        for (const QString &glob : globs) {
            if (globMatches(glob, text))
                return true;
        }
        return false;
    };
    if (!anyGlob(m_types, event.type) || !anyGlob(m_sources, event.source))
        return false;
    if (!m_subject.isEmpty() && event.subject != m_subject)
        return false;
    if (m_data.isEmpty())
        return true;
    const QJsonObject root{{QStringLiteral("data"), event.data}};
    for (qsizetype i = 0; i < m_data.size(); ++i) {
        if (!jsonConditionMatches(m_data.at(i), root, m_regexes.at(i)))
            return false;
    }
    return true;
}

QString EventFilter::typePrefix() const
{
    if (m_types.isEmpty())
        return {};
    QString common;
    for (qsizetype i = 0; i < m_types.size(); ++i) {
        const QString &glob = m_types.at(i);
        qsizetype end = 0;
        while (end < glob.size() && glob.at(end) != QLatin1Char('*')
               && glob.at(end) != QLatin1Char('?'))
            ++end;
        const QStringView literal = QStringView(glob).left(end);
        if (i == 0) {
            common = literal.toString();
            continue;
        }
        qsizetype n = 0;
        while (n < common.size() && n < literal.size() && common.at(n) == literal.at(n))
            ++n;
        common.truncate(n);
    }
    return common;
}

/*!
    True when text matches pattern, where '*' stands for any run of characters (dots too)
    and '?' for one character. Iterative, so no pattern can make it recurse deeply.
*/
bool EventFilter::globMatches(QStringView pattern, QStringView text)
{
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size()
            && (pattern.at(p) == QLatin1Char('?') || pattern.at(p) == text.at(t))) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            star = p++;
            mark = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}

} // namespace Cairn
