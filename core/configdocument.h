// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonValue>
#include <QStringList>

#include <chrono>
#include <optional>

namespace Cairn {

class ConfigNode;

/*
 * A YAML (or JSON, which is YAML) file written by hand: the project file, pipelines, rules.
 * It is read into JSON values once, remembering the line and column of every value, so that
 * every error can say where it is: "project.yaml:12:7: devices[0].port: ...".
 */
class ConfigDocument
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ConfigDocument)
public:
    static Result<ConfigDocument> load(const QString &path);
    // fileName is only for messages.
    static Result<ConfigDocument> parse(const QByteArray &text, const QString &fileName);

    QString fileName() const { return m_fileName; }
    QJsonValue rootValue() const { return m_root; }
    ConfigNode root() const;

    // "file:line:column" of the value at path ("devices[0].port"), or of the closest parent.
    QString location(const QString &path) const;

private:
    friend class YamlReader;
    QString m_fileName;
    QJsonValue m_root;
    QHash<QString, QPair<int, int>> m_locations; // path -> 1-based line, column
};

/*
 * One value of a ConfigDocument, with typed readers whose errors name the file, line, column
 * and field. A missing key gives a node that isMissing(); readers then give the default.
 */
class ConfigNode
{
    Q_DECLARE_TR_FUNCTIONS(Cairn::ConfigNode)
public:
    ConfigNode() = default;
    ConfigNode(const ConfigDocument *document, const QString &path, const QJsonValue &value);

    const QString &path() const { return m_path; } // "devices[0].topics[1]"
    QJsonValue value() const { return m_value; }
    bool isMissing() const { return m_value.isUndefined() || m_value.isNull(); }
    bool isObject() const { return m_value.isObject(); }
    bool isArray() const { return m_value.isArray(); }

    ConfigNode operator[](const QString &key) const;
    ConfigNode at(qsizetype index) const;
    qsizetype size() const; // of an array or object
    QStringList keys() const; // of an object, in file order is not kept: sorted

    // An Error at this node: the location, the path and message.
    Error error(const QString &message) const;
    // Refuses keys other than known, naming the first unknown one.
    Status checkKeys(const QStringList &known) const;
    // An error unless this is an object (or missing, when optional).
    Status requireObject(bool optional = false) const;
    Status requireArray(bool optional = false) const;

    // Typed readers. required: a missing value is an error; otherwise the fallback comes back.
    Result<QString> toString(const std::optional<QString> &fallback = std::nullopt) const;
    Result<qint64> toInteger(qint64 min, qint64 max,
                             const std::optional<qint64> &fallback = std::nullopt) const;
    Result<double> toDouble(const std::optional<double> &fallback = std::nullopt) const;
    Result<bool> toBool(const std::optional<bool> &fallback = std::nullopt) const;
    // A list of strings; a single string counts as a list of one.
    Result<QStringList>
    toStringList(const std::optional<QStringList> &fallback = std::nullopt) const;
    // A duration: a number of seconds, or text such as "500ms", "30s", "5m", "2h", "1d".
    Result<std::chrono::milliseconds>
    toDuration(const std::optional<std::chrono::milliseconds> &fallback = std::nullopt) const;
    // A size in bytes between min and max: a number, or text such as "512", "64KiB", "1MiB",
    // "2MB" (B, KB, KiB, MB, MiB in any case; KB and MB are powers of ten).
    Result<qint64> toByteSize(qint64 min, qint64 max,
                              const std::optional<qint64> &fallback = std::nullopt) const;
    // One of choices.
    Result<QString> toChoice(const QStringList &choices,
                             const std::optional<QString> &fallback = std::nullopt) const;

private:
    const ConfigDocument *m_document = nullptr;
    QString m_path;
    QJsonValue m_value;
};

} // namespace Cairn
