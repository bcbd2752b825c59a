// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtQuick.Controls

// One numeric field over time: a line through the points, its range on the left, the
// time span underneath, and the latest value.
Rectangle {
    id: plot
    property string title
    property var points: [] // [{x: ms since epoch, y: value}] oldest first
    property real minTime: 0
    property real maxTime: 0

    implicitHeight: 150
    color: Theme.base
    border.color: Theme.border
    radius: Theme.radius

    Accessible.role: Accessible.Chart
    Accessible.name: title + (points.length > 0 ? ": " + points[points.length - 1].y : "")

    onPointsChanged: canvas.requestPaint()
    onWidthChanged: canvas.requestPaint()
    onHeightChanged: canvas.requestPaint()
    Connections {
        target: Theme
        function onDarkChanged() { canvas.requestPaint() }
    }

    readonly property var range: {
        let lo = Infinity, hi = -Infinity
        for (const p of points) {
            lo = Math.min(lo, p.y)
            hi = Math.max(hi, p.y)
        }
        if (lo === Infinity)
            return { min: 0, max: 1 }
        if (lo === hi)
            return { min: lo - 1, max: hi + 1 }
        const pad = (hi - lo) * 0.08
        return { min: lo - pad, max: hi + pad }
    }

    Label {
        id: titleLabel
        x: 8
        y: 4
        text: plot.title
        font.bold: true
        color: Theme.text
    }
    Label {
        anchors.right: parent.right
        anchors.rightMargin: 8
        y: 4
        text: plot.points.length > 0 ? Number(plot.points[plot.points.length - 1].y).toLocaleString(Qt.locale(), 'f', 2) : ""
        color: Theme.accent
        font.bold: true
    }
    Label {
        x: 8
        y: titleLabel.y + titleLabel.height + 2
        text: Number(plot.range.max).toLocaleString(Qt.locale(), 'f', 1)
        color: Theme.subtleText
        font.pixelSize: 10
    }
    Label {
        x: 8
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 18
        text: Number(plot.range.min).toLocaleString(Qt.locale(), 'f', 1)
        color: Theme.subtleText
        font.pixelSize: 10
    }
    Label {
        anchors.left: canvas.left
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 2
        text: plot.minTime > 0 ? Qt.formatTime(new Date(plot.minTime), "hh:mm:ss") : ""
        color: Theme.subtleText
        font.pixelSize: 10
    }
    Label {
        anchors.right: canvas.right
        anchors.bottom: parent.bottom
        anchors.bottomMargin: 2
        text: plot.maxTime > 0 ? Qt.formatTime(new Date(plot.maxTime), "hh:mm:ss") : ""
        color: Theme.subtleText
        font.pixelSize: 10
    }
    Label {
        anchors.centerIn: canvas
        visible: plot.points.length === 0
        text: qsTr("No reading in this window.")
        color: Theme.subtleText
    }

    Canvas {
        id: canvas
        anchors.fill: parent
        anchors.leftMargin: 48
        anchors.rightMargin: 8
        anchors.topMargin: titleLabel.height + 10
        anchors.bottomMargin: 18
        renderStrategy: Canvas.Cooperative

        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            ctx.strokeStyle = Theme.border
            ctx.lineWidth = 1
            for (let i = 0; i <= 4; ++i) {
                const y = Math.round(i * (height - 1) / 4) + 0.5
                ctx.beginPath()
                ctx.moveTo(0, y)
                ctx.lineTo(width, y)
                ctx.stroke()
            }
            const pts = plot.points
            if (pts.length === 0)
                return
            const t0 = plot.minTime > 0 ? plot.minTime : pts[0].x
            const t1 = plot.maxTime > t0 ? plot.maxTime : pts[pts.length - 1].x
            const span = Math.max(1, t1 - t0)
            const lo = plot.range.min, hi = plot.range.max
            const sx = (t) => (t - t0) / span * width
            const sy = (v) => height - (v - lo) / (hi - lo) * height
            ctx.strokeStyle = Theme.accent
            ctx.lineWidth = 1.5
            ctx.beginPath()
            ctx.moveTo(sx(pts[0].x), sy(pts[0].y))
            for (let i = 1; i < pts.length; ++i)
                ctx.lineTo(sx(pts[i].x), sy(pts[i].y))
            ctx.stroke()
            if (pts.length < 60) {
                ctx.fillStyle = Theme.accent
                for (const p of pts) {
                    ctx.beginPath()
                    ctx.arc(sx(p.x), sy(p.y), 2.5, 0, 2 * Math.PI)
                    ctx.fill()
                }
            }
        }
    }
}
