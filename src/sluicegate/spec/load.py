"""Read `platform.yaml` and `teams/*.yaml` once, at the edge, into a frozen ``Platform``.

Anything wrong becomes one ``SpecError`` naming the file (relative to the spec's
folder), the field path and the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from sluicegate.errors import SpecError
from sluicegate.spec import rules
from sluicegate.spec.model import Platform, Team

# Discriminator values pydantic puts in an error's location; they are not fields.
_UNION_TAGS = {"time-sharing", "mig"}

_PATTERN_HINTS = {
    "prefix": "must be 2-12 lowercase letters or digits, starting with a letter",
    "project_id": "must be a project ID: 6-30 lowercase letters, digits or '-', starting with a letter",
    "organization_id": "must be a numeric ID",
    "folder_id": "must be a numeric ID",
    "vpc_sc.access_policy_id": "must be a numeric ID",
    "cluster.binary_authorization.attestor": "must be projects/PROJECT/attestors/NAME",
    "argocd.chart_version": "must be an exact chart version, MAJOR.MINOR.PATCH",
    "argocd.repo_url": "must be an https://, ssh:// or git@ URL",
    "registry.dockerhub_username": "must be a Docker ID: 4-30 lowercase letters or digits",
}


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader that refuses a key given twice (PyYAML keeps the last silently)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path, shown: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(shown, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise SpecError(shown, "", f"cannot read: {err}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f"line {mark.line + 1}" if mark else ""
        raise SpecError(shown, line, f"invalid YAML: {err.problem or err}") from None
    except yaml.YAMLError as err:
        raise SpecError(shown, "", f"invalid YAML: {err}") from None
    if not isinstance(data, dict):
        raise SpecError(shown, "", "must be a YAML mapping at the top level")
    return data


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if part in _UNION_TAGS:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        elif not isinstance(part, str) or not part.isprintable() or not part.strip() or part != part.strip():
            # A key with a line break or other unprintable text, or only spaces, is
            # shown quoted, so the error stays one line and the key can be seen.
            out += f"[{part!r}]"
        else:
            out += f".{part}" if out else part
    return out


def _reason(error: dict[str, Any], path: str) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "greater_than_equal":
        return f"must be >= {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be <= {ctx['le']}"
    if kind == "literal_error":
        return f"must be {ctx['expected']}, not {error['input']!r}"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r}: {_PATTERN_HINTS.get(path, 'must match ' + ctx['pattern'])}"
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number, not {error['input']!r}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, not {error['input']!r}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping"
    if kind in ("tuple_type", "list_type"):
        return "must be a list"
    if kind == "union_tag_invalid":
        return f"strategy must be {ctx['expected_tags']}, not {ctx['tag']!r}"
    if kind == "union_tag_not_found":
        return "needs a strategy ('time-sharing' or 'mig')"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return error["msg"][0].lower() + error["msg"][1:]


def _validate(model: type[BaseModel], data: dict[str, Any], shown: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors(include_url=False)[0]
        path = _field_path(first["loc"])
        raise SpecError(shown, path, _reason(first, path)) from None


def spec_root(spec: str | Path) -> tuple[Path, Path]:
    """The folder of a spec and its ``platform.yaml``, given either of them."""
    spec = Path(spec)
    if spec.is_dir():
        return spec, spec / rules.PLATFORM_FILE
    return spec.parent, spec


def load_team(path: Path) -> Team:
    """One team file; its name must match the file's name."""
    shown = rules.team_file(path.stem)
    team = _validate(Team, _read_yaml(path, shown), shown)
    if team.name != path.stem:
        raise SpecError(shown, "name", f"{team.name!r} must match the file name {path.stem!r}")
    return team


def build(data: dict[str, Any], teams: tuple[Team, ...]) -> Platform:
    """Validate platform data plus already-loaded teams, then every cross-field rule."""
    if "teams" in data:
        raise SpecError(rules.PLATFORM_FILE, "teams", "teams are files in teams/, not a key here")
    platform = _validate(Platform, {**data, "teams": teams}, rules.PLATFORM_FILE)
    rules.ensure_valid(platform)
    return platform


def load(spec: str | Path) -> Platform:
    """Load a platform from its folder or its ``platform.yaml``.

    Raises ``SpecError`` for the first problem found, in a stable order.
    """
    root, platform_file = spec_root(spec)
    data = _read_yaml(platform_file, rules.PLATFORM_FILE)
    teams = tuple(load_team(path) for path in sorted((root / "teams").glob("*.yaml")))
    return build(data, teams)
