"""Gatekeeper: the Rego (one source), its tests under regopy, and the rendered
templates and constraints that carry it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from regopy import Interpreter

from sluicegate.gitops import policy_metadata
from sluicegate.policy.engine import _matches

from .conftest import of_kind, one

POLICIES = Path(__file__).resolve().parents[2] / "policies" / "gatekeeper"
TEMPLATES = sorted(p.stem for p in POLICIES.glob("*.rego") if not p.stem.endswith("_test"))
SEVERITIES = {"low", "medium", "high", "critical"}


def run_rego_tests(policy: str, tests: str) -> dict[str, bool]:
    """Every ``test_*`` rule of ``tests`` and whether it held (a failing rule is undefined)."""
    package = re.search(r"^package (\S+)", tests, re.MULTILINE).group(1)
    rego = Interpreter()
    rego.add_module("policy", policy)
    rego.add_module("tests", tests)
    result = rego.query(f"x := data.{package}")
    assert result.ok(), f"{package}: {result}"
    passed = _binding(result)
    return {
        name: passed.get(name) is True for name in re.findall(r"^(test_\w+)", tests, re.MULTILINE)
    }


def _evaluate(template: str, obj: dict, parameters: dict) -> list:
    rego = Interpreter()
    rego.add_module(template, (POLICIES / f"{template}.rego").read_text())
    rego.set_input({"review": {"object": obj}, "parameters": parameters})
    return _binding(rego.query(f"x := data.{template}.violation"))


def _binding(result) -> object:
    """The value bound to ``x``; ``result`` must stay referenced while the node is
    read, because regopy frees the node's memory with its Output."""
    return json.loads(result.binding("x").json())


def test_there_are_four_templates_each_with_tests():
    assert TEMPLATES == [
        "sluicegateallowedrepos",
        "sluicegateblockservicetypes",
        "sluicegatenoprivileged",
        "sluicegaterequiredlabels",
    ]


@pytest.mark.parametrize("template", TEMPLATES)
def test_rego_tests_pass_with_an_allowed_and_a_denied_case(template):
    tests = (POLICIES / f"{template}_test.rego").read_text()
    results = run_rego_tests((POLICIES / f"{template}.rego").read_text(), tests)
    assert [n for n, ok in results.items() if not ok] == []
    assert any(n.endswith("_allowed") for n in results), f"{template}: no passing (allowed) case"
    assert any(n.endswith("_denied") for n in results), f"{template}: no failing (denied) case"


def test_the_rego_test_runner_reports_a_failing_test():
    results = run_rego_tests(
        'package p\n\nviolation contains 1 if input.review.object.kind == "Pod"\n',
        "package p_test\n\nimport data.p\n\n"
        "test_holds if count(p.violation) == 0\n\n"
        "test_wrong if count(p.violation) == 1\n",
    )
    assert results == {"test_holds": True, "test_wrong": False}


@pytest.mark.parametrize("template", TEMPLATES)
def test_metadata_gives_auditors_control_severity_frameworks_and_remediation(template):
    meta = policy_metadata((POLICIES / f"{template}.rego").read_text())
    custom = meta["custom"]
    assert meta["title"] and meta["description"]
    assert re.fullmatch(r"K8S-0[1-8]", custom["control_id"]), custom["control_id"]
    assert custom["severity"] in SEVERITIES
    assert custom["frameworks"] and all(custom["frameworks"].values())
    assert custom["remediation"].strip()


