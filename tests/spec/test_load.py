"""The spec loads into frozen typed objects, and each rule rejects bad input with one exact line."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pydantic import ValidationError

from sluicegate import spec
from sluicegate.errors import SpecError
from tests.conftest import read_yaml, write_yaml


def test_example_loads_with_its_teams(repo: Path) -> None:
    platform = spec.load(repo)
    assert platform.region == "australia-southeast1"
    assert [t.name for t in platform.teams] == ["forecast", "onco"]
    assert {t.name: t.data_classification for t in platform.teams} == {
        "forecast": "internal",
        "onco": "pii",
    }
    pool = platform.pool("t4")
    assert (pool.gpu_type, pool.min_nodes, pool.spot) == ("nvidia-tesla-t4", 0, True)


def test_spec_file_or_folder_give_the_same_platform(repo: Path) -> None:
    assert spec.load(repo) == spec.load(repo / "platform.yaml")


def test_platform_is_frozen(repo: Path) -> None:
    platform = spec.load(repo)
    with pytest.raises(ValidationError):
        platform.region = "us-central1"  # type: ignore[misc]


def test_defaults_are_filled_in(example: Path) -> None:
    data = read_yaml(example / "platform.yaml")
    del data["kubeflow"], data["storage"]
    write_yaml(example / "platform.yaml", data)
    platform = spec.load(example)
    assert platform.kubeflow.release == "26.03"
    assert platform.storage.soft_delete_days == 7


def _set(data: dict, path: str, value: object) -> None:
    """Set ``a.b[0].c`` in nested data; ``value is DELETE`` removes the key."""
    keys: list[str | int] = []
    for part in path.replace("]", "").split("."):
        name, *indexes = part.split("[")
        keys.append(name)
        keys.extend(int(i) for i in indexes)
    target = data
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value


DELETE = object()

# (file, field to change, new value, the exact error line)
BAD = [
    ("platform.yaml", "region", "mars-north1",
     "platform.yaml: region: unknown region 'mars-north1' (known: asia-southeast1, "
     "australia-southeast1, australia-southeast2, europe-west1, europe-west2, europe-west4, "
     "us-central1, us-east4)"),
    ("platform.yaml", "regoin", "x", "platform.yaml: regoin: unknown key"),
    # A key with a line break is shown quoted: the error stays one line.
    ("platform.yaml", "kubeflow", {"\n": None}, "platform.yaml: kubeflow['\\n']: unknown key"),
    ("platform.yaml", "project_id", DELETE, "platform.yaml: project_id: required"),
    ("platform.yaml", "prefix", "Sluice-Gate",
     "platform.yaml: prefix: 'Sluice-Gate': must be 2-12 lowercase letters or digits, "
     "starting with a letter"),
    ("platform.yaml", "network.subnet_cidr", "10.10.0.0/33",
     "platform.yaml: network.subnet_cidr: '10.10.0.0/33' is not a CIDR block "
     "('10.10.0.0/33' does not appear to be an IPv4 or IPv6 network)"),
    ("platform.yaml", "network.pods_cidr", "8.8.0.0/14",
     "platform.yaml: network.pods_cidr: 8.8.0.0/14 is not a private (RFC 1918) range"),
    ("platform.yaml", "network.services_cidr", "10.10.4.0/22",
     "platform.yaml: network.services_cidr: 10.10.4.0/22 overlaps network.subnet_cidr (10.10.0.0/20)"),
    ("platform.yaml", "network.control_plane_cidr", "172.16.0.0/24",
     "platform.yaml: network.control_plane_cidr: must be a /28, not /24"),
    ("platform.yaml", "network.authorized_networks[0].cidr", "0.0.0.0/0",
     "platform.yaml: network.authorized_networks[0].cidr: 0.0.0.0/0 is not a private (RFC 1918) range"),
    ("platform.yaml", "cluster.gpu_pools[0].gpu_type", "nvidia-tesla-k80",
     "platform.yaml: cluster.gpu_pools[0].gpu_type: unknown GPU type 'nvidia-tesla-k80' (known: "
     "nvidia-a100-80gb, nvidia-b200, nvidia-h100-80gb, nvidia-h100-mega-80gb, nvidia-h200-141gb, "
     "nvidia-l4, nvidia-rtx-pro-6000, nvidia-tesla-a100, nvidia-tesla-p100, nvidia-tesla-p4, "
     "nvidia-tesla-t4, nvidia-tesla-v100)"),
    ("platform.yaml", "cluster.gpu_pools[0].machine_type", "g2-standard-8",
     "platform.yaml: cluster.gpu_pools[0].machine_type: g2-standard-8 cannot carry "
     "nvidia-tesla-t4 (use n1-*)"),
    ("platform.yaml", "cluster.gpu_pools[0].gpus_per_node", 8,
     "platform.yaml: cluster.gpu_pools[0].gpus_per_node: n1-standard-8 takes 1 or 2 or 4 "
     "nvidia-tesla-t4, not 8"),
    ("platform.yaml", "cluster.gpu_pools[0]", {
        "name": "l4", "gpu_type": "nvidia-l4", "machine_type": "g2-standard-8",
        "gpus_per_node": 1, "max_nodes": 4},
     "platform.yaml: cluster.gpu_pools[0].gpu_type: nvidia-l4 is not offered in any zone of "
     "australia-southeast1"),
    ("platform.yaml", "cluster.gpu_pools[0].min_nodes", 5,
     "platform.yaml: cluster.gpu_pools[0].min_nodes: must be <= max_nodes (4)"),
    ("platform.yaml", "cluster.gpu_pools[0].max_nodes", -1,
     "platform.yaml: cluster.gpu_pools[0].max_nodes: must be >= 1"),
    ("platform.yaml", "cluster.gpu_pools[0].spot", "sometimes",
     "platform.yaml: cluster.gpu_pools[0].spot: must be true or false, not 'sometimes'"),
    ("platform.yaml", "cluster.gpu_pools[0].sharing", {"strategy": "mig", "partition_size": "1g.5gb"},
     "platform.yaml: cluster.gpu_pools[0].sharing.strategy: nvidia-tesla-t4 does not support MIG"),
    ("platform.yaml", "cluster.gpu_pools[0].sharing", {"strategy": "slicing"},
     "platform.yaml: cluster.gpu_pools[0].sharing: strategy must be 'time-sharing', 'mig', "
     "not 'slicing'"),
    ("platform.yaml", "cluster.gpu_pools[0].sharing.max_shared_clients_per_gpu", 1,
     "platform.yaml: cluster.gpu_pools[0].sharing.max_shared_clients_per_gpu: must be >= 2"),
    ("platform.yaml", "cluster.gpu_pools[0].name", "L4",
     "platform.yaml: cluster.gpu_pools[0].name: 'L4' is not a DNS-1123 label (lowercase letters, "
     "digits and '-', starting with a letter, at most 63 characters)"),
    ("platform.yaml", "cluster.release_channel", "NIGHTLY",
     "platform.yaml: cluster.release_channel: must be 'RAPID', 'REGULAR' or 'STABLE', not 'NIGHTLY'"),
    ("platform.yaml", "prefix", "sluicegatepro",
     "platform.yaml: prefix: 'sluicegatepro': must be 2-12 lowercase letters or digits, "
     "starting with a letter"),
    ("platform.yaml", "storage.retention_days", 30,
     "platform.yaml: storage.retention_days: a retention policy cannot be combined with "
     "storage.versioning: true (Cloud Storage refuses Object Versioning on a bucket with a "
     "retention policy)"),
    ("platform.yaml", "argocd.chart_version", "latest",
     "platform.yaml: argocd.chart_version: 'latest': must be an exact chart version, "
     "MAJOR.MINOR.PATCH"),
    ("platform.yaml", "operators.deployers[0]", "user:ana.lee@acme.example",
     "platform.yaml: operators.deployers[0]: 'user:ana.lee@acme.example' is not a deployer "
     "identity: use serviceAccount:EMAIL or group:EMAIL"),
    ("platform.yaml", "operators.deployers[0]", "serviceAccount:ana.lee@acme.example",
     "platform.yaml: operators.deployers[0]: 'serviceAccount:ana.lee@acme.example': a service "
     "account e-mail ends in .gserviceaccount.com"),
    ("platform.yaml", "operators.deployers[1]", "group:not-an-email",
     "platform.yaml: operators.deployers[1]: 'group:not-an-email' is not a deployer identity: "
     "use serviceAccount:EMAIL or group:EMAIL"),
    ("platform.yaml", "operators.access_levels[0].ip_subnetworks[0]", "10.200.0.0/16",
     "platform.yaml: operators.access_levels[0].ip_subnetworks[0]: 10.200.0.0/16 is not a public "
     "range: an access level matches the address a request reaches Google from (the operators' "
     "internet egress)"),
    ("platform.yaml", "operators.access_levels[0].ip_subnetworks[0]", "203.0.113.0/33",
     "platform.yaml: operators.access_levels[0].ip_subnetworks[0]: '203.0.113.0/33' is not a "
     "CIDR block ('203.0.113.0/33' does not appear to be an IPv4 or IPv6 network)"),
    ("platform.yaml", "operators.existing_access_levels", ["corp"],
     "platform.yaml: operators.existing_access_levels[0]: 'corp' is not an access level name "
     "(accessPolicies/NUMBER/accessLevels/NAME)"),
    ("platform.yaml", "operators.existing_access_levels", ["accessPolicies/123456789/accessLevels/corp"],
     "platform.yaml: operators.existing_access_levels[0]: accessPolicies/123456789/accessLevels/corp "
     "is not in the perimeter's access policy 987654321098"),
    ("platform.yaml", "operators.access_levels", [],
     "platform.yaml: operators.access_levels: the perimeter needs at least one access level "
     "(access_levels or existing_access_levels): the networks or devices the operators work from"),
    ("platform.yaml", "operators", DELETE,
     "platform.yaml: operators: vpc_sc needs operators (deployers and access_levels): an enforced "
     "perimeter without them refuses terraform, pulumi and CI"),
    ("platform.yaml", "policy_scope", "organization",
     "platform.yaml: policy_scope: organization needs organization_id"),
    ("platform.yaml", "policy_scope", "folder",
     "platform.yaml: policy_scope: folder needs folder_id (the platform's dedicated folder)"),
    ("platform.yaml", "confirm_organization_wide", True,
     "platform.yaml: confirm_organization_wide: is set but policy_scope is not organization"),
    ("teams/onco.yaml", "gpu_quota", -1, "teams/onco.yaml: gpu_quota: must be >= 0"),
    ("teams/onco.yaml", "gpu_quota", 9,
     "teams/onco.yaml: gpu_quota: 9 exceeds the 8 GPUs its pools can ever hold"),
    ("teams/onco.yaml", "gpu_types", ["nvidia-l4"],
     "teams/onco.yaml: gpu_types[0]: no GPU pool has nvidia-l4 (pools have: nvidia-tesla-t4)"),
    ("teams/onco.yaml", "gpu_types", [],
     "teams/onco.yaml: gpu_quota: 4 GPUs but gpu_types is empty"),
    ("teams/onco.yaml", "owners", ["ana.lee"],
     "teams/onco.yaml: owners[0]: 'ana.lee' is not an e-mail address"),
    ("teams/onco.yaml", "owners", [], "teams/onco.yaml: owners: must not be empty"),
    ("platform.yaml", "registry", {"dockerhub_username": "Acme_ML"},
     "platform.yaml: registry.dockerhub_username: 'Acme_ML': must be a Docker ID: 4-30 "
     "lowercase letters or digits"),
    ("teams/onco.yaml", "data_classification", "secret",
     "teams/onco.yaml: data_classification: must be 'pii' or 'internal', not 'secret'"),
    ("teams/onco.yaml", "name", "oncology",
     "teams/onco.yaml: name: 'oncology' must match the file name 'onco'"),
    ("teams/onco.yaml", "gpu_qouta", 1, "teams/onco.yaml: gpu_qouta: unknown key"),
]


@pytest.mark.parametrize(("file", "field", "value", "expected"), BAD, ids=[f"{c[0]}:{c[1]}" for c in BAD])
def test_each_rule_rejects_bad_input_with_one_exact_line(
    example: Path, file: str, field: str, value: object, expected: str
) -> None:
    data = read_yaml(example / file)
    _set(data, field, value if value is DELETE else copy.deepcopy(value))
    write_yaml(example / file, data)
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == expected
    assert "\n" not in str(caught.value)


def test_organization_wide_policies_need_a_deliberate_opt_in(example: Path) -> None:
    data = read_yaml(example / "platform.yaml")
    data |= {"organization_id": "123456789012", "policy_scope": "organization"}
    write_yaml(example / "platform.yaml", data)
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == (
        "platform.yaml: confirm_organization_wide: policy_scope organization sets "
        "gcp.resourceLocations, CMEK and OS Login on every project of organization 123456789012, "
        "not only this platform's; use a dedicated folder (folder_id), or set "
        "confirm_organization_wide: true"
    )
    data["confirm_organization_wide"] = True
    write_yaml(example / "platform.yaml", data)
    assert spec.load(example).policy_node == "organization"


def test_policy_scope_defaults_to_the_folder_when_one_is_given(example: Path) -> None:
    assert spec.load(example).policy_node == "project"
    data = read_yaml(example / "platform.yaml")
    data |= {"organization_id": "123456789012", "folder_id": "234567890123"}
    write_yaml(example / "platform.yaml", data)
    assert spec.load(example).policy_node == "folder"


def test_prefix_and_team_name_must_fit_together(example: Path) -> None:
    """A 12-character prefix leaves 12 characters for a team's service account name."""
    write_yaml(
        example / "teams" / "radiology-ai.yaml",
        {"name": "radiology-ai", "owners": ["a@acme.example"], "data_classification": "pii"},
    )
    data = read_yaml(example / "platform.yaml")
    data["prefix"] = "sluicegateab"
    write_yaml(example / "platform.yaml", data)
    assert spec.load(example).team("radiology-ai")

    (example / "teams" / "radiology-ai.yaml").rename(example / "teams" / "radiology-ai1.yaml")
    write_yaml(
        example / "teams" / "radiology-ai1.yaml",
        {"name": "radiology-ai1", "owners": ["a@acme.example"], "data_classification": "pii"},
    )
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == (
        "teams/radiology-ai1.yaml: name: derived service account name "
        "'sluicegateab-team-radiology-ai1' is 31 characters; the limit is 6-30"
    )


