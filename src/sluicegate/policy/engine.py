"""Evaluate the Rego controls over one document with regopy, failing closed.

The lib and every rule are compiled once into a bundle and evaluated together in one
query. If that fails, halves are evaluated until each failing rule stands alone: a
rule that errors becomes an error finding carrying rego-cpp's error text, never a
pass, and the other controls still run. If the rules do not compile together, each is compiled
alone with the lib to find the ones that do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from regopy import Input, Interpreter, RegoError
from regopy.rego_shared import rego_get_error

from sluicegate.policy.catalogue import Control, lib_files


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule returned: its failures, or the error that stopped it."""

    control: Control
    failures: tuple[dict, ...] = ()
    error: str | None = None


class RegoEvalError(Exception):
    """A query rego-cpp could not compile or evaluate; the message is its error text."""


def interpreter(paths: Iterable[Path]) -> Interpreter:
    """An interpreter holding the given Rego files, with builtin errors made errors.

    Strict builtin errors keep a type error inside a rule (say ``lower(null)``) from
    silently making the rule undefined, which would read as a pass.
    """
    rego = Interpreter()
    rego.strict_built_in_errors = True
    for path in paths:
        try:
            rego.add_module(str(path), path.read_text())
        except RegoError as err:
            raise RegoEvalError(f"{path.name}: {err}") from None
    return rego


class Compiled:
    """Rego files compiled once into a bundle, with one entrypoint per reference
    (``data.a.b`` -> ``a/b``) and a query that reads them all.

    ``values()`` evaluates every reference in one query, so the normalisers in
    ``policies/lib`` run once (one entrypoint at a time recomputes them: ten times
    slower on the example); ``value(ref)`` evaluates one alone, to tell which
    reference errors when ``values()`` fails.
    """

    def __init__(self, paths: Iterable[Path], refs: Iterable[str]) -> None:
        self.rego = interpreter(paths)
        self.entrypoints = {ref: ref.removeprefix("data.").replace(".", "/") for ref in refs}
        together = ", ".join(f"{json.dumps(ref)}: {ref}" for ref in self.entrypoints)
        self.bundle = self.rego.build(f"x := {{{together}}}", list(self.entrypoints.values()))
        if not self.bundle.ok():
            raise RegoEvalError(rego_get_error(self.rego._impl).strip() or "compilation failed")

    def set_input(self, doc) -> None:
        self.rego.set_input(Input(doc))

    def values(self) -> dict:
        """Every reference's value for the current input; RegoEvalError if any errors."""
        with _malformed_output("the rules together"):
            output = self.rego.query_bundle(self.bundle)
        return _value(self.rego, output, "the rules together", lambda r: r.bindings.get("x", _UNDEFINED))

    def values_of(self, refs: list[str]) -> dict:
        """The values of some references, in one ad-hoc query (compiled again: ~0.2 s)."""
        together = ", ".join(f"{json.dumps(ref)}: {ref}" for ref in refs)
        what = f"{len(refs)} rules together"
        with _malformed_output(what):
            output = self.rego.query(f"x := {{{together}}}")
        return _value(self.rego, output, what, lambda r: r.bindings.get("x", _UNDEFINED))

    def value(self, ref: str):
        """The value of ``ref`` for the current input; RegoEvalError if it errors."""
        with _malformed_output(ref):
            output = self.rego.query_bundle_entrypoint(self.bundle, self.entrypoints[ref])
        return _value(self.rego, output, ref, lambda r: r.expressions[0] if r.expressions else _UNDEFINED)


_UNDEFINED = object()


@contextmanager
def _malformed_output(what: str) -> Iterator[None]:
    """regopy parses rego-cpp's JSON as it builds an Output; rego-cpp can emit a string
    with unescaped quotes in it, and that must be an error of the rule, not a crash."""
    try:
        yield
    except json.JSONDecodeError as err:
        raise RegoEvalError(f"{what}: rego-cpp returned malformed JSON ({err})") from None


def _value(rego: Interpreter, output, what: str, pick):
    if not output.ok():
        # str(output) on a failed output crashes regopy 1.5; the interpreter keeps the text.
        raise RegoEvalError(rego_get_error(rego._impl).strip() or f"{what}: evaluation failed")
    value = pick(output.results[0]) if output.results else _UNDEFINED
    if value is _UNDEFINED:
        raise RegoEvalError(f"{what} is undefined")
    return value


