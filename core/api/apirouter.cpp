// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "apirouter.h"

#include <QMetaEnum>
#include <QUrl>

namespace Cairn {

namespace {

bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

} // namespace

void ApiRouter::add(const ApiRoute &route)
{
    Compiled compiled;
    compiled.segments = split(route.path);
    for (const QString &segment : std::as_const(compiled.segments)) {
        if (!isPlaceholder(segment))
            ++compiled.literals;
    }
    m_routes.append(route);
    m_compiled.append(compiled);
}

QString ApiRouter::methodName(QHttpServerRequest::Method method)
{
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method));
    return key ? QString::fromLatin1(key).toUpper() : QStringLiteral("UNKNOWN");
}

QStringList ApiRouter::split(const QString &encodedPath)
{
    QStringList segments = encodedPath.split(u'/');
    if (!segments.isEmpty() && segments.constFirst().isEmpty())
        segments.removeFirst();
    if (!segments.isEmpty() && segments.constLast().isEmpty())
        segments.removeLast();
    for (QString &segment : segments)
        segment = QUrl::fromPercentEncoding(segment.toUtf8());
    return segments;
}

bool ApiRouter::matches(const Compiled &pattern, const QStringList &segments,
                        QHash<QString, QString> *arguments)
{
    if (pattern.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = pattern.segments.at(i);
        if (isPlaceholder(expected)) {
            if (segments.at(i).isEmpty())
                return false;
            found.insert(expected.mid(1, expected.size() - 2), segments.at(i));
        } else if (expected != segments.at(i)) {
            return false;
        }
    }
    *arguments = found;
    return true;
}

/*!
    The route for \a method on \a encodedPath (the path as sent, percent-encoded), with the
    values of its placeholders. When the path is known but not for this method, the match
    has no route and lists the methods it has, for a 405 and its Allow header.
*/
ApiRouter::Match ApiRouter::match(QHttpServerRequest::Method method,
                                  const QString &encodedPath) const
{
    const QStringList segments = split(encodedPath);
    Match best;
    int bestLiterals = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        QHash<QString, QString> arguments;
        if (!matches(m_compiled.at(i), segments, &arguments))
            continue;
        const ApiRoute &route = m_routes.at(i);
        const QString name = methodName(route.method);
        if (!best.allowed.contains(name))
            best.allowed.append(name);
        if (route.method == method && m_compiled.at(i).literals > bestLiterals) {
            best.route = &route;
            best.arguments = arguments;
            bestLiterals = m_compiled.at(i).literals;
        }
    }
    return best;
}

} // namespace Cairn
