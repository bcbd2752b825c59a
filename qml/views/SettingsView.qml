// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// What the app is attached to, the broker, the theme and the language.
Pane {
    id: view
    required property var session
    required property var settings
    signal closeRequested()

    padding: 24
    background: Rectangle { color: Theme.window }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        GridLayout {
            width: Math.min(parent.width, 720)
            columns: 2
            columnSpacing: 16
            rowSpacing: 10

            Label {
                Layout.columnSpan: 2
                text: view.session.remote ? qsTr("Connection") : qsTr("Project")
                font.pixelSize: 16
                font.bold: true
                color: Theme.text
            }
            Label { text: view.session.remote ? qsTr("Server") : qsTr("Project file"); color: Theme.subtleText }
            Label {
                objectName: "locationLabel"
                text: view.session.location
                color: Theme.text
                elide: Text.ElideMiddle
                Layout.fillWidth: true
            }
            Item { width: 1; height: 1 }
            Button {
                text: view.session.remote ? qsTr("Disconnect") : qsTr("Close project")
                onClicked: view.closeRequested()
            }

            Label {
                Layout.columnSpan: 2
                Layout.topMargin: 12
                text: qsTr("Broker")
                font.pixelSize: 16
                font.bold: true
                color: Theme.text
            }
            Label { text: qsTr("Address"); color: Theme.subtleText }
            Label {
                text: view.session.brokerAddress || qsTr("The project has no MQTT broker.")
                color: Theme.text
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label { text: qsTr("Link"); color: Theme.subtleText }
            Label {
                text: {
                    switch (view.session.brokerState) {
                    case "connected": return qsTr("connected")
                    case "connecting": return qsTr("connecting")
                    case "disconnected": return qsTr("disconnected")
                    default: return qsTr("no broker")
                    }
                }
                color: view.session.brokerState === "connected" ? Theme.pass : Theme.text
            }

            Label {
                Layout.columnSpan: 2
                Layout.topMargin: 12
                text: qsTr("Appearance")
                font.pixelSize: 16
                font.bold: true
                color: Theme.text
            }
            Label { text: qsTr("Theme"); color: Theme.subtleText }
            ComboBox {
                id: themeBox
                objectName: "themeBox"
                textRole: "text"
                valueRole: "value"
                model: [
                    { text: qsTr("As the system"), value: "system" },
                    { text: qsTr("Light"), value: "light" },
                    { text: qsTr("Dark"), value: "dark" }
                ]
                Component.onCompleted: currentIndex = indexOfValue(view.settings.theme)
                onActivated: view.settings.theme = currentValue
                Accessible.name: qsTr("Theme")
            }
            Label { text: qsTr("Language"); color: Theme.subtleText }
            ComboBox {
                id: languageBox
                objectName: "languageBox"
                textRole: "text"
                valueRole: "value"
                // Language names are written in their own language, so that one can find
                // one's own whatever the app speaks now.
                model: [
                    { text: qsTr("As the system"), value: "" },
                    { text: "English", value: "en" },
                    { text: "Français", value: "fr" },
                    { text: "Deutsch", value: "de" }
                ]
                Component.onCompleted: currentIndex = indexOfValue(view.settings.language)
                onActivated: view.settings.language = currentValue
                Accessible.name: qsTr("Language")
            }
        }
    }
}
