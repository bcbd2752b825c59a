// SPDX-FileCopyrightText: 2026 Cairn contributors
// SPDX-License-Identifier: GPL-3.0-or-later

import QtQuick
import QtTest
import Cairn.Views

TestCase {
    id: testCase
    name: "RunsView"
    width: 1100
    height: 700
    when: windowShown
    visible: true

    Component {
        id: viewComponent
        RunsView {
            width: 1100
            height: 700
            session: testSession
        }
    }

    SignalSpy {
        id: operations
        target: testSession
        signalName: "operationFinished"
    }

    function test_start_select_and_cancel() {
        const view = createTemporaryObject(viewComponent, testCase)
        verify(view)
        operations.clear()

        // Starting a run shows it, with its jobs in the graph, stage by stage.
        testSession.startRun("slow", "{\"seconds\": 30}")
        compare(operations.count, 1)
        verify(operations.signalArguments[0][1], operations.signalArguments[0][2])
        tryVerify(() => view.run !== null, 5000, "the started run is shown")
        compare(view.run.pipeline, "slow")
        tryCompare(view.jobs, "count", 2, 5000)
        const graph = findChild(view, "runGraph")
        tryCompare(graph.stages, "length", 2, 5000)
        compare(graph.stages[0].name, "build")
        compare(graph.stages[1].name, "report")
        verify(findChild(graph, "job:sleep"))
        verify(findChild(graph, "job:note"))

        // The first job is chosen; it starts running.
        tryVerify(() => view.job !== null && view.job.name === "sleep", 5000)
        tryVerify(() => view.job.state === "IN_PROGRESS", 10000, "the job runs")

        // Cancel reaches the core: the job is stopped, the run ends, the next stage never runs.
        const runId = view.runId
        const cancel = findChild(view, "cancelRunButton")
        verify(cancel.enabled)
        operations.clear()
        waitForRendering(view)
        mouseClick(cancel)
        compare(operations.count, 1)
        verify(operations.signalArguments[0][1], operations.signalArguments[0][2])
        tryVerify(() => fixture.nodeState(runId).startsWith("done/"), 15000, "the run ends in the core")
        tryVerify(() => view.run.state === "done", 5000, "the view shows the run ended")
        tryVerify(() => view.job.state === "CANCELLED" || view.job.state === "ERROR", 15000)
        verify(findChild(view, "retryRunButton").enabled)
    }

    function test_selecting_a_run_shows_its_jobs_and_log() {
        const view = createTemporaryObject(viewComponent, testCase)
        testSession.startRun("slow", "{\"seconds\": 0}")
        tryVerify(() => view.run !== null && view.run.pipeline === "slow", 5000)
        const slowRun = view.runId
        testSession.startRun("quick", "")
        tryVerify(() => view.run !== null && view.run.pipeline === "quick", 5000)
        const quickRun = view.runId
        tryVerify(() => view.run.state === "done", 15000, "the quick run passes")
        compare(view.run.result, "pass")

        // Choosing the other run in the list, with the keyboard, shows that run's jobs.
        const list = findChild(view, "runList")
        tryVerify(() => list.count >= 2, 5000)
        list.forceActiveFocus()
        while (view.runId !== slowRun && list.currentIndex < list.count - 1)
            keyClick(Qt.Key_Down)
        compare(view.runId, slowRun)
        compare(view.run.pipeline, "slow")
        tryCompare(view.jobs, "count", 2, 5000)
        tryVerify(() => view.job !== null && view.job.name === "sleep", 5000)

        // Back to the quick run: its one job and its log, stdout and stderr.
        while (view.runId !== quickRun && list.currentIndex > 0)
            keyClick(Qt.Key_Up)
        compare(view.runId, quickRun)
        tryCompare(view.jobs, "count", 1, 5000)
        tryVerify(() => view.job !== null && view.job.name === "hello", 5000)
        const pane = findChild(view, "jobPane")
        tryVerify(() => pane.log.count >= 2, 10000, "the job's log is shown")
        verify(pane.log.find("hello from the job", 0, false) >= 0)
        compare(pane.log.find("no such line", 0, false), -1)
    }

    function test_pipeline_inputs() {
        // What the start dialog offers: a default as one would type it.
        const inputs = testSession.pipelineInputs("slow")
        compare(inputs.length, 1)
        compare(inputs[0].name, "seconds")
        compare(inputs[0].defaultValue, "30")
        compare(inputs[0].required, false)
        compare(testSession.pipelineInputs("quick").length, 0)
        compare(testSession.pipelineInputs("no-such-pipeline").length, 0)
    }

    function test_bad_params_are_refused() {
        operations.clear()
        testSession.startRun("slow", "{not json")
        compare(operations.count, 1)
        verify(!operations.signalArguments[0][1])
        verify(operations.signalArguments[0][2].indexOf("not valid") >= 0, operations.signalArguments[0][2])
        operations.clear()
        testSession.startRun("no-such-pipeline", "")
        verify(!operations.signalArguments[0][1])
    }
}
