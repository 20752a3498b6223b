"""Where the kit's own files are: the Rego policies (``policies/``), the manifest
templates (``manifests/templates/``) and the team-repo template (``bootstrap/``).

In a checkout (and an editable install) they are the repository's top-level folders,
where a newcomer reads them. A wheel carries the same folders, at the same relative
paths, under ``sluicegate/_data/`` (``force-include`` in pyproject.toml), so an
installed kit finds them from any directory. ``ROOT`` is whichever of the two holds
them, and a path such as a control's ``policies/gcp/...`` file resolves below it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# The folders a wheel must carry, by their path below ROOT (pyproject.toml lists the same).
FOLDERS = ("policies", "manifests/templates", "bootstrap")


def _root() -> Path:
    packaged = Path(str(resources.files("sluicegate").joinpath("_data")))
    if packaged.is_dir():
        return packaged
    # src/sluicegate/kit.py -> the repository root.
    return Path(__file__).resolve().parents[2]


ROOT = _root()
POLICIES = ROOT / "policies"
TEMPLATES = ROOT / "manifests" / "templates"
BOOTSTRAP = ROOT / "bootstrap"


def path(relative: str) -> Path:
    """A kit file by its path below ROOT, as the catalogue records it
    (``policies/gcp/residency/res_02_bucket_location.rego``)."""
    return ROOT / relative
