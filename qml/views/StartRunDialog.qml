// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Starts a run of one of the project's pipelines with the inputs it takes.
Dialog {
    id: dialog
    required property var session

    title: qsTr("Start a run")
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    width: Math.min(560, parent ? parent.width - 40 : 560)
    anchors.centerIn: parent

    property var inputs: pipelineBox.currentText ? session.pipelineInputs(pipelineBox.currentText) : []

    onOpened: pipelineBox.forceActiveFocus()
    onAccepted: {
        // A server does not tell a pipeline's inputs: they are given as JSON.
        if (session.remote) {
            session.startRun(pipelineBox.currentText, jsonField.text)
            return
        }
        let params = {}
        for (let i = 0; i < inputRepeater.count; ++i) {
            const field = inputRepeater.itemAt(i)
            if (field.value.length === 0)
                continue
            // A value that reads as JSON (a number, true, an object...) is taken as such;
            // anything else is a string.
            try {
                params[field.name] = JSON.parse(field.value)
            } catch (e) {
                params[field.name] = field.value
            }
        }
        session.startRun(pipelineBox.currentText, JSON.stringify(params))
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 8
        Label { text: qsTr("Pipeline") }
        ComboBox {
            id: pipelineBox
            objectName: "pipelineBox"
            Layout.fillWidth: true
            model: dialog.session.pipelines
            Accessible.name: qsTr("Pipeline")
        }
        Label {
            visible: dialog.session.remote
            text: qsTr("Inputs, as a JSON object")
        }
        TextField {
            id: jsonField
            objectName: "paramsField"
            visible: dialog.session.remote
            Layout.fillWidth: true
            placeholderText: "{\"threshold\": 30}"
            selectByMouse: true
            Accessible.name: qsTr("Inputs, as a JSON object")
        }
        Label {
            visible: !dialog.session.remote
            text: dialog.inputs.length > 0 ? qsTr("Inputs") : qsTr("This pipeline takes no input.")
            color: dialog.inputs.length > 0 ? Theme.text : Theme.subtleText
        }
        Repeater {
            id: inputRepeater
            model: dialog.inputs
            delegate: ColumnLayout {
                required property var modelData
                property string name: modelData.name
                property alias value: valueField.text
                Layout.fillWidth: true
                Label {
                    text: modelData.required ? qsTr("%1 (required)").arg(modelData.name) : modelData.name
                    font.bold: true
                }
                TextField {
                    id: valueField
                    Layout.fillWidth: true
                    text: modelData.defaultValue
                    placeholderText: modelData.description
                    selectByMouse: true
                    Accessible.name: modelData.name
                }
            }
        }
    }
}
