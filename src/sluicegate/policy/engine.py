"""Evaluate the Rego controls over one document with regopy, failing closed.

All rules are evaluated in one query so the normalisers in ``policies/lib`` run once.
If that query fails, each rule is evaluated alone so that only the rules that fail
become error findings, each carrying rego-cpp's error text; a rule that errors is
never read as a pass.
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
    output = rego.query(f"x := {text}")
    if not output.ok():
        # str(output) on a failed output crashes regopy 1.5; the interpreter keeps the text.
        raise RegoEvalError(rego_get_error(rego._impl).strip() or "evaluation failed")
    if not output.results or "x" not in output.results[0].bindings:
        raise RegoEvalError(f"{text} is undefined")
    return output.results[0].bindings["x"]


def _gatekeeper_failures(rego: Interpreter, control: Control, doc: dict) -> tuple[dict, ...]:
    """A ConstraintTemplate's Rego over every rendered object, as Gatekeeper would see it.

    Parameters come from the Constraints of that template in the rendered tree, so the
    offline check enforces exactly what the cluster would.
    """
    package = control.query.removeprefix("data.").removesuffix(".violation")
    constraints = [
        m["object"]
        for m in doc.get("manifests", [])
        if m["object"].get("apiVersion", "").startswith("constraints.gatekeeper.sh/")
        and m["object"]["kind"].lower() == package.rsplit(".", 1)[-1].lower()
    ]
    failures = []
    for constraint in constraints:
        spec = constraint.get("spec", {})
        kinds = {
            k for m in spec.get("match", {}).get("kinds", []) for k in m.get("kinds", [])
        }
        namespaces = set(spec.get("match", {}).get("namespaces", []))
        for entry in doc.get("manifests", []):
            obj = entry["object"]
            if kinds and obj["kind"] not in kinds:
                continue
            if namespaces and obj.get("metadata", {}).get("namespace") not in namespaces:
                continue
            rego.set_input(
                Input({"review": {"object": obj, "kind": {"kind": obj["kind"]}},
                       "parameters": spec.get("parameters", {})})
            )
            for violation in query(rego, control.query):
                name = obj.get("metadata", {}).get("name", "")
                ns = obj.get("metadata", {}).get("namespace")
                failures.append(
                    {
                        "address": f"{entry['file']}#{obj['kind']}/{ns + '/' if ns else ''}{name}",
                        "layer": "manifests",
                        "type": obj["kind"],
                        "msg": violation.get("msg", json.dumps(violation)),
                    }
                )
    return tuple(failures)


def evaluate(controls: Iterable[Control], doc: dict) -> list[RuleOutcome]:
    """Every control's outcome over ``doc`` (the document built by ``artifacts.load``)."""
    controls = list(controls)
    rules = [c for c in controls if c.engine == "rules"]
    gatekeeper = [c for c in controls if c.engine == "gatekeeper"]
    outcomes: list[RuleOutcome] = []
    if rules:
        outcomes += _evaluate_rules(rules, doc)
    for control in gatekeeper:
        try:
            rego = interpreter([_repo_path(control.file)])
            outcomes.append(RuleOutcome(control, _gatekeeper_failures(rego, control, doc)))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _repo_path(relative: str) -> Path:
    return Path(__file__).resolve().parents[3] / relative


def _evaluate_rules(rules: list[Control], doc: dict) -> list[RuleOutcome]:
    libs = lib_files()
    files = [_repo_path(c.file) for c in rules]
    combined = "{" + ", ".join(f'"{c.id}": {c.query}' for c in rules) + "}"
    try:
        rego = interpreter([*libs, *files])
        rego.set_input(Input(doc))
        values = query(rego, combined)
        return [RuleOutcome(c, tuple(_sorted(values[c.id]))) for c in rules]
    except RegoEvalError:
        pass  # find which rules fail: each alone below, each error kept as a finding
    outcomes = []
    for control, path in zip(rules, files, strict=True):
        try:
            rego = interpreter([*libs, path])
            rego.set_input(Input(doc))
            outcomes.append(RuleOutcome(control, tuple(_sorted(query(rego, control.query)))))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return outcomes


def _sorted(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f.get("address", ""), f.get("msg", "")))
