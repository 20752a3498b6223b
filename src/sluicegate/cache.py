"""Content-addressed caches of work a plan would otherwise repeat, under ``.cache/``.

An entry is one JSON file named after the SHA-256 of everything its value depends on
(the caller's key material), holding the value and the SHA-256 of its text. ``load``
returns the value only when the file reads back whole and its checksum matches;
anything else (missing, truncated, edited) is a miss, and the file is removed.
``store`` writes a temporary file beside the entry and renames it into place, so an
entry appears whole or not at all, and two plans that race both succeed. A cache that
cannot be read or written never fails a plan: the work is done again.

The caches live in ``$SLUICEGATE_CACHE``, else ``.cache`` below the current directory
(beside ``.cache/upstream``); ``SLUICEGATE_CACHE=off`` turns them off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ENV = "SLUICEGATE_CACHE"
OFF = "off"
DEFAULT_ROOT = Path(".cache")
# Entries kept per cache after a store, newest first.
KEEP = 8


def folder(name: str, *, environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """The folder of cache ``name``; ``None`` when caching is off."""
    env = os.environ if environ is None else environ
    root = env.get(ENV, "").strip()
    if root.lower() == OFF:
        return None
    return (Path(root) if root else (cwd or Path.cwd()) / DEFAULT_ROOT) / name


def canonical(material: Any) -> str:
    """``material`` (JSON-encodable) as canonical JSON: sorted keys, no spaces."""
    return json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def key(material: Any) -> str:
    """The SHA-256 of ``material`` (JSON-encodable) in canonical JSON."""
    return hashlib.sha256(canonical(material).encode()).hexdigest()


def fill_in(node: Any, placeholder: Any, value: Any) -> Any:
    """``node`` (JSON data) with every part equal to ``placeholder`` replaced by
    ``value``: how a cached result built with a placeholder gets the real value."""
    if node == placeholder:
        return value
    if isinstance(node, dict):
        return {k: fill_in(v, placeholder, value) for k, v in node.items()}
    if isinstance(node, list):
        return [fill_in(v, placeholder, value) for v in node]
    return node


def package_versions(names: Iterable[str]) -> dict[str, str]:
    """The installed version of each distribution in ``names`` ("absent" if it is not)."""
    from importlib import metadata

    versions = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def sources_digest(package: Path, names: Iterable[str]) -> str:
    """``files_digest`` of the code and data a cached step reads: each of ``names`` below
    ``package`` (a ``.py`` file, or a folder and everything in it but bytecode)."""
    files = [
        p
        for name in names
        for p in ([package / name] if name.endswith(".py") else (package / name).rglob("*"))
        if p.is_file() and p.suffix != ".pyc"
    ]
    return files_digest(files, package)


def files_digest(paths: Iterable[Path], base: Path) -> str:
    """SHA-256 over ``paths``: each one's path below ``base``, its size and its bytes."""
    h = hashlib.sha256()
    for path in sorted(paths):
        data = path.read_bytes()
        h.update(f"{path.relative_to(base).as_posix()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


def has(where: Path | None, entry: str) -> bool:
    """Whether ``entry`` is stored in ``where`` (not read, not checked: ``load`` does)."""
    return where is not None and (where / f"{entry}.json").is_file()


def load(where: Path | None, entry: str) -> Any | None:
    """The value stored under ``entry`` in ``where``, or ``None`` (a miss)."""
    if where is None:
        return None
    path = where / f"{entry}.json"
    try:
        text = path.read_text(encoding="utf-8")
        record = json.loads(text)
        value = record["value"]
        body = _body(value)
        if record.get("sha256") != hashlib.sha256(body.encode()).hexdigest():
            raise ValueError("checksum")
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged entry is a miss; drop it so the next store replaces it.
        path.unlink(missing_ok=True)
        return None
    try:
        os.utime(path)  # newest use first when pruning
    except OSError:
        pass
    return value


def store(where: Path | None, entry: str, value: Any, *, keep: int | None = KEEP) -> None:
    """Store ``value`` under ``entry`` atomically, then keep the ``keep`` newest entries
    (``None``: the caller prunes once, after many stores); a cache that cannot be
    written is left as it is."""
    if where is None:
        return
    try:
        body = _body(value)
    except (TypeError, ValueError):
        return  # not JSON (a YAML timestamp, say): not cached, never wrong
    record = '{"sha256":"%s","value":%s}' % (hashlib.sha256(body.encode()).hexdigest(), body)
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=where)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(record)
        os.replace(tmp, where / f"{entry}.json")
    except OSError:
        return
    if keep is not None:
        prune(where, keep)


def _body(value: Any) -> str:
    # Key order kept: a cached tree must write the same bytes as a fresh one.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def prune(where: Path | None, keep: int) -> None:
    """Remove all but the ``keep`` most recently used entries of ``where``."""
    if where is None:
        return
    try:
        entries = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
