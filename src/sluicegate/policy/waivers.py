"""Waivers: findings a platform team has accepted for a while, with who and why.

``waivers.yaml`` sits beside ``platform.yaml`` in the platform repo; ``sluicegate plan``
copies it into OUT. Each waiver names a control, a resource address (or an ``fnmatch``
glob of addresses), the reason, the owner, a ticket and the day it expires::

    waivers:
      - control: GKE-15
        resource: "urn:pulumi:*::gpu-pool"
        reason: the GPU pool is drained until the taint lands in the next release
        owner: platform-team@acme.example
        ticket: SEC-142
        expires: 2027-03-31

A waived finding stays in every report, marked waived with its waiver, and does not
block. A waiver in force to the end of its ``expires`` day; after that it waives
nothing and is a finding itself, and so is one that matches no finding. A rule that
did not evaluate (layer ``policy``) is never waived. A file that is not as above is
exit 2, with one line naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from sluicegate.policy.artifacts import AuditError

FILE = "waivers.yaml"
REQUIRED = ("control", "resource", "reason", "owner", "expires")
OPTIONAL = ("ticket",)
# What a waiver that expired or matches nothing weighs: above the default --fail-on of
# nothing, but caught by `--fail-on medium` (the findings of an expired waiver come
# back with their own severity).
SEVERITY = "medium"


class WaiverError(AuditError):
    """waivers.yaml is not as documented: one line naming the file and the field."""


@dataclass(frozen=True)
class Waiver:
    where: str  # "waivers.yaml: waivers[0]"
    control: str
    resource: str
    reason: str
    owner: str
    ticket: str
    expires: dt.date

    def active(self, today: dt.date) -> bool:
        return today <= self.expires

    def matches(self, control_id: str, address: str) -> bool:
        return control_id == self.control and fnmatch.fnmatchcase(address, self.resource)

    def as_dict(self) -> dict:
        return {
            "control": self.control,
            "resource": self.resource,
            "reason": self.reason,
            "owner": self.owner,
            "ticket": self.ticket,
            "expires": self.expires.isoformat(),
            "where": self.where,
        }


def load(path: Path, known_controls: set[str]) -> list[Waiver]:
    """The waivers of ``path``; WaiverError naming the file and field of the first fault."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text())
    except (OSError, UnicodeDecodeError) as err:
        raise WaiverError(f"{path}: cannot be read ({err})") from None
    except yaml.YAMLError as err:
        raise WaiverError(f"{name}: not YAML ({str(err).splitlines()[0]})") from None
    if data is None:
        return []
    if not isinstance(data, dict) or set(data) != {"waivers"} or not isinstance(data["waivers"], list):
        raise WaiverError(f"{name}: must be a mapping with one key, waivers: a list")
    return [_waiver(f"{name}: waivers[{i}]", entry, known_controls) for i, entry in enumerate(data["waivers"])]


def _waiver(where: str, entry, known_controls: set[str]) -> Waiver:
    if not isinstance(entry, dict):
        raise WaiverError(f"{where}: must be a mapping of {', '.join(REQUIRED + OPTIONAL)}")
    unknown = sorted(set(entry) - set(REQUIRED + OPTIONAL))
    if unknown:
        raise WaiverError(f"{where}.{unknown[0]}: not a waiver field (fields: {', '.join(REQUIRED + OPTIONAL)})")
    for key in REQUIRED:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise WaiverError(f"{where}.{key}: missing")
    for key in (*REQUIRED, *OPTIONAL):
        if key != "expires" and key in entry and not isinstance(entry[key], str):
            raise WaiverError(f"{where}.{key}: must be a string")
    if entry["control"] not in known_controls:
        raise WaiverError(f"{where}.control: {entry['control']!r} is not a control of policies/")
    expires = entry["expires"]
    if isinstance(expires, str):
        try:
            expires = dt.date.fromisoformat(expires)
        except ValueError:
            pass
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        raise WaiverError(f"{where}.expires: must be a date (YYYY-MM-DD), not {entry['expires']!r}")
    return Waiver(
        where=where,
        control=entry["control"],
        resource=entry["resource"],
        reason=entry["reason"].strip(),
        owner=entry["owner"].strip(),
        ticket=str(entry.get("ticket", "")).strip(),
        expires=expires,
    )
