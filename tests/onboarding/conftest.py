"""Fixtures for onboarding: a private copy of the example platform, the CLI, a GCS emulator."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from gcp_storage_emulator.server import create_server

from sluicegate.cli import main
from sluicegate.gitops.hydrate import HYDRATED
from sluicegate.onboarding.onboard import LOCK_FILE
from tests.conftest import REPO


def copy_example(dest: Path) -> Path:
    """Copy the example platform (platform.yaml, teams/, manifests/) into ``dest``."""
    dest.mkdir()
    shutil.copy(REPO / "platform.yaml", dest / "platform.yaml")
    shutil.copytree(REPO / "teams", dest / "teams")
    if (REPO / "manifests").is_dir():
        # As a clone has it: the hydrated tree is never committed.
        shutil.copytree(
            REPO / "manifests",
            dest / "manifests",
            ignore=lambda folder, names: [HYDRATED] if Path(folder).name == "rendered" else [],
        )
    return dest


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A private copy of the example platform; the repo's own is never touched."""
    return copy_example(tmp_path / "platform")


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its sha256; the onboarding lock file is not content."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``sluicegate ARGS`` in this process; return exit code, stdout and stderr."""

    def run(*args: str) -> Ran:
        code = main(list(args))
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@dataclass(frozen=True)
class Emulator:
    """A GCS API emulator on loopback, holding everything in memory."""

    port: int

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def create_bucket(self, name: str) -> None:
        """Create ``name`` through the JSON API, as `pulumi up` would create the team bucket."""
        request = urllib.request.Request(
            f"{self.endpoint}/storage/v1/b?project=test",
            data=json.dumps({"name": name}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            assert response.status == 200, response.read()

    def env(self) -> dict[str, str]:
        """Environment for DVC and gcsfs subprocesses to reach the emulator, offline."""
        return {
            **os.environ,
            # gcsfs's zonal/HNS probe calls an API the emulator does not serve.
            "GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT": "false",
            "STORAGE_EMULATOR_HOST": self.endpoint,
            # Without it google-auth waits on the (absent) GCE metadata server.
            "NO_GCE_CHECK": "true",
            # DVC's usage report would try the network from a background process.
            "DVC_NO_ANALYTICS": "1",
        }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    port = _free_port()
    server = create_server("127.0.0.1", port, in_memory=True)
    server.start()
    try:
        yield Emulator(port)
    finally:
        server.stop()
