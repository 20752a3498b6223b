"""The data revision a model is trained on: the git commit and the DVC hash of its data.

A pipeline run is given both, the load step refuses data whose bytes do not hash
to the recorded value, and the train step writes both into the model's metadata,
so every model maps to exactly the data it was trained on.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import dvc.api
import yaml


@dataclass(frozen=True)
class DataRevision:
    path: str
    md5: str
    url: str
    git_commit: str


class DirtyData(RuntimeError):
    """The data's .dvc file is not committed, so no commit describes the data."""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def dvc_md5(repo: Path, path: str) -> str:
    """The md5 DVC recorded for ``path`` in its ``.dvc`` file."""
    outs = yaml.safe_load((repo / f"{path}.dvc").read_text(encoding="utf-8"))["outs"]
    return outs[0]["md5"]


def data_revision(path: str, repo: Path = Path(".")) -> DataRevision:
    """The committed revision of ``path``; raises DirtyData if its .dvc file has changes."""
    repo = repo.resolve()
    if _git(repo, "status", "--porcelain", "--", f"{path}.dvc"):
        raise DirtyData(f"{path}.dvc has uncommitted changes: commit it (and `dvc push`) first")
    commit = _git(repo, "rev-parse", "HEAD")
    url = dvc.api.get_url(path, repo=str(repo), rev=commit)
    return DataRevision(path=path, md5=dvc_md5(repo, path), url=url, git_commit=commit)
