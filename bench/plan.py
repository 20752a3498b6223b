"""Wall time and peak memory of `sluicegate plan` for platforms of 10, 100 and 1,000 teams.

Each plan runs as its own `sluicegate plan` process, as a user would run it; peak
memory is the largest resident set of that process and its children (the CDK
Terrain synth runs in node). Usage: python bench/plan.py [TEAMS ...]
"""

from __future__ import annotations

import json
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


def run(teams: int, work: Path) -> dict:
    root = make_platform(work / f"p{teams}", teams)
    sluicegate = str(Path(sys.executable).with_name("sluicegate"))
    cmd = [sys.executable, "-c", _MEASURE, sluicegate, "plan", "--spec", str(root), "--out", str(root / "out")]
    code, seconds, peak_kib = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    graph = json.loads((root / "out" / "platform" / "graph.json").read_text())
    return {
        "teams": teams,
        "exit": int(code),
        "seconds": float(seconds),
        "peak_mib": int(peak_kib) / 1024,
        "pulumi_resources": len(graph["resources"]),
    }


def main(sizes: list[int]) -> None:
    print(f"{'teams':>6} {'exit':>4} {'wall s':>8} {'peak MiB':>9} {'pulumi resources':>17}")
    with tempfile.TemporaryDirectory() as work:
        for teams in sizes:
            r = run(teams, Path(work))
            print(
                f"{r['teams']:>6} {r['exit']:>4} {r['seconds']:>8.1f} {r['peak_mib']:>9.0f} "
                f"{r['pulumi_resources']:>17}",
                flush=True,
            )


if __name__ == "__main__":
    started = time.perf_counter()
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
    print(f"total {time.perf_counter() - started:.1f} s")
