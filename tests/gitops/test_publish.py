"""`sluicegate publish` against a real OCI registry: Debian's docker-registry (the CNCF
distribution server), started by the tests on a free local port.

The tree published is the example rendered after a stand-in hydrated part (one small
manifests file per hydrated Application), as the render will write it.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import socket
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import oras.provider
import pytest
import requests
import yaml

from sluicegate.cli import main
from sluicegate.gitops import write
from sluicegate.gitops.artifact import (
    APPS,
    COMPONENTS,
    LAYER_MEDIA_TYPE,
    artifact_files,
    content_tag,
    pack,
    tag_of,
)
from sluicegate.gitops.publish import Artifact, RegistryError, client, prepare, publish

REGISTRY_BINARY = Path("/usr/bin/docker-registry")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``127.0.0.1:PORT``: a distribution server with its storage in a temp folder."""
    assert REGISTRY_BINARY.is_file(), (
        f"{REGISTRY_BINARY} is missing: install Debian's docker-registry (.ci/run does)"
    )
    root = tmp_path_factory.mktemp("registry")
    port = _free_port()
    config = root / "config.yml"
    config.write_text(
        yaml.safe_dump(
            {
                "version": 0.1,
                "log": {"level": "error"},
                "storage": {"filesystem": {"rootdirectory": str(root / "storage")}},
                "http": {"addr": f"127.0.0.1:{port}"},
            }
        )
    )
    log = (root / "registry.log").open("wb")
    server = subprocess.Popen([str(REGISTRY_BINARY), "serve", str(config)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/v2/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert server.poll() is None, (root / "registry.log").read_text()
            assert time.monotonic() < deadline, "docker-registry did not answer in 20 s"
            time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def _hydrated_paths(tree: Path) -> list[str]:
    paths = []
    for app in sorted((tree / APPS).glob("*.yaml")):
        for doc in yaml.safe_load_all(app.read_text()):
            if doc and doc["kind"] == "Application" and doc["spec"]["source"]["path"].startswith("hydrated/"):
                paths.append(doc["spec"]["source"]["path"])
    return paths


@pytest.fixture(scope="module")
def tree(platform, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example rendered after a stand-in hydrated part, as `render` will write it."""
    probe = tmp_path_factory.mktemp("probe")
    write(platform, probe)
    dest = tmp_path_factory.mktemp("tree")
    for i, folder in enumerate(_hydrated_paths(probe)):
        (dest / folder).mkdir(parents=True)
        text = f"# {folder} (stand-in) – ü\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: c{i}}}\n"
        (dest / folder / "manifests.yaml").write_text(text, encoding="utf-8")
    write(platform, dest)
    return dest


def _tags(registry: str, name: str) -> list[str]:
    response = requests.get(f"http://{registry}/v2/gitops/{name}/tags/list", timeout=5)
    return response.json().get("tags") or [] if response.status_code == 200 else []


def test_publish_pushes_both_artifacts_and_oras_pulls_back_every_byte(tree, registry, tmp_path):
    published = publish(tree, f"{registry}/gitops", plain_http=True)
    assert [p.name for p in published] == [COMPONENTS, APPS], "components must go first"
    puller = oras.provider.Registry(hostname=registry, insecure=True)
    for artifact in published:
        assert artifact.tag == content_tag(tree, artifact.name), artifact
        assert artifact.reference == f"{registry}/gitops/{artifact.name}:{artifact.tag}"
        # By tag and by digest, oras-py (not our client) gets the manifest we pushed...
        manifest = puller.get_manifest(f"{registry}/gitops/{artifact.name}@{artifact.digest}")
        head = requests.head(
            f"http://{registry}/v2/gitops/{artifact.name}/manifests/{artifact.tag}",
            headers={"Accept": "application/vnd.oci.image.manifest.v1+json"},
            timeout=5,
        )
        assert head.headers["Docker-Content-Digest"] == artifact.digest, artifact.name
        # ...one layer of the type Argo CD's repo-server accepts by default...
        assert [layer["mediaType"] for layer in manifest["layers"]] == [LAYER_MEDIA_TYPE]
        # ...and its pull unpacks exactly the tree's files.
        out = tmp_path / artifact.name
        puller.pull(target=f"{registry}/gitops/{artifact.name}:{artifact.tag}", outdir=str(out))
        pulled = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        expected = artifact_files(tree, artifact.name)
        assert pulled.keys() == expected.keys(), sorted(pulled.keys() ^ expected.keys())
        for path, data in expected.items():
            assert pulled[path] == data, f"{artifact.name}: {path} differs after the round trip"
    components = artifact_files(tree, COMPONENTS)
    assert any(p.startswith("hydrated/") for p in components) and not any(
        p.startswith("apps/") for p in components
    )
    assert all(p.startswith("apps/") for p in artifact_files(tree, APPS))


def test_publishing_is_deterministic(tree, registry, tmp_path):
    """The same files give the same bytes: a copy (new mtimes, new folder) gives the same
    digests, and publishing it again changes nothing in the registry."""
    first = publish(tree, f"{registry}/gitops", plain_http=True)
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy)
    for path in copy.rglob("*"):
        path.touch()
    again = publish(copy, f"{registry}/gitops", plain_http=True)
    assert [(p.tag, p.digest) for p in again] == [(p.tag, p.digest) for p in first]
    assert [a.manifest for a in prepare(copy)] == [a.manifest for a in prepare(tree)]
    for artifact in first:
        assert _tags(registry, artifact.name) == [artifact.tag], artifact.name


def test_the_layer_carries_nothing_of_the_machine(tree):
    (components, _) = prepare(tree)
    raw = gzip.decompress(components.layer)
    assert components.layer[4:8] == b"\0\0\0\0", "gzip header mtime must be 0"
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        members = tar.getmembers()
    assert [m.name for m in members] == sorted(m.name for m in members)
    for m in members:
        assert (m.mtime, m.uid, m.gid, m.uname, m.gname) == (0, 0, 0, "", ""), m.name
        assert m.mode == (0o755 if m.isdir() else 0o644), m.name
        assert not m.name.startswith(("/", "./")) and ".." not in m.name.split("/"), m.name


def test_apps_pin_the_components_tag_and_the_root_pins_apps(tree, names):
    components, apps = prepare(tree)
    for path in (tree / APPS).glob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc["kind"] == "Application":
                assert doc["spec"]["source"]["repoURL"] == names.gitops_source(COMPONENTS)
                assert doc["spec"]["source"]["targetRevision"] == components.tag, path.name
    manifest = json.loads(apps.manifest)
    assert manifest["annotations"]["org.opencontainers.image.revision"] == apps.tag


def test_content_tag_follows_paths_and_bytes_only(tree, tmp_path):
    files = artifact_files(tree, COMPONENTS)
    tag = tag_of(files)
    assert tag.startswith("sha256-") and len(tag) == len("sha256-") + 32
    assert tag_of(dict(reversed(files.items()))) == tag, "order of discovery must not matter"
    name, data = next(iter(files.items()))
    assert tag_of({**files, name: data + b"\n"}) != tag, "a changed byte changes the tag"
    moved = {("moved/" + name if p == name else p): d for p, d in files.items()}
    assert tag_of(moved) != tag, "a moved file changes the tag"
    assert pack(files) == pack(dict(reversed(files.items())))


def test_cli_prints_one_digest_line_per_artifact(tree, registry, capsys):
    assert main(["publish", "--tree", str(tree), "--registry", f"{registry}/gitops", "--plain-http"]) == 0
    out = capsys.readouterr()
    expected = [f"{a.name}@{a.digest}" for a in prepare(tree)]
    assert out.out.splitlines() == expected
    assert "pulumi config set sluicegate:gitopsDigest " + expected[1].removeprefix("apps@") in out.err


def test_an_unreachable_registry_is_one_line_and_fails_fast(tree, capsys):
    port = _free_port()  # nothing listens there
    started = time.monotonic()
    code = main(["publish", "--tree", str(tree), "--registry", f"127.0.0.1:{port}/gitops", "--plain-http"])
    err = capsys.readouterr().err.strip()
    assert code == 3, err
    assert len(err.splitlines()) == 1 and err.startswith(f"error: 127.0.0.1:{port}: unreachable: "), err
    assert time.monotonic() - started < 15, "no retries with back-off for a registry that is not there"


def test_a_tree_without_apps_is_refused_before_any_push(tree, registry, tmp_path, capsys):
    broken = tmp_path / "broken"
    shutil.copytree(tree, broken)
    shutil.rmtree(broken / APPS)
    code = main(["publish", "--tree", str(broken), "--registry", f"{registry}/other", "--plain-http"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err == f"error: {broken}: no apps/ folder; render the tree first (sluicegate render)"
    assert requests.get(f"http://{registry}/v2/other/components/tags/list", timeout=5).status_code == 404


@pytest.mark.parametrize(
    "text", [b"kind: [Application\n", b"spec: {replicas: !!int many}\n", b"kind: \xff\n"],
    ids=["malformed", "a tagged value not of its type", "not UTF-8"],
)
def test_an_app_that_is_not_yaml_is_one_line_before_any_push(tree, registry, tmp_path, capsys, text):
    broken = tmp_path / "broken"
    shutil.copytree(tree, broken)
    app = sorted((broken / APPS).rglob("*.yaml"))[0]
    app.write_bytes(text)
    code = main(["publish", "--tree", str(broken), "--registry", f"{registry}/notyaml", "--plain-http"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith(f"error: {app}: not YAML: "), err
    assert len(err.splitlines()) == 1
    assert requests.get(f"http://{registry}/v2/notyaml/components/tags/list", timeout=5).status_code == 404


def test_a_tree_changed_after_render_is_refused(tree, registry, tmp_path, capsys):
    stale = tmp_path / "stale"
    shutil.copytree(tree, stale)
    (stale / "gatekeeper" / "kustomization.yaml").write_text("# edited by hand\n")
    code = main(["publish", "--tree", str(stale), "--registry", f"{registry}/stale", "--plain-http"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "spec.source.targetRevision: " in err and "is not this tree's components tag" in err, err
    assert len(err.splitlines()) == 1
    assert requests.get(f"http://{registry}/v2/stale/components/tags/list", timeout=5).status_code == 404


def test_a_tree_rendered_without_its_hydrated_part_is_refused(platform, tmp_path, capsys):
    """The committed tree alone (no hydrated/) would sync Applications with nothing in them."""
    bare = tmp_path / "bare"
    write(platform, bare)
    code = main(["publish", "--tree", str(bare), "--registry", "127.0.0.1:1/gitops", "--plain-http"])
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert "spec.source.path: 'hydrated/" in err and "is not in the tree" in err, err


def test_a_tag_already_naming_other_files_is_refused(tree, registry):
    """Tags are immutable in Artifact Registry; a clash means someone else's content."""
    (components, _) = prepare(tree)
    impostor = Artifact.of(COMPONENTS, components.tag, {"README.md": b"not the tree\n"})
    client(f"{registry}/clash", plain_http=True).push(impostor)
    with pytest.raises(RegistryError) as err:
        publish(tree, f"{registry}/clash", plain_http=True)
    assert err.value.exit_code == 3
    assert f"components:{components.tag} already names {impostor.digest}, whose files" in str(err.value)
