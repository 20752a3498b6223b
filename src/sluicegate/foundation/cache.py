"""The synthesis cache: the foundation is synthesized again only when its inputs change.

Synthesis runs CDK Terrain in node (about 4 s with the start-up), and the foundation
does not depend on the teams but for their owners, so a plan or an onboarding that
changes a team mostly asks for a foundation it already built. ``write`` keys each
synthesis on a SHA-256 of everything its output depends on:

- the spec as the foundation reads it (``inputs.spec_inputs``: the normalised spec
  without ``teams``), with the team owners the perimeter lets in as one placeholder
  member (``OWNERS_PLACEHOLDER``), or none when no team has an owner;
- the ``webhook_ports`` and ``local_backend`` arguments;
- the sluicegate version, and a digest of the source the foundation runs
  (``source_files``: every ``sluicegate`` module it imports, found by reading the
  imports, and the data files beside them, such as the catalogue's YAML), so a
  change to the code misses even when the version number did not move;
- the versions of the packages that synthesize (``PACKAGES``).

The owners are the one input that changes with nearly every onboarding, and they are
data in the output, not structure: the entry is the foundation of a platform whose owners
are that placeholder, and ``write`` puts the real members where the placeholder's list
stands (``_fill_owners``), so a new owner costs no synthesis. A test checks the result
byte for byte against a synthesis with the real owners.

An entry is a folder ``<cache>/<key>/`` holding the stage folders exactly as
``sluicegate.foundation.write`` wrote them and ``manifest.json``, the SHA-256 and
size of each file and the resource count. A hit copies the files into ``dest`` after
checking every one against the manifest; an entry that fails the check (truncated,
edited, half-deleted) is removed and the foundation synthesized again. A miss
synthesizes into a fresh folder in the cache, copies the result to ``dest`` and
renames the folder to its key, so an entry appears whole or not at all; when two
plans race, the second rename fails and its copy is dropped. The newest ``KEEP``
entries are kept.

The cache is ``$SLUICEGATE_CACHE/foundation``, else ``.cache/foundation`` below the
current directory, beside ``.cache/upstream`` (``sluicegate.upstream.locate``);
``SLUICEGATE_CACHE=off`` turns it off. A cache that cannot be written never fails a
plan: the foundation is then synthesized straight into ``dest``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Mapping
from functools import cache
from pathlib import Path, PurePosixPath

from sluicegate import __version__
from sluicegate import cache as caches
from sluicegate.foundation import _check_ports
from sluicegate.foundation import write as synth_write
from sluicegate.foundation.inputs import spec_inputs, team_owner_members
from sluicegate.spec.model import Platform
from sluicegate.spec.rules import ensure_valid

ENV = caches.ENV
FOLDER = "foundation"
MANIFEST = "manifest.json"
# Bumped when the key's material or an entry's layout changes.
FORMAT = 2
# The one owner an entry is synthesized with (an address that cannot exist, RFC 2606).
OWNERS_PLACEHOLDER = "owners@sluicegate.invalid"
# Entries kept after a store, newest first (one is a few dozen KiB).
KEEP = 16
# A temporary folder this old is a store that was killed half-way.
STALE_SECONDS = 3600
# The distributions whose code turns the constructs into Terraform JSON.
PACKAGES = ("cdktn", "cdktn-provider-google", "constructs", "jsii")
# src/sluicegate: the package whose modules the source digest covers.
PACKAGE_ROOT = Path(__file__).resolve().parents[1]
_TMP = ".tmp-"
_TRASH = ".trash-"


def locate(*, environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """The cache folder: ``$SLUICEGATE_CACHE/foundation``, else ``.cache/foundation``
    below ``cwd`` (the current directory); ``None`` when ``SLUICEGATE_CACHE=off``
    (``sluicegate.cache.folder``, as every cache of the kit)."""
    return caches.folder(FOLDER, environ=environ, cwd=cwd)


def _module_file(root: Path, dotted: str) -> Path | None:
    """The file of module ``dotted`` (``sluicegate.x.y``) below ``root``, if it is one."""
    parts = dotted.split(".")[1:]
    base = root.joinpath(*parts)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported(tree: ast.AST) -> set[str]:
    """Every ``sluicegate`` module a file may import (at any depth, lazily or not):
    ``from sluicegate import x`` counts ``sluicegate.x`` too, in case ``x`` is one."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    found: set[str] = set()
    for name in names:
        if name == "sluicegate" or name.startswith("sluicegate."):
            # Importing a module imports every package above it.
            parts = name.split(".")
            found.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return found


