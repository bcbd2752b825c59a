// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "error.h"
#include "node.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace CairnCtl {

/*
 * Changes the fields of a node from their text form, as "node add" options and
 * "node update" terms give them. Every error names the field at fault.
 */
class NodeEditor
{
    Q_DECLARE_TR_FUNCTIONS(CairnCtl::NodeEditor)
public:
    // One term of "node update": field=value sets, field- unsets.
    static Cairn::Status apply(Cairn::Node &node, const QString &term);
    static Cairn::Status set(Cairn::Node &node, const QString &field, const QString &value);
    static Cairn::Status unset(Cairn::Node &node, const QString &field);

    // A value typed the way JSON reads it, as node queries do: 12 and 1.5 are numbers,
    // true and false booleans, null is null, {...} and [...] objects and arrays, "12" in
    // double quotes a string; anything else is the text itself.
    static QJsonValue parseValue(const QString &text);
    static Cairn::Result<QJsonObject> parseObject(const QString &field, const QString &text);
    // ISO 8601, UTC unless an offset is given; an empty text is no time.
    static Cairn::Result<QDateTime> parseTime(const QString &field, const QString &text);

private:
    static Cairn::Status checkWritable(const QString &field);
    static Cairn::Result<QStringList> jsonPath(const QString &field);
    static Cairn::Status setPath(QJsonObject &object, QStringList keys, const QJsonValue &value,
                                 const QString &field);
    static Cairn::Status removePath(QJsonObject &object, QStringList keys, const QString &field);
};

} // namespace CairnCtl
