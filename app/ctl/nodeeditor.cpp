// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "nodeeditor.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using Cairn::Error;
using Cairn::Node;
using Cairn::Result;
using Cairn::Status;

namespace CairnCtl {

/*!
    Applies \a term, "field=value" or "field-", to \a node.
*/
Status NodeEditor::apply(Node &node, const QString &term)
{
    const qsizetype equals = term.indexOf(u'=');
    if (equals > 0)
        return set(node, term.left(equals), term.mid(equals + 1));
    if (equals < 0 && term.size() > 1 && term.endsWith(u'-'))
        return unset(node, term.chopped(1));
    return Error::invalid(term, tr("expected field=value, or field- to unset a field"));
}

Status NodeEditor::set(Node &node, const QString &field, const QString &value)
{
    if (const Status writable = checkWritable(field); !writable)
        return writable;

    if (field == QStringLiteral("state")) {
        const auto state = Node::stateFromName(value);
        if (!state)
            return Error::invalid(
                    field, tr("unknown state '%1' (running, available, closing, done)").arg(value));
        node.state = *state;
    } else if (field == QStringLiteral("result")) {
        auto outcome = Node::outcomeFromName(value);
        if (!outcome && (value.isEmpty() || value == QStringLiteral("none")))
            outcome = Node::Outcome::None;
        if (!outcome)
            return Error::invalid(
                    field,
                    tr("unknown result '%1' (pass, fail, skip, incomplete, none)").arg(value));
        node.result = *outcome;
    } else if (field == QStringLiteral("owner")) {
        node.owner = value;
    } else if (field == QStringLiteral("timeout") || field == QStringLiteral("holdoff")) {
        const auto time = parseTime(field, value);
        if (!time)
            return time.error();
        (field == QStringLiteral("timeout") ? node.timeout : node.holdoff) = *time;
    } else if (field == QStringLiteral("data") || field == QStringLiteral("artifacts")) {
        const auto object = parseObject(field, value);
        if (!object)
            return object.error();
        (field == QStringLiteral("data") ? node.data : node.artifacts) = *object;
    } else if (field.startsWith(QStringLiteral("data."))) {
        const auto keys = jsonPath(field);
        if (!keys)
            return keys.error();
        return setPath(node.data, *keys, parseValue(value), field);
    } else if (field.startsWith(QStringLiteral("artifacts."))) {
        const auto keys = jsonPath(field);
        if (!keys)
            return keys.error();
        // An artifact is a URL, never a number or an object.
        return setPath(node.artifacts, *keys, value, field);
    } else {
        return Error::invalid(field, tr("unknown field"));
    }
    return Cairn::Done{};
}

Status NodeEditor::unset(Node &node, const QString &field)
{
    if (const Status writable = checkWritable(field); !writable)
        return writable;

    if (field == QStringLiteral("result")) {
        node.result = Node::Outcome::None;
    } else if (field == QStringLiteral("owner")) {
        node.owner.clear();
    } else if (field == QStringLiteral("timeout")) {
        node.timeout = {};
    } else if (field == QStringLiteral("holdoff")) {
        node.holdoff = {};
    } else if (field == QStringLiteral("data")) {
        node.data = {};
    } else if (field == QStringLiteral("artifacts")) {
        node.artifacts = {};
    } else if (field.startsWith(QStringLiteral("data."))
               || field.startsWith(QStringLiteral("artifacts."))) {
        const auto keys = jsonPath(field);
        if (!keys)
            return keys.error();
        QJsonObject &object = field.startsWith(QStringLiteral("data.")) ? node.data
                                                                        : node.artifacts;
        return removePath(object, *keys, field);
    } else if (field == QStringLiteral("state")) {
        return Error::invalid(field, tr("cannot be unset"));
    } else {
        return Error::invalid(field, tr("unknown field"));
    }
    return Cairn::Done{};
}

QJsonValue NodeEditor::parseValue(const QString &text)
{
    // Wrapped in an array so that scalars parse too; "1,2" gives two elements and stays text.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(
            QByteArrayLiteral("[") + text.toUtf8() + ']', &error);
    if (error.error == QJsonParseError::NoError && document.array().size() == 1)
        return document.array().first();
    return text;
}

Result<QJsonObject> NodeEditor::parseObject(const QString &field, const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalid(
                field,
                tr("not valid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset));
    if (!document.isObject())
        return Error::invalid(field, tr("expected a JSON object such as {\"key\": 1}"));
    return document.object();
}

Result<QDateTime> NodeEditor::parseTime(const QString &field, const QString &text)
{
    if (text.isEmpty())
        return QDateTime();
    // As the store reads times: without an offset, UTC.
    const QDateTime time = Node::timeFromText(text);
    if (!time.isValid())
        return Error::invalid(
                field,
                tr("expected an ISO 8601 time such as 2026-11-24T12:00:00Z, got '%1'").arg(text));
    return time;
}

Status NodeEditor::checkWritable(const QString &field)
{
    static const QStringList immutable{
            QStringLiteral("id"),   QStringLiteral("parent"), QStringLiteral("kind"),
            QStringLiteral("name"), QStringLiteral("path"),   QStringLiteral("created"),
    };
    if (immutable.contains(field))
        return Error::invalid(field, tr("cannot be changed after the node is created"));
    if (field == QStringLiteral("updated") || field == QStringLiteral("revision"))
        return Error::invalid(field,
                              tr("is kept by the store (use --revision to assert a revision)"));
    return Cairn::Done{};
}

// The keys below "data" or "artifacts" of a dotted field.
Result<QStringList> NodeEditor::jsonPath(const QString &field)
{
    QStringList keys = field.split(u'.');
    keys.removeFirst();
    if (keys.contains(QString()))
        return Error::invalid(field, tr("empty key in a dotted path"));
    return keys;
}

Status NodeEditor::setPath(QJsonObject &object, QStringList keys, const QJsonValue &value,
                           const QString &field)
{
    const QString key = keys.takeFirst();
    if (keys.isEmpty()) {
        object.insert(key, value);
        return Cairn::Done{};
    }
    const QJsonValue current = object.value(key);
    // Replacing a value by an object to reach into it would lose data without a word.
    if (!current.isUndefined() && !current.isObject())
        return Error::invalid(field, tr("'%1' holds a value that is not an object").arg(key));
    QJsonObject child = current.toObject();
    if (const Status status = setPath(child, keys, value, field); !status)
        return status;
    object.insert(key, child);
    return Cairn::Done{};
}

Status NodeEditor::removePath(QJsonObject &object, QStringList keys, const QString &field)
{
    const QString key = keys.takeFirst();
    if (keys.isEmpty()) {
        object.remove(key);
        return Cairn::Done{};
    }
    const QJsonValue current = object.value(key);
    if (!current.isObject())
        return Cairn::Done{}; // nothing there to remove
    QJsonObject child = current.toObject();
    if (const Status status = removePath(child, keys, field); !status)
        return status;
    object.insert(key, child);
    return Cairn::Done{};
}

} // namespace CairnCtl