def source_files(root: Path = PACKAGE_ROOT) -> tuple[Path, ...]:
    """The files the foundation's output can depend on, sorted: every module of the
    ``sluicegate.foundation`` package, every ``sluicegate`` module they import,
    transitively, and the data files (anything but Python) in those modules' folders."""
    seen: dict[str, Path] = {}
    todo = ["sluicegate", "sluicegate.foundation"] + [
        f"sluicegate.foundation.{p.stem}" for p in sorted((root / "foundation").glob("*.py"))
    ]
    while todo:
        name = todo.pop()
        if name in seen or (path := _module_file(root, name)) is None:
            continue
        seen[name] = path
        todo.extend(_imported(ast.parse(path.read_bytes(), filename=str(path))))
    files = set(seen.values())
    for folder in {p.parent for p in files}:
        files.update(
            p
            for p in folder.iterdir()
            if p.is_file() and p.suffix not in (".py", ".pyc") and not p.name.startswith(".")
        )
    return tuple(sorted(files))


@cache
def source_digest(root: Path = PACKAGE_ROOT) -> str:
    """SHA-256 over ``source_files(root)``: each file's path below ``root``, its size
    and its bytes. Computed once per process and root."""
    return caches.files_digest(source_files(root), root)


def _package_versions() -> dict[str, str]:
    return caches.package_versions(PACKAGES)


def key(
    platform: Platform, *, webhook_ports: tuple[int, ...] = (), local_backend: bool = False
) -> str:
    """The cache key of the foundation of ``platform`` (a SHA-256, hex): equal keys mean
    equal Terraform JSON. ``webhook_ports`` must already be valid ports."""
    material = {
        "format": FORMAT,
        "sluicegate": __version__,
        "source": source_digest(),
        "packages": _package_versions(),
        "spec": spec_inputs(_with_placeholder_owners(platform)),
        "webhook_ports": sorted(set(webhook_ports)),
        "local_backend": bool(local_backend),
    }
    text = json.dumps(material, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _with_placeholder_owners(platform: Platform) -> Platform:
    """``platform`` as an entry is synthesized: its first team alone, owned by
    ``OWNERS_PLACEHOLDER``, or no team when no team has an owner. The foundation reads
    nothing else of the teams (``inputs``)."""
    if not team_owner_members(platform):
        return platform.model_copy(update={"teams": ()})
    team = platform.teams[0].model_copy(update={"owners": (OWNERS_PLACEHOLDER,)})
    return platform.model_copy(update={"teams": (team,)})


def _fill_owners(files: dict[str, bytes], platform: Platform) -> dict[str, bytes]:
    """An entry's files with every list that is just the placeholder member replaced by
    ``platform``'s owner members, written as ``sluicegate.foundation.write`` writes."""
    placeholder = f"user:{OWNERS_PLACEHOLDER}"
    members = list(team_owner_members(platform))
    filled = {}
    for rel, data in files.items():
        if rel.endswith(".json") and placeholder.encode() in data:
            config = caches.fill_in(json.loads(data), [placeholder], members)
            data = (json.dumps(config, indent=2) + "\n").encode("utf-8")
            if placeholder.encode() in data and placeholder not in members:
                raise ValueError(f"{rel}: the owners placeholder is left outside a member list")
        filled[rel] = data
    return filled


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder``, by its POSIX path relative to it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
    }


