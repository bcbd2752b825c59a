// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "yamlreader_p.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace Cairn {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cairn::ConfigDocument", text);
}

QString where(const QString &fileName, const YAML::Mark &mark)
{
    return QStringLiteral("%1:%2:%3").arg(fileName).arg(mark.line + 1).arg(mark.column + 1);
}

// A plain scalar typed as YAML 1.2's core schema does; a quoted one is always a string.
QJsonValue scalar(const YAML::Node &node)
{
    const QString text = QString::fromStdString(node.Scalar());
    if (node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str")
        return text;
    static const QRegularExpression null(QStringLiteral("^(~|null|Null|NULL)?$"));
    static const QRegularExpression boolean(QStringLiteral("^(true|True|TRUE|false|False|FALSE)$"));
    static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression real(
            QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    if (null.match(text).hasMatch())
        return QJsonValue::Null;
    if (boolean.match(text).hasMatch())
        return text.at(0).toLower() == QLatin1Char('t');
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        if (ok)
            return value;
    }
    if (real.match(text).hasMatch())
        return text.toDouble();
    return text;
}

class Converter
{
public:
    explicit Converter(const QString &fileName) : m_fileName(fileName) { }

    // path -> 1-based line and column
    QHash<QString, QPair<int, int>> locations;

    Result<QJsonValue> convert(const YAML::Node &node, const QString &path, int depth)
    {
        // Anchors can make a document refer to itself; a hand-written file is never this deep.
        if (depth > 64)
            return located(node, path, tr("is nested too deeply"));
        remember(path, node.Mark());
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            return QJsonValue(QJsonValue::Null);
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence: {
            QJsonArray array;
            int index = 0;
            for (const YAML::Node &item : node) {
                Result<QJsonValue> value = convert(item, path + QStringLiteral("[%1]").arg(index++),
                                                   depth + 1);
                if (!value)
                    return value.error();
                array.append(*value);
            }
            return QJsonValue(array);
        }
        case YAML::NodeType::Map: {
            QJsonObject object;
            for (const auto &entry : node) {
                if (!entry.first.IsScalar())
                    return located(entry.first, path, tr("a key must be a plain name"));
                const QString key = QString::fromStdString(entry.first.Scalar());
                const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
                if (object.contains(key))
                    return located(entry.first, child, tr("is given twice"));
                // The key's place, which is where a reader looks for the field.
                remember(child, entry.first.Mark());
                Result<QJsonValue> value = convert(entry.second, child, depth + 1);
                if (!value)
                    return value.error();
                object.insert(key, *value);
            }
            return QJsonValue(object);
        }
        }
        return QJsonValue(QJsonValue::Null);
    }

private:
    void remember(const QString &path, const YAML::Mark &mark)
    {
        if (mark.is_null() || locations.contains(path))
            return;
        locations.insert(path, {mark.line + 1, mark.column + 1});
    }

    Error located(const YAML::Node &node, const QString &path, const QString &message) const
    {
        Error error = Error::invalid(path, message);
        error.location = where(m_fileName, node.Mark());
        return error;
    }

    QString m_fileName;
};

} // namespace

Result<ConfigDocument> YamlReader::read(const QByteArray &text, const QString &fileName)
{
    ConfigDocument document;
    document.m_fileName = fileName;
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        Converter converter(fileName);
        Result<QJsonValue> value = converter.convert(root, QString(), 0);
        if (!value)
            return value.error();
        document.m_root = *value;
        document.m_locations = std::move(converter.locations);
    } catch (const YAML::Exception &e) {
        Error error = Error::invalid(QString(), QString::fromStdString(e.msg));
        error.location = where(fileName, e.mark);
        return error;
    }
    return document;
}

} // namespace Cairn
