"""Time of the platform program under mocks (what `sluicegate plan` runs for the
platform layer) for platforms of 10, 100 and 1,000 teams.

Specs are generated in a temporary folder: the example's platform.yaml with N
teams, each asking for the example's first GPU type. Every size runs in this one
process, one after the other, as the tests do; the first run also pays for
warming Pulumi up and is reported apart. Usage: python bench/platform.py [TEAMS ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder is first on sys.path, where this file's name
# would shadow the standard library's `platform` (which pydantic imports).
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import yaml  # noqa: E402

from sluicegate import spec  # noqa: E402
from sluicegate.platform import write  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def make_spec(root: Path, teams: int) -> Path:
    """The example platform with ``teams`` generated teams, written under ``root``."""
    platform = yaml.safe_load((REPO / "platform.yaml").read_text())
    gpu_type = platform["cluster"]["gpu_pools"][0]["gpu_type"]
    (root / "teams").mkdir(parents=True)
    (root / "platform.yaml").write_text(yaml.safe_dump(platform))
    for i in range(teams):
        name = f"team-{i:04d}"
        team = {
            "name": name,
            "owners": [f"owner{i}@acme.example"],
            "data_classification": "pii" if i % 2 else "internal",
            "gpu_quota": i % 3,
            "gpu_types": [gpu_type],
        }
        (root / "teams" / f"{name}.yaml").write_text(yaml.safe_dump(team))
    return root


def measure(teams: int, work: Path) -> tuple[int, float, float]:
    """(resources, seconds to load the spec, seconds to run the program and write graph.json)."""
    root = make_spec(work / f"p{teams}", teams)
    started = time.perf_counter()
    platform = spec.load(root)
    loaded = time.perf_counter()
    count = write(platform, root)
    return count, loaded - started, time.perf_counter() - loaded


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        count, _, seconds = measure(0, work)
        print(f"warm-up (0 teams): {count} resources in {seconds:.2f} s")
        print(f"{'teams':>6} {'resources':>10} {'load s':>7} {'program s':>10} {'ms/resource':>12}")
        for teams in sizes:
            count, load, seconds = measure(teams, work)
            print(
                f"{teams:>6} {count:>10} {load:>7.2f} {seconds:>10.2f} {1000 * seconds / count:>12.1f}",
                flush=True,
            )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 1000])
