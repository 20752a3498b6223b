"""Pinned upstream sources: the lock, the local cache, its verification and ``vendor``.

Hydration builds Kubeflow and Gatekeeper from a local cache of upstream sources,
never from the network. ``lock.yaml`` beside this module pins each source (URL,
tag, commit, the paths kept, a digest of them); the cache holds one folder per
source, ``<name>-<version>/``:

- ``locate(explicit)`` finds the cache: ``--upstream DIR``, then
  ``$SLUICEGATE_UPSTREAM``, then ``.cache/upstream`` in the current directory;
- ``verify(cache)`` checks every folder against the lock;
- ``vendor(dest, from_dir)`` fills a cache, from git over HTTPS or from a folder
  with the same layout.

The digest of a folder (``digest``) is the SHA-256, written ``sha256:<hex>``, of
the concatenation, for every regular file below the folder except the top-level
marker file ``.sluicegate-source.json``, taken in order of its path relative to
the folder (POSIX separators, compared as UTF-8 bytes), of::

    <relative path, UTF-8> NUL <size in bytes, decimal ASCII> NUL <the file's bytes>

File modes, timestamps and empty folders do not count. A symbolic link is an
error: ``vendor`` copies what links point at, so a cache it filled has none.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sluicegate.errors import SluicegateError

LOCK = Path(__file__).with_name("lock.yaml")
MARKER = ".sluicegate-source.json"
ENV = "SLUICEGATE_UPSTREAM"
DEFAULT_CACHE = Path(".cache") / "upstream"
# What the lock's `include: ["."]` means: the whole checkout but git's own folder.
WHOLE_TREE = "."

_VENDOR_HINT = "run `sluicegate vendor` to fill it"
_GITHUB = re.compile(
    r"^(?:https://|git@)?github\.com[/:](?P<org>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"
)


class UpstreamError(SluicegateError):
    """The upstream cache is missing, incomplete or does not match the lock."""


@dataclass(frozen=True)
class ReleaseAsset:
    """A file a release publishes outside git, and how the release builds it from
    the tag: ``images`` maps a kustomization folder to the ``kustomize edit set
    image NAME=REF`` settings applied there before building ``build``."""

    build: str
    images: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    """One pinned upstream source (an entry of ``lock.yaml``)."""

    name: str
    version: str
    url: str
    tag: str
    commit: str
    include: tuple[str, ...]
    digest: str
    release_assets: Mapping[str, ReleaseAsset] = field(default_factory=dict)

    @property
    def dirname(self) -> str:
        """The source's folder in the cache: ``<name>-<version>``."""
        return f"{self.name}-{self.version}"

    @property
    def repo(self) -> str | None:
        """``org/repo`` of a GitHub URL (lower case), the key remote bases match on."""
        match = _GITHUB.match(self.url)
        return f"{match['org']}/{match['repo']}".lower() if match else None

    def marker(self) -> dict[str, str]:
        """What ``vendor`` records in the folder it fills."""
        return {
            "name": self.name,
            "version": self.version,
            "url": self.url,
            "tag": self.tag,
            "commit": self.commit,
            "digest": self.digest,
        }


