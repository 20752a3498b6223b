"""Engines find spans; this registry turns a name into one.

A name resolves, in order, to an engine registered with ``register``, to one a
package advertises under the ``sluicegate.redaction.engines`` entry-point group,
or to ``module:attribute`` naming a factory (a class or a function with no
arguments). That last form is how a pipeline picks a team's own engine without
this package knowing about it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from sluicegate.redaction.engines.base import Engine, find_many, resolve_overlaps
from sluicegate.redaction.errors import EngineError

ENTRY_POINT_GROUP = "sluicegate.redaction.engines"
DEFAULT_ENGINE = "hybrid"

_REGISTRY: dict[str, Callable[[], Engine]] = {}


def register(name: str, factory: Callable[[], Engine]) -> None:
    """Make ``factory`` available as engine ``name`` in this process."""
    _REGISTRY[name] = factory


def _rules() -> Engine:
    from sluicegate.redaction.engines.rules import RuleEngine

    return RuleEngine()


def _presidio() -> Engine:
    from sluicegate.redaction.engines.presidio import PresidioEngine

    return PresidioEngine()


def _model() -> Engine:
    from sluicegate.redaction.engines.model import ModelEngine

    return ModelEngine()


def _hybrid() -> Engine:
    from sluicegate.redaction.engines.model import hybrid

    return hybrid()


def _dlp() -> Engine:
    from sluicegate.redaction.engines.dlp import DlpEngine

    return DlpEngine()


register("rules", _rules)
register("model", _model)
register("hybrid", _hybrid)
register("presidio", _presidio)
register("dlp", _dlp)


def engine_version(engine: Engine) -> str:
    """What the gate records as the engine's version: its own ``version`` if it has
    one (the model engines: model name and version), else name and sluicegate version."""
    version = getattr(engine, "version", None)
    if isinstance(version, str):
        return version
    from importlib.metadata import PackageNotFoundError, version as dist_version

    try:
        return f"{engine.name}/sluicegate-{dist_version('sluicegate')}"
    except PackageNotFoundError:
        return f"{engine.name}/sluicegate-unknown"


def names() -> list[str]:
    """Registered and advertised engine names."""
    return sorted({*_REGISTRY, *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})


def get(name: str) -> Engine:
    """The engine called ``name``; ``EngineError`` naming the choices when there is none."""
    if name in _REGISTRY:
        return _REGISTRY[name]()
    advertised = {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}
    if name in advertised:
        return advertised[name].load()()
    if ":" in name:
        return _import_factory(name)()
    raise EngineError(
        f"engine {name!r}: unknown; choose one of {', '.join(names())} or module:factory"
    )


def _import_factory(spec: str) -> Callable[[], Engine]:
    module_name, _, attribute = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise EngineError(f"engine {spec!r}: cannot import {module_name}: {err}") from err
    try:
        return getattr(module, attribute)
    except AttributeError as err:
        raise EngineError(f"engine {spec!r}: {module_name} has no {attribute!r}") from err


__all__ = [
    "DEFAULT_ENGINE", "Engine", "engine_version", "find_many", "get", "names", "register",
    "resolve_overlaps",
]
