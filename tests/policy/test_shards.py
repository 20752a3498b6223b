"""A plan is audited in parts (the shared resources once, a few teams at a time) over
several processes; its verdicts must be those of ONE evaluation of the whole document."""

from __future__ import annotations

import json
import shutil
import sys
import threading
from pathlib import Path

import pytest

from sluicegate.policy import artifacts, engine
from sluicegate.policy.catalogue import controls
from tests.policy.test_audit import (  # noqa: F401
    _json,
    _log_bucket_global,
    _no_default_deny,
    _no_egress_deny,
    _quota_raised,
    _team_reads_other_bucket,
    _terraform,
    _wrong_wi_annotation,
    _yaml_docs,
    planned,
)

CLONES = ("tana", "tbob", "tcid")


@pytest.fixture(autouse=True)
def no_audit_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every evaluation here is computed, not found in the audit cache; the cache's own
    tests at the end of the file give it a folder."""
    monkeypatch.setenv("SLUICEGATE_CACHE", "off")


def _grow(example: Path, dest: Path) -> Path:
    """The example plan with team onco cloned as each of CLONES: its Pulumi resources,
    manifests, Application and spec entry, every name derived the same way."""
    out = dest / "out"
    shutil.copytree(example, out)
    shutil.rmtree(out / "audit", ignore_errors=True)
    graph = json.loads((out / "platform/graph.json").read_text())
    spec = json.loads((out / "spec.json").read_text())
    onco_resources = [r for r in graph["resources"] if "onco" in r["urn"]]
    onco_spec = next(t for t in spec["teams"] if t["name"] == "onco")
    app = out / "manifests/apps/teams--onco.yaml"
    for name in CLONES:
        graph["resources"] += json.loads(json.dumps(onco_resources).replace("onco", name))
        spec["teams"].append(json.loads(json.dumps(onco_spec).replace("onco", name)))
        shutil.copytree(out / "manifests/teams/onco", out / "manifests/teams" / name)
        for path in (out / "manifests/teams" / name).glob("*.yaml"):
            path.write_text(path.read_text().replace("onco", name))
        (app.parent / f"teams--{name}.yaml").write_text(app.read_text().replace("onco", name))
    (out / "platform/graph.json").write_text(json.dumps(graph))
    (out / "spec.json").write_text(json.dumps(spec))
    return out


@pytest.fixture(scope="module")
def grown(planned: Path, tmp_path_factory) -> Path:
    return _grow(planned, tmp_path_factory.mktemp("grown"))


@pytest.fixture
def grown_copy(grown: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(grown, out)
    return out


@pytest.fixture
def one_team_per_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PART_SIZE", 1)


def _verdicts(evaluation: engine.Evaluation) -> tuple[set, dict, dict, set]:
    findings = {
        (o.control.id, f["address"], f["msg"]) for o in evaluation.outcomes for f in o.failures
    }
    errors = {o.control.id: o.error for o in evaluation.outcomes if o.error}
    inventory = {k: sorted(json.dumps(i, sort_keys=True) for i in v) for k, v in evaluation.inventory.items()}
    examined = {
        (o.control.id, o.control.file, json.dumps(x, sort_keys=True)) for o in evaluation.outcomes for x in o.examined
    }
    return findings, errors, inventory, examined


def _assert_same_as_whole(out: Path) -> set:
    doc = artifacts.load(out).doc
    catalogue = list(controls())
    parts = engine.partition(doc)
    assert len(parts) == 1 + len(doc["params"]["teams"]), "one shared part and one part per team"
    whole = _verdicts(engine.evaluate_unsharded(catalogue, doc))
    sharded = _verdicts(engine.evaluate(catalogue, doc, workers=2))
    assert whole[1] == {}, f"the whole document did not evaluate: {whole[1]}"
    only_whole, only_parts = whole[0] - sharded[0], sharded[0] - whole[0]
    assert not only_whole and not only_parts, (
        f"found only in the whole document: {sorted(only_whole)}; only in parts: {sorted(only_parts)}"
    )
    assert sharded[1] == whole[1]
    assert sharded[2] == whole[2], "the evidence (inventory) differs"
    assert whole[3], "the whole document examined nothing"
    only_whole, only_parts = whole[3] - sharded[3], sharded[3] - whole[3]
    assert not only_whole and not only_parts, (
        f"examined only in the whole document: {sorted(only_whole)[:10]}; only in parts: {sorted(only_parts)[:10]}"
    )
    return whole[0]


def test_parts_of_a_clean_plan_find_what_the_whole_finds(grown: Path, one_team_per_part) -> None:
    assert _assert_same_as_whole(grown) == set()


def _drop_constraint(out: Path) -> None:
    (out / "manifests/gatekeeper/constraints/tenant-images-from-regional-registry.yaml").unlink()


def _drop_key_policy(out: Path) -> None:
    def drop(tf: dict) -> None:
        policies = tf.get("resource", {}).get("google_org_policy_policy", {})
        for name in [n for n, v in policies.items() if "disableServiceAccountKeyCreation" in v["name"]]:
            del policies[name]

    for path in (out / "foundation").rglob("*.tf.json"):
        _json(path, drop)


def _clone_without_namespace(out: Path) -> None:
    (out / "manifests/teams/tbob/namespace.yaml").unlink()


def _clone_grants_shared_bucket(out: Path) -> None:
    def add(graph: dict) -> None:
        policy = next(
            r for r in graph["resources"]
            if r["type"] == "gcp:storage/bucketIAMPolicy:BucketIAMPolicy" and "tcid" in r["name"]
        )
        data = json.loads(policy["inputs"]["policyData"])
        # Team forecast (its own part) granted on team tcid's bucket: found across parts.
        data["bindings"][0]["members"].append("serviceAccount:sg-team-forecast@acme-ml-platform.iam.gserviceaccount.com")
        policy["inputs"]["policyData"] = json.dumps(data)

    _json(out / "platform/graph.json", add)


def _public_image_in_katib_config(out: Path) -> None:
    """Katib's suggestion images, launched from its ConfigMap, back on the public registry."""
    mirror = "australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-mirror-ghcr/"

    def publish(docs: list[dict]) -> list[dict]:
        for d in docs:
            if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "katib-config":
                d["data"] = {k: v.replace(mirror, "ghcr.io/") for k, v in d["data"].items()}
        return docs

    _yaml_docs(out / "manifests/hydrated/tools--katib/manifests.yaml", publish)


