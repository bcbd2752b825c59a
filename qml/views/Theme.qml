// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

pragma Singleton
import QtQuick

// The colours of the app, light or dark, and what a state or a result looks like.
QtObject {
    property bool dark: false

    readonly property color window: dark ? "#1e2126" : "#f4f5f7"
    readonly property color base: dark ? "#262a30" : "#ffffff"
    readonly property color alternateBase: dark ? "#2c3037" : "#f7f8fa"
    readonly property color text: dark ? "#e6e8eb" : "#1d2125"
    readonly property color subtleText: dark ? "#9aa3ad" : "#5e6873"
    readonly property color border: dark ? "#3a4049" : "#d8dce1"
    readonly property color accent: dark ? "#5aa2ff" : "#1f6feb"
    readonly property color highlight: dark ? "#2f4d77" : "#d6e6ff"
    readonly property color sidebar: dark ? "#17191d" : "#e9ecf0"

    readonly property color pass: dark ? "#3fb950" : "#1a7f37"
    readonly property color fail: dark ? "#f85149" : "#cf222e"
    readonly property color running: dark ? "#58a6ff" : "#0969da"
    readonly property color waiting: dark ? "#8b949e" : "#6e7781"
    readonly property color warning: dark ? "#d29922" : "#9a6700"

    readonly property int spacing: 8
    readonly property int radius: 4
    readonly property font monospace: Qt.font({ family: "monospace", pixelSize: 12 })

    // The colour of a job state (READY, IN_PROGRESS, DONE, CANCELLED, ERROR), a node state
    // (available, running, closing, done) or a result (pass, fail, skip, incomplete).
    function colorOf(state, result) {
        const r = (result || "").toLowerCase()
        if (r === "pass")
            return pass
        if (r === "fail")
            return fail
        if (r === "incomplete")
            return warning
        switch ((state || "").toLowerCase()) {
        case "in_progress":
        case "running":
            return running
        case "error":
            return fail
        case "cancelled":
        case "skip":
            return warning
        case "done":
            return pass
        default:
            return waiting
        }
    }

    // A state or result in words of the user's language.
    function stateName(value) {
        switch ((value || "").toLowerCase()) {
        case "ready": return qsTr("ready")
        case "in_progress": return qsTr("in progress")
        case "done": return qsTr("done")
        case "cancelled": return qsTr("cancelled")
        case "error": return qsTr("error")
        case "available": return qsTr("available")
        case "running": return qsTr("running")
        case "closing": return qsTr("closing")
        case "pass": return qsTr("pass")
        case "fail": return qsTr("fail")
        case "skip": return qsTr("skipped")
        case "incomplete": return qsTr("incomplete")
        case "none": return ""
        default: return value || ""
        }
    }

    // A duration in milliseconds, as people read it: "850 ms", "12.4 s", "3 min 5 s".
    function duration(ms) {
        if (ms === undefined || ms === null || ms < 0 || isNaN(ms))
            return ""
        if (ms < 1000)
            return qsTr("%1 ms").arg(Math.round(ms))
        if (ms < 60000)
            return qsTr("%1 s").arg((ms / 1000).toFixed(1))
        const minutes = Math.floor(ms / 60000)
        if (minutes < 60)
            return qsTr("%1 min %2 s").arg(minutes).arg(Math.round((ms % 60000) / 1000))
        return qsTr("%1 h %2 min").arg(Math.floor(minutes / 60)).arg(minutes % 60)
    }

    function time(value) {
        if (!value)
            return ""
        const d = new Date(value)
        return isNaN(d.getTime()) ? String(value) : d.toLocaleString(Qt.locale(), Locale.ShortFormat)
    }
}
