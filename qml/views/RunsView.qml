// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// The runs, newest first; the chosen run's stages and jobs as a graph; the chosen job's
// timings and log. Runs and jobs can be cancelled and retried, and runs started.
Pane {
    id: view
    required property var session
    property alias runs: runModel
    property alias jobs: jobModel
    property string runId
    property string jobId
    property var run: null // the chosen run's roles
    property var job: null // the chosen job's roles

    padding: 0
    background: Rectangle { color: Theme.window }

    function showRun(id) {
        runId = id
        for (let i = 0; i < runModel.count; ++i) {
            if (runModel.data(runModel.index(i, 0), RunListModel.IdRole) === id) {
                runList.currentIndex = i
                break
            }
        }
        updateRun()
    }

    function rolesOf(model, row, names, first) {
        let roles = {}
        for (let i = 0; i < names.length; ++i)
            roles[names[i]] = model.data(model.index(row, 0), first + i)
        return roles
    }

    function updateRun() {
        run = null
        for (let i = 0; i < runModel.count; ++i) {
            if (runModel.data(runModel.index(i, 0), RunListModel.IdRole) === runId) {
                run = rolesOf(runModel, i, ["id", "pipeline", "state", "result", "client", "created",
                                            "duration", "stage", "jobCount", "failedCount", "ended",
                                            "failure"], RunListModel.IdRole)
                break
            }
        }
    }

    function updateJob() {
        job = null
        for (let i = 0; i < jobModel.count; ++i) {
            if (jobModel.data(jobModel.index(i, 0), JobListModel.IdRole) === jobId) {
                job = rolesOf(jobModel, i, ["id", "name", "stage", "stageIndex", "state", "result",
                                            "attempt", "maxAttempts", "exitCode", "started", "ended",
                                            "durationMs", "failure", "logUrl", "kind"], JobListModel.IdRole)
                break
            }
        }
    }

    onJobIdChanged: updateJob()
    onRunIdChanged: {
        jobId = ""
        updateRun()
    }

    RunListModel {
        id: runModel
        objectName: "runModel"
        database: view.session.database
        bus: view.session.bus
        onDataChanged: view.updateRun()
        onRowsInserted: view.updateRun()
        onModelReset: view.updateRun()
    }

    JobListModel {
        id: jobModel
        objectName: "jobModel"
        database: view.session.database
        bus: view.session.bus
        runId: view.runId
        onDataChanged: view.updateJob()
        onModelReset: view.updateJob()
        onCountChanged: {
            view.updateJob()
            // A run's first job is shown unless one was chosen.
            if (view.jobId.length === 0 && count > 0)
                view.jobId = data(index(0, 0), JobListModel.IdRole)
        }
    }

    Connections {
        target: view.session
        function onRunStarted(runId) { view.showRun(runId) }
    }

    StartRunDialog {
        id: startDialog
        objectName: "startRunDialog"
        session: view.session
        parent: Overlay.overlay
    }

    Shortcut {
        sequence: "Ctrl+N"
        enabled: view.visible && view.session.pipelines.length > 0
        onActivated: startDialog.open()
    }

    SplitView {
        anchors.fill: parent

        ColumnLayout {
            SplitView.preferredWidth: 340
            SplitView.minimumWidth: 240
            spacing: 0
            ToolBar {
                Layout.fillWidth: true
                background: Rectangle { color: Theme.base; border.color: Theme.border }
                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 8
                    anchors.rightMargin: 8
                    Label {
                        text: qsTr("Runs")
                        font.bold: true
                        color: Theme.text
                        Layout.fillWidth: true
                    }
                    Button {
                        objectName: "startRunButton"
                        text: qsTr("Start run…")
                        enabled: view.session.pipelines.length > 0
                        onClicked: startDialog.open()
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Start a run of one of the project's pipelines (Ctrl+N)")
                    }
                }
            }
            ListView {
                id: runList
                objectName: "runList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: runModel
                currentIndex: -1
                activeFocusOnTab: true
                keyNavigationEnabled: true
                highlightMoveDuration: 0
                highlight: Rectangle { color: Theme.highlight }
                ScrollBar.vertical: ScrollBar {}
                onCurrentIndexChanged: if (currentItem) view.runId = currentItem.runId

                delegate: ItemDelegate {
                    id: row
                    required property int index
                    required property var model
                    property string runId: model.id
                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    onClicked: {
                        runList.currentIndex = index
                        runList.forceActiveFocus()
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            StateBadge { state_: row.model.state; result: row.model.result || "" }
                            Label {
                                text: row.model.pipeline
                                font.bold: true
                                color: Theme.text
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                text: Theme.duration(row.model.duration)
                                color: Theme.subtleText
                            }
                        }
                        Label {
                            text: Theme.time(row.model.created)
                                  + (row.model.jobCount > 0 ? " · " + qsTr("%n jobs", "", row.model.jobCount) : "")
                                  + (row.model.failedCount > 0 ? " · " + qsTr("%n failed", "", row.model.failedCount) : "")
                            color: Theme.subtleText
                            font.pixelSize: 11
                        }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: runList.count === 0
                    text: qsTr("No run yet.")
                    color: Theme.subtleText
                }
            }
        }

        Item {
            SplitView.fillWidth: true

            SplitView {
                anchors.fill: parent
                orientation: Qt.Vertical
                visible: view.run !== null

                ColumnLayout {
                    SplitView.preferredHeight: 260
                    SplitView.minimumHeight: 140
                    spacing: 6
                    RowLayout {
                        Layout.fillWidth: true
                        Layout.margins: 8
                        spacing: 8
                        Label {
                            text: view.run ? view.run.pipeline : ""
                            font.pixelSize: 18
                            font.bold: true
                            color: Theme.text
                        }
                        StateBadge {
                            state_: view.run ? view.run.state : ""
                            result: view.run ? view.run.result || "" : ""
                        }
                        Label {
                            text: view.run ? Theme.time(view.run.created)
                                             + (view.run.duration > 0 ? " · " + Theme.duration(view.run.duration) : "")
                                           : ""
                            color: Theme.subtleText
                        }
                        Item { Layout.fillWidth: true }
                        Button {
                            objectName: "cancelRunButton"
                            text: qsTr("Cancel run")
                            enabled: view.run !== null && view.run.state !== "done"
                            onClicked: view.session.cancelRun(view.runId)
                        }
                        Button {
                            objectName: "retryRunButton"
                            text: qsTr("Retry run")
                            enabled: view.run !== null && view.run.state === "done"
                            onClicked: view.session.retryRun(view.runId)
                        }
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.leftMargin: 8
                        visible: view.run && view.run.failure ? true : false
                        text: view.run ? view.run.failure || "" : ""
                        color: Theme.fail
                        wrapMode: Text.Wrap
                    }
                    RunGraph {
                        id: graph
                        objectName: "runGraph"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        jobs: jobModel
                        selectedJobId: view.jobId
                        onJobActivated: (id) => view.jobId = id
                    }
                }

                JobPane {
                    objectName: "jobPane"
                    SplitView.fillHeight: true
                    session: view.session
                    job: view.job
                    visible: view.job !== null
                }
            }

            Label {
                anchors.fill: parent
                visible: view.run === null
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                text: qsTr("Choose a run to see its stages, jobs and logs.")
                color: Theme.subtleText
            }
        }
    }
}
