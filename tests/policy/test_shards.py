"""Large plans are audited in shards of teams; the verdicts must be those of one audit."""

from __future__ import annotations

import pytest

from sluicegate.policy import artifacts, audit, engine
from tests.policy.test_audit import _no_default_deny, _team_reads_other_bucket, copy, planned  # noqa: F401


@pytest.fixture
def one_team_per_shard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "TEAMS_PER_SHARD", 1)


def test_each_team_lands_in_one_shard_and_shared_resources_in_all(planned, one_team_per_shard) -> None:
    doc = artifacts.load(planned).doc
    parts = engine.shards(doc)
    assert [[t["name"] for t in p["params"]["teams"]] for p in parts] == [["forecast"], ["onco"]]
    for part, team, other in ((parts[0], "forecast", "onco"), (parts[1], "onco", "forecast")):
        urns = [r["urn"] for r in part["pulumi"]["resources"]]
        files = [m["file"] for m in part["manifests"]]
        assert any(f"Team::team-{team}" in u for u in urns), team
        assert not any(f"Team::team-{other}" in u for u in urns), team
        assert any(f.startswith(f"manifests/teams/{team}/") for f in files), team
        assert not any(f"teams/{other}" in f or f"teams--{other}" in f for f in files), team
        assert any("Cluster::sg-gke" in u for u in urns), team
        assert part["terraform"] == doc["terraform"]
        assert set(part["params"]["team_by_account"]) == {
            t["service_account"] for t in doc["params"]["teams"]
        }
    everything = sorted(r["urn"] for r in doc["pulumi"]["resources"])
    assert sorted({r["urn"] for p in parts for r in p["pulumi"]["resources"]}) == everything


def test_sharded_audit_of_the_example_is_the_same_as_one(planned, copy, one_team_per_shard) -> None:
    whole = audit(planned)
    sharded = audit(copy)
    assert (sharded.controls_passed, sharded.controls_total) == (whole.controls_passed, whole.controls_total)
    assert sharded.findings == whole.findings == []
    assert {r.id: len(r.checked) for r in sharded.results} == {r.id: len(r.checked) for r in whole.results}


@pytest.mark.parametrize(
    ("mutate", "control"),
    [(_team_reads_other_bucket, "IAM-05"), (_no_default_deny, "K8S-02")],
)
def test_findings_across_shards_are_caught(copy, one_team_per_shard, mutate, control) -> None:
    mutate(copy)
    result = audit(copy)
    assert control in {f.control_id for f in result.findings}
    assert result.blocking
