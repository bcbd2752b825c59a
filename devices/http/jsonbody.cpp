// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsonbody_p.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Cairn {

/*!
    Parses body as one JSON value. The error says what is wrong and at which byte, without
    quoting the body, which may hold anything.
*/
Result<QJsonValue> JsonBody::parse(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("body"), tr("the body is empty, not JSON"));
    // Wrapped in brackets, a scalar parses too; a body that is not exactly one value gives a
    // parse error or an array of another size.
    QByteArray wrapped;
    wrapped.reserve(body.size() + 2);
    wrapped.append('[').append(body).append(']');
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(wrapped, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::invalid(QStringLiteral("body"),
                              tr("the body is not JSON: %1 at byte %2")
                                      .arg(parseError.errorString())
                                      .arg(qMax(0, parseError.offset - 1)));
    const QJsonArray values = document.array();
    if (values.size() != 1)
        return Error::invalid(
                QStringLiteral("body"),
                tr("the body is not JSON: it holds %1 values instead of one").arg(values.size()));
    return values.first();
}

/*!
    The compact text of value. QJsonObject keeps its keys sorted, so the text is canonical
    and equal values compare equal as bytes.
*/
QByteArray JsonBody::canonical(const QJsonValue &value)
{
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
}

} // namespace Cairn
