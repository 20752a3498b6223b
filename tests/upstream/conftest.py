"""The shared upstream snapshot, and writable copies of it for tests that tamper."""

from __future__ import annotations

from pathlib import Path

import pytest

from sluicegate import upstream

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def snapshot() -> Path:
    """The read-only snapshot ``$SLUICEGATE_UPSTREAM`` points at (no markers)."""
    try:
        return upstream.locate(None, cwd=REPO)
    except upstream.UpstreamError as err:
        pytest.skip(f"no upstream snapshot: {err}")


@pytest.fixture(scope="session")
def vendored(snapshot, tmp_path_factory) -> Path:
    """A cache filled by ``vendor --from`` the snapshot, once per session; tests
    that change it copy it first (``cache_copy``)."""
    dest = tmp_path_factory.mktemp("vendored") / "upstream"
    upstream.vendor(dest, snapshot)
    return dest


# The lock without Kubeflow: tests that tamper with a copy check these sources
# only, so that each need not copy Kubeflow's 30 MB first.
SMALL = tuple(s for s in upstream.load_lock() if s.name != "kubeflow-manifests")


@pytest.fixture
def cache_copy(vendored, tmp_path) -> Path:
    """A private, writable copy of ``vendored``'s ``SMALL`` sources (markers included)."""
    dest = tmp_path / "upstream"
    for source in SMALL:
        upstream.copy_files(vendored / source.dirname, dest / source.dirname)
    return dest
