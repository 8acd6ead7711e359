"""Run the benchmark suite: program time against its floor, discovery, import time. Prints a table, writes JSON.

Every measurement runs in a fresh interpreter (:mod:`benchmarks.child`), one at a time, so imports count and
runs do not share caches beyond the operating system's. Usage: ``python -m benchmarks [--repeats N] ...``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.apps import write_app, write_dependency_folders

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
MODELS = ("v1", "v2")


@dataclass(frozen=True)
class Target:
    """A pass/fail goal, evaluated on the measurements."""

    name: str
    passed: bool
    detail: str


def child(*args: str) -> tuple[int, dict[str, Any]]:
    """Run ``benchmarks.child`` with ``args``; returns the wall clock at start (ns) and its JSON answer."""
    start = time.time_ns()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.child", *args], cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"benchmarks.child {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return start, json.loads(done.stdout.strip().splitlines()[-1])


def summary(samples: Sequence[float]) -> dict[str, Any]:
    """Median and minimum of ``samples`` (seconds), with the samples themselves."""
    return {"median": statistics.median(samples), "min": min(samples), "samples": list(samples)}


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "unknown")
    packages = ("pulumi", "pulumi_kubernetes", "pulumi_random", "pulumi_docker", "azure-functions")
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {name: metadata.version(name) for name in packages},
    }


def measure_program(tmp: Path, sizes: Sequence[int], repeats: int) -> list[dict[str, Any]]:
    """Program time and floor for each model and size (process start → registrations done)."""
    rows = []
    for model in MODELS:
        for size in sizes:
            app = write_app(tmp / f"{model}-{size}", size, model)
            graph = tmp / f"{model}-{size}.graph.json"
            _, recorded = child("record", str(app), str(graph))  # also warms the bytecode caches
            _, checked = child("floor", str(graph), "check")
            if not checked["identical"]:
                raise RuntimeError(f"the floor of {model}-{size} did not register the recorded graph")
            program, floor = [], []
            for _ in range(repeats):  # interleaved, so drift affects both alike
                start, result = child("program", str(app))
                program.append((result["done_ns"] - start) / 1e9)
                start, replayed = child("floor", str(graph))
                floor.append((replayed["done_ns"] - start) / 1e9)
            if replayed["resources"] != recorded["resources"]:
                raise RuntimeError(f"floor registered {replayed['resources']}, not {recorded['resources']}")
            row = {"model": model, "functions": size, "resources": recorded["resources"]}
            row |= {"program": summary(program), "floor": summary(floor)}
            row["overhead"] = row["program"]["median"] - row["floor"]["median"]
            rows.append(row)
            print(
                f"  program {model} {size:>5}: {row['program']['median']:.3f} s, floor {row['floor']['median']:.3f} s"
            )
    return rows


def measure_phases(tmp: Path, sizes: Sequence[int], repeats: int) -> list[dict[str, Any]]:
    """Where program time goes: seconds per phase (median of ``repeats`` fresh processes), per model and size.

    ``work`` is discovery + plan + registrations: the program without interpreter startup and imports, whose
    growth with the number of functions the linearity target judges.
    """
    rows = []
    for model in MODELS:
        for size in sizes:
            runs: list[dict[str, float]] = []
            for _ in range(repeats):
                start, result = child("phases", str(tmp / f"{model}-{size}"))
                marks = [("", start), *result["marks_ns"].items()]
                phases = {name: (end - begin) / 1e9 for (_, begin), (name, end) in itertools.pairwise(marks)}
                phases["work"] = phases["discovery + plan"] + phases["registrations"]
                phases["of which GC"] = result["gc_seconds"]
                phases["full GCs"] = result["collections"][2]
                runs.append(phases)
            median = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
            rows.append(
                {"model": model, "functions": size, "phases": median, "work": summary([r["work"] for r in runs])}
            )
            print(f"  phases  {model} {size:>5}: work {median['work']:.3f} s")
    return rows


def measure_discovery(
    tmp: Path, sizes: Sequence[int], repeats: int, dependency_files: int, with_deps: int
) -> dict[str, Any]:
    """``discover()`` time per app; and for the ``with_deps``-function apps, again with dependency folders."""
    plain = []
    for model in MODELS:
        for size in sizes:
            _, result = child("discover", str(tmp / f"{model}-{size}"), str(repeats))
            plain.append({"model": model, "functions": size, **summary(result["seconds"])})
    dependencies = []
    for model in MODELS:
        bare_app = tmp / f"{model}-{with_deps}"
        if not bare_app.exists():
            write_app(bare_app, with_deps, model)
        app = write_app(tmp / f"{model}-{with_deps}-deps", with_deps, model)
        files = write_dependency_folders(app, dependency_files)
        without: list[float] = []
        with_: list[float] = []
        for _ in range(2):  # interleaved fresh processes, so drift affects both alike
            _, bare = child("discover", str(bare_app), str(repeats))
            _, deps = child("discover", str(app), str(repeats))
            if deps["functions"] != bare["functions"]:
                raise RuntimeError(
                    f"{deps['functions']} functions found next to dependencies, {bare['functions']} without"
                )
            without += bare["seconds"]
            with_ += deps["seconds"]
        row = {"model": model, "functions": with_deps, "dependency_files": files}
        dependencies.append(row | {"without": summary(without), "with": summary(with_)})
    return {"apps": plain, "dependency_folders": dependencies}


def write_profiles(tmp: Path, sizes: Sequence[int], folder: Path) -> list[str]:
    """cProfile each model's ``program`` run at ``sizes`` into ``folder/program-<model>-<size>.prof``."""
    written = []
    for model in MODELS:
        for size in sizes:
            path = folder / f"program-{model}-{size}.prof"
            command = [sys.executable, "-m", "cProfile", "-o", str(path), "-m", "benchmarks.child", "program"]
            subprocess.run([*command, str(tmp / f"{model}-{size}")], cwd=REPO, capture_output=True, check=True)
            written.append(str(path))
    return written


