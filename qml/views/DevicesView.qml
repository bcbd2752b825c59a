// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Cairn.Models

// The devices with their last reading and whether they are online; the chosen device's
// numeric fields as plots over time, and a command to send it.
Pane {
    id: view
    required property var session
    property alias devices: deviceModel
    property string deviceId
    property var device: null

    padding: 0
    background: Rectangle { color: Theme.window }

    function updateDevice() {
        device = null
        for (let i = 0; i < deviceModel.count; ++i) {
            const index = deviceModel.index(i, 0)
            if (deviceModel.data(index, DeviceListModel.IdRole) === deviceId) {
                device = {
                    id: deviceId,
                    name: deviceModel.data(index, DeviceListModel.NameRole),
                    online: deviceModel.data(index, DeviceListModel.OnlineRole),
                    lastSeen: deviceModel.data(index, DeviceListModel.LastSeenRole),
                    summary: deviceModel.data(index, DeviceListModel.ReadingSummaryRole),
                    offlineReason: deviceModel.data(index, DeviceListModel.OfflineReasonRole)
                }
                break
            }
        }
    }
    onDeviceIdChanged: updateDevice()

    DeviceListModel {
        id: deviceModel
        objectName: "deviceModel"
        database: view.session.database
        bus: view.session.bus
        onDataChanged: view.updateDevice()
        onModelReset: view.updateDevice()
        onCountChanged: view.updateDevice()
    }

    DeviceSeriesModel {
        id: series
        objectName: "deviceSeries"
        database: view.session.database
        bus: view.session.bus
        deviceId: view.deviceId
        window: windowBox.currentValue
    }

    SplitView {
        anchors.fill: parent

        ListView {
            id: list
            objectName: "deviceList"
            SplitView.preferredWidth: 300
            SplitView.minimumWidth: 200
            clip: true
            model: deviceModel
            currentIndex: -1
            activeFocusOnTab: true
            keyNavigationEnabled: true
            highlightMoveDuration: 0
            highlight: Rectangle { color: Theme.highlight }
            ScrollBar.vertical: ScrollBar {}
            onCurrentIndexChanged: if (currentItem) view.deviceId = currentItem.deviceId
            header: Label {
                width: list.width
                padding: 8
                text: qsTr("Devices")
                font.bold: true
                color: Theme.text
                background: Rectangle { color: Theme.base; border.color: Theme.border }
            }

            delegate: ItemDelegate {
                id: row
                required property int index
                required property var model
                property string deviceId: model.id
                width: ListView.view.width
                highlighted: ListView.isCurrentItem
                onClicked: {
                    list.currentIndex = index
                    list.forceActiveFocus()
                }
                Accessible.name: qsTr("%1, %2").arg(model.name).arg(model.online ? qsTr("online") : qsTr("offline"))
                contentItem: ColumnLayout {
                    spacing: 2
                    RowLayout {
                        Rectangle {
                            width: 10
                            height: 10
                            radius: 5
                            color: row.model.online ? Theme.pass : Theme.waiting
                        }
                        Label {
                            text: row.model.name
                            font.bold: true
                            color: Theme.text
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                        }
                        Label {
                            text: row.model.online ? qsTr("online") : qsTr("offline")
                            color: row.model.online ? Theme.pass : Theme.subtleText
                            font.pixelSize: 11
                        }
                    }
                    Label {
                        text: row.model.readingSummary || qsTr("no reading yet")
                        color: Theme.subtleText
                        font.pixelSize: 11
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                width: list.width - 24
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                text: qsTr("No device yet. Devices appear when the project's broker hears them.")
                color: Theme.subtleText
            }
        }

        Item {
            SplitView.fillWidth: true

            ColumnLayout {
                anchors.fill: parent
                spacing: 8
                visible: view.device !== null

                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: 8
                    spacing: 8
                    Label {
                        text: view.device ? view.device.name : ""
                        font.pixelSize: 18
                        font.bold: true
                        color: Theme.text
                    }
                    Label {
                        text: view.device ? (view.device.online ? qsTr("online, last seen %1").arg(Theme.time(view.device.lastSeen))
                                                                : qsTr("offline since %1%2").arg(Theme.time(view.device.lastSeen))
                                                                  .arg(view.device.offlineReason ? " (" + view.device.offlineReason + ")" : ""))
                                          : ""
                        color: Theme.subtleText
                        Layout.fillWidth: true
                        elide: Text.ElideRight
                    }
                    Label { text: qsTr("Window"); color: Theme.subtleText }
                    ComboBox {
                        id: windowBox
                        objectName: "windowBox"
                        textRole: "text"
                        valueRole: "seconds"
                        currentIndex: 2
                        model: [
                            { text: qsTr("5 minutes"), seconds: 300 },
                            { text: qsTr("15 minutes"), seconds: 900 },
                            { text: qsTr("1 hour"), seconds: 3600 },
                            { text: qsTr("6 hours"), seconds: 21600 },
                            { text: qsTr("24 hours"), seconds: 86400 }
                        ]
                        Accessible.name: qsTr("Time window of the plots")
                    }
                }

                ScrollView {
                    id: plots
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    contentWidth: availableWidth
                    clip: true
                    ColumnLayout {
                        width: plots.availableWidth - 16
                        x: 8
                        spacing: 8
                        Repeater {
                            model: series.fields
                            delegate: TimePlot {
                                required property string modelData
                                Layout.fillWidth: true
                                title: modelData
                                points: series.points(modelData)
                                minTime: series.minTime
                                maxTime: series.maxTime
                                Connections {
                                    target: series
                                    function onChanged() { parent.points = series.points(parent.title) }
                                }
                            }
                        }
                        Label {
                            visible: series.fields.length === 0
                            text: qsTr("This device has sent no numeric reading in the window.")
                            color: Theme.subtleText
                        }
                    }
                }

                RowLayout {
                    Layout.fillWidth: true
                    Layout.margins: 8
                    Label { text: qsTr("Command"); color: Theme.text }
                    TextField {
                        id: commandField
                        objectName: "commandField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Payload to publish, e.g. {\"state\": \"on\"}")
                        selectByMouse: true
                        onAccepted: sendButton.clicked()
                        Accessible.name: qsTr("Command payload")
                    }
                    Button {
                        id: sendButton
                        objectName: "sendCommandButton"
                        text: qsTr("Send")
                        enabled: commandField.text.length > 0
                        onClicked: view.session.sendCommand(view.deviceId, commandField.text)
                    }
                }
            }

            Label {
                anchors.fill: parent
                visible: view.device === null
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                text: qsTr("Choose a device to see its readings.")
                color: Theme.subtleText
            }
        }
    }
}
