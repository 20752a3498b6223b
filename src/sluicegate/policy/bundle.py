"""The evidence bundle: one .tar.gz an auditor or a GRC tool can keep and check.

It holds the audited artifacts (``artifacts/``: OUT without its ``audit/``), the
policies that judged them (``policies/``), the waivers applied (``waivers.yaml``),
the committed spec when the audit was bound to one (``spec/``), the reports
(``reports/``) and ``manifest.json``: the SHA-256 of every other file, the tool's and
the policies' versions, and how the audit ran (its date for waiver expiry, --fail-on,
the formats).

``verify(path)`` checks every hash against the manifest (a file missing, changed or
not listed fails), then audits the bundle's artifacts again with the bundle's own
policies, in a fresh process, as of the original audit's date and naming its paths,
and compares the reports it writes with the bundle's (but for OSCAL's timestamps,
which record when each audit ran).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from sluicegate.policy import reports
from sluicegate.policy.artifacts import AuditError
from sluicegate.policy.catalogue import POLICIES
from sluicegate.spec import rules as spec_rules

if TYPE_CHECKING:
    from sluicegate.policy import AuditResult

MANIFEST = "manifest.json"
FORMAT = 1
# What the engine reads the policies from when the bundle is audited again.
POLICIES_ENV = "SLUICEGATE_POLICIES"
# The Pulumi pack is generated from policies/ and is no part of what the audit runs.
_NOT_POLICIES = ("pulumi-pack",)


class BundleError(AuditError):
    """A bundle that cannot be written or read: one line, exit 2."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(root: Path, skip_top: tuple[str, ...] = ()) -> list[Path]:
    return sorted(
        p for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.relative_to(root).parts[0] not in skip_top
    )


def _contents(out: Path, result: AuditResult, spec_dir: Path | None, bundle: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for p in _files(out, ("audit",)):
        if p.resolve() != bundle.resolve():
            found[f"artifacts/{p.relative_to(out).as_posix()}"] = p.read_bytes()
    for p in _files(POLICIES, _NOT_POLICIES):
        found[f"policies/{p.relative_to(POLICIES).as_posix()}"] = p.read_bytes()
    if result.waivers_file:
        found["waivers.yaml"] = Path(result.waivers_file).read_bytes()
    if spec_dir is not None:
        found[f"spec/{spec_rules.PLATFORM_FILE}"] = (spec_dir / spec_rules.PLATFORM_FILE).read_bytes()
        for p in sorted((spec_dir / "teams").glob("*.yaml")):
            found[f"spec/teams/{p.name}"] = p.read_bytes()
    for p in _files(result.report_dir):
        found[f"reports/{p.relative_to(result.report_dir).as_posix()}"] = p.read_bytes()
    return found


def policy_version(files: dict[str, bytes]) -> str:
    """The SHA-256 of the policies, path and content: what names them in the manifest."""
    h = hashlib.sha256()
    for name in sorted(n for n in files if n.startswith("policies/")):
        h.update(f"{name}\0{_sha256(files[name])}\0".encode())
    return h.hexdigest()


def _shown(result: AuditResult) -> dict[str, str | None]:
    """The paths the reports name: where OUT, the waivers and the spec were, which the
    audit of the bundle names again to write the same reports."""
    return {
        "out": str(result.out),
        "waivers": str(result.waivers_file) if result.waivers_file else None,
        "reference": result.reference["source"],
    }


def write(path: Path, *, out: Path, result: AuditResult, spec_dir: Path | None) -> Path:
    """Write the bundle of the audit ``result`` of ``out`` to ``path`` (replaced whole:
    written beside it, then renamed)."""
    files = _contents(Path(out), result, spec_dir, Path(path))
    manifest = {
        "format": FORMAT,
        "tool": {"name": "sluicegate", "version": metadata.version("sluicegate")},
        "policy_version": policy_version(files),
        "engine": {"regopy": metadata.version("regopy")},
        "audit": {
            "as_of": result.today.isoformat(),
            "fail_on": result.fail_on,
            "formats": sorted(p.name for p in _files(result.report_dir)),
            "blocking": result.blocking,
            "shown": _shown(result),
        },
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2) + "\n").encode()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name in sorted(files):
                info = tarfile.TarInfo(name)
                info.size, info.mode = len(files[name]), 0o644
                tar.addfile(info, io.BytesIO(files[name]))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@dataclass
class Verified:
    """What ``verify`` found: ``ok`` when every hash and every report matched."""

    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"FAIL: {line}")


