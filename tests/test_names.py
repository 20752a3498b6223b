"""Derived names fit their GCP rules, and the rules themselves reject what GCP rejects."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluicegate import names, spec
from sluicegate.names import RULES, Names


@pytest.fixture(scope="module")
def example_names(repo: Path) -> tuple[Names, spec.Platform]:
    platform = spec.load(repo)
    return Names.of(platform), platform


def test_names_are_derived_from_the_prefix(example_names) -> None:
    n, _ = example_names
    assert n.network == "sg-vpc"
    assert n.subnetwork == "sg-australia-southeast1-nodes"
    assert n.cluster == "sg-gke"
    assert n.key_ring == "sg-australia-southeast1"
    assert n.team_bucket("onco") == "acme-ml-platform-sg-onco"
    assert n.dvc_remote("onco") == "gs://acme-ml-platform-sg-onco/dvc"
    assert n.team_service_account_email("onco") == "sg-team-onco@acme-ml-platform.iam.gserviceaccount.com"
    assert n.workload_identity_member("onco", "default-editor") == (
        "serviceAccount:acme-ml-platform.svc.id.goog[onco/default-editor]"
    )
    assert n.gitops_repository == "sg-gitops"
    assert n.gitops_source("apps") == (
        "oci://australia-southeast1-docker.pkg.dev/acme-ml-platform/sg-gitops/apps"
    )
    assert n.argocd_reader_service_account == "sg-argocd-reader"
    assert n.hydrated_dir("tools", "pipelines") == "hydrated/tools--pipelines"
    assert n.crypto_key_id("buckets") == (
        "projects/acme-ml-platform/locations/australia-southeast1/keyRings/"
        "sg-australia-southeast1/cryptoKeys/sg-buckets"
    )


def test_unknown_key_purpose_is_refused(example_names) -> None:
    n, _ = example_names
    with pytest.raises(KeyError):
        n.crypto_key("everything")


def test_every_derived_name_of_the_example_obeys_its_rule(example_names) -> None:
    n, platform = example_names
    checked = list(names._platform_names(n, platform))
    for team in platform.teams:
        checked += list(names._team_names(n, team))
    assert len(checked) > 15
    for kind, name in checked:
        assert RULES[kind].problem(name) is None, f"{kind} {name!r}"


@pytest.mark.parametrize(
    ("kind", "name", "ok"),
    [
        ("service_account", "sg-team", True),
        ("service_account", "sg-te", False),  # under 6 characters
        ("service_account", "a" * 31, False),
        ("service_account", "sg-team-", False),  # ends with '-'
        ("cluster", "c" * 40, True),
        ("cluster", "c" * 41, False),
        ("cluster", "9gke", False),  # starts with a digit
        ("bucket", "ab", False),
        ("bucket", "my_bucket-1", True),
        ("bucket", "My-Bucket", False),
        ("key_ring", "Key_Ring-1", True),
        ("key_ring", "key ring", False),
        ("perimeter", "sg_perimeter", True),
        ("perimeter", "sg-perimeter", False),
        ("network", "n" * 63, True),
        ("network", "n" * 64, False),
    ],
)
def test_rules(kind: str, name: str, ok: bool) -> None:
    assert (RULES[kind].problem(name) is None) is ok


def test_violations_name_the_pool_index(repo: Path) -> None:
    platform = spec.load(repo)
    pool = platform.cluster.gpu_pools[0].model_copy(update={"name": "p" * 38})
    bad = platform.model_copy(update={"cluster": platform.cluster.model_copy(update={"gpu_pools": (pool,)})})
    assert [(team, field) for team, field, _ in names.violations(bad)] == [
        (None, "cluster.gpu_pools[0].name")
    ]


@pytest.mark.parametrize(
    ("update", "field", "reason"),
    [
        ({"project_id": "goog-ml-platform"}, "project_id",
         "derived bucket name 'goog-ml-platform-sg-tfstate' may not start with 'goog'"),
        ({"project_id": "my-google-ml"}, "project_id",
         "derived bucket name 'my-google-ml-sg-tfstate' may not contain 'google'"),
        ({"prefix": "google"}, "prefix",
         "derived bucket name 'acme-ml-platform-google-tfstate' may not contain 'google'"),
    ],
)
def test_bucket_words_blame_the_field_that_brought_them(repo: Path, update, field, reason) -> None:
    bad = spec.load(repo).model_copy(update=update)
    assert next(names.violations(bad)) == (None, field, reason)


def test_team_name_with_google_is_blamed_on_the_team(repo: Path) -> None:
    platform = spec.load(repo)
    team = platform.teams[0].model_copy(update={"name": "google-ads"})
    bad = platform.model_copy(update={"teams": (team,)})
    assert list(names.violations(bad)) == [
        (team, "name", "derived bucket name 'acme-ml-platform-sg-google-ads' may not contain 'google'")
    ]
