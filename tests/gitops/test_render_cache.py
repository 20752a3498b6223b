"""The render cache: a team's folder is rendered again only when the team, the platform
without its teams, the templates or the code changed, and the tree is byte for byte the
one a render without the cache writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sluicegate import gitops
from sluicegate.gitops import TEMPLATES, RenderError, write
from sluicegate.spec.model import Platform

from .test_render import _tree


@pytest.fixture
def rendered_teams(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The render cache in a folder of its own, and each team job rendered (its output)."""
    monkeypatch.setenv("SLUICEGATE_CACHE", str(tmp_path / "cache"))
    outputs: list[str] = []
    real = gitops._TeamRenders.put

    def counting(self, job, text, docs):
        if os.environ["SLUICEGATE_CACHE"] != "off" and self._team(job):
            outputs.append(job.output)
        return real(self, job, text, docs)

    monkeypatch.setattr(gitops._TeamRenders, "put", counting)
    return outputs


def _uncached(platform: Platform, dest: Path, monkeypatch: pytest.MonkeyPatch, **kw) -> dict:
    with monkeypatch.context() as m:
        m.setenv("SLUICEGATE_CACHE", "off")
        write(platform, dest, **kw)
    return _tree(dest)


def _teams_of(outputs: list[str]) -> set[str]:
    """The teams of rendered outputs: teams/NAME/... and the Application apps/teams--NAME.yaml."""
    return {
        o.split("/")[1] if o.startswith("teams/") else o.removeprefix("apps/teams--").removesuffix(".yaml")
        for o in outputs
    }


def _teams(platform: Platform, *teams) -> Platform:
    return platform.model_copy(update={"teams": tuple(sorted(teams, key=lambda t: t.name))})


def test_only_new_and_changed_teams_are_rendered_and_the_tree_is_the_same(
    platform: Platform, tmp_path: Path, rendered_teams: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    forecast, onco = platform.teams
    count = write(platform, tmp_path / "a")
    assert _teams_of(rendered_teams) == {"forecast", "onco"}
    assert _tree(tmp_path / "a") == _uncached(platform, tmp_path / "a-off", monkeypatch)

    rendered_teams.clear()
    newt = onco.model_copy(update={"name": "newt", "gpu_quota": 0, "gpu_types": ()})
    flipped = "internal" if forecast.data_classification == "pii" else "pii"
    changed = forecast.model_copy(update={"data_classification": flipped})
    grown = _teams(platform, changed, onco, newt)
    write(grown, tmp_path / "b")
    assert _teams_of(rendered_teams) == {"forecast", "newt"}, rendered_teams
    assert _tree(tmp_path / "b") == _uncached(grown, tmp_path / "b-off", monkeypatch)

    rendered_teams.clear()
    assert write(platform, tmp_path / "c") == count
    assert rendered_teams == [], "every team's folder and Application of the first render is cached"
    assert _tree(tmp_path / "c") == _tree(tmp_path / "a")


def test_a_template_change_renders_every_team_again(
    platform: Platform, tmp_path: Path, rendered_teams: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    write(platform, tmp_path / "a", templates=templates)
    rendered_teams.clear()
    quota = templates / "teams" / "resourcequota.yaml.j2"
    quota.write_text(quota.read_text() + "# edited\n")
    write(platform, tmp_path / "b", templates=templates)
    assert _teams_of(rendered_teams) == {"forecast", "onco"}
    assert (tmp_path / "b/teams/onco/resourcequota.yaml").read_text().endswith("# edited\n")
    assert _tree(tmp_path / "b") == _uncached(platform, tmp_path / "b-off", monkeypatch, templates=templates)


def test_a_team_template_reading_every_team_is_refused(platform: Platform, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    quota = templates / "teams" / "resourcequota.yaml.j2"
    quota.write_text(quota.read_text() + "# {{ platform.teams | length }}\n")
    with pytest.raises(RenderError, match="must not read platform.teams"):
        write(platform, tmp_path / "out", templates=templates)
