"""Waivers: a waived finding stays in every report, marked, and does not block; a
waiver that expired or matches nothing is a finding; a bad waivers file is exit 2 with
one line naming the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from sluicegate.cli import main
from sluicegate.policy import WaiverError, audit, waivers
from tests.policy.test_audit import _gpu_pool_untainted, copy, planned  # noqa: F401

GOOD = {
    "reason": "the GPU pool is drained until the taint ships",
    "owner": "platform-team@acme.example",
    "ticket": "SEC-142",
}


def _write(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"waivers": entries}, sort_keys=False))
    return path


def test_waived_expired_and_unmatched(copy: Path) -> None:
    """GKE-15 (medium) fails; a glob waiver accepts it until a date, so --fail-on medium
    no longer blocks. An expired waiver waives nothing and is a finding; so is one that
    matches nothing."""
    urn = _gpu_pool_untainted(copy)
    _write(copy / "waivers.yaml", [
        {"control": "GKE-15", "resource": "urn:pulumi:*NodePool::*gpu*", **GOOD, "expires": "2026-06-30"},
        {"control": "RES-02", "resource": "urn:pulumi:*Bucket::nothing-of-this-name", **GOOD, "expires": "2026-06-30"},
        {"control": "STO-01", "resource": "*", **GOOD, "expires": dt.date(2026, 1, 1)},
    ])
    result = audit(copy, fail_on="medium", today=dt.date(2026, 6, 30))
    by_control = {r.id: r for r in result.results}

    gke15 = by_control["GKE-15"]
    assert gke15.status == "waived" and gke15.passed
    [finding] = gke15.findings
    assert finding.address == urn and finding.waived and finding.waiver.ticket == "SEC-142"

    res02 = [f for f in by_control["RES-02"].findings if not f.waived]
    assert [f.layer for f in res02] == ["waivers"]
    assert "matches no finding of RES-02" in res02[0].message and res02[0].address.startswith("waivers.yaml#waivers[1]")
    sto01 = by_control["STO-01"].findings
    assert len(sto01) == 1 and "expired on 2026-01-01" in sto01[0].message

    # The waiver findings are medium: they block at medium, the waived GKE-15 does not.
    assert result.blocking and {f.control_id for f in result.findings if not f.waived} == {"RES-02", "STO-01"}
    assert result.by_severity()["medium"] == 2

    data = json.loads((copy / "audit" / "findings.json").read_text())
    assert data["summary"]["waived"] == 1
    [waived] = [f for f in data["findings"] if f["waiver"]]
    assert waived["address"] == urn and waived["waiver"]["owner"] == GOOD["owner"]
    assert waived["waiver"]["expires"] == "2026-06-30"
    control = next(c for c in data["controls"] if c["control_id"] == "GKE-15")
    assert control["status"] == "waived" and control["failed"][0]["waiver"]["ticket"] == "SEC-142"
    sarif = json.loads((copy / "audit" / "report.sarif").read_text())
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["GKE-15"]
    md = (copy / "audit" / "report.md").read_text()
    assert f"| `{urn}` | platform | waived | GPU pool without" in md
    assert "waived until 2026-06-30 by platform-team@acme.example, ticket SEC-142" in md
    html = (copy / "audit" / "report.html").read_text()
    assert '<td class="waived">Waived</td>' in html

    # The day after, the GKE-15 waiver has expired too: its finding blocks again.
    later = audit(copy, fail_on="medium", today=dt.date(2026, 7, 1))
    assert not any(f.waived for f in later.findings)
    assert {f.control_id for f in later.findings if f.layer != "waivers"} == {"GKE-15"}


def test_without_the_waiver_the_finding_blocks(copy: Path) -> None:
    _gpu_pool_untainted(copy)
    assert audit(copy, fail_on="medium").blocking


def test_glob_and_control_must_both_match() -> None:
    waiver = waivers.Waiver("w", "GKE-15", "urn:*::gpu-*", "r", "o", "t", dt.date(2026, 1, 1))
    assert waiver.matches("GKE-15", "urn:pulumi:plan::x::gpu-pool")
    assert not waiver.matches("GKE-14", "urn:pulumi:plan::x::gpu-pool")
    assert not waiver.matches("GKE-15", "urn:pulumi:plan::x::system-pool")
    # fnmatch case-sensitively: an address is matched as written.
    assert not waiver.matches("GKE-15", "urn:pulumi:plan::x::GPU-pool")
    assert waiver.active(dt.date(2026, 1, 1)) and not waiver.active(dt.date(2026, 1, 2))


BAD = [
    ({"control": "GKE-15", "resource": "*", "owner": "o", "expires": "2027-01-01"}, r"\.reason: missing"),
    ({"control": "GKE-15", "resource": "*", "reason": "r", "expires": "2027-01-01"}, r"\.owner: missing"),
    ({"control": "GKE-15", "resource": "*", "reason": "r", "owner": "o"}, r"\.expires: missing"),
    ({"control": "GKE-15", "resource": "*", "reason": " ", "owner": "o", "expires": "2027-01-01"}, r"\.reason: missing"),
    ({"control": "GKE-15", "resource": "*", "reason": "r", "owner": "o", "expires": "soon"}, r"\.expires: must be a date"),
    ({"control": "GKE-99", "resource": "*", "reason": "r", "owner": "o", "expires": "2027-01-01"}, r"\.control: 'GKE-99' is not a control"),
    ({"control": "GKE-15", "reason": "r", "owner": "o", "expires": "2027-01-01"}, r"\.resource: missing"),
    ({"control": "GKE-15", "resource": "*", "reason": "r", "owner": "o", "expires": "2027-01-01", "until": 1},
     r"\.until: not a waiver field"),
    ({"control": "GKE-15", "resource": "*", "reason": "r", "owner": ["o"], "expires": "2027-01-01"}, r"\.owner: must be a string"),
]


@pytest.mark.parametrize(("entry", "message"), BAD, ids=[m for _, m in BAD])
def test_a_bad_waiver_is_one_line_naming_the_field(tmp_path: Path, entry: dict, message: str) -> None:
    path = _write(tmp_path / "waivers.yaml", [entry])
    with pytest.raises(WaiverError, match=rf"^waivers\.yaml: waivers\[0\]{message}"):
        waivers.load(path, {"GKE-15"})


def test_a_file_that_is_not_a_waiver_list(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text("- control: GKE-15\n")
    with pytest.raises(WaiverError, match=r"^waivers\.yaml: must be a mapping with one key, waivers"):
        waivers.load(path, {"GKE-15"})
    path.write_text("waivers: [\n")
    with pytest.raises(WaiverError, match=r"^waivers\.yaml: not YAML"):
        waivers.load(path, {"GKE-15"})


def test_cli_bad_waiver_exits_2_with_one_line_and_writes_no_report(copy: Path, capsys) -> None:
    _write(copy / "waivers.yaml", [{"control": "GKE-15", "resource": "*", "reason": "r", "expires": "2027-01-01"}])
    assert main(["audit", str(copy)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: waivers.yaml: waivers[0].owner: missing"
    assert not (copy / "audit").exists()


def test_plan_takes_the_waivers_beside_the_spec(example: Path, tmp_path: Path) -> None:
    """`sluicegate plan` copies waivers.yaml from beside platform.yaml into OUT and
    applies it: here one that matches nothing, which is a medium finding (not blocking
    at the default --fail-on high)."""
    _write(example / "waivers.yaml", [
        {"control": "RES-02", "resource": "urn:pulumi:*Bucket::nothing-of-this-name", **GOOD, "expires": "2999-12-31"},
    ])
    out = tmp_path / "out"
    assert main(["plan", "--spec", str(example), "--out", str(out)]) == 0
    assert (out / "waivers.yaml").read_bytes() == (example / "waivers.yaml").read_bytes()
    data = json.loads((out / "audit" / "findings.json").read_text())
    [finding] = [f for f in data["findings"] if f["layer"] == "waivers"]
    assert finding["control_id"] == "RES-02" and "matches no finding" in finding["message"]
