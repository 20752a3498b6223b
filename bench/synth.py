"""Synth time of the foundation, cold and warm.

Each measurement is a fresh Python process, as `sluicegate synth` is, that imports
the foundation and calls ``write()`` on the example platform twice:
  cold  - with a new, empty jsii cache folder, so jsii unpacks cdktn and the Google
          provider's bindings first (what the first run on a machine pays);
  warm  - the same cache folder again (every later run);
  again - the second ``write()`` in a warm process (what a test session pays per
          scenario after the first).
Then the synthesis cache (``sluicegate.foundation.cache.write``, what a plan calls),
each a fresh process with a warm jsii cache:
  miss  - an empty synthesis cache: synthesize and store;
  hit   - the same cache again: check the entry and copy it out, no node started;
and the ratio miss / hit.
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

# The same, through the synthesis cache in folder argv[2]; says whether it was a hit.
CACHE_CHILD = """
import json, sys, tempfile, time
from pathlib import Path
started = time.perf_counter()
from sluicegate import spec
from sluicegate.foundation import cache
imported = time.perf_counter()
platform = spec.load(sys.argv[1])
folder = Path(sys.argv[2])
hit = (folder / cache.key(platform)).is_dir()
with tempfile.TemporaryDirectory() as out:
    count = cache.write(platform, Path(out), cache_dir=folder)
done = time.perf_counter()
print(json.dumps({"import": imported - started, "synth": done - imported, "hit": hit,
                  "node": "cdktn" in sys.modules, "resources": count}))
"""


def measure(spec: Path, cache: Path, child: str = CHILD, *args: str) -> dict:
    """Timings of one child process using jsii cache folder ``cache``; adds its wall time."""
    env = {**os.environ, "JSII_RUNTIME_PACKAGE_CACHE_ROOT": str(cache)}
    started = time.perf_counter()
    command = [sys.executable, "-c", child, str(spec), *args]
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"synth failed:\n{run.stderr}")
    return {**json.loads(run.stdout.strip().splitlines()[-1]), "process": wall}


def main() -> None:
    """Print cold and warm synth times, then synthesis-cache miss and hit times and their
    ratio (medians over ``--repeats`` runs)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=REPO)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    cold, warm, miss, hit = [], [], [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="jsii-cold-") as cache:
            cold.append(measure(args.spec, Path(cache)))
            warm.append(measure(args.spec, Path(cache)))
            with tempfile.TemporaryDirectory(prefix="synth-cache-") as store:
                miss.append(measure(args.spec, Path(cache), CACHE_CHILD, store))
                hit.append(measure(args.spec, Path(cache), CACHE_CHILD, store))
    if any(r["hit"] for r in miss) or not all(r["hit"] and not r["node"] for r in hit):
        sys.exit("synthesis cache: a miss found an entry, or a hit synthesized or started node")

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    print(
        f"foundation synth of {args.spec}: {cold[0]['resources']} resources, "
        f"median of {args.repeats} run(s), seconds"
    )
    print(f"  {'':<24}{'process':>9}{'import':>9}{'synth':>9}")
    rows = (
        ("cold (empty jsii cache)", cold),
        ("warm (cache reused)", warm),
        ("cache miss (stored)", miss),
        ("cache hit (copied)", hit),
    )
    for label, runs in rows:
        print(
            f"  {label:<24}{median(runs, 'process'):>9.1f}{median(runs, 'import'):>9.1f}"
            f"{median(runs, 'synth'):>9.2f}"
        )
    print(f"  {'again (same process)':<24}{'':>18}{median(warm, 'again'):>9.1f}")
    print(
        f"  synthesis cache, miss / hit: {median(miss, 'process') / median(hit, 'process'):.1f}x "
        f"per process, {median(miss, 'synth') / median(hit, 'synth'):.0f}x in the write "
        "(import, then synth or copy, in a plan's process)"
    )


if __name__ == "__main__":
    main()
