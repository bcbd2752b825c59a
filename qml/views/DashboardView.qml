// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// The state of the project at a glance: devices, the queue, the event rate, the broker, and
// the latest runs with their results.
Pane {
    id: view
    required property var session
    signal runActivated(string runId)

    padding: 16
    background: Rectangle { color: Theme.window }

    DashboardStats {
        id: stats
        database: view.session.database
        bus: view.session.bus
    }

    RunListModel {
        id: runs
        database: view.session.database
        bus: view.session.bus
        pageSize: 20
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 16

        Label {
            text: view.session.title
            font.pixelSize: 20
            font.bold: true
            color: Theme.text
        }

        GridLayout {
            Layout.fillWidth: true
            columns: Math.max(1, Math.floor(width / 190))
            columnSpacing: 12
            rowSpacing: 12

            Card {
                objectName: "devicesCard"
                Layout.fillWidth: true
                title: qsTr("Devices online")
                value: stats.devicesOnline
                valueColor: stats.devicesOnline > 0 ? Theme.pass : Theme.text
                detail: qsTr("%n offline", "", stats.devicesOffline)
            }
            Card {
                objectName: "queueCard"
                Layout.fillWidth: true
                title: qsTr("Queued jobs")
                value: stats.queueDepth
                detail: qsTr("%n active runs", "", stats.activeRuns)
            }
            Card {
                objectName: "runningCard"
                Layout.fillWidth: true
                title: qsTr("Running jobs")
                value: stats.runningJobs
                valueColor: stats.runningJobs > 0 ? Theme.running : Theme.text
            }
            Card {
                objectName: "rateCard"
                Layout.fillWidth: true
                title: qsTr("Events per second")
                value: stats.eventRate < 10 ? stats.eventRate.toFixed(1) : Math.round(stats.eventRate)
                detail: qsTr("%n events in all", "", stats.eventsTotal)
            }
            Card {
                objectName: "brokerCard"
                Layout.fillWidth: true
                title: qsTr("MQTT link")
                value: {
                    switch (view.session.brokerState) {
                    case "connected": return qsTr("connected")
                    case "connecting": return qsTr("connecting")
                    case "disconnected": return qsTr("disconnected")
                    default: return qsTr("no broker")
                    }
                }
                valueColor: view.session.brokerState === "connected" ? Theme.pass
                          : view.session.brokerState === "disconnected" ? Theme.fail : Theme.text
                detail: view.session.brokerAddress
            }
        }

        Label {
            text: qsTr("Recent runs")
            font.bold: true
            color: Theme.text
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            color: Theme.base
            border.color: Theme.border
            radius: Theme.radius

            ListView {
                id: recent
                objectName: "recentRuns"
                anchors.fill: parent
                anchors.margins: 1
                clip: true
                model: runs
                keyNavigationEnabled: true
                activeFocusOnTab: true
                highlightMoveDuration: 0
                highlight: Rectangle { color: Theme.highlight }
                ScrollBar.vertical: ScrollBar {}
                Keys.onReturnPressed: if (currentItem) view.runActivated(currentItem.runId)

                delegate: ItemDelegate {
                    id: row
                    required property int index
                    required property var model
                    property string runId: model.id
                    width: ListView.view.width
                    highlighted: ListView.isCurrentItem
                    onClicked: {
                        recent.currentIndex = index
                        view.runActivated(runId)
                    }
                    contentItem: RowLayout {
                        spacing: 12
                        StateBadge { state_: row.model.state; result: row.model.result || "" }
                        Label {
                            text: row.model.pipeline
                            font.bold: true
                            color: Theme.text
                            Layout.preferredWidth: 160
                            elide: Text.ElideRight
                        }
                        Label {
                            text: Theme.time(row.model.created)
                            color: Theme.subtleText
                            Layout.preferredWidth: 150
                        }
                        Label {
                            text: Theme.duration(row.model.duration)
                            color: Theme.subtleText
                            Layout.preferredWidth: 80
                        }
                        Label {
                            text: row.model.failure || ""
                            color: Theme.fail
                            elide: Text.ElideRight
                            Layout.fillWidth: true
                        }
                    }
                }

                Label {
                    anchors.centerIn: parent
                    visible: recent.count === 0
                    text: qsTr("No run yet. Runs start when a rule fires, or from the Runs view.")
                    color: Theme.subtleText
                }
            }
        }
    }
}
