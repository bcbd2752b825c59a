// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A figure of the dashboard: a title, a large value and a line under it.
Rectangle {
    id: card
    property string title
    property string value
    property string detail
    property color valueColor: Theme.text

    implicitWidth: 180
    implicitHeight: column.implicitHeight + 24
    radius: Theme.radius
    color: Theme.base
    border.color: Theme.border

    Accessible.role: Accessible.StaticText
    Accessible.name: title + ": " + value + (detail ? ", " + detail : "")

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 12
        spacing: 2
        Label {
            text: card.title
            color: Theme.subtleText
            font.pixelSize: 12
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Label {
            objectName: "cardValue"
            text: card.value
            color: card.valueColor
            font.pixelSize: 26
            font.bold: true
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
        Label {
            text: card.detail
            color: Theme.subtleText
            font.pixelSize: 11
            visible: text.length > 0
            Layout.fillWidth: true
            elide: Text.ElideRight
        }
    }
}
