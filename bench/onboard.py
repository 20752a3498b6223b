"""Wall time of `sluicegate onboard` on platforms of 2 (the example), 10, 100 and 1,000 teams.

For each size it times, as separate `sluicegate onboard` processes a user would run:
a new team, the same command again (the idempotent no-op), an `--update`, and a
new team with `--scaffold`; and the library call alone (`onboard()` in this
process, warm imports), which is what a platform team's script pays per team.
Usage: python bench/onboard.py [--repeats N] [TEAMS ...]; each figure is the median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

import _platforms  # noqa: F401 - keeps compiled bytecode, as a user's Python does
from sluicegate import spec
from sluicegate.onboarding import OnboardRequest, onboard

REPO = Path(__file__).resolve().parents[1]


def make_platform(root: Path, teams: int) -> Path:
    """The example platform plus generated teams up to ``teams`` in all."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "platform.yaml", root / "platform.yaml")
    shutil.copytree(REPO / "teams", root / "teams")
    if (REPO / "manifests").is_dir():
        shutil.copytree(REPO / "manifests", root / "manifests")
    gpu = spec.load(root).cluster.gpu_pools[0].gpu_type
    for i in range(teams - len(list((root / "teams").glob("*.yaml")))):
        name = f"team-{i:04d}"
        data = {"name": name, "owners": [f"owner{i}@acme.example"],
                "data_classification": "pii" if i % 2 else "internal",
                "gpu_quota": i % 2, "gpu_types": [gpu]}
        (root / "teams" / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    # Start from a committed-looking state: manifests rendered for the teams on disk, and
    # the caches of the plan the platform team ran last (each onboarding is measured from
    # there; the first plan of a platform is bench/plan.py's cold figure).
    subprocess.run([sys.executable, "-m", "sluicegate.cli", "render", "--spec", str(root)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "sluicegate.cli", "plan", "--spec", str(root),
                    "--out", str(root.parent / f"{root.name}-plan")], check=True, capture_output=True)
    return root


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "sluicegate.cli", *args]
    proc = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"sluicegate {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return seconds


def bench(teams: int, work: Path, repeats: int) -> dict[str, float]:
    # Caches of this run's own (SLUICEGATE_CACHE), filled by the platform's plan: with the
    # current folder's .cache, a second run of this script found the graph, renders and
    # audit of its "new" teams (the same names and owners) from the first, and timed a
    # 100-team onboarding at 1.8 s instead of 4.0 s.
    os.environ["SLUICEGATE_CACHE"] = str(work / f"cache-{teams}")
    root = make_platform(work / f"p{teams}", teams)
    base = ["onboard", "--spec", str(root)]
    kinds = ("new", "again", "update", "scaffold", "library")
    times: dict[str, list[float]] = {kind: [] for kind in kinds}

    def owner(team: str) -> list[str]:
        # Each new team brings a new owner, as on a real platform: the perimeter lets in
        # one member more.
        return ["--owner", f"{team}.owner@acme.example"]

    for r in range(repeats):
        team = f"bench-{r}"
        times["new"].append(timed([*base, "--team", team, *owner(team)]))
        times["again"].append(timed([*base, "--team", team, *owner(team)]))
        times["update"].append(timed([*base, "--team", team, *owner(team), "--gpu-quota", "0",
                                      "--update", "--data-classification", "internal"]))
        times["scaffold"].append(timed([*base, "--team", f"{team}-s", *owner(f"{team}-s"),
                                        "--scaffold", str(work / f"repo-{teams}-{r}")]))
        started = time.perf_counter()
        onboard(root, OnboardRequest(team=f"{team}-lib", owners=(f"{team}-lib.owner@acme.example",)))
        times["library"].append(time.perf_counter() - started)
    return {k: statistics.median(v) for k, v in times.items()}


def main(sizes: list[int], repeats: int) -> None:
    print(f"median of {repeats} runs, seconds")
    print(f"{'teams':>6} {'new':>7} {'again':>7} {'update':>7} {'scaffold':>9} {'library':>8}")
    with tempfile.TemporaryDirectory() as work:
        for teams in sizes:
            r = bench(teams, Path(work), repeats)
            print(f"{teams:>6} {r['new']:>7.2f} {r['again']:>7.2f} {r['update']:>7.2f} "
                  f"{r['scaffold']:>9.2f} {r['library']:>8.2f}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("teams", type=int, nargs="*", default=[2, 10, 100, 1000])
    args = parser.parse_args()
    started = time.perf_counter()
    main(args.teams, args.repeats)
    print(f"total {time.perf_counter() - started:.1f} s")
