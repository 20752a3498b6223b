"""`vendor` fills a cache from git or from a folder, and writes nothing on a mismatch."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from sluicegate import upstream
from tests.upstream.conftest import SMALL


def _git(*args: str, cwd: Path) -> str:
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return run.stdout.strip()


@pytest.fixture
def remote(tmp_path) -> tuple[str, str]:
    """A bare repository served by a file:// URL, with tag v1.0.0 on a commit that
    holds config/, LICENSE and files the lock does not include; (url, commit)."""
    work = tmp_path / "work"
    (work / "config" / "default").mkdir(parents=True)
    (work / "config" / "default" / "kustomization.yaml").write_text("resources: []\n")
    (work / "LICENSE").write_text("Apache-2.0\n")
    (work / "main.go").write_text("package main\n")
    _git("init", "-q", "-b", "main", cwd=work)
    _git(
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "one",
        "--allow-empty",
        cwd=work,
    )
    _git("add", ".", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "two", cwd=work)
    _git("tag", "v1.0.0", cwd=work)
    commit = _git("rev-parse", "HEAD", cwd=work)
    bare = tmp_path / "remote.git"
    _git("clone", "-q", "--bare", str(work), str(bare), cwd=tmp_path)
    return f"file://{bare}", commit


def _source(url: str, commit: str, tmp_path: Path) -> upstream.Source:
    expected = tmp_path / "expected"
    (expected / "config" / "default").mkdir(parents=True)
    (expected / "config" / "default" / "kustomization.yaml").write_text("resources: []\n")
    (expected / "LICENSE").write_text("Apache-2.0\n")
    return upstream.Source(
        name="demo",
        version="v1.0.0",
        url=url,
        tag="v1.0.0",
        commit=commit,
        include=("config", "LICENSE"),
        digest=upstream.digest(expected),
    )


def test_vendor_clones_the_tag_keeps_the_included_paths_and_writes_a_marker(remote, tmp_path):
    url, commit = remote
    source = _source(url, commit, tmp_path)
    dest = tmp_path / "cache"
    assert upstream.vendor(dest, lock=[source]) == (dest / "demo-v1.0.0",)
    folder = dest / "demo-v1.0.0"
    kept = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert kept == [upstream.MARKER, "LICENSE", "config/default/kustomization.yaml"], kept
    assert json.loads((folder / upstream.MARKER).read_text()) == {
        "name": "demo",
        "version": "v1.0.0",
        "url": url,
        "tag": "v1.0.0",
        "commit": commit,
        "digest": source.digest,
    }
    assert upstream.verify(dest, lock=[source]) == {"demo-v1.0.0": folder}
    assert [p.name for p in dest.iterdir()] == ["demo-v1.0.0"], "vendor left its staging behind"


def test_vendor_again_replaces_the_folder(remote, tmp_path):
    url, commit = remote
    source = _source(url, commit, tmp_path)
    dest = tmp_path / "cache"
    upstream.vendor(dest, lock=[source])
    (dest / "demo-v1.0.0" / "stray.yaml").write_text("x: 1\n")
    upstream.vendor(dest, lock=[source])
    assert not (dest / "demo-v1.0.0" / "stray.yaml").exists()
    assert upstream.digest(dest / "demo-v1.0.0") == source.digest


def test_a_tag_on_another_commit_is_refused_and_nothing_is_written(remote, tmp_path):
    url, commit = remote
    locked = replace(_source(url, commit, tmp_path), commit="1" * 40)
    dest = tmp_path / "cache"
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.vendor(dest, lock=[locked])
    message = str(caught.value)
    assert message == (
        f"{url} v1.0.0: demo v1.0.0 does not match the lock: "
        f"expected commit {'1' * 40}, found commit {commit}"
    ), message
    assert list(dest.iterdir()) == [], f"vendor wrote {list(dest.iterdir())}"


def test_a_missing_tag_is_one_line_from_git(remote, tmp_path):
    url, commit = remote
    locked = replace(_source(url, commit, tmp_path), tag="v9.9.9")
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.vendor(tmp_path / "cache", lock=[locked])
    message = str(caught.value)
    assert message.startswith(f"{url} v9.9.9: git clone failed: ") and "\n" not in message, message


def test_a_second_source_failing_leaves_the_first_unwritten(remote, tmp_path):
    url, commit = remote
    good = _source(url, commit, tmp_path)
    bad = replace(good, version="v1.0.1", digest="sha256:" + "0" * 64)
    dest = tmp_path / "cache"
    with pytest.raises(upstream.UpstreamError, match="expected digest sha256:0{64}, found digest"):
        upstream.vendor(dest, lock=[good, bad])
    assert list(dest.iterdir()) == [], f"vendor wrote {list(dest.iterdir())}"


def test_vendor_from_a_folder_copies_only_the_included_paths(snapshot, vendored):
    gatekeeper = vendored / "gatekeeper-v3.23.0"
    tops = sorted(p.name for p in gatekeeper.iterdir())
    assert tops == [upstream.MARKER, "LICENSE", "charts", "deploy"], tops
    assert upstream.digest(gatekeeper) == upstream.digest(snapshot / "gatekeeper-v3.23.0")


def test_vendor_from_a_tampered_folder_is_refused(cache_copy, tmp_path):
    lws = cache_copy / "lws-v0.7.0"
    (lws / "config" / "extra.yaml").write_text("kind: Secret\n")
    dest = tmp_path / "fresh"
    with pytest.raises(upstream.UpstreamError) as caught:
        upstream.vendor(dest, cache_copy, lock=SMALL)
    message = str(caught.value)
    assert message.startswith(
        f"{lws}: lws v0.7.0 does not match the lock: expected digest "
    ), message
    assert list(dest.iterdir()) == [], f"vendor wrote {list(dest.iterdir())}"


def test_include_dot_keeps_the_whole_checkout_but_git(remote, tmp_path):
    url, commit = remote
    whole = tmp_path / "whole"
    (whole / "config" / "default").mkdir(parents=True)
    (whole / "config" / "default" / "kustomization.yaml").write_text("resources: []\n")
    (whole / "LICENSE").write_text("Apache-2.0\n")
    (whole / "main.go").write_text("package main\n")
    source = replace(
        _source(url, commit, tmp_path),
        include=(upstream.WHOLE_TREE,),
        digest=upstream.digest(whole),
    )
    (folder,) = upstream.vendor(tmp_path / "cache", lock=[source])
    kept = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert kept == [
        upstream.MARKER,
        "LICENSE",
        "config/default/kustomization.yaml",
        "main.go",
    ], kept
