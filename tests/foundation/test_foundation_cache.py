"""The synthesis cache (``sluicegate.foundation.cache``): a hit is byte for byte what a
synthesis writes; a change to anything the foundation reads misses, a change to what
it does not read hits; a damaged entry is never used; two writers racing are safe.

Every test has its own cache folder (``tmp_path``); ``synth_calls`` counts the real
syntheses behind the cache, which is how a hit is told from a miss.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sluicegate.errors import SpecError
from sluicegate.foundation import FOUNDATION_FOLDER, PERIMETER_FOLDER, TERRAFORM_FILE
from sluicegate.foundation import cache
from sluicegate.foundation import write as synth_write
from sluicegate.spec.model import Platform

from tests.foundation.conftest import WEBHOOK_PORTS

REPO = Path(__file__).resolve().parents[2]
PORTS = WEBHOOK_PORTS["example"]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def entries(folder: Path) -> list[Path]:
    """The cache's entries (not its temporary folders)."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


@pytest.fixture
def synth_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The ``dest`` of every real synthesis the cache runs, in order."""
    calls: list[Path] = []

    def counted(platform: Platform, dest: Path, **kwargs) -> int:
        calls.append(dest)
        return synth_write(platform, dest, **kwargs)

    monkeypatch.setattr(cache, "synth_write", counted)
    return calls


@pytest.fixture(scope="module")
def fresh(example: Platform, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict]:
    """The example's foundation as a plain ``write`` (no cache) lays it out."""
    dest = tmp_path_factory.mktemp("fresh")
    count = synth_write(example, dest, webhook_ports=PORTS)
    return count, tree(dest)


def with_team(platform: Platform, i: int, **update) -> Platform:
    teams = list(platform.teams)
    teams[i] = teams[i].model_copy(update=update)
    return platform.model_copy(update={"teams": tuple(teams)})


def test_a_miss_then_a_hit_write_what_a_synthesis_writes_byte_for_byte(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path, synth_calls: list[Path]
) -> None:
    count, expected = fresh
    assert set(expected) == {
        f"{FOUNDATION_FOLDER}/{TERRAFORM_FILE}",
        f"{PERIMETER_FOLDER}/{TERRAFORM_FILE}",
    }, "the example has both stages"
    store = tmp_path / "cache"
    for attempt, label in enumerate(("miss", "hit")):
        dest = tmp_path / label
        got = cache.write(example, dest, webhook_ports=PORTS, cache_dir=store)
        assert len(synth_calls) == 1, f"{label}: one synthesis in all, on the miss"
        assert got == count, f"{label}: the resource count write() returns"
        assert tree(dest) == expected, f"{label}: {dest} is not byte-identical to a fresh synth"
    assert len(entries(store)) == 1, "one entry for one set of inputs"
    assert not [p for p in store.iterdir() if p.name.startswith(".")], "no temporary folder left"


def _region(p: Platform) -> Platform:
    return p.model_copy(update={"region": "europe-west4"})


def _access_level(p: Platform) -> Platform:
    level = p.operators.access_levels[0].model_copy(update={"ip_subnetworks": ("198.51.100.0/24",)})
    operators = p.operators.model_copy(update={"access_levels": (level,)})
    return p.model_copy(update={"operators": operators})


def _owner(p: Platform) -> Platform:
    # A new owner is a new member of the perimeter's team-owner ingress rule.
    return with_team(p, 0, owners=(*p.teams[0].owners, "newcomer@acme.example"))


def _team_owner_access(p: Platform) -> Platform:
    return p.model_copy(update={"vpc_sc": p.vpc_sc.model_copy(update={"team_owner_access": False})})


# Inputs the foundation reads: each change must give another key.
INPUT_CHANGES: dict[str, tuple[Callable[[Platform], Platform], dict]] = {
    "region": (_region, {}),
    "access level": (_access_level, {}),
    "team owner access": (_team_owner_access, {}),
    "webhook ports": (lambda p: p, {"webhook_ports": (*PORTS, 6443)}),
    "local backend": (lambda p: p, {"local_backend": True}),
}


@pytest.mark.parametrize("change", list(INPUT_CHANGES))
def test_a_change_to_a_foundation_input_changes_the_key(example: Platform, change: str) -> None:
    edit, args = INPUT_CHANGES[change]
    base = cache.key(example, webhook_ports=PORTS)
    changed = cache.key(edit(example), **{"webhook_ports": PORTS, **args})
    assert changed != base, f"{change}: the foundation reads it, so the key must change"


