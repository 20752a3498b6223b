"""Redaction throughput in lines per second, on synthetic clinical-log lines.

Lines come from the corpus generator (seed 1, not the committed corpus's seed),
so every line holds personal data to find. Timing covers finding and masking,
not generating. Usage: python bench/redaction.py [--lines 100000] [--engine rules]
"""

from __future__ import annotations

import argparse
import json
import platform
import time

from rich.console import Console
from rich.progress import Progress

from sluicegate.redaction import engines, mask
from sluicegate.redaction.generate import generate


def run(lines: int, engine_name: str) -> dict:
    """Redact ``lines`` generated lines with ``engine_name``; return the measurements."""
    texts = [example.text for example in generate(lines, seed=1)]
    engine = engines.get(engine_name)
    engine.find(texts[0])  # load lazily built state outside the timed loop
    spans = 0
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"{engine_name}", total=lines)
        start = time.perf_counter()
        # Model engines batch texts through spaCy (find_many); rule engines go one by one.
        finder = getattr(engine, "find_many", None)
        results = finder(texts) if finder else map(engine.find, texts)
        for i, (text, found) in enumerate(zip(texts, results, strict=True), start=1):
            mask(text, found)
            spans += len(found)
            if i % 1000 == 0:
                progress.update(task, completed=i)
        seconds = time.perf_counter() - start
    return {
        "engine": engine_name,
        "lines": lines,
        "chars": sum(map(len, texts)),
        "spans": spans,
        "seconds": round(seconds, 2),
        "lines_per_second": round(lines / seconds),
        "python": platform.python_version(),
    }


def main() -> None:
    """Parse arguments, run once, print the result as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--engine", default=engines.DEFAULT_ENGINE)
    args = parser.parse_args()
    print(json.dumps(run(args.lines, args.engine)))


if __name__ == "__main__":
    main()
