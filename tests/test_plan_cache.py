"""Incremental against full: a plan that takes most of its work from the caches (filled
by a plan of one team fewer, other owners and another tag) writes the same bytes as a
plan that computes everything."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sluicegate import plan, spec
from tests.conftest import REPO


def _tree(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_a_plan_from_the_caches_is_byte_identical_to_one_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "platform"
    root.mkdir()
    shutil.copy(REPO / "platform.yaml", root / "platform.yaml")
    shutil.copytree(REPO / "teams", root / "teams")
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    plan.run(spec.load(root), tmp_path / "fill" / "out")

    (root / "teams" / "newt.yaml").write_text(
        "name: newt\nowners: [ada.new@acme.example]\ndata_classification: pii\n"
    )
    incremental = plan.run(spec.load(root), tmp_path / "inc" / "out")
    monkeypatch.setenv("SLUICEGATE_CACHE", "off")
    full = plan.run(spec.load(root), tmp_path / "full" / "out")

    got, want = _tree(incremental.out), _tree(full.out)
    reports = {p for p in want if p.startswith("audit/")}
    assert set(got) == set(want)
    differing = sorted(p for p in set(want) - reports if got[p] != want[p])
    assert differing == [], f"the incremental plan differs in {differing}"
    # The reports name the folder audited; with that shown alike they are the same.
    shown = {str(incremental.out): "OUT", str(full.out): "OUT"}

    def same(data: bytes) -> str:
        text = data.decode()
        for path, name in shown.items():
            text = text.replace(path, name)
        return text

    for path in sorted(reports):
        assert same(got[path]) == same(want[path]), path
    findings = json.loads(want["audit/findings.json"])
    assert findings, "the audit wrote its findings"
    assert b"ada.new@acme.example" in got["foundation/2-perimeter/main.tf.json"]

    # Onboarding's plan (the audited layers, findings.json only) is the same plan, less
    # the pack and the human-readable reports: the same files and the same verdicts.
    kept = _tree(plan.run(spec.load(root), tmp_path / "kept" / "out",
                          layers=plan.AUDITED, reports=("json",)).out)
    assert not any(p.startswith("pulumi-pack/") for p in kept)
    assert sorted(p for p in kept if p.startswith("audit/")) == ["audit/findings.json"]
    assert [p for p in kept if not p.startswith("audit/") and kept[p] != want[p]] == []
    assert set(want) - set(kept) == {p for p in want if p.startswith("pulumi-pack/")} | (reports - {"audit/findings.json"})
    assert json.loads(same(kept["audit/findings.json"]).replace(str(tmp_path / "kept" / "out"), "OUT")) == json.loads(
        same(want["audit/findings.json"]))