def _manifest(files: dict[str, bytes], resources: int) -> dict:
    """An entry's manifest: each file's hash and size, and the resource count."""
    return {
        "format": FORMAT,
        "resources": resources,
        "files": {rel: {"sha256": _sha256(data), "size": len(data)} for rel, data in files.items()},
    }


def _read_entry(entry: Path) -> tuple[int, dict[str, bytes]] | None:
    """The resource count and files of a complete entry, each checked against the
    manifest; ``None`` if the entry is absent, incomplete or does not match."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT or not manifest["files"]:
            return None
        files = {}
        for rel, expected in manifest["files"].items():
            parts = PurePosixPath(rel).parts
            # A manifest names files inside its entry, nothing else.
            if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
                return None
            data = (entry / rel).read_bytes()
            if len(data) != expected["size"] or _sha256(data) != expected["sha256"]:
                return None
            files[rel] = data
        return int(manifest["resources"]), files
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _discard(path: Path) -> None:
    """Remove ``path`` without a reader ever seeing it half-removed: it is renamed
    aside first. Losing a race with another process removing it is fine."""
    try:
        aside = Path(tempfile.mkdtemp(prefix=_TRASH, dir=path.parent))
        path.rename(aside / path.name)
    except OSError:
        return
    shutil.rmtree(aside, ignore_errors=True)


def _prune(folder: Path) -> None:
    """Keep the newest ``KEEP`` entries; drop stores and removals killed half-way."""
    try:
        children = list(folder.iterdir())
        entries = sorted(
            (p for p in children if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        stale = [
            p
            for p in children
            if p.name.startswith((_TMP, _TRASH)) and time.time() - p.stat().st_mtime > STALE_SECONDS
        ]
    except OSError:
        return
    for path in entries[KEEP:]:
        _discard(path)
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def _copy_out(files: dict[str, bytes], dest: Path) -> None:
    for rel, data in files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write(
    platform: Platform,
    dest: Path,
    *,
    local_backend: bool = False,
    webhook_ports: tuple[int, ...] = (),
    cache_dir: Path | None = None,
    use_cache: bool = True,
) -> int:
    """``sluicegate.foundation.write`` through the cache: the same files in ``dest``,
    the same return value (the number of Terraform resources), the same errors.

    ``cache_dir`` is the cache folder (default: ``locate()``); ``use_cache=False``, or
    ``locate()`` finding it turned off, synthesizes without it.
    """
    dest = Path(dest)
    # The same refusals as a synthesis, before anything is read or written.
    ensure_valid(platform)
    ports = _check_ports(tuple(webhook_ports))
    folder = (cache_dir or locate()) if use_cache else None
    if folder is None:
        return synth_write(platform, dest, local_backend=local_backend, webhook_ports=ports)
    entry = folder / key(platform, webhook_ports=ports, local_backend=local_backend)
    if (found := _read_entry(entry)) is not None:
        resources, files = found
        _copy_out(_fill_owners(files, platform), dest)
        try:
            os.utime(entry)  # recently used: kept by _prune
        except OSError:
            pass
        return resources
    if entry.exists():
        _discard(entry)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=_TMP, dir=folder))
    except OSError:
        return synth_write(platform, dest, local_backend=local_backend, webhook_ports=ports)
    try:
        template = _with_placeholder_owners(platform)
        resources = synth_write(template, staging, local_backend=local_backend, webhook_ports=ports)
        files = _files(staging)
        _copy_out(_fill_owners(files, platform), dest)
        try:
            manifest = json.dumps(_manifest(files, resources), indent=2) + "\n"
            (staging / MANIFEST).write_text(manifest, encoding="utf-8")
            staging.rename(entry)
        except OSError:
            pass  # another plan stored the same entry first, or the cache is full or read-only
        else:
            _prune(folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return resources
