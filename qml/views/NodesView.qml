// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// The node tree, read a page at a time as it is scrolled and opened; a node query shows the
// matching nodes as a list instead. The selected node's details are on the right.
Pane {
    id: view
    required property var session
    property alias model: nodes
    property alias searchField: searchField
    property var current: null // the selected node's roles

    padding: 0
    background: Rectangle { color: Theme.window }

    NodeTreeModel {
        id: nodes
        objectName: "nodeModel"
        database: view.session.database
        bus: view.session.bus
        onModelReset: view.current = null
    }

    Shortcut {
        sequences: [StandardKey.Find]
        enabled: view.visible
        onActivated: searchField.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true
            background: Rectangle { color: Theme.base; border.color: Theme.border }
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 8
                anchors.rightMargin: 8
                TextField {
                    id: searchField
                    objectName: "nodeSearch"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Search: kind=report data.temperature__gt=30 sort=-updated")
                    selectByMouse: true
                    onAccepted: nodes.query = text
                    Accessible.name: qsTr("Node query")
                }
                Button {
                    text: qsTr("Search")
                    onClicked: nodes.query = searchField.text
                }
                Button {
                    text: qsTr("Show tree")
                    enabled: nodes.query.length > 0
                    onClicked: {
                        searchField.text = ""
                        nodes.query = ""
                    }
                }
                Button {
                    text: qsTr("Refresh")
                    onClicked: nodes.refresh()
                }
            }
        }

        Label {
            objectName: "queryError"
            Layout.fillWidth: true
            Layout.margins: 8
            visible: nodes.error.length > 0
            text: nodes.error
            color: Theme.fail
            wrapMode: Text.Wrap
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true

            TreeView {
                id: tree
                objectName: "nodeTree"
                SplitView.preferredWidth: view.width * 0.45
                SplitView.minimumWidth: 240
                clip: true
                model: nodes
                activeFocusOnTab: true
                keyNavigationEnabled: true
                selectionModel: ItemSelectionModel {
                    id: selection
                    model: nodes
                    onCurrentChanged: (current) => view.select(current)
                }
                ScrollBar.vertical: ScrollBar {}
                // One column, as wide as the view.
                columnWidthProvider: () => Math.max(200, tree.width)
                onWidthChanged: forceLayout()
                // The first level is read a page at a time: the next page when the end
                // comes into sight (TreeView itself reads more of an opened node).
                onContentYChanged: fetchIfAtEnd()
                onRowsChanged: fetchIfAtEnd()
                function fetchIfAtEnd() {
                    if (contentHeight > 0 && contentY + height >= contentHeight - 200
                            && nodes.canFetchMore(nodes.index(-1, -1)))
                        nodes.fetchMore(nodes.index(-1, -1))
                }
                Keys.onPressed: (event) => {
                    const row = selection.currentIndex.valid ? tree.cellAtIndex(selection.currentIndex).y : -1
                    if (row < 0)
                        return
                    if (event.key === Qt.Key_Right && tree.isExpanded(row) === false) {
                        tree.expand(row)
                        event.accepted = true
                    } else if (event.key === Qt.Key_Left && tree.isExpanded(row)) {
                        tree.collapse(row)
                        event.accepted = true
                    }
                }

                delegate: ItemDelegate {
                    id: cell
                    required property TreeView treeView
                    required property bool isTreeNode
                    required property bool expanded
                    required property int hasChildren
                    required property int depth
                    required property int row
                    required property var model
                    implicitWidth: Math.max(200, tree.width)
                    implicitHeight: 26
                    highlighted: selection.currentIndex.valid
                                 && tree.cellAtIndex(selection.currentIndex).y === row
                    onClicked: {
                        selection.setCurrentIndex(tree.modelIndex(Qt.point(0, row)), ItemSelectionModel.ClearAndSelect)
                        tree.forceActiveFocus()
                    }
                    onDoubleClicked: if (hasChildren) treeView.toggleExpanded(row)
                    contentItem: RowLayout {
                        spacing: 6
                        Item { Layout.preferredWidth: cell.depth * 16 }
                        Label {
                            Layout.preferredWidth: 12
                            text: cell.hasChildren ? (cell.expanded ? "▾" : "▸") : ""
                            color: Theme.subtleText
                            TapHandler { onTapped: cell.treeView.toggleExpanded(cell.row) }
                        }
                        Label {
                            text: cell.model.name || cell.model.id
                            color: Theme.text
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        Label {
                            text: cell.model.kind
                            color: Theme.subtleText
                            font.pixelSize: 11
                        }
                        StateBadge {
                            state_: cell.model.state === "available" ? "" : (cell.model.state || "")
                            result: cell.model.result || ""
                        }
                    }
                }
            }

            Item {
                SplitView.fillWidth: true

                ScrollView {
                    id: details
                    objectName: "nodeDetails"
                    anchors.fill: parent
                    clip: true
                    contentWidth: availableWidth
                    visible: view.current !== null

                    ColumnLayout {
                        width: details.availableWidth
                        spacing: 6
                        Label {
                            Layout.margins: 12
                            Layout.bottomMargin: 0
                            text: view.current ? (view.current.name || view.current.id) : ""
                            font.pixelSize: 18
                            font.bold: true
                            color: Theme.text
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                        GridLayout {
                            Layout.leftMargin: 12
                            Layout.rightMargin: 12
                            columns: 2
                            columnSpacing: 12
                            rowSpacing: 4
                            Label { text: qsTr("Kind"); color: Theme.subtleText }
                            Label { text: view.current ? view.current.kind : ""; color: Theme.text }
                            Label { text: qsTr("Path"); color: Theme.subtleText }
                            Label {
                                text: view.current ? view.current.path : ""
                                color: Theme.text
                                font: Theme.monospace
                                elide: Text.ElideMiddle
                                Layout.fillWidth: true
                            }
                            Label { text: qsTr("Id"); color: Theme.subtleText }
                            TextEdit {
                                text: view.current ? view.current.id : ""
                                readOnly: true
                                selectByMouse: true
                                color: Theme.text
                                font: Theme.monospace
                            }
                            Label { text: qsTr("State"); color: Theme.subtleText }
                            Row {
                                spacing: 6
                                StateBadge {
                                    state_: view.current ? view.current.state || "" : ""
                                    result: view.current ? view.current.result || "" : ""
                                }
                            }
                            Label { text: qsTr("Created"); color: Theme.subtleText }
                            Label { text: view.current ? Theme.time(view.current.created) : ""; color: Theme.text }
                            Label { text: qsTr("Updated"); color: Theme.subtleText }
                            Label { text: view.current ? Theme.time(view.current.updated) : ""; color: Theme.text }
                        }
                        Label {
                            Layout.leftMargin: 12
                            text: qsTr("Artifacts")
                            font.bold: true
                            color: Theme.text
                            visible: artifactList.count > 0
                        }
                        Repeater {
                            id: artifactList
                            model: view.current && view.current.artifacts ? Object.keys(view.current.artifacts) : []
                            delegate: Label {
                                required property string modelData
                                Layout.leftMargin: 12
                                textFormat: Text.StyledText
                                text: "<a href=\"%1\">%2</a>".arg(view.current.artifacts[modelData]).arg(modelData)
                                linkColor: Theme.accent
                                onLinkActivated: (link) => Qt.openUrlExternally(link)
                                HoverHandler { cursorShape: Qt.PointingHandCursor }
                            }
                        }
                        Label {
                            Layout.leftMargin: 12
                            text: qsTr("Data")
                            font.bold: true
                            color: Theme.text
                        }
                        JsonTreeView {
                            Layout.fillWidth: true
                            Layout.leftMargin: 8
                            Layout.preferredHeight: Math.max(120, contentHeight + 8)
                            json: view.current ? view.current.data : ({})
                        }
                    }
                }

                Label {
                    visible: view.current === null
                    anchors.fill: parent
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    text: nodes.query.length > 0 && tree.rows === 0 && nodes.error.length === 0
                          ? qsTr("No node matches.") : qsTr("Select a node to see its data.")
                    color: Theme.subtleText
                }
            }
        }
    }

    function select(index) {
        if (!index.valid) {
            current = null
            return
        }
        const roles = ["id", "kind", "name", "state", "result", "updated", "data", "artifacts", "path", "created"]
        let node = {}
        for (const role of roles)
            node[role] = nodes.data(index, NodeTreeModel.IdRole + roles.indexOf(role))
        current = node
    }
}
