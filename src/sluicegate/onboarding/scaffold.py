"""The team's own repository, rendered from the templates in ``bootstrap/``.

Files ending in ``.j2`` are jinja2 templates (the suffix is dropped); the others are
copied as they are. Path parts may hold ``{{package}}``. The scaffold is rendered
into a temporary folder beside its destination and renamed into place, so a
failed scaffold leaves no partial repository. A non-empty destination is refused
unless every file the scaffold would write is already there, byte for byte (the
same scaffold, perhaps with the team's ``.git`` and ``.dvc`` files beside it).
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sluicegate import kit
from sluicegate.errors import SluicegateError
from sluicegate.names import Names
from sluicegate.spec.model import Platform, Team

TEMPLATES = kit.BOOTSTRAP

# The team repo pins the same minor releases the platform is built and tested with.
PINNED = ("kfp", "kfp-kubernetes", "dvc", "dvc-gs")

# Labels GKE puts on GPU nodes; the train step selects its node by the first.
GKE_ACCELERATOR_LABEL = "cloud.google.com/gke-accelerator"


def package_name(team: str) -> str:
    """The team repo's Python package: ``onco`` -> ``onco_ml``."""
    return f"{team.replace('-', '_')}_ml"


def sluicegate_requirement(platform: Platform) -> str:
    """A pip requirement for sluicegate from the platform repo Argo CD syncs from.

    The team's pipeline imports the redaction gate from sluicegate, and the platform
    repo is where the exact version the platform runs lives.
    """
    url, rev = platform.argocd.repo_url, platform.argocd.revision
    scp = re.fullmatch(r"git@([^:]+):(.+)", url)
    if scp:
        url = f"ssh://git@{scp.group(1)}/{scp.group(2)}"
    return f"sluicegate @ git+{url}@{rev}"


def _pin(distribution: str) -> str:
    major, minor, *_ = importlib.metadata.version(distribution).split(".")
    return f"{distribution}~={major}.{minor}"


def context(platform: Platform, team: Team) -> dict:
    """Every value the templates may use; a template naming anything else fails."""
    names = Names.of(platform)
    gpu = bool(team.gpu_quota and team.gpu_types)
    return {
        "team": team,
        "package": package_name(team.name),
        "region": platform.region,
        "project_id": platform.project_id,
        "namespace": names.team_namespace(team.name),
        "bucket": names.team_bucket(team.name),
        "dvc_remote": names.dvc_remote(team.name),
        "pipeline_root": names.pipeline_root(team.name),
        "service_account": names.team_service_account_email(team.name),
        "runtime_image": names.team_runtime_image(team.name),
        "gpu_type": team.gpu_types[0] if gpu else None,
        "gpu_label": GKE_ACCELERATOR_LABEL,
        "pii": team.data_classification == "pii",
        "requirements": {d: _pin(d) for d in PINNED},
        "sluicegate_requirement": sluicegate_requirement(platform),
    }


def render(platform: Platform, team: Team, dest: Path) -> list[str]:
    """Render the scaffold for ``team`` into the empty folder ``dest``; return its files."""
    values = context(platform, team)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 - the output is code and YAML, not HTML
    )
    written = []
    for source in sorted(TEMPLATES.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        name = source.relative_to(TEMPLATES).as_posix()
        target = dest / name.replace("{{package}}", values["package"]).removesuffix(".j2")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".j2":
            template = env.get_template(name)
            target.write_text(template.render(values), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        shutil.copymode(source, target)
        written.append(target.relative_to(dest).as_posix())
    return written


@dataclass
class Scaffold:
    """A scaffold rendered into a temporary folder, waiting to be moved to ``dest``."""

    dest: Path
    stage: Path
    same: bool

    def commit(self) -> str:
        """Move the scaffold into place; return ``created`` or ``unchanged``."""
        if self.same:
            return "unchanged"
        if self.dest.exists():
            self.dest.rmdir()  # empty, checked by prepare_scaffold
        self.stage.rename(self.dest)
        return "created"

    def discard(self) -> None:
        """Remove the temporary folder if it was not moved into place."""
        shutil.rmtree(self.stage, ignore_errors=True)


def prepare_scaffold(platform: Platform, team: Team, dest: Path) -> Scaffold:
    """Render the scaffold beside ``dest`` and check ``dest`` can take it.

    Raises ``SluicegateError`` when ``dest`` is a file, or a non-empty folder that
    is not this team's scaffold.
    """
    dest = Path(dest).resolve()
    if dest.exists() and not dest.is_dir():
        raise SluicegateError(f"--scaffold: {dest} is a file, not a folder")
    dest.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        files = render(platform, team, stage)
        same = False
        if dest.exists() and any(dest.iterdir()):
            differ = [
                f for f in files
                if not (dest / f).is_file() or (dest / f).read_bytes() != (stage / f).read_bytes()
            ]
            if differ:
                shown = ", ".join(differ[:3]) + (" ..." if len(differ) > 3 else "")
                raise SluicegateError(
                    f"--scaffold: {dest} is not empty and is not team {team.name}'s scaffold "
                    f"(differs: {shown})"
                )
            same = True
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return Scaffold(dest=dest, stage=stage, same=same)