def _gatekeeper_failures(template: Compiled, control: Control, doc: dict) -> tuple[dict, ...]:
    """A ConstraintTemplate's Rego over every rendered object, as Gatekeeper would see it.

    Parameters and match rules come from the Constraints of that template in the
    rendered tree, so the offline check enforces exactly what the cluster would.
    """
    # A template's package is its constraint kind, lower-cased (sluicegateallowedrepos).
    kind = control.query.removeprefix("data.").removesuffix(".violation").rsplit(".", 1)[-1]
    constraints = [
        m["object"]
        for m in doc.get("manifests", [])
        if m["object"].get("apiVersion", "").startswith("constraints.gatekeeper.sh/")
        and m["object"]["kind"].lower() == kind
    ]
    namespace_labels = {
        m["object"]["metadata"]["name"]: m["object"]["metadata"].get("labels", {})
        for m in doc.get("manifests", [])
        if m["object"]["kind"] == "Namespace"
    }
    failures = []
    for constraint in constraints:
        spec = constraint.get("spec", {})
        match = spec.get("match", {})
        for entry in doc.get("manifests", []):
            obj = entry["object"]
            meta = obj.get("metadata", {})
            if not _matches(match, obj, namespace_labels):
                continue
            template.set_input(
                {"review": {"object": obj, "kind": {"kind": obj["kind"]}},
                 "parameters": spec.get("parameters", {})}
            )
            where = "/".join(p for p in (meta.get("namespace"), meta.get("name", "")) if p)
            for violation in template.value(control.query):
                failures.append(
                    {
                        "address": f"{entry['file']}#{obj['kind']}/{where}",
                        "layer": "manifests",
                        "type": obj["kind"],
                        "msg": f"{constraint['metadata']['name']}: {violation.get('msg', violation)}",
                    }
                )
    return tuple(failures)


@dataclass(frozen=True)
class Evaluation:
    """Every control's outcome, and the inventory of what was there to check."""

    outcomes: list[RuleOutcome]
    inventory: dict[str, list[dict]]


INVENTORY = "data.sluicegate.inventory"


def _matches(match: dict, obj: dict, namespace_labels: dict[str, dict]) -> bool:
    """Gatekeeper's match block: kinds, namespaces, labelSelector and namespaceSelector
    (matchLabels only, which is all the rendered constraints use)."""
    meta = obj.get("metadata", {})
    kinds = {k for m in match.get("kinds", []) for k in m.get("kinds", [])}
    if kinds and obj["kind"] not in kinds:
        return False
    namespaces = match.get("namespaces")
    if namespaces and meta.get("namespace") not in namespaces:
        return False
    labels = meta.get("labels", {})
    wanted = match.get("labelSelector", {}).get("matchLabels", {})
    if any(labels.get(k) != v for k, v in wanted.items()):
        return False
    wanted = match.get("namespaceSelector", {}).get("matchLabels", {})
    if wanted:
        # A Namespace is matched by its own labels; other objects by their namespace's.
        own = labels if obj["kind"] == "Namespace" else namespace_labels.get(meta.get("namespace"), {})
        if any(own.get(k) != v for k, v in wanted.items()):
            return False
    return True


# Teams per evaluation. rego-cpp 1.5's evaluation deepens with the size of the
# collections a rule walks: past a few thousand resources a rule stops with "maximum
# function-call depth" and each evaluation slows super-linearly. A team's resources
# never refer to another team's, so the plan is evaluated in shards of teams, each
# with everything that belongs to no team.
TEAMS_PER_SHARD = 10


def _team_of(resource: dict, component_urns: dict[str, str]) -> str | None:
    return component_urns.get(resource["urn"]) or component_urns.get(resource.get("parent") or "")


def _team_of_manifest(file: str) -> str | None:
    """The team a rendered file belongs to: ``manifests/teams/NAME/...`` and its
    Application ``manifests/apps/teams--NAME.yaml``."""
    parts = file.split("/")
    if len(parts) > 3 and parts[1] == "teams":
        return parts[2]
    if len(parts) == 3 and parts[1] == "apps" and parts[2].startswith("teams--"):
        return parts[2].removeprefix("teams--").removesuffix(".yaml")
    return None


def shards(doc: dict, size: int | None = None) -> list[dict]:
    """``doc`` split into documents of at most ``size`` teams each.

    Each shard keeps every resource and object that belongs to no team, the teams'
    own (Pulumi children of their Team component, their manifests and Application),
    and ``params.teams`` cut to its teams, so rules that expect something of every
    team expect it only where it can be; ``params.team_by_account`` keeps them all, for
    rules that look a grant's team up across teams.
    """
    size = size or TEAMS_PER_SHARD
    teams = doc["params"].get("teams", [])
    if len(teams) <= size:
        return [doc]
    resources = doc["pulumi"].get("resources", [])
    component_urns = {
        r["urn"]: r["name"].removeprefix("team-") for r in resources if r["type"] == "sluicegate:gcp:Team"
    }
    by_team: dict[str | None, list] = {}
    for r in resources:
        by_team.setdefault(_team_of(r, component_urns), []).append(r)
    objects: dict[str | None, list] = {}
    for m in doc["manifests"]:
        objects.setdefault(_team_of_manifest(m["file"]), []).append(m)
    out = []
    for start in range(0, len(teams), size):
        group = teams[start : start + size]
        names = [t["name"] for t in group]
        out.append(
            {
                **doc,
                "params": {**doc["params"], "teams": group},
                "pulumi": {
                    **doc["pulumi"],
                    "resources": by_team.get(None, []) + [r for n in names for r in by_team.get(n, [])],
                },
                "manifests": objects.get(None, []) + [m for n in names for m in objects.get(n, [])],
            }
        )
    return out


