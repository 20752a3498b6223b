"""A cache is used only if every source matches the lock."""

from __future__ import annotations

import json
import shutil

import pytest

from sluicegate import upstream
from tests.upstream.conftest import SMALL

ARGO = upstream.find_source("argo-workflows", "v3.7.3")


def test_the_snapshot_verifies_by_digest(snapshot):
    found = upstream.verify(snapshot)
    assert set(found) == {s.dirname for s in upstream.load_lock()}
    assert not any(
        (f / upstream.MARKER).exists() for f in found.values()
    ), "the snapshot has markers, so this test no longer checks the digest path"


def test_a_vendored_cache_verifies_by_marker(vendored):
    for source in upstream.load_lock():
        marker = json.loads((vendored / source.dirname / upstream.MARKER).read_text())
        assert marker == source.marker(), f"{source.dirname}: marker {marker}"
    assert set(upstream.verify(vendored)) == {s.dirname for s in upstream.load_lock()}


def test_a_marker_with_another_commit_is_refused(cache_copy):
    marker = cache_copy / ARGO.dirname / upstream.MARKER
    recorded = json.loads(marker.read_text())
    marker.write_text(json.dumps({**recorded, "commit": "0" * 40}))
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.verify(cache_copy, lock=SMALL)
    message = str(caught.value)
    assert message.startswith(
        f"{cache_copy / ARGO.dirname}: argo-workflows v3.7.3 does not match"
    ), message
    assert f"expected commit {ARGO.commit} digest {ARGO.digest}" in message, message
    assert f"found commit {'0' * 40}" in message and "`sluicegate vendor`" in message, message
    assert "\n" not in message


def test_a_tampered_file_without_marker_is_refused_by_digest(cache_copy):
    folder = cache_copy / ARGO.dirname
    (folder / upstream.MARKER).unlink()
    deployment = folder / "manifests/base/workflow-controller/workflow-controller-deployment.yaml"
    deployment.write_text(deployment.read_text().replace("workflow-controller", "evil-controller"))
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.verify(cache_copy, lock=SMALL)
    message = str(caught.value)
    assert f"expected commit {ARGO.commit} digest {ARGO.digest}" in message, message
    assert "found no marker, so no commit digest sha256:" in message, message
    assert upstream.digest(folder) in message, message


def test_a_missing_source_names_sluicegate_vendor(cache_copy):
    shutil.rmtree(cache_copy / "lws-v0.7.0")
    with pytest.raises(
        upstream.UpstreamError, match=r"lws v0.7.0 is missing .*`sluicegate vendor`"
    ):
        upstream.verify(cache_copy, lock=SMALL)
