"""Wall time and peak memory of `sluicegate plan` for platforms of 10, 100 and 1,000 teams.

Each plan runs as its own `sluicegate plan` process, as a user would run it; peak
memory is the largest resident set of that process and its children (the CDK
Terrain synth runs in node). Each size is planned twice with its own cache folder
(``SLUICEGATE_CACHE``): cold (empty caches: the tree is hydrated and the foundation
synthesized) and warm (the same plan again: both come from the caches), and the
ratios between sizes are printed for both. Usage: python bench/plan.py [TEAMS ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _platforms import make_platform

# Runs in a fresh interpreter so RUSAGE_CHILDREN holds only this plan's processes.
_MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - started
peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{code} {seconds:.3f} {peak_kib}")
"""


def run(teams: int, work: Path, caches: Path) -> dict:
    root = make_platform(work / f"p{teams}", teams)
    sluicegate = str(Path(sys.executable).with_name("sluicegate"))
    cmd = [sys.executable, "-c", _MEASURE, sluicegate, "plan", "--spec", str(root), "--out", str(root / "out")]
    env = {**os.environ, "SLUICEGATE_CACHE": str(caches)}
    code, seconds, peak_kib = subprocess.run(
        cmd, capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    graph = json.loads((root / "out" / "platform" / "graph.json").read_text())
    return {
        "teams": teams,
        "exit": int(code),
        "seconds": float(seconds),
        "peak_mib": int(peak_kib) / 1024,
        "pulumi_resources": len(graph["resources"]),
    }


def main(sizes: list[int]) -> None:
    print(f"{'teams':>6} {'caches':>6} {'exit':>4} {'wall s':>8} {'peak MiB':>9} {'pulumi resources':>17}")
    seconds: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as work:
        for teams in sizes:
            caches = Path(work) / f"cache{teams}"
            for state in ("cold", "warm"):
                r = run(teams, Path(work), caches)
                seconds[state, teams] = r["seconds"]
                print(
                    f"{r['teams']:>6} {state:>6} {r['exit']:>4} {r['seconds']:>8.1f} "
                    f"{r['peak_mib']:>9.0f} {r['pulumi_resources']:>17}",
                    flush=True,
                )
    for small, large in zip(sizes, sizes[1:]):
        ratios = ", ".join(
            f"{state} x{seconds[state, large] / seconds[state, small]:.2f}" for state in ("cold", "warm")
        )
        print(f"t({large}) / t({small}): {ratios}")


if __name__ == "__main__":
    started = time.perf_counter()
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
    print(f"total {time.perf_counter() - started:.1f} s")
