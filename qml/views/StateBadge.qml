// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls

// A small rounded label in the colour of a state or result.
Rectangle {
    id: badge
    property string state_: ""
    property string result: ""
    property string text: result && result !== "none" ? result : state_

    implicitWidth: label.implicitWidth + 12
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: Theme.colorOf(state_, result)
    visible: text.length > 0

    Accessible.role: Accessible.StaticText
    Accessible.name: text

    Label {
        id: label
        anchors.centerIn: parent
        text: Theme.stateName(badge.text)
        color: "white"
        font.pixelSize: 11
        font.bold: true
    }
}
