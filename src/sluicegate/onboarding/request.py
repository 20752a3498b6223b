"""What an onboarding asks for, and the team file it becomes.

A request leaves a field ``None`` when the caller did not give it: a new team then
gets the default, an ``--update`` keeps what the team already has. The team file
is checked by writing it and reading it back with the spine's own loader, so what
onboarding validates is byte for byte what ``sluicegate plan`` will read.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from sluicegate import spec
from sluicegate.errors import SpecError
from sluicegate.spec.model import DNS_LABEL, Team
from sluicegate.spec.rules import team_file

# A team whose data nobody has classified is treated as holding personal data:
# the stricter controls apply until someone says otherwise.
DEFAULT_CLASSIFICATION = "pii"

HEADER = "# Written by `sluicegate onboard`; change it with `sluicegate onboard --update`.\n"

FIELDS = ("owners", "data_classification", "gpu_quota", "gpu_types")


@dataclass(frozen=True)
class OnboardRequest:
    """One team's onboarding: its name, owners and, optionally, data class and GPUs."""

    team: str
    owners: tuple[str, ...]
    data_classification: str | None = None
    gpu_quota: int | None = None
    gpu_types: tuple[str, ...] | None = None

    @property
    def file(self) -> str:
        """The team file, relative to the spec root, as error messages show it."""
        return team_file(self.team)

    def check_name(self) -> None:
        """Reject a name that is not a DNS label before it is used as a file name."""
        if len(self.team) > 63 or not DNS_LABEL.match(self.team):
            raise SpecError(
                self.file,
                "name",
                f"{self.team!r} is not a DNS-1123 label (lowercase letters, digits and '-', "
                "starting with a letter, at most 63 characters)",
            )

    def team_data(self, existing: Team | None) -> dict:
        """The team file's content: given fields, else the existing team's, else defaults."""

        def pick(field: str, default):
            given = getattr(self, field)
            if given is not None:
                return given
            return getattr(existing, field) if existing else default

        return {
            "name": self.team,
            "owners": list(self.owners),
            "data_classification": pick("data_classification", DEFAULT_CLASSIFICATION),
            "gpu_quota": pick("gpu_quota", 0),
            "gpu_types": list(pick("gpu_types", ())),
        }


def team_yaml(data: dict, existing_text: str | None) -> str:
    """The team file's text; a hand-written leading comment of an existing file is kept."""
    comment = ""
    if existing_text:
        for line in existing_text.splitlines(keepends=True):
            if not line.startswith("#"):
                break
            comment += line
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=100)
    return (comment or HEADER) + body


def parse_team(name: str, text: str) -> Team:
    """Validate a team file's text exactly as ``spec.load`` reads ``teams/NAME.yaml``."""
    with tempfile.TemporaryDirectory(prefix="sluicegate-team-") as tmp:
        path = Path(tmp) / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return spec.load_team(path)


def show(value: object) -> str:
    """A field's value as a person reads it: ``[a, b]`` for a list, the bare string."""
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def differences(old: Team, new: Team) -> list[tuple[str, object, object]]:
    """``(field, old, new)`` for every field a change of team would touch."""
    return [
        (field, getattr(old, field), getattr(new, field))
        for field in FIELDS
        if getattr(old, field) != getattr(new, field)
    ]
