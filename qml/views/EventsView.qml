// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// The bus, live: newest first, with an event filter, pause and the selected event's data.
Pane {
    id: view
    required property var session
    property alias model: events
    property alias filterField: filterField

    padding: 0
    background: Rectangle { color: Theme.window }

    EventListModel {
        id: events
        objectName: "eventModel"
        bus: view.session.bus
    }

    Shortcut {
        sequences: [StandardKey.Find]
        enabled: view.visible
        onActivated: filterField.forceActiveFocus()
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
                    id: filterField
                    objectName: "eventFilter"
                    Layout.fillWidth: true
                    placeholderText: qsTr("Filter: type=cairn.job.* source=mqtt:* subject=fan")
                    selectByMouse: true
                    onAccepted: events.filter = text
                    Accessible.name: qsTr("Event filter")
                }
                Button {
                    text: qsTr("Apply")
                    onClicked: events.filter = filterField.text
                }
                Button {
                    id: pauseButton
                    objectName: "pauseButton"
                    checkable: true
                    checked: events.paused
                    text: events.paused ? (events.pendingCount > 0 ? qsTr("Resume (%n new)", "", events.pendingCount)
                                                                   : qsTr("Resume"))
                                        : qsTr("Pause")
                    onToggled: events.paused = checked
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Stop the list from moving; new events are kept (Ctrl+P)")
                }
                Button {
                    text: qsTr("Clear")
                    onClicked: events.clear()
                }
                Label {
                    text: qsTr("%n events", "", events.count)
                    color: Theme.subtleText
                }
            }
        }

        Label {
            objectName: "filterError"
            Layout.fillWidth: true
            Layout.margins: 8
            visible: events.error.length > 0
            text: events.error
            color: Theme.fail
            wrapMode: Text.Wrap
        }

        Shortcut {
            sequence: "Ctrl+P"
            enabled: view.visible
            onActivated: events.paused = !events.paused
        }

        SplitView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: Qt.Vertical

            ListView {
                id: list
                objectName: "eventList"
                SplitView.fillHeight: true
                clip: true
                model: events
                activeFocusOnTab: true
                keyNavigationEnabled: true
                highlightMoveDuration: 0
                currentIndex: -1
                highlight: Rectangle { color: Theme.highlight }
                ScrollBar.vertical: ScrollBar {}
                reuseItems: true

                delegate: ItemDelegate {
                    id: row
                    required property int index
                    required property var model
                    width: ListView.view.width
                    height: 26
                    highlighted: ListView.isCurrentItem
                    onClicked: {
                        list.currentIndex = index
                        list.forceActiveFocus()
                    }
                    contentItem: RowLayout {
                        spacing: 12
                        Label {
                            text: Qt.formatTime(row.model.time, "hh:mm:ss.zzz")
                            font: Theme.monospace
                            color: Theme.subtleText
                        }
                        Label {
                            text: row.model.type
                            color: Theme.accent
                            Layout.preferredWidth: 190
                            elide: Text.ElideRight
                        }
                        Label {
                            text: row.model.subject
                            color: Theme.text
                            Layout.preferredWidth: 140
                            elide: Text.ElideMiddle
                        }
                        Label {
                            text: row.model.summary
                            color: Theme.subtleText
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                        }
                    }
                }
            }

            Pane {
                id: detail
                SplitView.preferredHeight: 220
                visible: list.currentIndex >= 0
                padding: 8
                background: Rectangle { color: Theme.base; border.color: Theme.border }
                property var event: list.currentIndex >= 0 ? events.get(list.currentIndex) : ({})
                ColumnLayout {
                    anchors.fill: parent
                    Label {
                        text: qsTr("%1 from %2, sequence %3").arg(detail.event.type || "")
                                  .arg(detail.event.source || "").arg(detail.event.sequence || "")
                        color: Theme.text
                        font.bold: true
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    JsonTreeView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        json: detail.event.data
                    }
                }
            }
        }
    }
}
