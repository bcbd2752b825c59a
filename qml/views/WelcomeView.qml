// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

// Before anything is open: a project file on this computer, one of the recent ones, or a
// remote cairnd.
Pane {
    id: view
    required property var session
    required property var settings
    signal openProject(string path)
    signal connectRemote(string url, string token, string caFile)

    padding: 32
    background: Rectangle { color: Theme.window }

    FileDialog {
        id: fileDialog
        title: qsTr("Open a project file")
        nameFilters: [qsTr("Project files (*.yaml *.yml)"), qsTr("All files (*)")]
        onAccepted: view.openProject(selectedFile)
    }

    ColumnLayout {
        width: Math.min(parent.width, 640)
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: 14

        Label {
            text: qsTr("Cairn")
            font.pixelSize: 28
            font.bold: true
            color: Theme.text
        }
        Label {
            text: qsTr("Open a project to run it on this computer, or attach to a cairnd.")
            color: Theme.subtleText
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "sessionError"
            visible: view.session.error.length > 0
            text: view.session.error
            color: Theme.fail
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Button {
            objectName: "openButton"
            text: qsTr("Open project file…")
            highlighted: true
            onClicked: fileDialog.open()
            Keys.onReturnPressed: clicked()
        }

        Label {
            text: qsTr("Recent projects")
            font.bold: true
            color: Theme.text
            visible: view.settings.recentProjects.length > 0
        }
        Repeater {
            model: view.settings.recentProjects
            delegate: ItemDelegate {
                required property string modelData
                Layout.fillWidth: true
                text: modelData
                onClicked: view.openProject(modelData)
                Keys.onReturnPressed: clicked()
            }
        }

        Label {
            Layout.topMargin: 12
            text: qsTr("Attach to a cairnd")
            font.bold: true
            color: Theme.text
        }
        GridLayout {
            columns: 2
            columnSpacing: 12
            Layout.fillWidth: true
            Label { text: qsTr("URL"); color: Theme.subtleText }
            ComboBox {
                id: urlField
                objectName: "urlField"
                Layout.fillWidth: true
                editable: true
                model: view.settings.recentConnections
                Component.onCompleted: editText = view.settings.recentConnections.length > 0
                                       ? view.settings.recentConnections[0] : "https://"
                Accessible.name: qsTr("URL of the cairnd")
            }
            Label { text: qsTr("Token"); color: Theme.subtleText }
            TextField {
                id: tokenField
                objectName: "tokenField"
                Layout.fillWidth: true
                echoMode: TextInput.Password
                placeholderText: qsTr("Kept in the system keychain; empty: the one kept for this URL")
                Accessible.name: qsTr("Token")
            }
            Label { text: qsTr("CA certificate"); color: Theme.subtleText }
            TextField {
                id: caField
                Layout.fillWidth: true
                placeholderText: qsTr("Optional: a PEM file to trust")
                Accessible.name: qsTr("CA certificate file")
            }
            Item { width: 1; height: 1 }
            Button {
                objectName: "connectButton"
                text: view.session.state === 1 ? qsTr("Connecting…") : qsTr("Connect")
                enabled: urlField.editText.length > 8 && view.session.state !== 1
                onClicked: view.connectRemote(urlField.editText, tokenField.text, caField.text)
            }
        }
    }
}
