"""Facts the spec and the platform are checked against: regions, zones, GPUs, and
the public registries the platform mirrors.

The facts live in YAML beside this module, each file with the public page it was
read from (``source``) and the date it was checked (``checked``). This module only
loads them into frozen objects and answers questions about them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Region(BaseModel):
    model_config = _FROZEN
    city: str
    zones: tuple[str, ...]


class AttachTo(BaseModel):
    """GPUs attached to a general-purpose family (N1) in one of several counts."""

    model_config = _FROZEN
    family: str
    gpus_per_node: tuple[int, ...]


class Gpu(BaseModel):
    model_config = _FROZEN
    display: str
    zones: tuple[str, ...]
    machine_types: dict[str, int] = Field(default_factory=dict)
    attach_to: AttachTo | None = None
    # MIG partition size -> how many such instances one GPU holds. Not 7 // slices:
    # sizes like 1g.20gb take two of the eight memory slices, so only four fit.
    mig_partitions: dict[str, int] = Field(default_factory=dict)

    def gpus_for(self, machine_type: str) -> tuple[int, ...]:
        """GPU counts a node of ``machine_type`` may carry; empty if it cannot carry this GPU."""
        if machine_type in self.machine_types:
            return (self.machine_types[machine_type],)
        if self.attach_to and machine_type.startswith(f"{self.attach_to.family}-"):
            return self.attach_to.gpus_per_node
        return ()

    def machine_type_names(self) -> list[str]:
        if self.attach_to:
            return [f"{self.attach_to.family}-*"]
        return sorted(self.machine_types)


class Catalogue(BaseModel):
    model_config = _FROZEN
    regions: dict[str, Region]
    gpus: dict[str, Gpu]
    checked: dt.date

    def zones(self, region: str) -> tuple[str, ...]:
        return self.regions[region].zones

    def gpu_zones(self, gpu_type: str, region: str) -> tuple[str, ...]:
        """Zones of ``region`` that offer ``gpu_type``, in the region's zone order."""
        offered = set(self.gpus[gpu_type].zones)
        return tuple(z for z in self.regions[region].zones if z in offered)


def _read(name: str) -> dict:
    return yaml.load(resources.files(__package__).joinpath(name).read_text(), Loader=yaml.CSafeLoader)


@cache
def load() -> Catalogue:
    """The catalogue shipped with sluicegate (read once per process)."""
    regions, gpus = _read("regions.yaml"), _read("gpus.yaml")
    return Catalogue(
        regions=regions["regions"],
        gpus=gpus["gpus"],
        checked=min(regions["checked"], gpus["checked"]),
    )


class Registry(BaseModel):
    """A public image registry and the remote repository that mirrors it in the region."""

    model_config = _FROZEN
    key: str
    """The mirror's key: its repository is ``Names.registry_mirror(key)``."""
    host: str
    aliases: tuple[str, ...] = ()
    """Other spellings of ``host`` that name the same registry."""
    remote: dict
    """``remote_repository_config.docker_repository`` of the remote repository."""
    used_by: str


@cache
def registries() -> tuple[Registry, ...]:
    """The mirrored registries of ``registries.yaml``, in file order (read once per process)."""
    return tuple(Registry(**entry) for entry in _read("registries.yaml")["registries"])


@cache
def _perimeter() -> dict:
    return _read("perimeter.yaml")


def restricted_services() -> tuple[str, ...]:
    """The APIs the perimeter restricts (``perimeter.yaml``), sorted: the foundation
    writes them and the audit checks them, from this one list."""
    return tuple(sorted(_perimeter()["restricted_services"]))


def restricted_zones() -> tuple[str, ...]:
    """The domains of the restricted VIP's private zones (``perimeter.yaml``), in file
    order: the foundation creates each, NET-03 requires each."""
    return tuple(_perimeter()["restricted_zones"])


def cmek_services() -> tuple[str, ...]:
    """The services that must use customer-managed keys (``perimeter.yaml``), sorted:
    the foundation's organization policy denies the others' encryption, ENC-02 checks it."""
    return tuple(sorted(_perimeter()["cmek_services"]))


def deployer_services() -> dict[str, str]:
    """The restricted APIs the deployers call from outside, each with why."""
    return dict(_perimeter()["deployer_services"])


def owner_services() -> dict[str, str]:
    """The restricted APIs team owners call from outside (their DVC data), with why."""
    return dict(_perimeter()["owner_services"])
