"""Wall time of `sluicegate audit` against Checkov over the same artifacts.

For the example platform and for generated platforms of 100 and 1,000 teams (made as
`bench/plan.py` makes them), the layers are built offline into OUT (no audit; the
manifests layer hydrates Kubeflow and Gatekeeper from the upstream cache), then, in the
same run, `sluicegate audit OUT` and Checkov (`terraform_json` over OUT/foundation plus
`kubernetes` over OUT/manifests, the two runs a platform team would gate on) are timed
as processes. The audit runs with its cache off (every part evaluated: what Checkov
does), then again with a cache it filled (an unchanged plan audited again).

Usage: python bench/audit.py [--repeats N] [TEAMS ...]   (0 is the example platform);
each figure is the median of N rounds (3), an audit and Checkov in each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _platforms import REPO, make_platform

# The layers without the audit, in a fresh interpreter.
_BUILD = """
import sys
from pathlib import Path
from sluicegate import plan, spec, upstream
platform = spec.load(Path(sys.argv[1]))
out = Path(sys.argv[2])
out.mkdir(parents=True)
plan.write_spec(platform, out)
plan.write_stages(platform, out)
ctx = plan.Context(upstream=upstream.locate(None))
for layer in plan.LAYERS:
    (out / layer.folder).mkdir()
    layer.writer()(platform, out / layer.folder, ctx)
"""


def _seconds(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - started


def build(teams: int, work: Path) -> Path:
    root = REPO if teams == 0 else make_platform(work / f"p{teams}", teams)
    out = work / f"out{teams}"
    subprocess.run([sys.executable, "-c", _BUILD, str(root), str(out)], check=True, capture_output=True)
    return out


def measure(out: Path, repeats: int) -> dict:
    """Medians over ``repeats`` rounds, each an audit and then Checkov, so that a change in
    the machine's load falls on both; the ratio is each round's, its median and range."""
    bin_dir = Path(sys.executable).parent
    cmd = [str(bin_dir / "sluicegate"), "audit", str(out), "--format", "json"]
    checkov = str(bin_dir / "checkov")
    quiet = ["--skip-download", "-o", "json", "--quiet"]
    rounds = []
    for _ in range(repeats):
        audit = _seconds(cmd, {**os.environ, "SLUICEGATE_CACHE": "off"})
        with tempfile.TemporaryDirectory() as caches:
            cached = {**os.environ, "SLUICEGATE_CACHE": caches}
            _seconds(cmd, cached)
            again = _seconds(cmd, cached)
        tf = _seconds([checkov, "-d", str(out / "foundation"), "--framework", "terraform_json", *quiet])
        k8s = _seconds([checkov, "-d", str(out / "manifests"), "--framework", "kubernetes", *quiet])
        rounds.append({"audit": audit, "again": again, "checkov": tf + k8s, "ratio": audit / (tf + k8s)})
    row = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
    ratios = [r["ratio"] for r in rounds]
    return {**row, "low": min(ratios), "high": max(ratios)}


def main(sizes: list[int], repeats: int) -> None:
    print(f"median of {repeats} rounds, seconds; the ratio is per round (median, range)")
    print(f"{'teams':>7} {'audit s':>8} {'again s':>8} {'checkov s':>9} {'audit/checkov':>13} {'range':>11}")
    with tempfile.TemporaryDirectory() as work:
        for teams in sizes:
            row = measure(build(teams, Path(work)), repeats)
            label = "example" if teams == 0 else str(teams)
            print(
                f"{label:>7} {row['audit']:>8.2f} {row['again']:>8.2f} {row['checkov']:>9.2f} "
                f"{row['ratio']:>13.2f} {row['low']:>5.2f}–{row['high']:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("teams", nargs="*", type=int, default=[0, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    main(args.teams, args.repeats)