def _extract(path: Path, dest: Path) -> dict:
    try:
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(dest, filter="data")
    except (OSError, tarfile.TarError) as err:
        raise BundleError(f"{path}: not a readable evidence bundle ({err})") from None
    try:
        manifest = json.loads((dest / MANIFEST).read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BundleError(f"{path}: {MANIFEST} cannot be read ({err})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BundleError(f"{path}: {MANIFEST} is not a format-{FORMAT} manifest")
    return manifest


def _check_hashes(root: Path, manifest: dict, verified: Verified) -> None:
    listed = manifest["files"]
    present = {p.relative_to(root).as_posix() for p in _files(root)} - {MANIFEST}
    for name in sorted(set(listed) - present):
        verified.fail(f"{name}: listed in the manifest, not in the bundle")
    for name in sorted(present - set(listed)):
        verified.fail(f"{name}: in the bundle, not in the manifest")
    for name in sorted(set(listed) & present):
        if _sha256((root / name).read_bytes()) != listed[name]:
            verified.fail(f"{name}: its SHA-256 is not the manifest's")
    files = {n: (root / n).read_bytes() for n in present if n.startswith("policies/")}
    if policy_version(files) != manifest.get("policy_version"):
        verified.fail("the policies are not the version the manifest names")
    if verified.ok:
        verified.lines.append(f"hashes: all {len(listed)} files match the manifest")


_TIMESTAMP = re.compile(r'"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)?"')


def _normalised(text: str, name: str) -> str:
    """A report as compared: OSCAL's timestamps record when each audit ran."""
    return _TIMESTAMP.sub('"<time>"', text) if name == reports.FILES["oscal"] else text


def verify(path: Path) -> Verified:
    """Check the bundle at ``path`` (see the module doc)."""
    verified = Verified()
    here = metadata.version("sluicegate")
    with tempfile.TemporaryDirectory(prefix="sluicegate-verify-") as work:
        root = Path(work) / "bundle"
        manifest = _extract(Path(path), root)
        tool = manifest.get("tool", {}).get("version")
        verified.lines.append(f"bundle of sluicegate {tool}, policies {str(manifest.get('policy_version'))[:12]}; "
                              f"checked with sluicegate {here}")
        _check_hashes(root, manifest, verified)
        if not verified.ok:
            return verified
        _audit_again(root, manifest, verified)
    return verified


def _audit_again(root: Path, manifest: dict, verified: Verified) -> None:
    """Audit ``root/artifacts`` in a fresh process that reads ``root/policies``, its
    reports naming the paths the original reports name."""
    run = manifest.get("audit", {})
    job = {
        "out": str(root / "artifacts"),
        "fail_on": run.get("fail_on", "high"),
        "as_of": run.get("as_of"),
        "formats": [f for f, n in reports.FILES.items() if n in run.get("formats", [])],
        "waivers": str(root / "waivers.yaml") if (root / "waivers.yaml").is_file() else None,
        "spec": str(root / "spec") if (root / "spec").is_dir() else None,
        "shown": run.get("shown", {}),
    }
    env = {**os.environ, POLICIES_ENV: str(root / "policies"), "SLUICEGATE_CACHE": "off"}
    done = subprocess.run(
        [sys.executable, "-m", "sluicegate.policy.bundle", json.dumps(job)],
        env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        verified.fail(f"the audit of the bundle's artifacts did not run: {last}")
        return
    for name in run.get("formats", []):
        again = root / "artifacts" / "audit" / name
        original = _normalised((root / "reports" / name).read_text(), name)
        if not again.is_file() or _normalised(again.read_text(), name) != original:
            verified.fail(f"reports/{name}: the audit of the bundle's artifacts writes another report")
    if verified.ok:
        verified.lines.append(
            f"audit again: the bundle's policies over its artifacts write the same {len(run.get('formats', []))} reports"
        )


def _reaudit(job: dict) -> None:
    """The fresh process of ``_audit_again``: audit, then write the reports again with
    the original run's paths (where OUT, the waivers and the spec were then)."""
    import datetime as dt

    from sluicegate.policy import audit

    result = audit(
        Path(job["out"]),
        fail_on=job["fail_on"],
        formats=tuple(job["formats"]),
        spec=Path(job["spec"]) if job["spec"] else None,
        waivers_file=Path(job["waivers"]) if job["waivers"] else None,
        today=dt.date.fromisoformat(job["as_of"]) if job["as_of"] else None,
    )
    shown = job["shown"]
    result.out = Path(shown.get("out", str(result.out)))
    result.waivers_file = Path(shown["waivers"]) if shown.get("waivers") else None
    result.reference = {**result.reference, "source": shown.get("reference", result.reference["source"])}
    reports.write(result, set(job["formats"]) | {"json"})


if __name__ == "__main__":
    # As sluicegate.policy.bundle, not __main__: its classes must be the package's.
    from sluicegate.policy.bundle import _reaudit as reaudit

    reaudit(json.loads(sys.argv[1]))
