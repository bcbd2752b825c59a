// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtTest
import Cairn.Views

TestCase {
    id: testCase
    name: "NodesView"
    width: 1000
    height: 700
    when: windowShown
    visible: true

    Component {
        id: viewComponent
        NodesView {
            width: 1000
            height: 700
            session: testSession
        }
    }

    function test_search_and_details() {
        const site = fixture.createNode("", "site", "lab", {})
        verify(site.length > 0)
        for (let i = 0; i < 5; ++i)
            verify(fixture.createNode(site, "reading", "r" + i, { temperature: 20 + i, unit: "C" }).length > 0)

        const view = createTemporaryObject(viewComponent, testCase)
        const model = view.model
        const tree = findChild(view, "nodeTree")
        tryVerify(() => tree.rows > 0, 5000, "the first level is read")

        // A node query lists the matching nodes.
        view.searchField.forceActiveFocus()
        view.searchField.text = "kind=reading data.temperature__gt=22"
        keyClick(Qt.Key_Return)
        tryCompare(tree, "rows", 2, 5000)
        compare(findChild(view, "queryError").visible, false)

        // Choosing one shows its details.
        const cell = tree.itemAtCell(Qt.point(0, 0))
        mouseClick(cell)
        tryVerify(() => view.current !== null, 2000)
        compare(view.current.kind, "reading")
        verify(view.current.data.temperature > 22)
        verify(findChild(view, "nodeDetails").visible)

        // A query that does not parse says so and leaves the list alone.
        view.searchField.forceActiveFocus()
        view.searchField.text = "data.temperature__nope=1"
        keyClick(Qt.Key_Return)
        tryVerify(() => findChild(view, "queryError").visible, 2000)
        compare(tree.rows, 2)
    }
}
