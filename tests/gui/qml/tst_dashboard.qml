// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtTest
import Cairn.Views

TestCase {
    id: testCase
    name: "DashboardView"
    width: 1000
    height: 700
    when: windowShown
    visible: true

    Component {
        id: viewComponent
        DashboardView {
            width: 1000
            height: 700
            session: testSession
        }
    }

    SignalSpy {
        id: activated
        signalName: "runActivated"
    }

    function test_figures_and_recent_runs() {
        const view = createTemporaryObject(viewComponent, testCase)
        activated.target = view
        testSession.startRun("quick", "")
        const recent = findChild(view, "recentRuns")
        tryVerify(() => recent.count > 0, 5000, "the run is among the recent ones")
        compare(findChild(view, "brokerCard").value, "no broker")
        // Events are counted as they pass.
        for (let i = 0; i < 20; ++i)
            fixture.publish("test.tick", "clock", { i: i })
        tryVerify(() => Number(findChild(view, "rateCard").value) > 0, 5000, "the event rate moves")

        recent.forceActiveFocus()
        recent.currentIndex = 0
        keyClick(Qt.Key_Return)
        compare(activated.count, 1)
        verify(activated.signalArguments[0][0].length > 0)
    }
}
