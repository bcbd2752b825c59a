// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import Cairn.Models

// JSON as an expandable tree: keys, values and their types; the first level starts open.
TreeView {
    id: tree
    property var json
    property alias error: jsonModel.error

    clip: true
    activeFocusOnTab: true
    model: JsonTreeModel {
        id: jsonModel
        json: tree.json
        onModelReset: Qt.callLater(tree.expandFirstLevel)
    }
    ScrollBar.vertical: ScrollBar {}
    columnWidthProvider: () => Math.max(200, tree.width)
    onWidthChanged: forceLayout()

    function expandFirstLevel() {
        for (let row = 0; row < tree.rows; ++row)
            if (tree.depth(row) === 0)
                tree.expand(row)
    }
    Component.onCompleted: expandFirstLevel()

    delegate: Item {
        id: cell
        required property TreeView treeView
        required property bool isTreeNode
        required property bool expanded
        required property int hasChildren
        required property int depth
        required property int row
        required property string key
        required property string value
        required property string type
        implicitWidth: Math.max(200, tree.width)
        implicitHeight: 22

        TapHandler {
            onTapped: if (cell.hasChildren) cell.treeView.toggleExpanded(cell.row)
        }

        Row {
            x: cell.depth * 16 + 4
            anchors.verticalCenter: parent.verticalCenter
            spacing: 6
            Label {
                width: 12
                text: cell.hasChildren ? (cell.expanded ? "▾" : "▸") : ""
                color: Theme.subtleText
            }
            Label {
                text: cell.key
                font: Theme.monospace
                color: Theme.accent
            }
            Label {
                text: cell.value
                font: Theme.monospace
                color: cell.type === "string" ? Theme.pass
                     : cell.type === "number" ? Theme.running
                     : cell.type === "bool" || cell.type === "null" ? Theme.warning : Theme.subtleText
                elide: Text.ElideRight
                width: Math.max(40, tree.width - x - 16)
            }
        }
    }
}
