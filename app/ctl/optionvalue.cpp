// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "optionvalue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using Cairn::Error;

namespace CairnCtl {

Cairn::Result<qint64> OptionValue::number(const QString &option, const QString &text, qint64 min,
                                          qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (ok && value >= min && value <= max)
        return value;
    const QString range = max == std::numeric_limits<qint64>::max()
            ? tr("a whole number of at least %1").arg(min)
            : tr("a whole number from %1 to %2").arg(min).arg(max);
    return Error::invalid(option, tr("expected %1, got '%2'").arg(range, text));
}

Cairn::Result<std::chrono::milliseconds> OptionValue::duration(const QString &option,
                                                               const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)?$"));
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    // A day is far beyond any wait a script means; the bound keeps the milliseconds in range.
    constexpr double MaxMilliseconds = 24.0 * 3600 * 1000;
    if (match.hasMatch()) {
        const QString unit = match.captured(2);
        double scale = 1000;
        if (unit == QStringLiteral("ms"))
            scale = 1;
        else if (unit == QStringLiteral("m"))
            scale = 60 * 1000;
        else if (unit == QStringLiteral("h"))
            scale = 3600 * 1000;
        const double milliseconds = match.captured(1).toDouble() * scale;
        if (milliseconds >= 1 && milliseconds <= MaxMilliseconds)
            return std::chrono::milliseconds(qint64(milliseconds));
    }
    return Error::invalid(option,
                          tr("expected a duration from 1ms to 24h such as 500ms, 30s, 2m or 1h, "
                             "got '%1'")
                                  .arg(text));
}

Cairn::Result<QJsonValue> OptionValue::json(const QString &option, const QString &text)
{
    // Wrapped in an array, since a JSON document cannot hold a scalar.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[" + text.toUtf8() + "]"),
                                                           &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalid(
                option, tr("is not JSON (%1); quote text as '\"text\"'").arg(error.errorString()));
    if (document.array().size() != 1)
        return Error::invalid(option, tr("expected one JSON value"));
    return document.array().at(0);
}

} // namespace CairnCtl
