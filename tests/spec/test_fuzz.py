"""Whatever the YAML says, the loader returns a Platform or raises SpecError: nothing else escapes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sluicegate import spec
from sluicegate.errors import SpecError
from tests.conftest import REPO

EXAMPLE = yaml.safe_load((REPO / "platform.yaml").read_text())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["nvidia-l4", "10.0.0.0/8", "172.16.0.0/28", "mig", "time-sharing", "26.03"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


PATHS = _paths(EXAMPLE)


def _mutated(path: tuple, value: object) -> dict:
    data = yaml.safe_load(yaml.safe_dump(EXAMPLE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def _load_text(platform_text: str, team_text: str | None = None) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(REPO / "teams", root / "teams")
        (root / "platform.yaml").write_text(platform_text)
        if team_text is not None:
            (root / "teams" / "onco.yaml").write_text(team_text)
        try:
            spec.load(root)
        except SpecError as err:
            assert "\n" not in str(err), str(err)
    finally:
        shutil.rmtree(root)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=values)
def test_any_field_set_to_anything(path: tuple, value: object) -> None:
    _load_text(yaml.safe_dump(_mutated(path, value)))


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_as_platform_yaml(text: str) -> None:
    _load_text(text)


@settings(max_examples=200, deadline=None)
@given(team=st.dictionaries(st.sampled_from(["name", "owners", "data_classification", "gpu_quota",
                                              "gpu_types", "extra"]), values, max_size=6))
def test_any_team_file(team: dict) -> None:
    _load_text((REPO / "platform.yaml").read_text(), yaml.safe_dump(team))
