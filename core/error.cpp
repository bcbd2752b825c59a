// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "error.h"

namespace Cairn {

/*!
    The code as a word for programs: "invalid", "not_found", "conflict", "database",
    "unsupported". The API uses it as the "error" member of its error bodies.
*/
QString Error::codeName() const
{
    switch (code) {
    case Invalid:
        return QStringLiteral("invalid");
    case NotFound:
        return QStringLiteral("not_found");
    case Conflict:
        return QStringLiteral("conflict");
    case Database:
        return QStringLiteral("database");
    case Unsupported:
        return QStringLiteral("unsupported");
    }
    return QStringLiteral("invalid");
}

QString Error::toString() const
{
    QString text;
    if (!location.isEmpty())
        text = location + QStringLiteral(": ");
    if (!field.isEmpty())
        text += field + QStringLiteral(": ");
    return text + message;
}

} // namespace Cairn
