"""Wall time of `sluicegate audit` over plans of about 1,000 and 10,000 resources.

The example platform is planned once (every layer, offline); larger plans are made
from it by cloning the `onco` team (its graph resources, its manifests and its spec
entry) under new names, so every resource is one a real plan would have and the
audit stays clean. Each size is audited in a fresh process, cold (rules compiled) and
then again warm (compiled bundle reused). Usage: python bench/audit.py [RESOURCES ...]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Runs in a fresh interpreter: times artifact loading, evaluation and reports together.
_MEASURE = """
import json, sys, time
from pathlib import Path
from sluicegate.policy import audit
from sluicegate.policy.artifacts import load
out = Path(sys.argv[1])
times = []
for _ in range(2):
    started = time.perf_counter()
    result = audit(out)
    times.append(time.perf_counter() - started)
print(json.dumps({"resources": load(out).resource_count, "cold": times[0], "warm": times[1],
                  "controls": result.controls_total, "findings": len(result.findings),
                  "failed": sorted({f.control_id for f in result.findings})}))
"""


def plan_example(dest: Path) -> Path:
    from sluicegate import plan, spec

    out = dest / "example"
    plan.run(spec.load(REPO), out)
    return out


def grow(example: Path, dest: Path, target: int) -> Path:
    """A copy of `example` with clones of team onco until it holds about `target` resources."""
    from sluicegate.policy.artifacts import load

    out = dest / f"out-{target}"
    shutil.copytree(example, out)
    base = load(out).resource_count
    graph = json.loads((out / "platform/graph.json").read_text())
    spec = json.loads((out / "spec.json").read_text())
    team_res = [r for r in graph["resources"] if "onco" in r["urn"]]
    team_spec = next(t for t in spec["teams"] if t["name"] == "onco")
    manifests = sorted((out / "manifests/teams/onco").glob("*.yaml"))
    per_team = len(team_res) + sum(
        1 for p in manifests for d in p.read_text().split("\n---") if "apiVersion:" in d
    )
    clones = max(0, (target - base) // per_team)
    for i in range(clones):
        name = f"t{i:05d}"
        graph["resources"] += json.loads(json.dumps(team_res).replace("onco", name))
        spec["teams"].append(json.loads(json.dumps(team_spec).replace("onco", name)))
        folder = out / "manifests/teams" / name
        folder.mkdir()
        for p in manifests:
            (folder / p.name).write_text(p.read_text().replace("onco", name))
    (out / "platform/graph.json").write_text(json.dumps(graph))
    (out / "spec.json").write_text(json.dumps(spec))
    return out


def measure(out: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", _MEASURE, str(out)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main(targets: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        example = plan_example(work)
        print(f"{'resources':>10} {'cold s':>8} {'warm s':>8} {'controls':>9} {'findings':>9}  failed")
        for target in targets:
            row = measure(grow(example, work, target))
            print(f"{row['resources']:>10} {row['cold']:>8.2f} {row['warm']:>8.2f} "
                  f"{row['controls']:>9} {row['findings']:>9}  {' '.join(row['failed'])}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000])
