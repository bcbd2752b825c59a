// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jobkindregistry.h"

#include "jsonschema.h"

#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <optional>

namespace Cairn {

namespace {

// major, minor, patch; what is left out counts as 0.
using Version = std::array<qint64, 3>;

std::optional<Version> parseVersion(const QString &text)
{
    static const QRegularExpression pattern(
            QStringLiteral("^(0|[1-9][0-9]{0,8})(?:\\.(0|[1-9][0-9]{0,8}))?"
                           "(?:\\.(0|[1-9][0-9]{0,8}))?$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return Version{match.captured(1).toLongLong(), match.captured(2).toLongLong(),
                   match.captured(3).toLongLong()};
}

} // namespace

/*!
    Whether version is "MAJOR", "MAJOR.MINOR" or "MAJOR.MINOR.PATCH", without leading zeros.
*/
bool JobKindRegistry::isValidVersion(const QString &version)
{
    return parseVersion(version).has_value();
}

/*!
    Whether name may name a job kind: letters, digits, and . _ / - between them ("process",
    "mqtt.publish", "k8s/deployment").
*/
bool JobKindRegistry::isValidKindName(const QString &name)
{
    static const QRegularExpression pattern(
            QStringLiteral("^[A-Za-z0-9](?:[A-Za-z0-9_./-]{0,126}[A-Za-z0-9])?$"));
    return pattern.match(name).hasMatch();
}

/*!
    Registers kind. Refuses a name or version that is not well formed, a schema that uses
    more than the JsonSchema subset, and a kind whose name and major version are taken: two
    runtimes offering the same kind would make pipelines run on whichever came first.
*/
Status JobKindRegistry::add(const JobKind &kind)
{
    if (!isValidKindName(kind.name))
        return Error::invalid(QStringLiteral("name"),
                              tr("\"%1\" is not a job kind name: letters and digits, with . _ / "
                                 "- inside")
                                      .arg(kind.name));
    const std::optional<Version> version = parseVersion(kind.version);
    if (!version)
        return Error::invalid(
                QStringLiteral("version"),
                tr("\"%1\" is not a semantic version such as 1.2.0").arg(kind.version));
    if (Status schema = JsonSchema::check(kind.schema); !schema) {
        Error error = schema.error();
        error.field = error.field.isEmpty() ? QStringLiteral("schema")
                                            : QStringLiteral("schema.") + error.field;
        error.message = tr("%1 %2: %3").arg(kind.name, kind.version, error.message);
        return error;
    }
    QList<JobKind> &list = m_kinds[kind.name];
    for (const JobKind &known : std::as_const(list)) {
        if (parseVersion(known.version)->at(0) == version->at(0))
            return Error::conflict(tr("job kind %1 %2 is registered already, as version %3")
                                           .arg(kind.name, kind.version, known.version));
    }
    list.append(kind);
    std::sort(list.begin(), list.end(), [](const JobKind &a, const JobKind &b) {
        return *parseVersion(a.version) < *parseVersion(b.version);
    });
    return Done{};
}

/*!
    The kind name in the version a pipeline asks for: the registered one of the same major
    version whose minor and patch are at least those asked for ("1" and "1.2" both take 1.4.0,
    "1.5" does not). Gives NotFound with field "kind" for an unknown name and field "version"
    for a version none fits, naming the known kinds or versions; Invalid with field "version"
    for a version that is not well formed.
*/
Result<JobKind> JobKindRegistry::find(const QString &name, const QString &requestedVersion) const
{
    const auto it = m_kinds.constFind(name);
    if (it == m_kinds.cend()) {
        Error error = Error::notFound(
                m_kinds.isEmpty() ? tr("unknown job kind \"%1\"; no job kinds are known").arg(name)
                                  : tr("unknown job kind \"%1\"; known kinds: %2")
                                            .arg(name, names().join(QStringLiteral(", "))));
        error.field = QStringLiteral("kind");
        return error;
    }
    const std::optional<Version> wanted = parseVersion(requestedVersion);
    if (!wanted)
        return Error::invalid(QStringLiteral("version"),
                              tr("\"%1\" is not a version; write for example 1, 1.2 or 1.2.0")
                                      .arg(requestedVersion));
    for (const JobKind &kind : *it) {
        const Version have = *parseVersion(kind.version);
        if (have[0] == (*wanted)[0] && have >= *wanted)
            return kind;
    }
    Error error = Error::notFound(
            tr("%1 has no version compatible with %2; known versions: %3")
                    .arg(name, requestedVersion, versions(name).join(QStringLiteral(", "))));
    error.field = QStringLiteral("version");
    return error;
}

/*!
    The registered versions of the kind name, oldest first; empty for an unknown kind.
*/
QStringList JobKindRegistry::versions(const QString &name) const
{
    QStringList list;
    const QList<JobKind> kinds = m_kinds.value(name);
    for (const JobKind &kind : kinds)
        list.append(kind.version);
    return list;
}

/*!
    Every registered kind, by name, then oldest version first.
*/
QList<JobKind> JobKindRegistry::kinds() const
{
    QList<JobKind> list;
    for (const QList<JobKind> &versions : m_kinds)
        list.append(versions);
    return list;
}

} // namespace Cairn