def test_parts_of_a_failing_plan_find_what_the_whole_finds(grown_copy: Path, one_team_per_part) -> None:
    # Failures in several teams (the example's and the clones') and in shared resources,
    # including checks that something exists once on the platform.
    for mutate in (
        _team_reads_other_bucket, _no_default_deny, _quota_raised, _wrong_wi_annotation,
        _no_egress_deny, _log_bucket_global, _drop_constraint, _drop_key_policy,
        _clone_without_namespace, _clone_grants_shared_bucket, _public_image_in_katib_config,
    ):
        mutate(grown_copy)
    findings = _assert_same_as_whole(grown_copy)
    failed = {control for control, _, _ in findings}
    assert {"IAM-05", "K8S-01", "K8S-02", "K8S-03", "K8S-09", "NET-04", "LOG-01", "K8S-04", "IAM-01"} <= failed, failed
    assert any(c == "IAM-05" and "tcid" in a for c, a, _ in findings), "the cross-team grant in a clone"
    assert any(c == "K8S-01" and a == "Namespace/tbob" for c, a, _ in findings), "the clone's missing namespace"
    # Found in configuration (policy/derived.py), named by the object's own address.
    assert any(
        c == "DEP-10" and a == "manifests/hydrated/tools--katib/manifests.yaml#ConfigMap/kubeflow/katib-config"
        for c, a, _ in findings
    ), "the public image in Katib's configuration"


def test_each_team_lands_in_one_part_and_shared_resources_in_the_first(grown: Path) -> None:
    doc = artifacts.load(grown).doc
    teams = [t["name"] for t in doc["params"]["teams"]]
    shared, *team_parts = engine.partition(doc, size=1)
    assert [[t["name"] for t in p["params"]["teams"]] for p in team_parts] == [[t] for t in teams]
    assert shared["params"]["teams"] == [] and "part" not in shared
    assert shared["terraform"] == doc["terraform"]
    assert not any("Team::team-" in r["urn"] for r in shared["pulumi"]["resources"])
    assert not any("/teams/" in m["file"] or "teams--" in m["file"] for m in shared["manifests"])
    for part, team in zip(team_parts, teams):
        assert part["part"] == engine.TEAM_PART and part["terraform"] == []
        assert all(r["urn"].rsplit("::", 1)[1].startswith(f"team-{team}") for r in part["pulumi"]["resources"]), team
        assert all(f"/teams/{team}/" in m["file"] or f"teams--{team}" in m["file"] for m in part["manifests"]), team
        assert set(part["params"]["team_by_account"]) == {
            t["service_account"] for t in doc["params"]["teams"] if t["name"] == team
        }, team
    everything = sorted(r["urn"] for r in doc["pulumi"]["resources"])
    parts = [shared, *team_parts]
    assert sorted(r["urn"] for p in parts for r in p["pulumi"]["resources"]) == everything
    assert sum(len(p["manifests"]) for p in parts) == len(doc["manifests"])


