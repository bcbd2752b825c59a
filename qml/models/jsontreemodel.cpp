// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#include "jsontreemodel.h"

#include <QJSValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace Cairn {

namespace {

// A value row shows at most this much of a string.
constexpr qsizetype MaxValueLength = 200;

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("null");
}

// A scalar as JSON writes it: strings quoted and escaped, numbers as shortest round trip.
QString scalarJson(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString displayText(const QJsonValue &value)
{
    if (value.isObject())
        return u'{' + QString::number(value.toObject().size()) + u'}';
    if (value.isArray())
        return u'[' + QString::number(value.toArray().size()) + u']';
    QString text = scalarJson(value);
    if (text.size() > MaxValueLength)
        text = text.left(MaxValueLength - 1) + QChar(0x2026);
    return text;
}

// A key as a path step: names with dots or brackets in them would make the path ambiguous,
// so they are written in brackets and quotes, as JavaScript does.
QString pathStep(const QString &parentPath, const QString &key)
{
    const bool plain = !key.isEmpty() && !key.contains(u'.') && !key.contains(u'[')
            && !key.contains(u']') && !key.contains(u'"');
    if (!plain)
        return parentPath + QStringLiteral("[") + scalarJson(key) + u']';
    return parentPath.isEmpty() ? key : parentPath + u'.' + key;
}

struct Parsed
{
    QJsonValue value;
    QString error;
};

Parsed parseText(const QString &text)
{
    if (text.trimmed().isEmpty())
        return {};
    // Wrapped in an array, so that a bare scalar ("42", "\"on\"") is JSON text too.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray('[' + text.toUtf8() + ']'),
                                                           &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
        const int at = std::max(0, error.offset - 1);
        return {QJsonValue(),
                JsonTreeModel::tr("Not JSON text: %1 at character %2")
                        .arg(error.error != QJsonParseError::NoError
                                     ? error.errorString()
                                     : JsonTreeModel::tr("more than one value"))
                        .arg(at)};
    }
    return {document.array().first(), {}};
}

Parsed parse(const QVariant &json)
{
    if (!json.isValid() || json.isNull())
        return {};
    switch (json.typeId()) {
    case QMetaType::QString:
        return parseText(json.toString());
    case QMetaType::QByteArray:
        return parseText(QString::fromUtf8(json.toByteArray()));
    case QMetaType::QJsonDocument: {
        const QJsonDocument document = json.toJsonDocument();
        return {document.isArray()            ? QJsonValue(document.array())
                        : document.isObject() ? QJsonValue(document.object())
                                              : QJsonValue(),
                {}};
    }
    default:
        break;
    }
    if (json.metaType() == QMetaType::fromType<QJSValue>())
        return {QJsonValue::fromVariant(json.value<QJSValue>().toVariant()), {}};
    return {QJsonValue::fromVariant(json), {}};
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent) { }

JsonTreeModel::~JsonTreeModel() = default;

/*!
    Shows \a json: a map, list or QJson value as it is, a string or byte array as JSON text.
    Text that is not JSON leaves the tree empty and says why in error.
*/
void JsonTreeModel::setJson(const QVariant &json)
{
    if (json == m_json && json.isValid())
        return;
    const int before = count();
    const Parsed parsed = parse(json);
    beginResetModel();
    m_json = json;
    m_root.children.clear();
    m_root.value = parsed.value;
    if (parsed.value.isObject() || parsed.value.isArray()) {
        build(m_root);
    } else if (!parsed.value.isNull() && !parsed.value.isUndefined()) {
        auto item = std::make_unique<Item>();
        item->value = parsed.value;
        item->parent = &m_root;
        m_root.children.push_back(std::move(item));
    }
    endResetModel();
    setError(parsed.error);
    Q_EMIT jsonChanged();
    if (count() != before)
        Q_EMIT countChanged();
}

void JsonTreeModel::build(Item &item)
{
    const auto add = [&item](const QString &key, const QString &path, const QJsonValue &value) {
        auto child = std::make_unique<Item>();
        child->key = key;
        child->path = path;
        child->value = value;
        child->parent = &item;
        child->row = int(item.children.size());
        item.children.push_back(std::move(child));
    };
    if (item.value.isObject()) {
        const QJsonObject object = item.value.toObject();
        item.children.reserve(size_t(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), pathStep(item.path, it.key()), it.value());
    } else if (item.value.isArray()) {
        const QJsonArray array = item.value.toArray();
        item.children.reserve(size_t(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString step = u'[' + QString::number(i) + u']';
            add(step, item.path + step, array.at(i));
        }
    }
    for (const auto &child : item.children)
        build(*child);
}

void JsonTreeModel::setError(const QString &error)
{
    if (error == m_error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

int JsonTreeModel::count() const
{
    return int(m_root.children.size());
}

JsonTreeModel::Item *JsonTreeModel::itemOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Item *>(index.internalPointer())
                           : const_cast<Item *>(&m_root);
}

/*!
    The row of \a path, as the path role gives it; an invalid index when there is none.
*/
QModelIndex JsonTreeModel::indexOfPath(const QString &path) const
{
    // Paths are unique, and a row's path starts with its parent's: walk down along them.
    const Item *item = &m_root;
    while (item) {
        const Item *next = nullptr;
        for (const auto &child : item->children) {
            if (child->path == path)
                return createIndex(child->row, 0, child.get());
            if (!child->path.isEmpty() && path.startsWith(child->path)
                && (path.at(child->path.size()) == u'.' || path.at(child->path.size()) == u'[')) {
                next = child.get();
                break;
            }
        }
        item = next;
    }
    return {};
}

QString JsonTreeModel::text() const
{
    const QJsonValue &value = m_root.value;
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    return m_root.children.empty() ? QString() : scalarJson(value);
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, itemOf(parent)->children.at(size_t(row)).get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Item *parent = itemOf(child)->parent;
    if (!parent || parent == &m_root)
        return {};
    return createIndex(parent->row, 0, const_cast<Item *>(parent));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(itemOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool JsonTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Item *item = itemOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return item->key.isEmpty() ? displayText(item->value)
                                   : item->key + QStringLiteral(": ") + displayText(item->value);
    case KeyRole:
        return item->key;
    case ValueRole:
        return displayText(item->value);
    case TypeRole:
        return typeName(item->value);
    case PathRole:
        return item->path;
    case JsonRole:
        return item->value.toVariant();
    default:
        return {};
    }
}

QHash<int, QByteArray> JsonTreeModel::roleNames() const
{
    return {
            {KeyRole, "key"},   {ValueRole, "value"}, {TypeRole, "type"},
            {PathRole, "path"}, {JsonRole, "json"},
    };
}

} // namespace Cairn
