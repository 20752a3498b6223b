"""Replacing an output folder (``out/``, a rendered tree) so that a reader sees either
the previous tree or the new one, whatever fails and wherever the process dies.

The new tree is written into ``.NAME.staging.PID`` beside ``NAME``. Where the kernel
offers it (Linux 3.15+, glibc 2.28+: ``renameat2`` with ``RENAME_EXCHANGE``) the two
folders are swapped in one step and the old tree, now under the staging name, is
removed. Elsewhere (or on a file system that refuses the exchange) the swap is two
renames: ``NAME`` -> ``.NAME.previous``, staging -> ``NAME``, then the previous tree is
removed; if the second rename fails the first is undone.

A crash can leave three things, and every staged write begins by putting them right
(``recover``), under an advisory lock on the parent folder:

- ``NAME`` missing and ``.NAME.previous`` present (died between the two renames): the
  previous tree is renamed back;
- both present (died before removing the previous tree): the previous tree is removed;
- a staging folder whose process is gone: it is removed.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The kernel or file system has no atomic exchange: fall back to two renames.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}


def previous_of(out: Path) -> Path:
    return out.parent / f".{out.name}.previous"


def _staging_prefix(out: Path) -> str:
    return f".{out.name}.staging."


@cache
def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.renameat2
    except (OSError, AttributeError):
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    call.restype = ctypes.c_int
    return call


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step; False where the system cannot."""
    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _NO_EXCHANGE:
        return False
    raise OSError(err, os.strerror(err), str(a), None, str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An advisory lock on ``folder`` itself, so no lock file is left beside ``out``."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def recover(out: Path) -> list[str]:
    """Put right what an interrupted swap of ``out`` left; say what was done."""
    done = []
    previous = previous_of(out)
    if previous.exists():
        if out.exists():
            shutil.rmtree(previous)
            done.append(f"removed {previous.name}, left by an interrupted swap")
        else:
            previous.rename(out)
            done.append(f"restored {out.name} from {previous.name}, left by an interrupted swap")
    prefix = _staging_prefix(out)
    for stale in out.parent.glob(f"{prefix}*"):
        pid = stale.name.removeprefix(prefix)
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
            done.append(f"removed {stale.name}, left by a process that stopped")
    return done


def swap_in(stage: Path, out: Path) -> bool:
    """Make ``stage`` the new ``out``; True when it replaced an existing ``out``."""
    if not out.exists():
        stage.rename(out)
        return False
    if exchange(stage, out):
        # ``stage`` now holds the previous tree; a crash here leaves only a stale staging.
        shutil.rmtree(stage, ignore_errors=True)
        return True
    previous = previous_of(out)
    out.rename(previous)
    try:
        stage.rename(out)
    except BaseException:
        previous.rename(out)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return True


@dataclass
class Staged:
    """The staging folder, what recovery put right before it, and after the block
    whether the new tree replaced an existing one."""

    path: Path
    recovered: list[str]
    replaced: bool = False


@contextmanager
def staged(out: Path) -> Iterator[Staged]:
    """Yield an empty folder beside ``out`` that replaces ``out`` only if the block
    succeeds; the previous ``out`` survives any failure."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out.parent):
        recovered = recover(out)
    stage = out.parent / f"{_staging_prefix(out)}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)  # this process's own, from an earlier block
    stage.mkdir()
    result = Staged(stage, recovered)
    try:
        yield result
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    try:
        with _locked(out.parent):
            result.replaced = swap_in(stage, out)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise


@contextmanager
def staged_dir(out: Path) -> Iterator[Path]:
    """``staged`` for callers that need only the folder."""
    with staged(out) as stage:
        yield stage.path
