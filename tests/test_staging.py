"""Replacing out/: the previous tree survives every failure, and what a crash mid-swap
leaves is put right by the next run. The crashes are real: a child process is killed
(SIGKILL, no clean-up runs) at the swap point."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sluicegate import staging
from tests.conftest import REPO


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir())


@pytest.fixture
def out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "audit").mkdir(parents=True)
    (out / "audit" / "findings.json").write_text("previous plan")
    return out


def _write_new(stage: Path) -> None:
    (stage / "spec.json").write_text("new plan")


def test_a_plan_replaces_out_and_leaves_nothing_beside_it(out: Path) -> None:
    with staging.staged(out) as swap:
        _write_new(swap.path)
    assert swap.replaced and swap.recovered == []
    assert _tree(out) == {"spec.json": "new plan"}
    assert _beside(out) == ["out"]


def test_a_first_plan_is_not_a_replacement(tmp_path: Path) -> None:
    with staging.staged(tmp_path / "out") as swap:
        _write_new(swap.path)
    assert not swap.replaced
    assert _tree(tmp_path / "out") == {"spec.json": "new plan"}


def test_a_failure_in_the_block_keeps_the_previous_out(out: Path) -> None:
    with pytest.raises(RuntimeError), staging.staged(out) as swap:
        _write_new(swap.path)
        raise RuntimeError("a layer failed")
    assert _tree(out) == {"audit/findings.json": "previous plan"}
    assert _beside(out) == ["out"]


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_the_swap_is_one_exchange_on_linux(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "f").write_text("a"), (b / "f").write_text("b")
    assert staging.exchange(a, b)
    assert (a / "f").read_text() == "b" and (b / "f").read_text() == "a"


def test_a_failed_second_rename_puts_the_previous_out_back(out: Path, monkeypatch) -> None:
    monkeypatch.setattr(staging, "exchange", lambda a, b: False)
    real = Path.rename

    def rename(self: Path, target):
        if self.name.startswith(".out.staging."):
            raise OSError(28, "No space left on device")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError, match="No space"), staging.staged(out) as swap:
        _write_new(swap.path)
    assert _tree(out) == {"audit/findings.json": "previous plan"}
    assert _beside(out) == ["out"]


# A child that stages a new out/ and is killed at the swap point. FALLBACK makes it take
# the two-rename path (and dies between the renames); otherwise it dies after the
# exchange, before the previous tree (then under the staging name) is removed.
_CHILD = """
import os, shutil, signal, sys
from pathlib import Path
from sluicegate import staging

out, fallback = Path(sys.argv[1]), sys.argv[2] == "fallback"
die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
if fallback:
    staging.exchange = lambda a, b: False
    real = Path.rename
    Path.rename = lambda self, t: die() if self.name.startswith(".out.staging.") else real(self, t)
else:
    shutil.rmtree = lambda path, **k: die() if Path(path).exists() else None
with staging.staged(out) as swap:
    (swap.path / "spec.json").write_text("new plan")
"""


def _crash(out: Path, mode: str) -> int:
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_CHILD), str(out), mode],
        env={"PYTHONPATH": str(REPO / "src")},
        stderr=subprocess.PIPE,
        text=True,
    )
    _, err = proc.communicate()
    assert proc.returncode == -9, err
    return proc.pid


def test_a_crash_between_the_two_renames_is_recovered_by_the_next_run(out: Path) -> None:
    pid = _crash(out, "fallback")
    # What the crash left: no out/, the previous tree aside, the new one staged.
    assert _beside(out) == [".out.previous", f".out.staging.{pid}"]
    # The next run fails too; the previous plan is back all the same.
    with pytest.raises(RuntimeError), staging.staged(out) as swap:
        raise RuntimeError("a layer failed")
    assert swap.recovered == [
        "restored out from .out.previous, left by an interrupted swap",
        f"removed .out.staging.{pid}, left by a process that stopped",
    ]
    assert _tree(out) == {"audit/findings.json": "previous plan"}
    assert _beside(out) == ["out"]


def test_a_crash_after_the_exchange_leaves_the_new_out_and_a_leftover_the_next_run_removes(
    out: Path,
) -> None:
    pid = _crash(out, "exchange")
    if sys.platform == "linux":
        assert _tree(out) == {"spec.json": "new plan"}
        assert _beside(out) == [f".out.staging.{pid}", "out"]
    with staging.staged(out) as swap:
        _write_new(swap.path)
    assert f"removed .out.staging.{pid}, left by a process that stopped" in swap.recovered
    assert _beside(out) == ["out"]


def test_both_trees_left_means_the_swap_finished_and_previous_is_dropped(out: Path) -> None:
    (out.parent / ".out.previous").mkdir()
    assert staging.recover(out) == ["removed .out.previous, left by an interrupted swap"]
    assert _tree(out) == {"audit/findings.json": "previous plan"}
    assert _beside(out) == ["out"]


def test_a_live_process_staging_is_left_alone(out: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = out.parent / f".out.staging.{sleeper.pid}"
        live.mkdir()
        assert staging.recover(out) == []
        assert live.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()