def test_team_name_too_long_for_its_service_account(example: Path) -> None:
    name = "oncology-research-unit-x"
    write_yaml(
        example / "teams" / f"{name}.yaml",
        {"name": name, "owners": ["a@acme.example"], "data_classification": "internal"},
    )
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == (
        f"teams/{name}.yaml: name: derived service account name 'sg-team-{name}' is 32 "
        "characters; the limit is 6-30"
    )


def test_team_name_not_a_dns_label(example: Path) -> None:
    write_yaml(
        example / "teams" / "Onco_2.yaml",
        {"name": "Onco_2", "owners": ["a@acme.example"], "data_classification": "pii"},
    )
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value).startswith("teams/Onco_2.yaml: name: 'Onco_2' is not a DNS-1123 label")


def test_duplicate_yaml_key_is_rejected(example: Path) -> None:
    text = (example / "platform.yaml").read_text()
    (example / "platform.yaml").write_text(text + "region: europe-west4\n")
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value).startswith("platform.yaml: line ")
    assert str(caught.value).endswith("invalid YAML: key 'region' appears twice")


def test_teams_key_in_platform_yaml_is_rejected(example: Path) -> None:
    data = read_yaml(example / "platform.yaml")
    data["teams"] = [{"name": "x"}]
    write_yaml(example / "platform.yaml", data)
    with pytest.raises(SpecError, match=r"^platform.yaml: teams: teams are files in teams/"):
        spec.load(example)


