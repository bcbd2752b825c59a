// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "httpconfigreader_p.h"

#include "cloudevent.h"
#include "configdocument.h"

#include <QRegularExpression>

namespace Cairn {

/*!
    Reads the name of a webhook or poller. It becomes part of a URL path, an event type and
    a source, hence the small alphabet.
*/
Result<QString> HttpConfigReader::name(const ConfigNode &node, QSet<QString> &seen)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z0-9_-]{1,64}$"));
    auto name = node.toString();
    if (!name)
        return name.error();
    if (!valid.match(*name).hasMatch())
        return node.error(
                tr("\"%1\" is not a valid name: use 1 to 64 of a-z, 0-9, _ and -").arg(*name));
    if (seen.contains(*name))
        return node.error(tr("the name \"%1\" is used twice").arg(*name));
    seen.insert(*name);
    return name;
}

/*!
    Reads the key under which a secret is kept in the SecretStore. The value is never in
    the project file.
*/
Result<QString> HttpConfigReader::secretKey(const ConfigNode &node, bool required)
{
    auto key = required ? node.toString() : node.toString(QString());
    if (!key)
        return key.error();
    if (required && key->trimmed().isEmpty())
        return node.error(tr("the key of the secret in the secret store must not be empty"));
    return key;
}

/*!
    Reads an event type, checked with the same rules the bus applies when publishing, so a
    bad type is found when the file is loaded rather than at the first event.
*/
Result<QString> HttpConfigReader::eventType(const ConfigNode &node, const QString &fallback)
{
    auto type = node.toString(fallback);
    if (!type)
        return type.error();
    CloudEvent probe;
    probe.type = *type;
    probe.source = QStringLiteral("cairn://localhost/config");
    if (const Status valid = probe.validate(); !valid)
        return node.error(valid.error().message);
    return type;
}

} // namespace Cairn
