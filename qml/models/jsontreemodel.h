// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QAbstractItemModel>
#include <QJsonValue>
#include <QVariant>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

namespace Cairn {

/*
 * A JSON value as a tree, for the node data and event payload views: one row per object
 * member or array element, objects and arrays having their members as children.
 *
 * json takes a QVariantMap, a QVariantList, a QJsonObject, QJsonArray, QJsonValue or
 * QJsonDocument, or a string of JSON text; the text may be a bare scalar ("42"). Text that is
 * not JSON empties the tree and sets error. A scalar at the top is one row with an empty key.
 */
class JsonTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariant json READ json WRITE setJson NOTIFY jsonChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
public:
    enum Roles {
        KeyRole = Qt::UserRole + 1,
        ValueRole,
        TypeRole,
        PathRole,
        JsonRole,
    };
    Q_ENUM(Roles)

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    QVariant json() const { return m_json; }
    void setJson(const QVariant &json);
    QString error() const { return m_error; }
    // The rows at the top.
    int count() const;

    // The row whose path is path ("data.wind.speed", "items[2]"); invalid when there is none.
    Q_INVOKABLE QModelIndex indexOfPath(const QString &path) const;
    // The whole value as indented JSON text; empty when there is none.
    Q_INVOKABLE QString text() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void jsonChanged();
    void errorChanged();
    void countChanged();

private:
    struct Item
    {
        QString key; // member name, "[i]" for an element, empty for a scalar at the top
        QString path;
        QJsonValue value;
        Item *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Item>> children;
    };

    void build(Item &item);
    Item *itemOf(const QModelIndex &index) const;
    void setError(const QString &error);

    QVariant m_json;
    QString m_error;
    Item m_root; // holds the top rows; never shown
};

} // namespace Cairn
