// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Views

// The window: a section list on the left (Ctrl+1 to Ctrl+6), the chosen view on the right,
// and a line at the bottom for what the last operation did.
ApplicationWindow {
    id: window
    required property var session
    required property var settings
    // The view shown: 0 dashboard, 1 nodes, 2 events, 3 runs, 4 devices, 5 settings.
    property alias currentSection: sections.currentIndex

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 500
    visible: true
    title: session.state === 2 ? qsTr("%1 — Cairn").arg(session.title) : qsTr("Cairn")

    SystemPalette { id: systemPalette }
    Binding {
        target: Theme
        property: "dark"
        value: window.settings.theme === "dark"
               || (window.settings.theme === "system" && systemPalette.window.hslLightness < 0.5)
    }

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.base: Theme.base
    palette.alternateBase: Theme.alternateBase
    palette.text: Theme.text
    palette.button: Theme.dark ? "#30353d" : "#f0f2f4"
    palette.buttonText: Theme.text
    palette.highlight: Theme.highlight
    palette.highlightedText: Theme.text
    palette.placeholderText: Theme.subtleText
    palette.mid: Theme.border
    palette.light: Theme.dark ? "#3a4049" : "#ffffff"
    palette.dark: Theme.dark ? "#101214" : "#a0a6ad"
    palette.toolTipBase: Theme.base
    palette.toolTipText: Theme.text
    color: Theme.window

    readonly property var sectionNames: [qsTr("Dashboard"), qsTr("Nodes"), qsTr("Events"), qsTr("Runs"),
                                         qsTr("Devices"), qsTr("Settings")]

    function openProject(path) {
        if (session.openProject(path)) {
            settings.addRecentProject(session.location)
            sections.currentIndex = 0
        }
    }

    Connections {
        target: window.session
        function onOperationFinished(operation, ok, message) {
            statusLine.text = message
            statusLine.color = ok ? Theme.subtleText : Theme.fail
            statusTimer.restart()
        }
        function onErrorChanged() {
            // Attached to a server that went away: the cache stays on view, this says why.
            if (window.session.state === 2 && window.session.error.length > 0) {
                statusLine.text = window.session.error
                statusLine.color = Theme.fail
            } else if (window.session.state === 2) {
                statusLine.text = ""
            }
        }
        function onStateChanged() {
            if (window.session.state === 2 && window.session.remote)
                window.settings.addRecentConnection(window.session.location)
        }
    }

    Repeater {
        model: 6
        delegate: Item {
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (index + 1)
                enabled: window.session.state === 2
                onActivated: sections.currentIndex = index
            }
        }
    }
    Shortcut {
        sequences: [StandardKey.Open]
        onActivated: {
            window.session.close()
        }
    }
    Shortcut {
        sequences: [StandardKey.Quit]
        onActivated: window.close()
    }

    Loader {
        anchors.fill: parent
        active: window.session.state !== 2
        visible: active
        sourceComponent: WelcomeView {
            session: window.session
            settings: window.settings
            onOpenProject: (path) => window.openProject(path)
            onConnectRemote: (url, token, caFile) => window.session.openRemote(url, token, caFile)
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0
        visible: window.session.state === 2

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: 190
            color: Theme.sidebar

            ColumnLayout {
                anchors.fill: parent
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    Layout.margins: 14
                    text: window.session.title
                    font.bold: true
                    font.pixelSize: 15
                    color: Theme.text
                    elide: Text.ElideRight
                }
                ListView {
                    id: sections
                    objectName: "sections"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    model: window.sectionNames
                    currentIndex: 0
                    activeFocusOnTab: true
                    keyNavigationEnabled: true
                    highlightMoveDuration: 0
                    focus: true
                    delegate: ItemDelegate {
                        required property int index
                        required property string modelData
                        width: ListView.view.width
                        text: modelData
                        highlighted: ListView.isCurrentItem
                        onClicked: sections.currentIndex = index
                        ToolTip.visible: hovered
                        ToolTip.delay: 800
                        ToolTip.text: qsTr("Ctrl+%1").arg(index + 1)
                    }
                }
                Label {
                    Layout.fillWidth: true
                    Layout.margins: 14
                    text: window.session.remote ? qsTr("attached to %1").arg(window.session.location)
                                                : qsTr("running here")
                    color: Theme.subtleText
                    font.pixelSize: 11
                    elide: Text.ElideMiddle
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            StackLayout {
                id: stack
                objectName: "views"
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: sections.currentIndex

                DashboardView {
                    objectName: "dashboardView"
                    session: window.session
                    onRunActivated: (runId) => {
                        sections.currentIndex = 3
                        runsView.showRun(runId)
                    }
                }
                NodesView {
                    objectName: "nodesView"
                    session: window.session
                }
                EventsView {
                    objectName: "eventsView"
                    session: window.session
                }
                RunsView {
                    id: runsView
                    objectName: "runsView"
                    session: window.session
                }
                DevicesView {
                    objectName: "devicesView"
                    session: window.session
                }
                SettingsView {
                    objectName: "settingsView"
                    session: window.session
                    settings: window.settings
                    onCloseRequested: window.session.close()
                }
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 24
                color: Theme.base
                border.color: Theme.border
                Label {
                    id: statusLine
                    objectName: "statusLine"
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    verticalAlignment: Text.AlignVCenter
                    color: Theme.subtleText
                    elide: Text.ElideRight
                }
                Timer {
                    id: statusTimer
                    interval: 8000
                    onTriggered: statusLine.text = ""
                }
            }
        }
    }
}
