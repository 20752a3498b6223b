"""write(): object count, identical bytes on re-render, the committed tree, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sluicegate import gitops
from sluicegate.errors import SpecError
from sluicegate.gitops import TEMPLATES, RenderError, write

from sluicegate.gitops.hydrate import HYDRATED

from .conftest import COMMITTED, REPO, objects_in


def _tree(root: Path) -> dict[str, bytes]:
    """The kit's own part of a tree: the hydrated upstream part is never committed."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] != HYDRATED
    }


def test_count_is_the_number_of_objects_written(platform, tmp_path):
    count = write(platform, tmp_path)
    assert count == len(objects_in(tmp_path))
    assert count > 50


def test_rendering_twice_gives_identical_bytes(platform, tmp_path):
    write(platform, tmp_path / "a")
    write(platform, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def test_committed_tree_is_up_to_date(rendered):
    """manifests/rendered is what Argo CD syncs: it must be what the spec renders to."""
    fresh, committed = _tree(rendered), _tree(COMMITTED)
    stale = sorted(
        {name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)}
    )
    assert not stale, (
        f"manifests/rendered is stale in {stale}; run `.venv/bin/sluicegate render` and commit it"
    )


def test_team_named_like_a_platform_namespace_is_refused(platform, tmp_path):
    team = platform.teams[0].model_copy(update={"name": "kubeflow"})
    bad = platform.model_copy(update={"teams": (team,)})
    with pytest.raises(SpecError) as err:
        write(bad, tmp_path)
    assert str(err.value) == (
        "teams/kubeflow.yaml: name: 'kubeflow' is a namespace the platform uses; "
        "choose another team name"
    )


def _templates_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "manifests" / "templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


def test_template_naming_a_missing_team_field_fails_with_file_line_and_key(platform, tmp_path):
    templates = _templates_copy(tmp_path)
    limitrange = templates / "teams" / "limitrange.yaml.j2"
    limitrange.write_text(limitrange.read_text() + "# {{ team.gpu_budget }}\n")
    with pytest.raises(RenderError) as err:
        write(platform, tmp_path / "out", templates=templates)
    line = len(limitrange.read_text().splitlines())
    assert str(err.value).startswith(f"manifests/templates/teams/limitrange.yaml.j2:{line}: ")
    assert "gpu_budget" in str(err.value)


def test_template_naming_a_missing_default_names_its_dotted_path(platform, tmp_path):
    templates = _templates_copy(tmp_path)
    namespace = templates / "teams" / "namespace.yaml.j2"
    namespace.write_text(namespace.read_text().replace("pod_security.audit", "pod_security.audits"))
    with pytest.raises(RenderError, match=r"defaults\.team\.pod_security has no key 'audits'"):
        write(platform, tmp_path / "out", templates=templates)


def test_template_that_renders_invalid_yaml_is_refused_naming_the_output(platform, tmp_path):
    templates = _templates_copy(tmp_path)
    limitrange = templates / "teams" / "limitrange.yaml.j2"
    limitrange.write_text(limitrange.read_text() + "  - : : [\n")
    with pytest.raises(
        RenderError, match=r"^teams/forecast/limitrange\.yaml: rendered text is not YAML"
    ):
        write(platform, tmp_path / "out", templates=templates)


def test_missing_rego_for_a_template_is_refused(platform, tmp_path):
    policies = tmp_path / "policies"
    shutil.copytree(REPO / "policies" / "gatekeeper", policies)
    (policies / "sluicegatenoprivileged.rego").unlink()
    with pytest.raises(
        RenderError, match="no Rego for ConstraintTemplate 'sluicegatenoprivileged'"
    ):
        write(platform, tmp_path / "out", policies=policies)


def test_switched_off_component_leaves_no_application_and_no_team_file(platform, tmp_path):
    components = platform.kubeflow.components.model_copy(update={"pipelines": False})
    kubeflow = platform.kubeflow.model_copy(update={"components": components})
    write(platform.model_copy(update={"kubeflow": kubeflow}), tmp_path)
    assert not (tmp_path / "apps" / "tools--pipelines.yaml").exists()
    assert not (tmp_path / "teams" / "onco" / "kfp-launcher.yaml").exists()
    assert (
        "kfp-launcher.yaml" not in (tmp_path / "teams" / "onco" / "kustomization.yaml").read_text()
    )


def test_kserve_brings_knative_and_its_namespace(platform, tmp_path):
    components = platform.kubeflow.components.model_copy(update={"kserve": True})
    kubeflow = platform.kubeflow.model_copy(update={"components": components})
    write(platform.model_copy(update={"kubeflow": kubeflow}), tmp_path)
    knative = ("deps--knative-serving", "deps--cluster-local-gateway")
    for app in (*knative, "tools--kserve", "tools--models-web-app"):
        assert (tmp_path / "apps" / f"{app}.yaml").exists(), app
    assert "namespace: knative-serving" in (tmp_path / "apps" / "projects.yaml").read_text()


def test_platform_without_teams_renders_a_teams_project_with_no_destination(platform, tmp_path):
    write(platform.model_copy(update={"teams": ()}), tmp_path)
    assert not (tmp_path / "teams").exists()
    projects = {o.name: o.doc for o in objects_in(tmp_path) if o.kind == "AppProject"}
    assert projects["sg-teams"]["spec"]["destinations"] == []


def test_kserve_lets_knative_and_the_local_gateway_reach_team_pods(platform, tmp_path):
    components = platform.kubeflow.components.model_copy(update={"kserve": True})
    kubeflow = platform.kubeflow.model_copy(update={"components": components})
    write(platform.model_copy(update={"kubeflow": kubeflow}), tmp_path)
    (policy,) = [
        o.doc
        for o in objects_in(tmp_path / "teams" / "onco")
        if o.kind == "NetworkPolicy" and o.name == "allow-component-ingress"
    ]
    kubernetes_validate.validate(policy, "1.35", strict=True)
    assert policy["spec"]["ingress"][0]["from"] == [
        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "knative-serving"}}},
        {
            "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "istio-system"}},
            "podSelector": {"matchLabels": {"app": "cluster-local-gateway"}},
        },
    ]


def test_port_entries_of_the_defaults_are_well_formed():
    """A comma inside an unquoted flow-mapping value splits it into a stray key."""
    network = yaml.safe_load((TEMPLATES / "defaults.yaml").read_text())["team"]["network"]
    for section in ("kubeflow_egress", "kubeflow_ingress"):
        for component, entries in network[section].items():
            for entry in entries:
                assert set(entry) == {"port", "why"}, f"{section}.{component}: {entry}"


# Printable text (control characters are never in a label, quota or annotation value).
_TEXT = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40)
_KEYS = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=12)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    _TEXT,
    st.sampled_from(["yes", "on", "0755", "1e3", "- x", "a: b", " lead", "trail ", "é ü 中", "l1\nl2", "#x"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(st.lists(_VALUES, max_size=4), st.dictionaries(_KEYS, _VALUES, max_size=4)),
    indent=st.sampled_from([0, 2, 6]),
)
def test_to_yaml_writes_what_pyyamls_own_emitter_writes(value, indent) -> None:
    """The template filter (given a mapping or a list, as every template gives it) emits
    with libyaml; the committed tree was written by PyYAML's Python emitter, and the two
    must agree byte for byte."""
    text = yaml.safe_dump(value, default_flow_style=False, sort_keys=False, width=1000)
    pad = " " * indent
    expected = "\n".join(pad + line if line else line for line in text.rstrip("\n").split("\n"))
    assert gitops._to_yaml(value, indent) == expected
