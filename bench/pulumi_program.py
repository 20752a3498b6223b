"""Time of the platform program under mocks (what `sluicegate plan` runs for the
platform layer) for platforms of 10, 100 and 1,000 teams.

Specs are generated in a temporary folder: the example's platform.yaml with N
teams, each asking for the example's first GPU type. Every size runs in this one
process, one after the other, as the tests do; the first run also pays for
warming Pulumi up and is reported apart. Usage: python bench/pulumi_program.py [TEAMS ...]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from _platforms import make_platform

from sluicegate import spec
from sluicegate.platform import write


def measure(teams: int, work: Path) -> tuple[int, float, float]:
    """(resources, seconds to load the spec, seconds to run the program and write graph.json)."""
    root = make_platform(work / f"p{teams}", teams)
    started = time.perf_counter()
    platform = spec.load(root)
    loaded = time.perf_counter()
    # The root Application's pin does not change the program's work.
    count = write(platform, root, gitops_revision="sha256:" + "0" * 64)
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
