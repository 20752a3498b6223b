"""Hydration of the example platform: wall time and the size of the tree it writes.

From the upstream cache (``--upstream``, else ``$SLUICEGATE_UPSTREAM``, else
``.cache/upstream``) it times, ``--repeats`` times each (medians printed):
  verify  - ``upstream.verify`` of the cache (digests when it has no markers);
  stage   - copying what the components need and rewriting remote bases;
  hydrate - the whole ``hydrate`` (stage, every kustomize build, parsing, the
            CMEK overlay) with 1 and with 2 concurrent builds;
  write   - ``write_hydrated`` (sorting and dumping every object);
  kit     - ``tree.hydrated`` (hydrate plus every overlay) without the hydration
            cache, then from it (a hit), and their ratio;
then prints the objects and bytes per component and in total.
Usage: python bench/hydrate.py [--upstream DIR] [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def timed(repeats: int, step) -> tuple[float, object]:
    """Median wall seconds of ``repeats`` calls of ``step`` and its last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    """Print hydration timings and tree size for the example platform."""
    from sluicegate import spec, upstream
    from sluicegate.gitops import hydrate as hy

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    platform = spec.load(REPO)
    cache = upstream.locate(args.upstream)
    parts = hy.components(platform)

    def stage() -> None:
        with hy.staged(cache, parts):
            pass

    verify, _ = timed(args.repeats, lambda: upstream.verify(cache))
    staging, _ = timed(args.repeats, stage)
    print(f"cache {cache}: verify {verify:.2f} s, stage {staging:.2f} s")
    result = None
    for workers in (1, 2):
        seconds, result = timed(
            args.repeats,
            lambda w=workers: hy.hydrate(
                platform, cache, overlays=[hy.cmek_storage_class], workers=w
            ),
        )
        print(f"hydrate, {workers} concurrent build(s): {seconds:.2f} s (median of {args.repeats})")
    with tempfile.TemporaryDirectory() as out:
        writing, count = timed(args.repeats, lambda: hy.write_hydrated(result, Path(out)))
        files = sorted((Path(out) / hy.HYDRATED).glob(f"*/{hy.MANIFESTS}"))
        sizes = {p.parent.name: p.stat().st_size for p in files}
    print(f"write {writing:.2f} s")
    from sluicegate.gitops import tree

    with tempfile.TemporaryDirectory() as caches:
        os.environ["SLUICEGATE_CACHE"] = caches
        cold, _ = timed(1, lambda: tree.hydrated(platform, cache))
        warm, _ = timed(args.repeats, lambda: tree.hydrated(platform, cache))
    print(f"kit hydration: cold {cold:.2f} s, cached {warm:.2f} s (x{warm / cold:.2f})")
    print(f"{'component':<34}{'objects':>8}{'bytes':>11}")
    for name, objects in result.items():
        print(f"{name:<34}{len(objects):>8}{sizes[name]:>11,}")
    print(f"{'total':<34}{count:>8}{sum(sizes.values()):>11,}")


if __name__ == "__main__":
    main()
