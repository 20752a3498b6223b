"""Evaluate the Rego controls over one document with regopy, failing closed.

The lib and every rule are compiled once into a bundle with one entrypoint per
control, and each control is evaluated alone over the same input: a rule that errors
becomes an error finding carrying rego-cpp's error text, never a pass, and the other
controls still run. If the rules do not compile together, each is compiled alone with
the lib to find the ones that do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
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


def query(rego: Interpreter, text: str):
    """The value bound to ``x`` by ``x := <text>``; raise RegoEvalError on failure."""
    return _value(rego, rego.query(f"x := {text}"), text, lambda r: r.bindings.get("x", _UNDEFINED))


class Compiled:
    """Rego files compiled once with named entrypoints (``data.a.b`` -> ``a/b``).

    rego-cpp compiles the modules again for every ad-hoc query; a bundle is compiled
    once and each entrypoint then evaluates alone, so one rule that errors does not
    hide the others' results.
    """

    def __init__(self, paths: Iterable[Path], refs: Iterable[str]) -> None:
        self.rego = interpreter(paths)
        self.entrypoints = {ref: ref.removeprefix("data.").replace(".", "/") for ref in refs}
        self.bundle = self.rego.build(None, list(self.entrypoints.values()))
        if not self.bundle.ok():
            raise RegoEvalError(rego_get_error(self.rego._impl).strip() or "compilation failed")

    def set_input(self, doc) -> None:
        self.rego.set_input(Input(doc))

    def value(self, ref: str):
        """The value of ``ref`` for the current input; RegoEvalError if it errors."""
        output = self.rego.query_bundle_entrypoint(self.bundle, self.entrypoints[ref])
        return _value(self.rego, output, ref, lambda r: r.expressions[0] if r.expressions else _UNDEFINED)


_UNDEFINED = object()


def _value(rego: Interpreter, output, what: str, pick):
    if not output.ok():
        # str(output) on a failed output crashes regopy 1.5; the interpreter keeps the text.
        raise RegoEvalError(rego_get_error(rego._impl).strip() or f"{what}: evaluation failed")
    value = pick(output.results[0]) if output.results else _UNDEFINED
    if value is _UNDEFINED:
        raise RegoEvalError(f"{what} is undefined")
    return value


def _gatekeeper_failures(compiled: Compiled, control: Control, doc: dict) -> tuple[dict, ...]:
    """A ConstraintTemplate's Rego over every rendered object, as Gatekeeper would see it.

    Parameters and match rules come from the Constraints of that template in the
    rendered tree, so the offline check enforces exactly what the cluster would.
    """
    template = control.query.removeprefix("data.").removesuffix(".violation").rsplit(".", 1)[-1]
    constraints = [
        m["object"]
        for m in doc.get("manifests", [])
        if m["object"].get("apiVersion", "").startswith("constraints.gatekeeper.sh/")
        and m["object"]["kind"].lower() == template.lower()
    ]
    failures = []
    for constraint in constraints:
        spec = constraint.get("spec", {})
        match = spec.get("match", {})
        kinds = {k for m in match.get("kinds", []) for k in m.get("kinds", [])}
        namespaces = set(match.get("namespaces", []))
        for entry in doc.get("manifests", []):
            obj = entry["object"]
            meta = obj.get("metadata", {})
            if kinds and obj["kind"] not in kinds:
                continue
            if namespaces and meta.get("namespace") not in namespaces:
                continue
            compiled.set_input(
                {"review": {"object": obj, "kind": {"kind": obj["kind"]}},
                 "parameters": spec.get("parameters", {})}
            )
            where = "/".join(p for p in (meta.get("namespace"), meta.get("name", "")) if p)
            for violation in compiled.value(control.query):
                failures.append(
                    {
                        "address": f"{entry['file']}#{obj['kind']}/{where}",
                        "layer": "manifests",
                        "type": obj["kind"],
                        "msg": f"{constraint['metadata']['name']}: {violation.get('msg', violation)}",
                    }
                )
    return tuple(failures)


def evaluate(controls: Iterable[Control], doc: dict) -> list[RuleOutcome]:
    """Every control's outcome over ``doc`` (the document built by ``artifacts.load``)."""
    controls = list(controls)
    rules = [c for c in controls if c.engine == "rules"]
    outcomes = _evaluate_rules(rules, doc) if rules else []
    for control in (c for c in controls if c.engine == "gatekeeper"):
        try:
            compiled = Compiled([_repo_path(control.file)], [control.query])
            outcomes.append(RuleOutcome(control, _gatekeeper_failures(compiled, control, doc)))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _repo_path(relative: str) -> Path:
    return Path(__file__).resolve().parents[3] / relative


def _evaluate_rules(rules: list[Control], doc: dict) -> list[RuleOutcome]:
    libs = lib_files()
    try:
        compiled = Compiled([*libs, *(_repo_path(c.file) for c in rules)], [c.query for c in rules])
    except RegoEvalError:
        return _evaluate_each(rules, libs, doc)
    compiled.set_input(doc)
    outcomes = []
    for control in rules:
        try:
            outcomes.append(RuleOutcome(control, tuple(_sorted(compiled.value(control.query)))))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _evaluate_each(rules: list[Control], libs: list[Path], doc: dict) -> list[RuleOutcome]:
    """When the rules do not compile together, compile each with the lib to find which
    fail; each failure is kept as an error finding, the others still run."""
    outcomes = []
    for control in rules:
        try:
            compiled = Compiled([*libs, _repo_path(control.file)], [control.query])
            compiled.set_input(doc)
            outcomes.append(RuleOutcome(control, tuple(_sorted(compiled.value(control.query)))))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _sorted(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f.get("address", ""), f.get("msg", "")))
