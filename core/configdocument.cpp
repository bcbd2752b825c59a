// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "configdocument.h"

#include "yamlreader_p.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace Cairn {

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("nothing");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("text");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("a mapping");
    }
    return {};
}

} // namespace

/*!
    Reads the YAML or JSON file at path. The error of a file that cannot be read or parsed
    names the file, and the line and column where parsing stopped.
*/
Result<ConfigDocument> ConfigDocument::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Error error = Error::invalid(QString(), tr("cannot read: %1").arg(file.errorString()));
        error.location = path;
        return error;
    }
    return parse(file.readAll(), path);
}

Result<ConfigDocument> ConfigDocument::parse(const QByteArray &text, const QString &fileName)
{
    return YamlReader::read(text, fileName);
}

ConfigNode ConfigDocument::root() const
{
    return ConfigNode(this, QString(), m_root);
}

QString ConfigDocument::location(const QString &path) const
{
    QString p = path;
    for (;;) {
        const auto it = m_locations.constFind(p);
        if (it != m_locations.cend())
            return QStringLiteral("%1:%2:%3").arg(m_fileName).arg(it->first).arg(it->second);
        if (p.isEmpty())
            return m_fileName;
        // Up one level: "a.b[2]" -> "a.b" -> "a".
        const qsizetype cut = std::max(p.lastIndexOf(QLatin1Char('.')),
                                       p.lastIndexOf(QLatin1Char('[')));
        p = cut < 0 ? QString() : p.left(cut);
    }
}

ConfigNode::ConfigNode(const ConfigDocument *document, const QString &path, const QJsonValue &value)
    : m_document(document), m_path(path), m_value(value)
{ }

ConfigNode ConfigNode::operator[](const QString &key) const
{
    const QString path = m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    return ConfigNode(m_document, path,
                      m_value.isObject() ? m_value.toObject().value(key) : QJsonValue::Undefined);
}

ConfigNode ConfigNode::at(qsizetype index) const
{
    return ConfigNode(m_document, m_path + QStringLiteral("[%1]").arg(index),
                      m_value.isArray() ? m_value.toArray().at(index) : QJsonValue::Undefined);
}

qsizetype ConfigNode::size() const
{
    if (m_value.isArray())
        return m_value.toArray().size();
    if (m_value.isObject())
        return m_value.toObject().size();
    return 0;
}

QStringList ConfigNode::keys() const
{
    return m_value.toObject().keys();
}

Error ConfigNode::error(const QString &message) const
{
    Error error = Error::invalid(m_path, message);
    if (m_document)
        error.location = m_document->location(m_path);
    return error;
}

Status ConfigNode::checkKeys(const QStringList &known) const
{
    const QJsonObject object = m_value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!known.contains(it.key()))
            return (*this)[it.key()].error(tr("unknown setting; expected one of: %1")
                                                   .arg(known.join(QStringLiteral(", "))));
    }
    return Done{};
}

Status ConfigNode::requireObject(bool optional) const
{
    if (m_value.isObject() || (optional && isMissing()))
        return Done{};
    return error(tr("must be a mapping of settings, not %1").arg(typeName(m_value)));
}

Status ConfigNode::requireArray(bool optional) const
{
    if (m_value.isArray() || (optional && isMissing()))
        return Done{};
    return error(tr("must be a list, not %1").arg(typeName(m_value)));
}

Result<QString> ConfigNode::toString(const std::optional<QString> &fallback) const
{
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    if (m_value.isString())
        return m_value.toString();
    // A number or boolean where text is expected is what the writer meant, written plainly.
    if (m_value.isDouble())
        return QString::number(m_value.toDouble(), 'g', 17);
    if (m_value.isBool())
        return m_value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return error(tr("must be text, not %1").arg(typeName(m_value)));
}

Result<qint64> ConfigNode::toInteger(qint64 min, qint64 max,
                                     const std::optional<qint64> &fallback) const
{
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    const double value = m_value.toDouble(std::nan(""));
    if (!m_value.isDouble() || value != std::floor(value))
        return error(tr("must be a whole number, not %1").arg(typeName(m_value)));
    if (value < double(min) || value > double(max))
        return error(tr("must be between %1 and %2").arg(min).arg(max));
    return qint64(value);
}

