"""`sluicegate onboard` as a library call: validate, write the team file, re-render.

Everything is prepared before anything is replaced: the would-be platform is built
with every spec rule, planned offline into a temporary folder (every layer, every
policy, as `sluicegate plan` does) and the scaffold rendered beside its folder.
Only then are the manifests swapped in, the team file moved into place with
``os.replace`` and the scaffold renamed to its folder, so a failure at any
earlier step, including a blocking policy finding, leaves nothing behind.

Onboardings of one platform run one at a time under an exclusive ``flock`` on
``<root>/.sluicegate.lock``: each re-reads ``teams/`` inside the lock, so two teams
onboarded at once both end up in the files and in the rendered manifests.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sluicegate import plan, spec, upstream
from sluicegate.errors import SluicegateError, SpecError
from sluicegate.gitops.hydrate import HYDRATED
from sluicegate.names import Names
from sluicegate.onboarding.request import (
    OnboardRequest,
    differences,
    parse_team,
    show,
    team_yaml,
)
from sluicegate.onboarding.scaffold import Scaffold, prepare_scaffold
from sluicegate.staging import staged_dir
from sluicegate.spec.load import build
from sluicegate.spec.model import Platform, Team
from sluicegate.spec.rules import PLATFORM_FILE

LOCK_FILE = ".sluicegate.lock"
RENDERED = Path("manifests") / "rendered"
# The severity at which a finding blocks, as `sluicegate plan` defaults to.
FAIL_ON = "high"


@dataclass(frozen=True)
class TreeChanges:
    """Files of the rendered manifests tree an onboarding added, changed or removed."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class OnboardResult:
    """What an onboarding did; ``changed`` is false when it was a no-op."""

    platform: Platform
    team: Team
    team_file: Path
    team_status: str  # "created", "updated" or "unchanged"
    field_changes: list[tuple[str, object, object]] = field(default_factory=list)
    manifests: TreeChanges = TreeChanges()
    objects: int = 0
    audit: object | None = None  # sluicegate.policy's result for the planned platform
    scaffold: Path | None = None
    scaffold_status: str | None = None  # "created" or "unchanged"

    @property
    def changed(self) -> bool:
        return (
            self.team_status != "unchanged"
            or bool(self.manifests)
            or self.scaffold_status == "created"
        )

    @property
    def names(self) -> Names:
        return Names.of(self.platform)