def test_a_changed_input_resynthesizes_and_the_new_entry_is_its_own(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path, synth_calls: list[Path]
) -> None:
    store = tmp_path / "cache"
    cache.write(example, tmp_path / "a", webhook_ports=PORTS, cache_dir=store)
    wider = (*PORTS, 6443)
    cache.write(example, tmp_path / "b", webhook_ports=wider, cache_dir=store)
    assert len(synth_calls) == 2, "other webhook ports: synthesized again"
    assert len(entries(store)) == 2, "one entry per set of inputs"
    fresh_b = tmp_path / "fresh-b"
    synth_write(example, fresh_b, webhook_ports=wider)
    assert tree(tmp_path / "b") == tree(fresh_b), "the miss wrote the new inputs' foundation"
    assert tree(tmp_path / "b") != fresh[1], "port 6443 is in the new foundation's firewall"
    # Back to the first inputs: the first entry is still there.
    cache.write(example, tmp_path / "c", webhook_ports=PORTS, cache_dir=store)
    assert len(synth_calls) == 2 and tree(tmp_path / "c") == fresh[1], "first inputs: a hit"


def test_a_new_owner_hits_and_writes_what_a_synthesis_with_that_owner_writes(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path, synth_calls: list[Path]
) -> None:
    """The owners are filled into the entry after synthesis: a new owner (onboarding's
    usual change) synthesizes nothing, and the files are byte for byte a synthesis's."""
    store = tmp_path / "cache"
    cache.write(example, tmp_path / "first", webhook_ports=PORTS, cache_dir=store)
    assert tree(tmp_path / "first") == fresh[1]
    grown = _owner(example)
    got = cache.write(grown, tmp_path / "grown", webhook_ports=PORTS, cache_dir=store)
    assert len(synth_calls) == 1, "a new owner must not synthesize the foundation again"
    direct = tmp_path / "direct"
    assert got == synth_write(grown, direct, webhook_ports=PORTS)
    assert tree(tmp_path / "grown") == tree(direct), "the filled owners differ from a synthesis"
    assert b"newcomer@acme.example" in tree(direct)[f"{PERIMETER_FOLDER}/{TERRAFORM_FILE}"]
    assert cache.OWNERS_PLACEHOLDER.encode() not in b"".join(tree(tmp_path / "grown").values())


def _teams_but_owners(p: Platform) -> Platform:
    """Every team field the foundation does not read changed, and one more team whose
    owners are already owners: the owners' set is the same. (The example's teams all
    have GPUs, so none is the new quota, 0, with no GPU types.)"""
    teams = tuple(
        t.model_copy(
            update={
                "name": f"{t.name}x",
                "gpu_quota": 0,
                "gpu_types": (),
                "data_classification": "internal" if t.data_classification == "pii" else "pii",
            }
        )
        for t in p.teams
    )
    extra = p.teams[0].model_copy(update={"name": "extra", "gpu_quota": 0, "gpu_types": ()})
    return p.model_copy(update={"teams": (*teams, extra)})


def test_a_team_change_the_foundation_does_not_read_hits(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path, synth_calls: list[Path]
) -> None:
    store = tmp_path / "cache"
    cache.write(example, tmp_path / "first", webhook_ports=PORTS, cache_dir=store)
    quota = with_team(example, 0, gpu_quota=example.teams[0].gpu_quota + 1)
    assert cache.key(quota, webhook_ports=PORTS) == cache.key(example, webhook_ports=PORTS)
    cache.write(quota, tmp_path / "quota", webhook_ports=PORTS, cache_dir=store)
    assert len(synth_calls) == 1, "a GPU quota change must not synthesize the foundation again"
    assert tree(tmp_path / "quota") == fresh[1]


def test_what_the_key_leaves_out_does_not_change_the_foundation(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path
) -> None:
    """The claim the key rests on (``inputs.spec_inputs``), checked by synthesis: teams
    renamed, reclassified, with other quotas and GPU types, and one more team with the
    same owners give the same key and the very same Terraform JSON."""
    assert all(t.gpu_quota and t.gpu_types for t in example.teams), "the change is a change"
    changed = _teams_but_owners(example)
    assert cache.key(changed, webhook_ports=PORTS) == cache.key(example, webhook_ports=PORTS)
    synth_write(changed, tmp_path, webhook_ports=PORTS)
    assert tree(tmp_path) == fresh[1], "the foundation read a team field the key leaves out"


def _truncate(entry: Path) -> None:
    path = entry / FOUNDATION_FOLDER / TERRAFORM_FILE
    path.write_bytes(path.read_bytes()[:1000])


def _remove_stage(entry: Path) -> None:
    shutil.rmtree(entry / PERIMETER_FOLDER)