def test_an_object_in_a_team_namespace_belongs_to_the_team(grown_copy: Path) -> None:
    # A shared file (a hydrated upstream tree) with an object in team onco's namespace
    # and one named after it: rules that expect things of onco must see both.
    (grown_copy / "manifests/hydrated").mkdir(exist_ok=True)
    (grown_copy / "manifests/hydrated/extra.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: onco}\n---\n"
        "apiVersion: kubeflow.org/v1\nkind: Profile\nmetadata: {name: onco}\nspec: {}\n"
    )
    doc = artifacts.load(grown_copy).doc
    parts = engine.partition(doc, size=1)
    onco = next(p for p in parts if [t["name"] for t in p["params"]["teams"]] == ["onco"])
    assert {m["object"]["kind"] for m in onco["manifests"] if m["file"] == "manifests/hydrated/extra.yaml"} == {
        "ConfigMap", "Profile"
    }


def test_a_worker_that_dies_on_a_part_fails_every_control(
    grown: Path, one_team_per_part, monkeypatch, tmp_path: Path
) -> None:
    """Fail closed: a part its worker stopped on has shown nothing. The stand-in worker
    speaks the protocol (reads the controls, says it is ready, takes a part) and then
    stops as a worker does when rego-cpp aborts."""
    doc = artifacts.load(grown).doc
    dies = tmp_path / "python"
    dies.write_text(
        f"#!/bin/sh\nexec {sys.executable} -c '"
        "import pickle, sys; pickle.load(sys.stdin.buffer); pickle.dump(\"ready\", sys.stdout.buffer); "
        "sys.stdout.flush(); pickle.load(sys.stdin.buffer); sys.exit(\"rego-cpp aborted\")'\n"
    )
    dies.chmod(0o755)
    monkeypatch.setattr(engine.sys, "executable", str(dies))
    evaluation = engine.evaluate(controls(), doc, workers=2)
    assert evaluation.outcomes
    assert all(o.error == "the audit worker stopped: rego-cpp aborted" for o in evaluation.outcomes)


def test_a_worker_that_cannot_start_leaves_its_parts_to_this_process(grown: Path, one_team_per_part, monkeypatch) -> None:
    """A worker that stops before it took a part has failed on nothing: this process
    evaluates every part, and the verdicts are one process's."""
    doc = artifacts.load(grown).doc
    monkeypatch.setattr(engine.sys, "executable", "/bin/false")
    evaluation = engine.evaluate(controls(), doc, workers=2)
    assert _verdicts(evaluation) == _verdicts(engine.evaluate(controls(), doc, workers=1))
    assert not any(o.error for o in evaluation.outcomes)


def test_parts_go_to_whichever_process_is_free(grown: Path, one_team_per_part, monkeypatch) -> None:
    """Both processes take parts from one queue: this one holds its first part until
    the worker has taken one, so each evaluates some; the verdicts are one process's."""
    doc = artifacts.load(grown).doc
    catalogue = controls()
    here: list[int] = []
    took = threading.Event()
    real_part, real_serve = engine._evaluate_part, engine.Worker.serve

    def counting(controls_, part, context):
        assert took.wait(timeout=300), "the worker took no part"
        here.append(len(part["params"]["teams"]))
        return real_part(controls_, part, context)

    def serve(worker, take, contexts, controls_):
        def taking():
            entry = take()
            if entry is not None:
                took.set()
            return entry

        return real_serve(worker, taking, contexts, controls_)

    monkeypatch.setattr(engine, "_evaluate_part", counting)
    monkeypatch.setattr(engine.Worker, "serve", serve)
    parts = len(engine.partition(doc))
    shared = engine.evaluate(catalogue, doc, workers=2)
    assert 0 < len(here) < parts, f"this process evaluated {len(here)} of {parts} parts"
    assert _verdicts(shared) == _verdicts(engine.evaluate(catalogue, doc, workers=1))


# --- the audit cache: a part whose content is unchanged is not evaluated again


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """The audit cache in a folder of its own, and the sizes of the parts evaluated."""
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    evaluated: list[int] = []
    real = engine._evaluate_part

    def counting(controls_, part, context):
        evaluated.append(len(part["params"]["teams"]))
        return real(controls_, part, context)

    monkeypatch.setattr(engine, "_evaluate_part", counting)
    return evaluated


