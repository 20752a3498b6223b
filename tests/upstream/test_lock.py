"""The committed lock: well-formed, and each entry is what the snapshot holds."""

from __future__ import annotations

import re

from sluicegate import upstream

# From the snapshot's README (../shared/upstream/README.md), read independently of the lock.
EXPECTED = {
    "kubeflow-manifests-26.03": ("d68ebc7fab366ab40ddd1541d2ec22febb31bc83", (".",)),
    "argo-workflows-v3.7.3": ("bded09fe4abd37cb98d7fc81b4c14a6f5034e9ab", ("manifests", "LICENSE")),
    "lws-v0.7.0": ("cd3a73a3f5e00cfa9cd2c1c92f00f6189d88073e", ("config", "LICENSE")),
    "jobset-v0.10.1": ("da72d32bb0060354aa04b1a5868f3b363b088446", ("config", "LICENSE")),
    "jobset-v0.6.0": ("d66f1d5d0c14b5e46b7f0b8c60a97990c12f0300", ("config", "LICENSE")),
    "gatekeeper-v3.23.0": (
        "cdf332c3f2762c616d4b6f433712a8d7ed62b3d8",
        ("deploy", "charts/gatekeeper", "LICENSE"),
    ),
}


def test_lock_pins_every_source_by_commit_and_digest():
    lock = upstream.load_lock()
    assert {s.dirname: (s.commit, s.include) for s in lock} == EXPECTED
    for s in lock:
        assert s.url.startswith("https://github.com/") and s.url.endswith(
            ".git"
        ), f"{s.dirname}: url {s.url!r} is not a GitHub HTTPS clone URL"
        assert s.tag == s.version, f"{s.dirname}: tag {s.tag!r}, version {s.version!r}"
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", s.digest), f"{s.dirname}: digest {s.digest!r}"


def test_the_jobset_release_assets_are_built_from_config_default():
    for version in ("v0.10.1", "v0.6.0"):
        asset = upstream.find_source("jobset", version).release_assets["manifests.yaml"]
        assert asset.build == "config/default", f"jobset {version}: builds {asset.build}"
        assert asset.images == {
            "config/components/manager": {"controller": f"registry.k8s.io/jobset/jobset:{version}"}
        }, f"jobset {version}: images {asset.images}"


def test_snapshot_folders_are_exactly_the_lock(snapshot):
    on_disk = {p.name for p in snapshot.iterdir() if p.is_dir()}
    assert on_disk == {s.dirname for s in upstream.load_lock()}, f"{snapshot}: {sorted(on_disk)}"


def test_an_unknown_source_is_an_upstream_error():
    try:
        upstream.find_source("kubeflow-manifests", "25.10")
    except upstream.UpstreamError as err:
        assert "kubeflow-manifests-25.10" in str(err) and "kubeflow-manifests-26.03" in str(err)
    else:
        raise AssertionError("find_source accepted a release the lock does not pin")