def test_missing_platform_file(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as caught:
        spec.load(tmp_path)
    assert str(caught.value) == "platform.yaml: file not found"


def test_top_level_must_be_a_mapping(example: Path) -> None:
    (example / "platform.yaml").write_text("- just\n- a list\n")
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == "platform.yaml: must be a YAML mapping at the top level"


def test_broken_yaml_names_the_line(example: Path) -> None:
    (example / "teams" / "onco.yaml").write_text("name: onco\nowners: [a@b.example\n")
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value).startswith("teams/onco.yaml: line 3: invalid YAML:")


def _a100_mig_platform(example: Path, partition: str) -> None:
    """The example moved to us-central1 with one A100 pool split into MIG ``partition``."""
    data = read_yaml(example / "platform.yaml")
    data["region"] = "us-central1"
    data["cluster"]["gpu_pools"][0] = {
        "name": "a100",
        "gpu_type": "nvidia-tesla-a100",
        "machine_type": "a2-highgpu-1g",
        "gpus_per_node": 1,
        "max_nodes": 2,
        "sharing": {"strategy": "mig", "partition_size": partition},
    }
    write_yaml(example / "platform.yaml", data)
    for team in ("onco", "forecast"):
        team_data = read_yaml(example / "teams" / f"{team}.yaml")
        team_data["gpu_types"] = ["nvidia-tesla-a100"]
        write_yaml(example / "teams" / f"{team}.yaml", team_data)


def test_mig_partition_must_belong_to_the_gpu(example: Path) -> None:
    _a100_mig_platform(example, "1g.10gb")
    with pytest.raises(SpecError) as caught:
        spec.load(example)
    assert str(caught.value) == (
        "platform.yaml: cluster.gpu_pools[0].sharing.partition_size: '1g.10gb' is not a MIG "
        "partition of nvidia-tesla-a100 (1g.5gb, 2g.10gb, 3g.20gb, 7g.40gb)"
    )


def test_mig_capacity_counts_partitions(example: Path) -> None:
    """A 3g partition fits twice on a GPU: 2 nodes x 1 GPU x 2 = 4 schedulable GPUs."""
    _a100_mig_platform(example, "3g.20gb")
    assert spec.load(example).pool("a100").max_schedulable_gpus == 4