def load_lock(path: Path = LOCK) -> tuple[Source, ...]:
    """The sources pinned in ``path`` (by default the lock shipped with sluicegate)."""
    try:
        data = yaml.safe_load(path.read_text())
        return tuple(
            Source(
                name=entry["name"],
                version=str(entry["version"]),
                url=entry["url"],
                tag=str(entry["tag"]),
                commit=entry["commit"],
                include=tuple(entry["include"]),
                digest=entry["digest"],
                release_assets={
                    asset: ReleaseAsset(build=spec["build"], images=spec.get("images", {}))
                    for asset, spec in entry.get("release_assets", {}).items()
                },
            )
            for entry in data["sources"]
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as err:
        raise UpstreamError(f"{path}: not a readable upstream lock: {err!r}") from None


def find_source(name: str, version: str, lock: Sequence[Source] | None = None) -> Source:
    """The locked source ``name`` at ``version``; ``UpstreamError`` if the lock has none."""
    sources = load_lock() if lock is None else lock
    for candidate in sources:
        if candidate.name == name and candidate.version == version:
            return candidate
    known = ", ".join(s.dirname for s in sources)
    raise UpstreamError(f"{LOCK.name}: no upstream source {name}-{version} (the lock has {known})")


def digest(folder: Path) -> str:
    """The digest of ``folder`` as the module docstring defines it."""
    files: list[str] = []
    for top, dirs, names in os.walk(folder):
        rel_top = Path(top).relative_to(folder)
        for name in names + [d for d in dirs if (Path(top) / d).is_symlink()]:
            path = Path(top) / name
            if path.is_symlink():
                raise UpstreamError(f"{path}: a symbolic link in an upstream source folder")
            rel = (rel_top / name).as_posix()
            if rel != MARKER:
                files.append(rel)
    hasher = hashlib.sha256()
    for rel in sorted(files):
        data = (folder / rel).read_bytes()
        hasher.update(f"{rel}\0{len(data)}\0".encode())
        hasher.update(data)
    return f"sha256:{hasher.hexdigest()}"


def locate(
    explicit: Path | None, *, environ: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Path:
    """The upstream cache folder: ``explicit`` (``--upstream DIR``), else
    ``$SLUICEGATE_UPSTREAM``, else ``.cache/upstream`` below ``cwd`` (the current
    directory). The first one set wins; if it is not a folder, ``UpstreamError``
    says so in one line naming ``sluicegate vendor``."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        where, folder = "--upstream", explicit
    elif env.get(ENV):
        where, folder = ENV, Path(env[ENV])
    else:
        where, folder = "default", (cwd or Path.cwd()) / DEFAULT_CACHE
    if not folder.is_dir():
        hint = (
            f"`sluicegate vendor --dest {folder}`" if where != "default" else "`sluicegate vendor`"
        )
        raise UpstreamError(
            f"{folder}: no upstream cache ({where}); run {hint} to fetch the pinned "
            f"sources, or point --upstream or {ENV} at a filled cache"
        )
    return folder.resolve()


def verify(cache: Path, *, lock: Sequence[Source] | None = None) -> dict[str, Path]:
    """Check every locked source in ``cache``; return ``{dirname: folder}``.

    A folder ``vendor`` filled holds a marker; it must name the lock's commit and
    digest (the files were checked against that digest when they were copied in).
    A folder without a marker (a snapshot laid out by hand) must have the lock's
    digest, computed here. Anything else is an ``UpstreamError`` naming the
    source, the expected and the found commit and digest.
    """
    found: dict[str, Path] = {}
    for source in load_lock() if lock is None else lock:
        folder = cache / source.dirname
        if not folder.is_dir():
            raise UpstreamError(
                f"{folder}: {source.name} {source.version} is missing from the upstream cache; "
                f"{_VENDOR_HINT}"
            )
        marker = folder / MARKER
        if marker.is_file():
            recorded = _read_marker(marker)
            commit, got = recorded.get("commit"), recorded.get("digest")
        else:
            commit, got = None, digest(folder)
        if got != source.digest or (commit is not None and commit != source.commit):
            was = f"commit {commit}" if commit else "no marker, so no commit"
            raise UpstreamError(
                f"{folder}: {source.name} {source.version} does not match the lock: "
                f"expected commit {source.commit} digest {source.digest}, "
                f"found {was} digest {got}; {_VENDOR_HINT} again"
            )
        found[source.dirname] = folder
    return found


def _read_marker(marker: Path) -> dict[str, Any]:
    try:
        data = json.loads(marker.read_text())
    except (OSError, ValueError) as err:
        raise UpstreamError(f"{marker}: unreadable vendor marker: {err}") from None
    if not isinstance(data, dict):
        raise UpstreamError(f"{marker}: the vendor marker is not a JSON object")
    return data


def copy_files(
    src: Path, dst: Path, *, skip: frozenset[str] = frozenset(), keep_existing: bool = False
) -> None:
    """Copy the files below ``src`` to ``dst`` as plain writable files, following
    symbolic links; top-level entries named in ``skip`` are left out, and with
    ``keep_existing`` files already in ``dst`` are not overwritten. Modes are not
    copied: upstream snapshots can be read-only and copies get rewritten."""
    for top, dirs, names in os.walk(src, followlinks=True):
        rel = Path(top).relative_to(src)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip]
            names = [n for n in names if n not in skip]
        (dst / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            if not (keep_existing and (dst / rel / name).exists()):
                shutil.copyfile(Path(top) / name, dst / rel / name)


def _copy_included(checkout: Path, into: Path, source: Source) -> None:
    for include in source.include:
        if include == WHOLE_TREE:
            copy_files(checkout, into, skip=frozenset({".git", MARKER}))
            continue
        path = checkout / include
        if path.is_dir():
            copy_files(path, into / include)
        elif path.is_file():
            (into / include).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, into / include)
        else:
            raise UpstreamError(
                f"{checkout}: {source.name} {source.version} has no {include!r}, "
                "which the lock includes"
            )


def _git(args: list[str], what: str) -> str:
    try:
        run = subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0"},
        )
    except FileNotFoundError:
        raise UpstreamError("git: not found on PATH; `sluicegate vendor` needs git") from None
    if run.returncode != 0:
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        raise UpstreamError(
            f"{what}: git {args[0]} failed: {lines[-1] if lines else run.returncode}"
        )
    return run.stdout.strip()


def _clone(source: Source, into: Path, scratch: Path) -> None:
    """``git clone --depth 1 --branch TAG URL``, check HEAD is the locked commit,
    keep the included paths in ``into``."""
    checkout = scratch / f"{source.dirname}.git-checkout"
    what = f"{source.url} {source.tag}"
    _git(
        [
            "clone",
            "--quiet",
            "--depth",
            "1",
            "--branch",
            source.tag,
            "-c",
            "advice.detachedHead=false",
            source.url,
            str(checkout),
        ],
        what,
    )
    head = _git(["-C", str(checkout), "rev-parse", "HEAD"], what)
    if head != source.commit:
        raise UpstreamError(
            f"{what}: {source.name} {source.version} does not match the lock: "
            f"expected commit {source.commit}, found commit {head}"
        )
    _copy_included(checkout, into, source)
    shutil.rmtree(checkout)


def vendor(
    dest: Path, from_dir: Path | None = None, *, lock: Sequence[Source] | None = None
) -> tuple[Path, ...]:
    """Fill the cache ``dest`` with every locked source; return the folders written.

    Without ``from_dir`` each source is cloned with git (the lock's URL, over HTTPS
    for the shipped lock) and its HEAD must be the locked commit; with it, each is
    copied from ``from_dir/<name>-<version>/``. Either way only the lock's
    ``include`` paths are kept, their digest must be the lock's, and a marker
    recording name, URL, tag, commit and digest is written into the folder.
    Everything is staged inside ``dest`` first and moved into place only when
    every source has passed, so a failure leaves ``dest`` as it was.
    """
    sources = load_lock() if lock is None else lock
    dest.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    with tempfile.TemporaryDirectory(dir=dest, prefix=".vendor-") as scratch_name:
        scratch = Path(scratch_name)
        for source in sources:
            into = scratch / source.dirname
            if from_dir is None:
                _clone(source, into, scratch)
            else:
                origin = from_dir / source.dirname
                if not origin.is_dir():
                    raise UpstreamError(f"{origin}: missing; --from needs every locked source")
                _copy_included(origin, into, source)
            got = digest(into)
            if got != source.digest:
                raise UpstreamError(
                    f"{from_dir / source.dirname if from_dir else source.url}: "
                    f"{source.name} {source.version} does not match the lock: "
                    f"expected digest {source.digest}, found digest {got}"
                )
            (into / MARKER).write_text(json.dumps(source.marker(), indent=2) + "\n")
            staged.append((into, dest / source.dirname))
        for into, final in staged:
            _replace(into, final, scratch)
    return tuple(final for _, final in staged)


def _replace(new: Path, final: Path, scratch: Path) -> None:
    """Move ``new`` to ``final``; an existing ``final`` is moved aside into
    ``scratch`` (removed with it) first. Both are renames on one file system."""
    if final.exists():
        os.rename(final, scratch / f"{final.name}.old")
    os.rename(new, final)