Result<double> ConfigNode::toDouble(const std::optional<double> &fallback) const
{
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    if (!m_value.isDouble())
        return error(tr("must be a number, not %1").arg(typeName(m_value)));
    return m_value.toDouble();
}

Result<bool> ConfigNode::toBool(const std::optional<bool> &fallback) const
{
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    if (!m_value.isBool())
        return error(tr("must be true or false, not %1").arg(typeName(m_value)));
    return m_value.toBool();
}

Result<QStringList> ConfigNode::toStringList(const std::optional<QStringList> &fallback) const
{
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    if (m_value.isString())
        return QStringList{m_value.toString()};
    if (!m_value.isArray())
        return error(tr("must be a list of text, not %1").arg(typeName(m_value)));
    QStringList list;
    for (qsizetype i = 0; i < size(); ++i) {
        Result<QString> item = at(i).toString();
        if (!item)
            return item.error();
        list.append(*item);
    }
    return list;
}

/*!
    Reads a size in bytes between min and max: a number, or a number with one of the units
    B, KB, KiB, MB, MiB (any case; KB and MB are powers of ten).
*/
Result<qint64> ConfigNode::toByteSize(qint64 min, qint64 max,
                                      const std::optional<qint64> &fallback) const
{
    if (isMissing() && fallback)
        return *fallback;
    if (!m_value.isString())
        return toInteger(min, max, fallback);

    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,12})\\s*([a-z]*)\\s*$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QString text = m_value.toString();
    const QRegularExpressionMatch match = pattern.match(text);
    const QString unit = match.captured(2).toLower();
    qint64 factor = 0;
    if (unit.isEmpty() || unit == QStringLiteral("b"))
        factor = 1;
    else if (unit == QStringLiteral("kb"))
        factor = 1000;
    else if (unit == QStringLiteral("kib"))
        factor = 1024;
    else if (unit == QStringLiteral("mb"))
        factor = 1000 * 1000;
    else if (unit == QStringLiteral("mib"))
        factor = 1024 * 1024;
    if (!match.hasMatch() || factor == 0)
        return error(tr("\"%1\" is not a size: write a number of bytes or a number "
                        "with B, KB, KiB, MB or MiB")
                             .arg(text));
    // At most 12 digits and a factor below 2^21 cannot overflow 64 bits.
    const qint64 bytes = match.captured(1).toLongLong() * factor;
    if (bytes < min || bytes > max)
        return error(
                tr("%1 is outside the allowed range %2 to %3 bytes").arg(text).arg(min).arg(max));
    return bytes;
}

Result<std::chrono::milliseconds>
ConfigNode::toDuration(const std::optional<std::chrono::milliseconds> &fallback) const
{
    using namespace std::chrono;
    if (isMissing()) {
        if (fallback)
            return *fallback;
        return error(tr("is required"));
    }
    double amount = 0;
    QString unit = QStringLiteral("s");
    if (m_value.isDouble()) {
        amount = m_value.toDouble();
    } else if (m_value.isString()) {
        static const QRegularExpression pattern(
                QStringLiteral("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h|d)\\s*$"));
        const QRegularExpressionMatch match = pattern.match(m_value.toString());
        if (!match.hasMatch())
            return error(tr("\"%1\" is not a duration; write a number of seconds or for "
                            "example 500ms, 30s, 5m, 2h, 1d")
                                 .arg(m_value.toString()));
        amount = match.captured(1).toDouble();
        unit = match.captured(2);
    } else {
        return error(tr("must be a duration, not %1").arg(typeName(m_value)));
    }
    static const QHash<QString, double> scale = {
            {QStringLiteral("ms"), 1},       {QStringLiteral("s"), 1000},
            {QStringLiteral("m"), 60000},    {QStringLiteral("h"), 3600000},
            {QStringLiteral("d"), 86400000},
    };
    const double ms = amount * scale.value(unit);
    if (ms < 0 || ms > 1e12)
        return error(tr("is out of range"));
    return milliseconds(qint64(std::llround(ms)));
}

Result<QString> ConfigNode::toChoice(const QStringList &choices,
                                     const std::optional<QString> &fallback) const
{
    Result<QString> text = toString(fallback);
    if (!text)
        return text;
    if (!choices.contains(*text))
        return error(tr("\"%1\" is not one of: %2").arg(*text, choices.join(QStringLiteral(", "))));
    return text;
}

} // namespace Cairn
