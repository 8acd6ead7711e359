"""One measurement, run in a fresh interpreter by :mod:`benchmarks.run` (``python -m benchmarks.child MODE ...``).

Modes print one JSON object on stdout:

* ``program APP`` - deploy ``APP`` with :class:`components.FunctionApp` under mocks; ``done_ns`` is the wall
  clock (``time.time_ns``) when every registration has resolved, so the parent, which noted the clock before
  starting the process, gets process start to registrations done.
* ``record APP GRAPH`` - the same, recording the resource graph to the file ``GRAPH`` (untimed).
* ``floor GRAPH [check]`` - register the recorded graph with bare ``pulumi`` resources; ``done_ns`` as above.
  With ``check``, also record what it registered and say whether it is ``identical`` to ``GRAPH``.
* ``discover APP REPEATS`` - time ``discover(APP)`` ``REPEATS`` times after the imports (``seconds``).
* ``phases APP`` - ``program``, with the wall clock at the end of each phase (``marks_ns``): interpreter
  startup, the imports of ``pulumi``, of ``components``, of the pulumi-kubernetes modules the component loads
  on first use and of ``azure.functions`` (Python v2 apps only), then ``plan_app`` (discovery and planning, timed
  inside the component) and the registrations. The phases add up to ``program``'s time. Also the time the
  cyclic garbage collector took during the last two phases (``gc_seconds``) and its ``collections`` per generation.

Imports are inside the modes so that each mode pays for exactly what it needs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.apps import IMAGE, STORAGE


def _program(app: str, graph_file: str | None) -> dict[str, Any]:
    from benchmarks.harness import CountingMonitor, Mocks, RecordingMonitor, run
    from components import FunctionApp

    monitor = RecordingMonitor(Mocks()) if graph_file else CountingMonitor(Mocks())
    args = {"app_path": app, "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}
    run(lambda: FunctionApp("bench", args), monitor)  # type: ignore[arg-type]
    done = time.time_ns()
    if isinstance(monitor, RecordingMonitor) and graph_file:
        Path(graph_file).write_text(json.dumps({"graph": monitor.graph, "outputs": monitor.outputs}))
    return {"done_ns": done, "resources": monitor.registered}


def _floor(graph_file: str, check: bool = False) -> dict[str, Any]:
    from benchmarks.harness import CountingMonitor, Mocks, RecordingMonitor, replay, run

    recorded = json.loads(Path(graph_file).read_text())
    monitor = RecordingMonitor(Mocks()) if check else CountingMonitor(Mocks())
    run(lambda: replay(recorded["graph"], recorded["outputs"]), monitor)
    result: dict[str, Any] = {"done_ns": time.time_ns(), "resources": monitor.registered}
    if isinstance(monitor, RecordingMonitor):
        # Everything the floor promises to keep, compared by URN (registration order may differ).
        kept = ("type", "name", "parent", "custom", "delete_before_replace", "inputs")

        def key(graph: list[dict[str, Any]]) -> dict[str, Any]:
            return {e["urn"]: [e[k] for k in kept] + [sorted(e["dependencies"])] for e in graph}

        result["identical"] = key(monitor.graph) == key(recorded["graph"]) and monitor.outputs == recorded["outputs"]
    return result


def _discover(app: str, repeats: int) -> dict[str, Any]:
    import components.discovery.python_v2  # noqa: F401  (imported up front: only discovery is timed)
    from components.discovery import discover

    seconds = []
    functions = 0
    for _ in range(repeats):
        start = time.perf_counter()
        functions = len(discover(app).functions)
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "functions": functions}


K8S_MODULES = ("core.v1", "apps.v1", "networking.v1", "policy.v1", "apiextensions")
"""The pulumi-kubernetes modules :class:`components.FunctionApp` loads lazily (through ``k8s.<group>.<version>``)."""


def _phases(app: str) -> dict[str, Any]:
    import gc
    import importlib

    marks = {"startup": time.time_ns()}
    from benchmarks.harness import CountingMonitor, Mocks, run

    marks["import pulumi"] = time.time_ns()
    import components
    import components.function_app

    marks["import components"] = time.time_ns()
    for module in K8S_MODULES:
        importlib.import_module(f"pulumi_kubernetes.{module}")
    marks["k8s modules (lazy)"] = time.time_ns()
    if (Path(app) / "function_app.py").is_file():
        import components.discovery.python_v2  # what discovering a Python v2 app imports first
    marks["azure.functions (v2)"] = time.time_ns()

    from components.plan import plan_app as original

    def timed_plan(args: Any) -> Any:
        plan = original(args)
        marks["discovery + plan"] = time.time_ns()
        return plan

    components.function_app.plan_app = timed_plan  # type: ignore[attr-defined]  # FunctionApp plans, then registers
    collections = [0, 0, 0]
    gc_ns = [0, 0]  # start of the running collection, total

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_ns[0] = time.perf_counter_ns()
        else:
            collections[info["generation"]] += 1
            gc_ns[1] += time.perf_counter_ns() - gc_ns[0]

    gc.callbacks.append(on_gc)
    args = {"app_path": app, "image": IMAGE, "settings": {"AzureWebJobsStorage": STORAGE}}
    run(lambda: components.FunctionApp("bench", args), CountingMonitor(Mocks()))  # type: ignore[arg-type]
    marks["registrations"] = time.time_ns()
    gc.callbacks.remove(on_gc)
    return {"marks_ns": marks, "gc_seconds": gc_ns[1] / 1e9, "collections": collections}


def main(argv: list[str]) -> None:
    """Run the mode ``argv[0]`` and print its JSON result."""
    mode, *rest = argv
    if mode == "program":
        result = _program(rest[0], None)
    elif mode == "record":
        result = _program(rest[0], rest[1])
    elif mode == "floor":
        result = _floor(rest[0], rest[1:] == ["check"])
    elif mode == "phases":
        result = _phases(rest[0])
    elif mode == "discover":
        result = _discover(rest[0], int(rest[1]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