def test_each_template_enforces_a_different_control():
    ids = [
        policy_metadata((POLICIES / f"{t}.rego").read_text())["custom"]["control_id"]
        for t in TEMPLATES
    ]
    assert sorted(ids) == ["K8S-01", "K8S-04", "K8S-05", "K8S-08"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_rendered_template_embeds_the_rego_file_verbatim_as_rego_v1(objects, template):
    doc = one(objects, "ConstraintTemplate", template).doc
    (target,) = doc["spec"]["targets"]
    (code,) = target["code"]
    assert code["engine"] == "Rego"
    assert code["source"] == {"version": "v1", "rego": (POLICIES / f"{template}.rego").read_text()}
    meta = policy_metadata(code["source"]["rego"])
    assert (
        doc["metadata"]["annotations"]["sluicegate.io/control-id"] == meta["custom"]["control_id"]
    )
    assert doc["metadata"]["name"] == doc["spec"]["crd"]["spec"]["names"]["kind"].lower()


def test_images_are_allowed_only_from_the_regional_registry(objects, names, platform):
    params = one(objects, "SluicegateAllowedRepos", "tenant-images-from-regional-registry").doc[
        "spec"
    ]["parameters"]
    assert params["repos"] == [f"{names.registry_host}/{platform.project_id}/"]
    assert params["repos"] == ["australia-southeast1-docker.pkg.dev/acme-ml-platform/"]
    assert "exemptImages" not in params, "images Kubeflow launches come through the mirrors; none is exempt"


def _constraint(objects, kind):
    (obj,) = of_kind(objects, kind)
    return obj.doc["spec"]


def test_tenant_constraints_select_the_namespaces_the_teams_get(objects, platform):
    for kind in ("SluicegateAllowedRepos", "SluicegateBlockServiceTypes"):
        selector = _constraint(objects, kind)["match"]["namespaceSelector"]["matchLabels"]
        for team in platform.teams:
            labels = one(objects, "Namespace", team.name).doc["metadata"]["labels"]
            assert selector.items() <= labels.items(), (
                f"{kind} does not select namespace {team.name}"
            )


def test_rendered_team_namespaces_satisfy_the_label_constraint(objects, platform):
    """The constraint as Gatekeeper applies it: to the Namespaces its `match` selects,
    which are the teams' and none of the platform's."""
    spec = _constraint(objects, "SluicegateRequiredLabels")
    namespaces = of_kind(objects, "Namespace")
    labels = {ns.name: ns.doc["metadata"].get("labels", {}) for ns in namespaces}
    matched = {ns.name: ns for ns in namespaces if _matches(spec["match"], ns.doc, labels)}
    assert set(matched) == {t.name for t in platform.teams}, (
        f"tenant-namespace-labels selects {sorted(matched)}, not the team namespaces"
    )
    for ns in matched.values():
        assert _evaluate("sluicegaterequiredlabels", ns.doc, spec["parameters"]) == [], str(ns)
    platform_namespaces = {ns.name: ns for ns in namespaces if ns.hydrated}
    assert {"kubeflow", "istio-system", "cert-manager", "gatekeeper-system"} <= set(
        platform_namespaces
    )
    for ns in platform_namespaces.values():
        assert ns.name not in matched, f"{ns}: a platform namespace is held to the tenant labels"
        # They lack the tenant labels: it is the match that spares them, not the Rego.
        assert _evaluate("sluicegaterequiredlabels", ns.doc, spec["parameters"]), str(ns)
    unlabelled = {"kind": "Namespace", "metadata": {"name": "adhoc", "labels": {}}}
    assert len(_evaluate("sluicegaterequiredlabels", unlabelled, spec["parameters"])) == 2


def test_rendered_constraints_deny_a_load_balancer_and_a_docker_hub_image(objects):
    services = _constraint(objects, "SluicegateBlockServiceTypes")["parameters"]
    lb = {"kind": "Service", "metadata": {"name": "x"}, "spec": {"type": "LoadBalancer"}}
    assert len(_evaluate("sluicegateblockservicetypes", lb, services)) == 1
    repos = _constraint(objects, "SluicegateAllowedRepos")["parameters"]
    pod = {
        "kind": "Pod",
        "metadata": {"name": "x"},
        "spec": {"containers": [{"name": "c", "image": "python:3.12"}]},
    }
    assert len(_evaluate("sluicegateallowedrepos", pod, repos)) == 1


def test_privileged_constraint_covers_all_but_system_namespaces(objects):
    match = _constraint(objects, "SluicegateNoPrivileged")["match"]
    assert "namespaceSelector" not in match
    assert set(match["excludedNamespaces"]) == {"kube-system", "gke-*", "gmp-*"}