def _same_size_edit(entry: Path) -> None:
    path = entry / FOUNDATION_FOLDER / TERRAFORM_FILE
    data = path.read_bytes()
    path.write_bytes(data.replace(b"australia-southeast1", b"australia-southeast2", 1))


def _garbage_manifest(entry: Path) -> None:
    (entry / cache.MANIFEST).write_text('{"format": 1, "files": ')


def _no_manifest(entry: Path) -> None:
    (entry / cache.MANIFEST).unlink()


def _escaping_manifest(entry: Path) -> None:
    manifest = json.loads((entry / cache.MANIFEST).read_text())
    manifest["files"]["../outside.json"] = {"sha256": "0" * 64, "size": 0}
    (entry / cache.MANIFEST).write_text(json.dumps(manifest))


DAMAGE = {
    "truncated file": _truncate,
    "stage folder gone": _remove_stage,
    "same size, other bytes": _same_size_edit,
    "manifest cut short": _garbage_manifest,
    "no manifest": _no_manifest,
    "manifest names a file outside": _escaping_manifest,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_entry_is_ignored_and_rebuilt(
    example: Platform,
    fresh: tuple[int, dict],
    tmp_path: Path,
    synth_calls: list[Path],
    damage: str,
) -> None:
    store = tmp_path / "cache"
    cache.write(example, tmp_path / "first", webhook_ports=PORTS, cache_dir=store)
    (entry,) = entries(store)
    DAMAGE[damage](entry)
    dest = tmp_path / "after"
    count = cache.write(example, dest, webhook_ports=PORTS, cache_dir=store)
    assert len(synth_calls) == 2, f"{damage}: the entry must not be used"
    assert (count, tree(dest)) == fresh, f"{damage}: the rebuilt foundation is a fresh one"
    assert not (tmp_path / "outside.json").exists()
    assert cache._read_entry(entry) is not None, f"{damage}: the entry was stored again, whole"
    cache.write(example, tmp_path / "again", webhook_ports=PORTS, cache_dir=store)
    assert len(synth_calls) == 2, f"{damage}: the rebuilt entry is used"


def test_losing_the_race_to_store_is_harmless(
    example: Platform,
    fresh: tuple[int, dict],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second plan stores the same entry while the first is synthesizing: the first
    plan's rename fails, its output is still complete, the winner's entry stays whole."""
    store = tmp_path / "cache"
    calls = []

    def racing(platform: Platform, dest: Path, **kwargs) -> int:
        calls.append(dest)
        if len(calls) == 1:  # the other plan, of the same platform, synthesizing and storing meanwhile
            cache.write(example, tmp_path / "other", cache_dir=store, **kwargs)
        return synth_write(platform, dest, **kwargs)

    monkeypatch.setattr(cache, "synth_write", racing)
    count = cache.write(example, tmp_path / "mine", webhook_ports=PORTS, cache_dir=store)
    assert len(calls) == 2, "both plans missed and synthesized"
    assert (count, tree(tmp_path / "mine")) == fresh, "the loser's output is complete"
    assert tree(tmp_path / "other") == fresh[1], "the winner's output is complete"
    (entry,) = entries(store)
    assert cache._read_entry(entry) is not None, "the winner's entry is intact"
    assert not [p for p in store.iterdir() if p.name.startswith(".")], "no temporary folder left"


def test_concurrent_plans_in_two_processes_share_one_entry(
    example: Platform, fresh: tuple[int, dict], tmp_path: Path
) -> None:
    store = tmp_path / "cache"
    child = (
        "import sys; from pathlib import Path; from sluicegate import spec;"
        "from sluicegate.foundation import cache;"
        f"print(cache.write(spec.load({str(REPO)!r}), Path(sys.argv[1]), "
        f"webhook_ports={PORTS!r}, cache_dir=Path({str(store)!r})))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", child, str(tmp_path / f"out{i}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"process {i}: {err}"
        assert int(out.split()[-1]) == fresh[0]
        assert tree(tmp_path / f"out{i}") == fresh[1], f"process {i}: output differs"
    (entry,) = entries(store)
    assert cache._read_entry(entry) is not None, "the entry the two stored is whole"


def test_bad_input_fails_as_a_synthesis_does_and_writes_nothing(
    example: Platform, tmp_path: Path
) -> None:
    store, dest = tmp_path / "cache", tmp_path / "out"
    with pytest.raises(ValueError, match="webhook ports must be TCP ports"):
        cache.write(example, dest, webhook_ports=(0,), cache_dir=store)
    bad = example.model_copy(update={"region": "mars-north1"})
    with pytest.raises(SpecError, match="region"):
        cache.write(bad, dest, webhook_ports=PORTS, cache_dir=store)
    assert not dest.exists() and not store.exists(), "nothing written for bad input"


def test_the_cache_can_be_turned_off(
    example: Platform, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, synth_calls: list[Path]
) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.chdir(tmp_path)
    for label in ("first", "second"):
        cache.write(example, tmp_path / label, webhook_ports=PORTS)
    assert len(synth_calls) == 2, "SLUICEGATE_CACHE=off: every write synthesizes"
    assert not (tmp_path / ".cache").exists(), "and nothing is stored"
    store = tmp_path / "store"
    cache.write(example, tmp_path / "third", webhook_ports=PORTS, cache_dir=store, use_cache=False)
    assert len(synth_calls) == 3 and not store.exists(), "use_cache=False: no cache either"


def test_locate_follows_the_upstream_cache_convention(tmp_path: Path) -> None:
    assert cache.locate(environ={}, cwd=tmp_path) == tmp_path / ".cache" / "foundation"
    assert cache.locate(environ={cache.ENV: "/c"}, cwd=tmp_path) == Path("/c/foundation")
    assert cache.locate(environ={cache.ENV: "OFF"}, cwd=tmp_path) is None


def test_old_entries_are_pruned_and_recent_use_counts(example: Platform, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    cache.write(example, tmp_path / "out", webhook_ports=PORTS, cache_dir=store)
    (real,) = entries(store)
    os.utime(real, (1, 1))  # old, until the hit below
    for i in range(cache.KEEP):  # older entries of other inputs, the newest last
        fake = store / f"{i:064x}"
        fake.mkdir()
        os.utime(fake, (10 + i, 10 + i))
    cache.write(example, tmp_path / "hit", webhook_ports=PORTS, cache_dir=store)
    cache.write(example, tmp_path / "new", webhook_ports=(*PORTS, 6443), cache_dir=store)
    kept = entries(store)
    assert len(kept) == cache.KEEP, "a store keeps the newest KEEP entries"
    assert real in kept, "the entry just hit is recent"
    assert store / f"{0:064x}" not in kept and store / f"{1:064x}" not in kept


def _edited_copy(tmp_path: Path, rel: str) -> Path:
    root = tmp_path / "sluicegate"
    shutil.copytree(cache.PACKAGE_ROOT, root, ignore=shutil.ignore_patterns("__pycache__"))
    path = root / rel
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    return root


@pytest.mark.parametrize(
    ("rel", "counts"),
    [
        ("foundation/kms.py", True),
        ("names.py", True),
        ("catalogue/perimeter.yaml", True),
        ("gitops/login.py", True),  # the dashboard's target ports
        ("cli.py", False),
        ("policy/__init__.py", False),
    ],
)
def test_the_source_digest_covers_the_code_the_foundation_runs(
    tmp_path: Path, rel: str, counts: bool
) -> None:
    root = _edited_copy(tmp_path, rel)
    changed = cache.source_digest(root) != cache.source_digest(cache.PACKAGE_ROOT)
    assert changed is counts, f"editing {rel} {'must' if counts else 'must not'} miss"


def test_the_source_files_include_every_module_a_synthesis_loads(tmp_path: Path) -> None:
    """Checked against what Python really imports: a synthesis of the example with an
    attestor (which loads the platform layer's mirror list) in a fresh process."""
    child = (
        "import sys; from pathlib import Path; from sluicegate import spec;"
        "from sluicegate.foundation import write;"
        "from tests.foundation.conftest import SCENARIOS;"
        f"p = SCENARIOS['attestor'](spec.load({str(REPO)!r}));"
        "write(p, Path(sys.argv[1]), webhook_ports=(8443,));"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items()"
        " if n.split('.')[0] == 'sluicegate' and getattr(m, '__file__', None)))"
    )
    run = subprocess.run(
        [sys.executable, "-c", child, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert run.returncode == 0, run.stderr
    loaded = {Path(f).resolve() for f in run.stdout.split()}
    assert any(p.name == "registry.py" for p in loaded), "the attestor loads platform.registry"
    missing = loaded - {p.resolve() for p in cache.source_files()}
    assert not missing, f"loaded by a synthesis but not in the digest: {sorted(missing)}"


def test_the_cache_module_does_not_start_node(tmp_path: Path) -> None:
    """A hit must not pay CDK Terrain's start-up: importing the cache leaves cdktn unloaded."""
    child = "import sys; import sluicegate.foundation.cache; print('cdktn' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False", "importing the cache imported cdktn"