def _merge(evaluations: list[Evaluation]) -> Evaluation:
    """One outcome per control: the union of its failures across shards (shared
    resources fail identically in each), and the first error if any shard erred."""
    outcomes = []
    for i, first in enumerate(evaluations[0].outcomes):
        mine = [e.outcomes[i] for e in evaluations]
        error = next((o.error for o in mine if o.error), None)
        failures = {json.dumps(f, sort_keys=True): f for o in mine for f in o.failures}
        outcomes.append(RuleOutcome(first.control, tuple(failures[k] for k in sorted(failures)), error))
    inventory: dict[str, dict[str, dict]] = {}
    for e in evaluations:
        for kind, items in e.inventory.items():
            seen = inventory.setdefault(kind, {})
            for item in items:
                seen.setdefault(json.dumps(item, sort_keys=True), item)
    return Evaluation(outcomes, {kind: list(items.values()) for kind, items in inventory.items()})


def evaluate(controls: Iterable[Control], doc: dict) -> Evaluation:
    """Every control's outcome over ``doc`` (the document built by ``artifacts.load``)."""
    controls = list(controls)
    parts = shards(doc)
    if len(parts) > 1:
        return _merge([_evaluate_shard(controls, part) for part in parts])
    return _evaluate_shard(controls, doc)


def _evaluate_shard(controls: list[Control], doc: dict) -> Evaluation:
    rules = [c for c in controls if c.engine == "rules"]
    outcomes, inventory = _evaluate_rules(rules, doc)
    for control in (c for c in controls if c.engine == "gatekeeper"):
        try:
            template = compiled([_repo_path(control.file)], [control.query])
            outcomes.append(RuleOutcome(control, _gatekeeper_failures(template, control, doc)))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return Evaluation(outcomes, inventory)


def _repo_path(relative: str) -> Path:
    return Path(__file__).resolve().parents[3] / relative


@lru_cache(maxsize=8)
def _compile(files: tuple[tuple[Path, float], ...], refs: tuple[str, ...]) -> Compiled:
    """Compile once per process for the same files (by modification time) and refs:
    compiling is most of an audit's time, and tests audit many plans."""
    return Compiled([path for path, _ in files], refs)


def compiled(paths: Iterable[Path], refs: Iterable[str]) -> Compiled:
    return _compile(tuple((p, p.stat().st_mtime) for p in paths), tuple(refs))


def _evaluate_rules(rules: list[Control], doc: dict) -> tuple[list[RuleOutcome], dict]:
    libs = lib_files()
    try:
        compiled_rules = compiled(
            [*libs, *(_repo_path(c.file) for c in rules)], [INVENTORY, *(c.query for c in rules)]
        )
    except RegoEvalError:
        return _evaluate_each(rules, libs, doc), _inventory(libs, doc)
    compiled_rules.set_input(doc)
    refs = [INVENTORY, *(c.query for c in rules)]
    values, errors = _bisect(compiled_rules, refs)
    outcomes = [
        RuleOutcome(control, error=errors[control.query])
        if control.query in errors
        else RuleOutcome(control, tuple(_sorted(values[control.query])))
        for control in rules
    ]
    # The inventory is evidence only: the verdicts above do not depend on it.
    return outcomes, values.get(INVENTORY, {})


def _bisect(compiled_rules: Compiled, refs: list[str], *, whole: bool = True) -> tuple[dict, dict[str, str]]:
    """Every reference's value, evaluated together; when that fails, each half is
    evaluated together, down to each failing reference alone with its error. Every
    evaluation recomputes the lib's normalisers, so a failing rule costs a few
    evaluations instead of all rules costing one each."""
    try:
        if len(refs) == 1:
            return {refs[0]: compiled_rules.value(refs[0])}, {}
        return (compiled_rules.values() if whole else compiled_rules.values_of(refs)), {}
    except RegoEvalError as err:
        if len(refs) == 1:
            return {}, {refs[0]: str(err)}
    values: dict = {}
    errors: dict[str, str] = {}
    half = len(refs) // 2
    for part in (refs[:half], refs[half:]):
        found, failed = _bisect(compiled_rules, part, whole=False)
        values |= found
        errors |= failed
    return values, errors


def _inventory(libs: list[Path], doc: dict) -> dict:
    try:
        lib = Compiled(libs, [INVENTORY])
        lib.set_input(doc)
        return lib.value(INVENTORY)
    except RegoEvalError:
        return {}  # the lib itself is broken: every rule is already an error finding


def _evaluate_each(rules: list[Control], libs: list[Path], doc: dict) -> list[RuleOutcome]:
    """When the rules do not compile together, compile each with the lib to find which
    fail; each failure is kept as an error finding, the others still run."""
    outcomes = []
    for control in rules:
        try:
            alone = Compiled([*libs, _repo_path(control.file)], [control.query])
            alone.set_input(doc)
            outcomes.append(RuleOutcome(control, tuple(_sorted(alone.value(control.query)))))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _sorted(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f.get("address", ""), f.get("msg", "")))