def test_a_cached_audit_is_the_computed_one_and_evaluates_nothing(grown: Path, counted: list[int]) -> None:
    doc = artifacts.load(grown).doc
    first = _verdicts(engine.evaluate(controls(), doc, workers=1))
    parts = len(engine.partition(doc))
    assert len(counted) == parts
    again = _verdicts(engine.evaluate(controls(), doc, workers=1))
    assert again == first
    assert len(counted) == parts, "a part was evaluated again though nothing changed"


def test_a_changed_team_is_evaluated_again_and_only_its_part(grown_copy: Path, counted: list[int], one_team_per_part) -> None:
    engine.evaluate(controls(), artifacts.load(grown_copy).doc, workers=1)
    counted.clear()
    _wrong_wi_annotation(grown_copy)  # onco's service account names another account
    changed = artifacts.load(grown_copy).doc
    cached = _verdicts(engine.evaluate(controls(), changed, workers=1))
    assert counted == [1], f"parts evaluated again (their team counts): {counted}"
    assert cached == _verdicts(engine.evaluate_unsharded(controls(), changed))
    assert any(c == "K8S-09" for c, _, _ in cached[0]), "the change is found"


def test_adding_a_team_changes_only_its_part_and_the_shared_one(grown: Path) -> None:
    doc = artifacts.load(grown).doc
    name = CLONES[1]
    fewer = json.loads(json.dumps(doc))
    fewer["params"]["teams"] = [t for t in doc["params"]["teams"] if t["name"] != name]
    fewer["params"]["team_owners"] = [o for o in doc["params"]["team_owners"] if o["team"] != name]
    fewer["pulumi"]["resources"] = [r for r in doc["pulumi"]["resources"] if name not in json.dumps(r)]
    fewer["manifests"] = [m for m in doc["manifests"] if name not in json.dumps(m)]
    before = {json.dumps(p, sort_keys=True) for p in engine.partition(doc, size=40)}
    after = {json.dumps(p, sort_keys=True) for p in engine.partition(fewer, size=40)}
    assert len(before) > 3, "the plan is in several team parts"
    # The shared part (its owners list) and the part the team was in (gone, when the team
    # was alone in it, or holding one team fewer); every other part reads the same.
    assert len(before - after) == 2 and 1 <= len(after - before) <= 2, (len(before - after), len(after - before))
    assert len(before & after) == len(before) - 2


def _sized(n: int, team: bool = True) -> dict:
    part = {"manifests": [{}] * n}
    return {**part, "part": engine.TEAM_PART} if team else part


def test_workers_start_only_where_they_finish_sooner() -> None:
    # The shared part and two team parts of a 100-team onboarding: a worker takes the
    # team parts and finishes with this process.
    onboarding = [(0, _sized(630, team=False)), (1, _sized(150)), (2, _sized(150))]
    assert engine._workers(onboarding, 2) == 2
    # A two-team plan: a worker would finish after this process evaluated everything.
    small = [(0, _sized(630, team=False)), (1, _sized(40))]
    assert engine._workers(small, 2) == 1
    assert engine._workers(onboarding, 1) == 1
    assert engine._workers(onboarding[:1], 2) == 1
    # The first bin is this process's: it takes the start-up a worker spends.
    bins = engine._balanced(onboarding, 2)
    assert [i for i, _ in bins[0]] == [0] and sorted(i for i, _ in bins[1]) == [1, 2]


def test_workers_started_before_the_plan_is_read_give_the_same_verdicts(
    grown: Path, one_team_per_part, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sluicegate audit` of ten teams or more starts its workers early: they are given
    parts and finish, or, with nothing for them, are stopped; the verdicts are those of
    one process."""
    doc = artifacts.load(grown).doc
    catalogue = controls()
    monkeypatch.setattr(engine.os, "cpu_count", lambda: 2)
    with engine.workers_for(catalogue, engine.EARLY_FROM_TEAMS) as early:
        assert len(early) == 1
        parallel = _verdicts(engine.evaluate(catalogue, doc, workers=2, started=early))
        assert early[0].used and early[0].finished
    assert parallel == _verdicts(engine.evaluate(catalogue, doc, workers=1))
    with engine.workers_for(catalogue, engine.EARLY_FROM_TEAMS) as unused:
        engine.evaluate(catalogue, doc, workers=1, started=unused)
    assert unused[0].finished and unused[0].process.returncode is not None
    with engine.workers_for(catalogue, engine.EARLY_FROM_TEAMS - 1) as none:
        assert none == []