def _wall(code: str, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def importtime(module: str) -> tuple[float, dict[str, float]]:
    """``-X importtime`` of ``module``: total seconds (sum of self times) and self seconds per top-level package."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    per_package: dict[str, float] = {}
    for match in re.finditer(r"^import time:\s+(\d+) \|\s+\d+ \| +(\S+)$", done.stderr, re.MULTILINE):
        package = match.group(2).split(".")[0]
        per_package[package] = per_package.get(package, 0.0) + int(match.group(1)) / 1e6
    return sum(per_package.values()), per_package


def measure_imports(repeats: int) -> dict[str, Any]:
    """Import cost of ``components``: ``-X importtime`` sums, and fresh-interpreter wall time over an empty one."""
    total, per_package = importtime("components")
    pulumi_total, _ = importtime("pulumi")
    empty = _wall("pass", repeats)
    return {
        "importtime_total": total,
        "importtime_pulumi": pulumi_total,
        "importtime_by_package": dict(sorted(per_package.items(), key=lambda item: -item[1])),
        "wall_components": _wall("import components", repeats) - empty,
        "wall_pulumi": _wall("import pulumi", repeats) - empty,
        "wall_empty": empty,
    }


def per_function(rows: list[dict[str, Any]], model: str, size: int) -> float:
    """Marginal work per function between the smallest app and ``size`` (seconds per function)."""
    mine = sorted((r for r in rows if r["model"] == model), key=lambda r: r["functions"])
    base, row = mine[0], next(r for r in mine if r["functions"] == size)
    extra: float = row["work"]["median"] - base["work"]["median"]
    return extra / (size - int(base["functions"]))


def evaluate(program: list[dict[str, Any]], phases: list[dict[str, Any]], discovery: dict[str, Any]) -> list[Target]:
    """The suite's targets, per model."""
    targets = []
    sizes = {r["functions"] for r in phases}
    for model in MODELS:
        rows = {r["functions"]: r for r in program if r["model"] == model}
        if 200 in rows:
            overhead = rows[200]["overhead"]
            targets.append(
                Target(f"{model}: program within 0.5 s of floor at 200", overhead <= 0.5, f"+{overhead:.3f} s")
            )
        if 1000 in rows:
            median = rows[1000]["program"]["median"]
            targets.append(Target(f"{model}: program under 2 s at 1000", median < 2.0, f"{median:.3f} s"))
        if {200, 1000} <= sizes and min(sizes) < 200:
            at_200, at_1000 = per_function(phases, model, 200), per_function(phases, model, 1000)
            ratio = at_1000 / at_200 if at_200 > 0 else float("inf")
            detail = (
                f"work {at_200 * 1e3:.2f} ms/fn at 200, {at_1000 * 1e3:.2f} ms/fn at 1000 (x{ratio:.2f}, limit x1.25)"
            )
            targets.append(Target(f"{model}: growth no worse than linear", ratio <= 1.25, detail))
    for row in discovery["dependency_folders"]:
        without, with_ = row["without"]["median"], row["with"]["median"]
        delta = with_ - without
        independent = abs(delta) < 0.020 or abs(delta) < 0.20 * without
        files = row["dependency_files"]
        detail = f"{without * 1e3:.1f} ms without, {with_ * 1e3:.1f} ms with {files} files ({delta * 1e3:+.1f} ms)"
        targets.append(Target(f"{row['model']}: discovery independent of dependency folders", independent, detail))
    return targets


def _pair(summary: dict[str, Any], scale: float = 1.0, digits: int = 3) -> str:
    """``median / min`` of a summary, scaled (1e3 for milliseconds)."""
    return f"{summary['median'] * scale:.{digits}f} / {summary['min'] * scale:.{digits}f}"


def table(results: dict[str, Any]) -> str:
    """The results as Markdown tables (what the README's Results section shows)."""
    program, phases, discovery, imports = (results[key] for key in ("program", "phases", "discovery", "imports"))
    repeats = results["config"]["repeats"]
    lines = [
        f"Program time: process start to registrations done, seconds, median / min of {repeats} fresh processes",
        "",
        "| model | functions | resources | program | floor | program - floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in program:
        lines.append(
            f"| {row['model']} | {row['functions']} | {row['resources']} | {_pair(row['program'])} "
            f"| {_pair(row['floor'])} | {row['overhead']:+.3f} |"
        )
    if phases:
        names = list(phases[0]["phases"])
        smallest = min(row["functions"] for row in phases)
        lines += ["", f"Where program time goes: seconds per phase, median of {repeats} fresh processes", ""]
        lines += ["| model | functions | " + " | ".join(names) + " | work per function (ms) |"]
        lines += ["|---|---:|" + "---:|" * (len(names) + 1)]
        for row in phases:
            cells = " | ".join(
                f"{row['phases'][name]:.3g}" if name == "full GCs" else f"{row['phases'][name]:.3f}" for name in names
            )
            size = row["functions"]
            marginal = "" if size == smallest else f"{per_function(phases, row['model'], size) * 1e3:.2f}"
            lines.append(f"| {row['model']} | {size} | {cells} | {marginal} |")
    lines += ["", "Discovery: `discover()` alone, imports excluded, ms, median / min", ""]
    lines += ["| model | functions | discovery |", "|---|---:|---:|"]
    lines += [f"| {row['model']} | {row['functions']} | {_pair(row, 1e3, 1)} |" for row in discovery["apps"]]
    lines += ["", "| model | functions | files in node_modules + .venv | without | with | difference |"]
    lines += ["|---|---:|---:|---:|---:|---:|"]
    for row in discovery["dependency_folders"]:
        delta = (row["with"]["median"] - row["without"]["median"]) * 1e3
        lines.append(
            f"| {row['model']} | {row['functions']} | {row['dependency_files']} | {_pair(row['without'], 1e3, 1)} "
            f"| {_pair(row['with'], 1e3, 1)} | {delta:+.1f} |"
        )
    top = ", ".join(
        f"{name} {seconds * 1e3:.0f}" for name, seconds in list(imports["importtime_by_package"].items())[:8]
    )
    lines += [
        "",
        "Import time, ms",
        "",
        "| measure | import components | import pulumi |",
        "|---|---:|---:|",
        f"| `-X importtime`, sum of self times | {imports['importtime_total'] * 1e3:.0f} "
        f"| {imports['importtime_pulumi'] * 1e3:.0f} |",
        f"| wall time minus an empty interpreter's ({imports['wall_empty'] * 1e3:.0f} ms) "
        f"| {imports['wall_components'] * 1e3:.0f} | {imports['wall_pulumi'] * 1e3:.0f} |",
        "",
        f"`import components`, self time by top-level package (ms): {top}",
        "",
        "| target | result | measured |",
        "|---|---|---|",
    ]
    lines += [f"| {t['name']} | {'PASS' if t['passed'] else 'FAIL'} | {t['detail']} |" for t in results["targets"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options, run every benchmark, print the tables and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per program/floor measurement")
    parser.add_argument("--sizes", default="10,100,200,1000", help="comma-separated function counts")
    parser.add_argument("--discovery-repeats", type=int, default=7, help="discover() calls per app")
    parser.add_argument("--dependency-files", type=int, default=30_000, help="files in node_modules + .venv")
    parser.add_argument("--dependency-app", type=int, default=200, help="functions of the app with dependency folders")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument("--profile", action="store_true", help="also cProfile the 200 and 1000 programs (.prof files)")
    options = parser.parse_args(argv)
    sizes = [int(size) for size in options.sizes.split(",")]
    began = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "config": vars(options) | {"output": str(options.output)}}
    with tempfile.TemporaryDirectory(prefix="functions-keda-bench-") as tmp:
        print("Program time and floor...")
        results["program"] = measure_program(Path(tmp), sizes, options.repeats)
        print("Phases...")
        results["phases"] = measure_phases(Path(tmp), sizes, options.repeats)
        print("Discovery...")
        results["discovery"] = measure_discovery(
            Path(tmp), sizes, options.discovery_repeats, options.dependency_files, options.dependency_app
        )
        if options.profile:
            options.output.parent.mkdir(parents=True, exist_ok=True)
            profiled = [size for size in sizes if size in (200, 1000)]
            results["profiles"] = write_profiles(Path(tmp), profiled, options.output.parent)
    print("Imports...")
    results["imports"] = measure_imports(options.repeats)
    results["targets"] = [vars(t) for t in evaluate(results["program"], results["phases"], results["discovery"])]
    results["seconds"] = time.perf_counter() - began
    info = results["machine"]
    print(f"\nMachine: {info['nproc']} CPUs, {info['cpu']}, Python {info['python']}, {info['platform']}\n")
    print(table(results))
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(results, indent=2) + "\n")
    for path in results.get("profiles", []):
        print(f"Profile: {path} (read with: python -m pstats {path})")
    print(f"\nWrote {options.output} ({results['seconds']:.0f} s)")