@contextmanager
def platform_lock(root: Path) -> Iterator[None]:
    """Hold the platform's exclusive onboarding lock for the duration of the block."""
    with open(root / LOCK_FILE, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tree(root: Path) -> dict[str, bytes]:
    """The committed part of a rendered tree, by path. ``hydrated/`` is left out: it is
    never committed (a fresh clone has none), and every change to it already shows in
    the content tag the committed ``apps/`` pin."""
    if not root.is_dir():
        return {}
    return {
        rel: path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and (rel := path.relative_to(root).as_posix()).split("/", 1)[0] != HYDRATED
    }


def _tree_changes(before: dict[str, bytes], after: dict[str, bytes]) -> TreeChanges:
    return TreeChanges(
        added=tuple(p for p in after if p not in before),
        changed=tuple(p for p in after if p in before and before[p] != after[p]),
        removed=tuple(p for p in before if p not in after),
    )


class PolicyBlocked(SluicegateError):
    """The platform with the team would fail blocking controls; nothing was written."""

    exit_code = 1


def _plan(
    platform: Platform, work: Path, team_file: str, cache: Path
) -> tuple[Path, int, object]:
    """Plan the would-be platform offline into ``work`` and audit every layer of it.

    The team changes more than manifests (its bucket, identities and IAM live in the
    platform layer), so the policies see the whole plan, exactly as `sluicegate plan`
    would produce it. Returns the rendered manifests, their object count and the audit.
    """
    from sluicegate.policy.catalogue import SEVERITIES

    # Only the rendered tree and the verdicts are kept: the policy pack and the
    # human-readable reports are the platform team's `sluicegate plan`'s to write
    # (1.5 s and 1.8 s of a 1,000-team onboarding).
    result = plan.run(platform, work / "out", upstream=cache, fail_on=FAIL_ON,
                      layers=plan.AUDITED, reports=("json",))
    audit = result.audit
    if audit.blocking:
        floor = SEVERITIES.index(FAIL_ON)
        failed = sorted(
            {f.control_id for f in audit.findings if SEVERITIES.index(f.severity) >= floor}
        )
        raise PolicyBlocked(
            f"{team_file}: the platform with this team fails {', '.join(failed)} "
            f"({FAIL_ON} or above); nothing written (`sluicegate plan` writes the report)"
        )
    objects = next(step.resources for step in result.steps if step.name == "manifests")
    return work / "out" / "manifests", objects, audit


def _write_temp(path: Path, text: str) -> Path:
    """A fully written, flushed sibling of ``path`` that ``os.replace`` can move into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return Path(tmp)


def onboard(
    root: Path,
    request: OnboardRequest,
    *,
    update: bool = False,
    scaffold: Path | None = None,
    upstream_cache: Path | None = None,
) -> OnboardResult:
    """Onboard ``request``'s team into the platform at ``root`` (the folder of platform.yaml).

    Raises ``SpecError`` (nothing written) when the request is invalid, the team
    exists with other settings and ``update`` is false, or ``update`` names a team
    that does not exist; ``SluicegateError`` when ``scaffold`` is a non-empty folder
    holding something else; ``PolicyBlocked`` when the planned platform fails a
    blocking control.
    """
    root = Path(root).resolve()
    request.check_name()
    cache = upstream.locate(upstream_cache)
    if not (root / PLATFORM_FILE).is_file():
        raise SpecError(PLATFORM_FILE, "", f"not found in {root}")
    with platform_lock(root):
        current = spec.load(root)
        path = root / request.file
        existing = next((t for t in current.teams if t.name == request.team), None)
        if update and existing is None:
            raise SpecError(
                request.file, "", f"team {request.team!r} is not onboarded yet; drop --update"
            )
        old_text = path.read_text(encoding="utf-8") if existing else None
        text = team_yaml(request.team_data(existing), old_text)
        team = parse_team(request.team, text)
        others = tuple(t for t in current.teams if t.name != request.team)
        data = current.model_dump(mode="json", by_alias=True, exclude={"teams"})
        platform = build(data, tuple(sorted((*others, team), key=lambda t: t.name)))

        changes = differences(existing, team) if existing else []
        if existing and changes and not update:
            shown = ", ".join(f"{f} {show(old)} -> {show(new)}" for f, old, new in changes)
            raise SpecError(
                request.file,
                "",
                f"team {request.team!r} is already onboarded with other settings ({shown}); "
                "pass --update to change it",
            )
        status = "created" if existing is None else ("updated" if changes else "unchanged")

        prepared: Scaffold | None = prepare_scaffold(platform, team, scaffold) if scaffold else None
        pending: Path | None = None
        try:
            rendered = root / RENDERED
            rendered.parent.mkdir(parents=True, exist_ok=True)
            # Planned beside the rendered tree, so the new tree is moved into place, not copied.
            with tempfile.TemporaryDirectory(prefix=".onboard-", dir=rendered.parent) as work:
                tree, objects, report = _plan(platform, Path(work), request.file, cache)
                tree_changes = _tree_changes(_tree(rendered), _tree(tree))
                if status != "unchanged":
                    # Written in full before the manifests are swapped: only renames remain.
                    path.parent.mkdir(exist_ok=True)
                    pending = _write_temp(path, text)
                if status != "unchanged" or any(
                    (tree_changes.added, tree_changes.changed, tree_changes.removed)
                ):
                    with staged_dir(rendered) as stage:
                        stage.rmdir()
                        tree.rename(stage)
                # else a true no-op: nothing is written, not even the (never
                # committed) hydrated tree a fresh clone lacks.
            if pending:
                os.replace(pending, path)
                pending = None
            scaffold_status = prepared.commit() if prepared else None
        finally:
            if pending:
                pending.unlink(missing_ok=True)
            if prepared:
                prepared.discard()

    return OnboardResult(
        platform=platform,
        team=team,
        team_file=path,
        team_status=status,
        field_changes=changes,
        manifests=tree_changes,
        objects=objects,
        audit=report,
        scaffold=prepared.dest if prepared else None,
        scaffold_status=scaffold_status,
    )
