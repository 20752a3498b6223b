"""Synth time of the foundation, cold and warm.

Each measurement is a fresh Python process, as `sluicegate synth` is, that imports
the foundation and calls ``write()`` on the example platform twice:
  cold  - with a new, empty jsii cache folder, so jsii unpacks cdktn and the Google
          provider's bindings first (what the first run on a machine pays);
  warm  - the same cache folder again (every later run);
  again - the second ``write()`` in a warm process (what a test session pays per
          scenario after the first).
Usage: python bench/synth.py [--spec PATH] [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Run in the child process; prints its timings as one JSON line.
CHILD = """
import json, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
from sluicegate import spec
from sluicegate.foundation import write
imported = time.perf_counter()
platform = spec.load(sys.argv[1])
with tempfile.TemporaryDirectory() as out:
    count = write(platform, Path(out))
    first = time.perf_counter()
    write(platform, Path(out))
    second = time.perf_counter()
print(json.dumps({"import": imported - started, "synth": first - imported,
                  "again": second - first, "resources": count}))
"""


def measure(spec: Path, cache: Path) -> dict:
    """Timings of one child process using jsii cache folder ``cache``; adds its wall time."""
    env = {**os.environ, "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(cache)}
    started = time.perf_counter()
    command = [sys.executable, "-c", CHILD, str(spec)]
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"synth failed:\n{run.stderr}")
    return {**json.loads(run.stdout.strip().splitlines()[-1]), "process": wall}


def main() -> None:
    """Print cold and warm synth times (medians over ``--repeats`` runs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=REPO)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    cold, warm = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="jsii-cold-") as cache:
            cold.append(measure(args.spec, Path(cache)))
            warm.append(measure(args.spec, Path(cache)))

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(
        f"foundation synth of {args.spec}: {cold[0]['resources']} resources, "
        f"median of {args.repeats} run(s), seconds"
    )
    print(f"  {'':<24}{'process':>9}{'import':>9}{'synth':>9}")
    for label, runs in (("cold (empty jsii cache)", cold), ("warm (cache reused)", warm)):
        print(
            f"  {label:<24}{median(runs, 'process'):>9.1f}{median(runs, 'import'):>9.1f}"
            f"{median(runs, 'synth'):>9.1f}"
        )
    print(f"  {'again (same process)':<24}{'':>18}{median(warm, 'again'):>9.1f}")


if __name__ == "__main__":
    main()
