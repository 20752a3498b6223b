"""Redaction throughput in lines per second, on synthetic clinical-log lines.

Lines come from the corpus generator (seed 1, not the committed corpus's seed),
so every line holds personal data to find. Timing covers finding and masking,
not generating. Three paths, each printed as one JSON line:

- ``batch``: ``engines.find_many`` then ``mask`` in memory (spaCy's ``nlp.pipe``
  for the model engines);
- ``component``: ``files.redact_file`` over a JSON-lines file, which is what the
  pipeline step ``redact_and_gate`` runs after the gate passes (read, batch,
  mask, write);
- ``single``: ``engine.find`` one line at a time, for comparison (``--single``);
- ``processes``: with ``--processes N``, ``files.redact_file`` in N processes at
  once, each on its own shard of the file, as a pipeline runs N redaction steps
  over N shards on N cores; wall-clock lines/s is the figure (each process loads
  its own model, outside the timed part).

Usage: python bench/redaction.py [--lines 100000] [--engine hybrid] [--single] [--processes 2]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sluicegate.redaction import engines, mask
from sluicegate.redaction.files import redact_file
from sluicegate.redaction.generate import generate


def _timed(path: str, engine_name: str, lines: int, run: Callable[[], int]) -> dict:
    start, cpu_start = time.perf_counter(), time.process_time()
    spans = run()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    load = os.getloadavg()[0]
    return {
        "path": path,
        "engine": engine_name,
        "lines": lines,
        "spans": spans,
        "seconds": round(seconds, 2),
        "lines_per_second": round(lines / seconds),
        # CPU time of this process (all its threads): the figure a shared machine
        # distorts least; wall-clock lines/s falls with the load average.
        "cpu_seconds": round(cpu, 2),
        "lines_per_cpu_second": round(lines / cpu),
        "load_average": round(load, 2),
        "python": platform.python_version(),
    }


def run(lines: int, engine_name: str, single: bool = False) -> list[dict]:
    """Redact ``lines`` generated lines with ``engine_name`` by each path."""
    texts = [example.text for example in generate(lines, seed=1)]
    engine = engines.get(engine_name)
    engine.find(texts[0])  # load lazily built state outside the timed loop

    def batch() -> int:
        spans = 0
        for text, found in zip(texts, engines.find_many(engine, texts), strict=True):
            mask(text, found)
            spans += len(found)
        return spans

    def one_by_one() -> int:
        spans = 0
        for text in texts:
            found = engine.find(text)
            mask(text, found)
            spans += len(found)
        return spans

    results = [_timed("batch", engine_name, lines, batch)]
    with tempfile.TemporaryDirectory() as tmp:
        source, destination = Path(tmp, "in.jsonl"), Path(tmp, "out.jsonl")
        source.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)),
            encoding="utf-8",
        )
        results.append(_timed(
            "component", engine_name, lines,
            lambda: sum(redact_file(source, destination, engine).spans.values()),
        ))
    if single:
        results.append(_timed("single", engine_name, lines, one_by_one))
    return results


def _shard_worker(engine_name: str, source: str, destination: str, ready, go, done) -> None:
    engine = engines.get(engine_name)
    engine.find("warm up")  # load the model before the clock starts
    ready.put(os.getpid())
    go.wait()
    cpu_start = time.process_time()
    spans = sum(redact_file(source, destination, engine).spans.values())
    done.put((spans, time.process_time() - cpu_start))


def run_processes(lines: int, engine_name: str, processes: int) -> dict:
    """``redact_file`` over ``processes`` shards of ``lines`` lines at once."""
    texts = [example.text for example in generate(lines, seed=1)]
    context = multiprocessing.get_context("spawn")
    ready, done, go = context.Queue(), context.Queue(), context.Event()
    with tempfile.TemporaryDirectory() as tmp:
        workers = []
        for shard in range(processes):
            source = Path(tmp, f"in{shard}.jsonl")
            source.write_text("".join(
                json.dumps({"id": i, "text": t}) + "\n"
                for i, t in enumerate(texts) if i % processes == shard
            ), encoding="utf-8")
            worker = context.Process(target=_shard_worker, args=(
                engine_name, str(source), str(Path(tmp, f"out{shard}.jsonl")), ready, go, done))
            worker.start()
            workers.append(worker)
        for _ in workers:
            ready.get()
        start = time.perf_counter()
        go.set()
        results = [done.get() for _ in workers]
        seconds = time.perf_counter() - start
        for worker in workers:
            worker.join()
    cpu = sum(c for _, c in results)
    return {
        "path": f"component x{processes} processes",
        "engine": engine_name,
        "lines": lines,
        "spans": sum(s for s, _ in results),
        "seconds": round(seconds, 2),
        "lines_per_second": round(lines / seconds),
        "cpu_seconds": round(cpu, 2),
        "lines_per_cpu_second": round(lines / cpu),
        "load_average": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


def main() -> None:
    """Parse arguments, run each path once, print one JSON line per path."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--engine", default=engines.DEFAULT_ENGINE)
    parser.add_argument("--single", action="store_true", help="also time one line at a time")
    parser.add_argument(
        "--processes", type=int, default=0,
        help="also time redact_file in this many processes at once, one shard each",
    )
    args = parser.parse_args()
    for result in run(args.lines, args.engine, args.single):
        print(json.dumps(result))
    if args.processes:
        print(json.dumps(run_processes(args.lines, args.engine, args.processes)))


if __name__ == "__main__":
    main()
