"""The graph cache: the platform program runs only for the teams whose resources are new.

Running the program under mocks costs about 12 ms a team plus a fixed second (starting
Pulumi's engine), and nearly every plan after the first differs from the last by a team
or by the apps tag the root Application pins. The graph splits cleanly:

- a team's resources are its Team component and everything below it in the parent
  chain (``team_resources``); they are built from the platform without its teams and
  that one team (``program.build``: ``TeamArgs`` takes the names, the team, the storage
  settings and the cluster);
- every other resource is *shared*, and is built from the platform without its teams and
  the apps revision, which only the root Application's ``targetRevision`` holds.

So ``write`` keeps each team's resources under a key of the platform without teams, that
team, and the code and packages that build them; and the shared resources under a key of
the platform without teams, built with ``REVISION_PLACEHOLDER`` as the revision, which is
filled in where it stands. What is missing is built in one run of the program for a
platform holding only the missing teams, and the graph is put together in URN order, as
one run of every team writes it: ``tests/platform/test_graph_cache.py`` compares the two
byte for byte, after adding, changing and removing teams.

The cache is ``$SLUICEGATE_CACHE/platform``, else ``.cache/platform`` (``sluicegate.cache``);
``SLUICEGATE_CACHE=off`` runs the whole program every time.

A plan fills the cache in a second process while it renders the tree (``prefilled``): the
program needs no revision from the tree, only the spec, so on two cores the Pulumi run
(the program and its imports: a second for one new team, most of a minute for a
thousand) overlaps the manifests and the foundation. The second process only stores
entries; the plan reads them as it always does, and builds whatever is still missing
itself (the second process failed, or the machine has one core), so its errors are the
plan's own, raised where they always were.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sluicegate import cache as caches
from sluicegate.spec.model import Platform

CACHE = "platform"
KEEP = 8192  # entries: a team's resources or the shared ones; a few 1,000-team platforms
FORMAT = 1
TEAM_COMPONENT = "sluicegate:gcp:Team"
# What the shared resources are built with as the apps revision (not a tag or digest).
REVISION_PLACEHOLDER = "sluicegate-apps-revision-placeholder"
_PACKAGE = Path(__file__).resolve().parents[1]
# The code the program runs: this layer, and what it reads of the kit.
_SOURCES = ("platform", "catalogue", "spec", "names.py", "gitops/login.py")
_PACKAGES = ("pulumi", "pulumi-gcp", "pulumi-kubernetes")


def team_resources(resources: list[dict]) -> dict[str | None, list[dict]]:
    """Graph resources by team: a team's are its Team component and every resource
    below it in the parent chain; ``None`` holds the rest."""
    parent = {r["urn"]: r.get("parent") for r in resources}
    team_of_urn = {
        r["urn"]: r["name"].removeprefix("team-") for r in resources if r["type"] == TEAM_COMPONENT
    }

    def team(urn: str | None, depth: int = 0) -> str | None:
        if urn is None or depth > len(parent):
            return None
        return team_of_urn.get(urn) or team(parent.get(urn), depth + 1)

    by_team: dict[str | None, list[dict]] = {}
    for r in resources:
        by_team.setdefault(team(r["urn"]), []).append(r)
    return by_team


def _code() -> dict:
    return {
        "source": caches.sources_digest(_PACKAGE, _SOURCES),
        "packages": caches.package_versions(_PACKAGES),
    }


def _keys(platform: Platform) -> tuple[str, dict[str, str]]:
    base = {
        "format": FORMAT,
        "code": _code(),
        "platform": platform.model_dump(mode="json", by_alias=True, exclude={"teams"}),
    }
    shared = caches.key({**base, "part": "shared"})
    teams = {
        t.name: caches.key({**base, "team": t.model_dump(mode="json", by_alias=True)})
        for t in platform.teams
    }
    return shared, teams


def _built(platform: Platform, teams: tuple) -> dict[str | None, list[dict]]:
    """One run of the program for ``platform`` with only ``teams``, by team."""
    from sluicegate.platform import graph, run

    subset = platform.model_copy(update={"teams": teams})
    doc = graph(run(subset, gitops_revision=REVISION_PLACEHOLDER))
    return team_resources(doc["resources"])


def resources(platform: Platform, *, gitops_revision: str) -> list[dict]:
    """Every resource of ``platform``'s graph, in URN order, as one run of the program
    with ``gitops_revision`` gives them; only what the cache lacks is built."""
    where = caches.folder(CACHE)
    if where is None:
        everything = [r for rs in _built(platform, platform.teams).values() for r in rs]
        return _filled(everything, gitops_revision)
    shared, found = _entries(platform, where)
    return _filled([*shared, *(r for t in platform.teams for r in found[t.name])], gitops_revision)


def _entries(platform: Platform, where: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    """The shared resources and each team's, from the cache at ``where``; what it lacks
    is built in one run of the program and stored."""
    shared_key, team_keys = _keys(platform)
    shared = caches.load(where, shared_key)
    found = {name: caches.load(where, key) for name, key in team_keys.items()}
    missing = tuple(t for t in platform.teams if found[t.name] is None)
    if shared is None or missing:
        built = _built(platform, missing)
        shared = built.get(None, [])
        caches.store(where, shared_key, shared, keep=None)
        for team in missing:
            found[team.name] = built.get(team.name, [])
            caches.store(where, team_keys[team.name], found[team.name], keep=None)
        caches.prune(where, KEEP)
    return shared, found


def _filled(everything: list[dict], revision: str) -> list[dict]:
    filled = caches.fill_in(sorted(everything, key=lambda r: r["urn"]), REVISION_PLACEHOLDER, revision)
    if REVISION_PLACEHOLDER in json.dumps(filled):
        raise ValueError("the apps revision placeholder is left outside a string of its own")
    return filled


def _missing(platform: Platform) -> bool:
    where = caches.folder(CACHE)
    if where is None:
        return False
    shared_key, team_keys = _keys(platform)
    return not caches.has(where, shared_key) or not all(caches.has(where, k) for k in team_keys.values())


class Prefill:
    """The process filling the graph cache for a plan, if one started."""

    def __init__(self, child: subprocess.Popen | None) -> None:
        self.child = child

    @property
    def started(self) -> bool:
        return self.child is not None

    def ready(self) -> None:
        """Wait until the process has stored what it built (or failed)."""
        if self.child is not None:
            self.child.wait()


@contextmanager
def prefilled(platform: Platform) -> Iterator[Prefill]:
    """Fill the graph cache for ``platform`` in another process while the caller goes
    on. On leaving, a process still running is stopped. Nothing starts on one core,
    with the cache off, or when nothing is missing."""
    child = None
    if (os.cpu_count() or 1) > 1 and _missing(platform):
        child = subprocess.Popen(
            [sys.executable, "-m", "sluicegate.platform.cache"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            child.stdin.write(json.dumps(platform.model_dump(mode="json", by_alias=True)).encode())
            child.stdin.close()
        except BrokenPipeError:
            pass  # it stopped at once; the plan builds what is missing itself
    try:
        yield Prefill(child)
    finally:
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()


def _prefill() -> None:
    platform = Platform.model_validate(json.loads(sys.stdin.buffer.read()))
    where = caches.folder(CACHE)
    if where is not None:
        _entries(platform, where)


if __name__ == "__main__":
    # The entries must be stored as sluicegate.platform.cache's, not __main__'s.
    from sluicegate.platform.cache import _prefill as prefill

    prefill()
