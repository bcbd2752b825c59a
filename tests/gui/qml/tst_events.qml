// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtTest
import Cairn.Views

TestCase {
    id: testCase
    name: "EventsView"
    width: 900
    height: 600
    when: windowShown
    visible: true

    Component {
        id: viewComponent
        EventsView {
            width: 900
            height: 600
            session: testSession
        }
    }

    function publishMany(type, n) {
        for (let i = 0; i < n; ++i)
            verify(fixture.publish(type, "sensor-" + i, { value: i }))
    }

    function test_filter_and_pause() {
        const view = createTemporaryObject(viewComponent, testCase)
        verify(view)
        const model = view.model
        publishMany("test.alpha", 5)
        publishMany("test.beta", 3)
        tryVerify(() => model.count >= 8, 5000, "the events arrive in the list")

        // A filter typed in the field and accepted with Enter.
        view.filterField.forceActiveFocus()
        view.filterField.text = "type=test.beta"
        keyClick(Qt.Key_Return)
        compare(model.filter, "type=test.beta")
        tryCompare(model, "count", 3, 5000)
        const list = findChild(view, "eventList")
        for (let row = 0; row < model.count; ++row)
            compare(model.get(row).type, "test.beta")
        compare(list.count, 3)

        // A filter that does not parse says why and keeps the rows.
        view.filterField.text = "type"
        keyClick(Qt.Key_Return)
        const error = findChild(view, "filterError")
        tryVerify(() => error.visible, 2000)
        verify(error.text.length > 0)
        compare(model.count, 3)

        // Paused, new events are counted, not shown; they come on resume.
        view.filterField.text = "type=test.beta"
        keyClick(Qt.Key_Return)
        tryVerify(() => !error.visible, 2000)
        const pause = findChild(view, "pauseButton")
        mouseClick(pause)
        verify(model.paused)
        publishMany("test.beta", 2)
        tryCompare(model, "pendingCount", 2, 5000)
        compare(model.count, 3)
        mouseClick(pause)
        verify(!model.paused)
        tryCompare(model, "count", 5, 5000)
    }
}
