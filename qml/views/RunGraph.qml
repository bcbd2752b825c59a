// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// A run's stages left to right, each a column of its jobs coloured by state; a job can be
// chosen with the mouse or the arrow keys.
Flickable {
    id: graph
    required property var jobs // a JobListModel
    property string selectedJobId
    signal jobActivated(string jobId)

    property var stages: [] // [{index, name}] in stage order

    contentWidth: row.implicitWidth + 16
    contentHeight: row.implicitHeight + 16
    clip: true
    activeFocusOnTab: true
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.horizontal: ScrollBar {}
    ScrollBar.vertical: ScrollBar {}

    function rebuild() {
        let seen = {}
        let list = []
        for (let i = 0; i < jobs.count; ++i) {
            const index = jobs.data(jobs.index(i, 0), JobListModel.StageIndexRole)
            if (seen[index] === undefined) {
                seen[index] = true
                list.push({ index: index, name: jobs.data(jobs.index(i, 0), JobListModel.StageRole) })
            }
        }
        list.sort((a, b) => a.index - b.index)
        stages = list
    }

    // The jobs in graph order (stage, then the model's order), for the arrow keys.
    function orderedIds() {
        let ids = []
        for (const stage of stages)
            for (let i = 0; i < jobs.count; ++i)
                if (jobs.data(jobs.index(i, 0), JobListModel.StageIndexRole) === stage.index)
                    ids.push(jobs.data(jobs.index(i, 0), JobListModel.IdRole))
        return ids
    }

    Keys.onPressed: (event) => {
        if (event.key !== Qt.Key_Down && event.key !== Qt.Key_Up && event.key !== Qt.Key_Right
                && event.key !== Qt.Key_Left)
            return
        const ids = orderedIds()
        if (ids.length === 0)
            return
        let at = ids.indexOf(selectedJobId)
        at = (event.key === Qt.Key_Down || event.key === Qt.Key_Right) ? Math.min(ids.length - 1, at + 1)
                                                                       : Math.max(0, at - 1)
        jobActivated(ids[at])
        event.accepted = true
    }

    Connections {
        target: graph.jobs
        function onCountChanged() { graph.rebuild() }
        function onModelReset() { graph.rebuild() }
    }
    Component.onCompleted: rebuild()

    Row {
        id: row
        x: 8
        y: 8
        spacing: 0
        Repeater {
            model: graph.stages
            delegate: Row {
                id: stageColumn
                required property var modelData
                required property int index
                spacing: 0
                Label {
                    visible: stageColumn.index > 0
                    width: 28
                    height: column.height
                    text: "→"
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                    color: Theme.subtleText
                    font.pixelSize: 18
                }
                Column {
                    id: column
                    spacing: 6
                    Label {
                        text: stageColumn.modelData.name
                        font.bold: true
                        color: Theme.subtleText
                    }
                    Repeater {
                        model: graph.jobs
                        delegate: Rectangle {
                            id: box
                            required property var model
                            property bool inStage: model.stageIndex === stageColumn.modelData.index
                            property bool selected: model.id === graph.selectedJobId
                            visible: inStage
                            width: 170
                            height: inStage ? 44 : 0
                            radius: Theme.radius
                            color: Theme.base
                            border.width: selected ? 2 : 1
                            border.color: selected ? Theme.accent : Theme.border
                            objectName: "job:" + model.name

                            Accessible.role: Accessible.Button
                            Accessible.name: qsTr("Job %1, %2").arg(model.name).arg(Theme.stateName(model.state))

                            Rectangle {
                                width: 5
                                height: parent.height
                                radius: Theme.radius
                                color: Theme.colorOf(box.model.state, box.model.result)
                            }
                            Column {
                                x: 12
                                anchors.verticalCenter: parent.verticalCenter
                                width: parent.width - 18
                                Label {
                                    width: parent.width
                                    text: box.model.name
                                    color: Theme.text
                                    elide: Text.ElideRight
                                }
                                Label {
                                    width: parent.width
                                    text: Theme.stateName(box.model.result && box.model.result !== "none"
                                                          ? box.model.result : box.model.state)
                                          + (box.model.durationMs > 0 ? " · " + Theme.duration(box.model.durationMs) : "")
                                          + (box.model.attempt > 1 ? " · " + qsTr("attempt %1").arg(box.model.attempt) : "")
                                    color: Theme.subtleText
                                    font.pixelSize: 11
                                    elide: Text.ElideRight
                                }
                            }
                            MouseArea {
                                anchors.fill: parent
                                onClicked: {
                                    graph.forceActiveFocus()
                                    graph.jobActivated(box.model.id)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
