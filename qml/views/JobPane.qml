// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// One job: its state, timings and attempts, cancel and retry, and its log, live while the
// job runs (follow keeps the end in sight; search finds a line).
Pane {
    id: pane
    required property var session
    required property var job // the job's roles, from JobListModel
    // Attached to a remote cairnd, the log comes from its API; else from the local files.
    readonly property var remoteLog: session.remote ? session.remoteJobLog(pane) : null
    readonly property var log: remoteLog ? remoteLog : logModel

    Binding {
        target: pane.remoteLog
        when: pane.remoteLog !== null
        property: "jobId"
        value: pane.job ? pane.job.id : ""
    }
    Connections {
        target: pane.remoteLog
        function onCountChanged() {
            if (follow.checked)
                logView.positionViewAtEnd()
        }
    }

    padding: 8
    background: Rectangle { color: Theme.base; border.color: Theme.border }

    JobLogModel {
        id: logModel
        objectName: "jobLog"
        database: pane.session.database
        bus: pane.session.bus
        jobId: pane.job && !pane.remoteLog ? pane.job.id : ""
        onCountChanged: if (follow.checked) logView.positionViewAtEnd()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Label {
                text: pane.job ? pane.job.name : ""
                font.bold: true
                font.pixelSize: 15
                color: Theme.text
            }
            StateBadge {
                state_: pane.job ? pane.job.state : ""
                result: pane.job ? pane.job.result || "" : ""
            }
            Label {
                text: pane.job ? pane.job.kind : ""
                color: Theme.subtleText
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "cancelJobButton"
                text: qsTr("Cancel job")
                enabled: pane.job && (pane.job.state === "READY" || pane.job.state === "IN_PROGRESS")
                onClicked: pane.session.cancelJob(pane.job.id)
            }
            Button {
                objectName: "retryJobButton"
                text: qsTr("Retry job")
                enabled: pane.job && (pane.job.state === "DONE" || pane.job.state === "ERROR"
                                      || pane.job.state === "CANCELLED")
                onClicked: pane.session.retryJob(pane.job.id)
            }
        }

        GridLayout {
            columns: 6
            columnSpacing: 12
            rowSpacing: 2
            Label { text: qsTr("Started"); color: Theme.subtleText }
            Label { text: pane.job ? Theme.time(pane.job.started) : ""; color: Theme.text }
            Label { text: qsTr("Ended"); color: Theme.subtleText }
            Label { text: pane.job ? Theme.time(pane.job.ended) : ""; color: Theme.text }
            Label { text: qsTr("Duration"); color: Theme.subtleText }
            Label { text: pane.job ? Theme.duration(pane.job.durationMs) : ""; color: Theme.text }
            Label { text: qsTr("Attempt"); color: Theme.subtleText }
            Label {
                text: pane.job ? qsTr("%1 of %2").arg(pane.job.attempt).arg(pane.job.maxAttempts) : ""
                color: Theme.text
            }
            Label { text: qsTr("Exit code"); color: Theme.subtleText }
            Label {
                text: pane.job && pane.job.exitCode !== undefined && pane.job.exitCode !== null
                      && pane.job.exitCode !== -1 ? pane.job.exitCode : "–"
                color: Theme.text
            }
            Label { text: qsTr("Attempt shown"); color: Theme.subtleText }
            SpinBox {
                id: attemptBox
                objectName: "attemptBox"
                from: 1
                to: pane.job ? Math.max(1, pane.job.attempt) : 1
                value: to
                editable: true
                enabled: !pane.remoteLog
                onValueModified: logModel.attempt = value === to ? -1 : value
                Accessible.name: qsTr("Attempt whose log is shown")
            }
        }

        Label {
            Layout.fillWidth: true
            visible: pane.job && pane.job.failure ? true : false
            text: pane.job ? pane.job.failure || "" : ""
            color: Theme.fail
            wrapMode: Text.Wrap
        }

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Log"); font.bold: true; color: Theme.text }
            Label {
                text: qsTr("%n lines", "", pane.log.count)
                color: Theme.subtleText
            }
            Item { Layout.fillWidth: true }
            TextField {
                id: searchField
                objectName: "logSearch"
                placeholderText: qsTr("Find in log")
                Layout.preferredWidth: 200
                selectByMouse: true
                onAccepted: pane.find(false)
                Keys.onPressed: (event) => {
                    if (event.key === Qt.Key_Return && (event.modifiers & Qt.ShiftModifier)) {
                        pane.find(true)
                        event.accepted = true
                    }
                }
                Accessible.name: qsTr("Find in log")
            }
            Button {
                text: qsTr("Previous")
                enabled: searchField.text.length > 0
                onClicked: pane.find(true)
            }
            Button {
                text: qsTr("Next")
                enabled: searchField.text.length > 0
                onClicked: pane.find(false)
            }
            CheckBox {
                id: follow
                objectName: "followLog"
                text: qsTr("Follow")
                checked: true
                onCheckedChanged: if (checked) logView.positionViewAtEnd()
            }
        }

        Label {
            visible: pane.log.error.length > 0
            text: pane.log.error
            color: Theme.fail
            Layout.fillWidth: true
            wrapMode: Text.Wrap
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.dark ? "#111316" : "#fbfbfc"
            border.color: Theme.border

            ListView {
                id: logView
                objectName: "logView"
                anchors.fill: parent
                anchors.margins: 4
                clip: true
                model: pane.log
                activeFocusOnTab: true
                keyNavigationEnabled: true
                currentIndex: -1
                highlightMoveDuration: 0
                highlight: Rectangle { color: Theme.highlight }
                ScrollBar.vertical: ScrollBar {}
                ScrollBar.horizontal: ScrollBar {}
                contentWidth: width * 2
                flickableDirection: Flickable.AutoFlickDirection
                // Scrolling up by hand stops following; back at the end, it follows again.
                onMovementEnded: follow.checked = atYEnd
                delegate: Text {
                    required property var model
                    text: model.text
                    font: Theme.monospace
                    color: model.stream === "stderr" ? Theme.fail : Theme.text
                    textFormat: Text.PlainText
                }
                Label {
                    anchors.centerIn: parent
                    visible: pane.log.count === 0
                    text: qsTr("No output.")
                    color: Theme.subtleText
                }
            }
        }
    }

    function find(backwards) {
        if (searchField.text.length === 0)
            return
        const from = logView.currentIndex >= 0 ? logView.currentIndex + (backwards ? -1 : 1)
                                               : (backwards ? pane.log.count - 1 : 0)
        const row = pane.log.find(searchField.text, from, backwards)
        if (row < 0)
            return
        follow.checked = false
        logView.currentIndex = row
        logView.positionViewAtIndex(row, ListView.Center)
    }
}
