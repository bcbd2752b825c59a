// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "database.h"
#include "node.h"
#include "nodequery.h"

#include <QVariantList>

class QSqlQuery;

namespace Cairn {
class SqlStatement;
}

namespace Cairn::NodeSql {

// The node columns in the order readNode() expects them.
QString columns();
// The same columns for nodes whose parent is known: no path, which is the parent's plus the
// node's name, and which costs a split per row to read.
QString childColumns();
Node readNode(const QSqlQuery &query, int first = 0);
Node readNode(const SqlStatement &statement, int first = 0);
// Reads a row of childColumns() under a parent whose path is parentPath.
Node readChild(const QSqlQuery &query, const QStringList &parentPath);

// The parts of a node row that are derived from its place in the tree.
struct Placement
{
    QString path; // "/root/child/name"
    QString lineage; // "/id/id/id/"
    int depth = 0;
};
Placement placeUnder(const Placement *parent, const Node &node);
QStringList pathFromText(const QString &text);
QString pathToText(const QStringList &path);
// The exclusive upper bound of the text range holding every string that starts with prefix,
// which must end in '/'.
QString prefixEnd(const QString &prefix);

// A WHERE clause (empty for none) and the values to bind, in order.
struct Where
{
    QString sql;
    QVariantList values;
};
Where where(const NodeQuery &query, Database::Dialect dialect);
QString orderBy(const NodeQuery &query, Database::Dialect dialect);

// The node as JSON text, equal to Node::toJson() once parsed, with data and artifacts
// given as the JSON text already made for the row: the event of every write carries the
// node, and building it through QJsonObject costs more than writing the row. previousText,
// when not empty, is the JSON text of a "previous" member, which update events carry.
QString nodeJsonText(const Node &node, const QString &dataText, const QString &artifactsText,
                     const QString &previousText = {});
// The same in UTF-8, with data, artifacts and previous as UTF-8 JSON text.
QByteArray nodeJson(const Node &node, const QByteArray &data, const QByteArray &artifacts,
                    const QByteArray &previous = {});
// A JSON string literal of text, quotes included.
void appendJsonString(QString &out, QStringView text);
void appendJsonString(QByteArray &out, QStringView text);
// The compact UTF-8 JSON text of object.
QByteArray jsonBytes(const QJsonObject &object);

// Binds a JSON object as the column type of the dialect expects it.
QString jsonParameter(Database::Dialect dialect);

} // namespace Cairn::NodeSql
