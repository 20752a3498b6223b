"""Evaluate the Rego controls over one document with regopy, failing closed.

The lib and every rule are compiled once into a bundle and evaluated together in one
query. If that fails, halves are evaluated until each failing rule stands alone: a
rule that errors becomes an error finding carrying rego-cpp's error text, never a
pass, and the other controls still run. If the rules do not compile together, each is compiled
alone with the lib to find the ones that do not.

A plan is evaluated in parts (``partition``): its shared resources once, and its teams a
few at a time, over one process per core (``evaluate``); ``evaluate_unsharded`` is the
one evaluation of the whole document that the parts must equal.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from regopy import Interpreter, RegoError
from regopy.rego_shared import rego_get_error

from sluicegate import cache as caches
from sluicegate.platform.cache import team_resources
from sluicegate.policy import normalised, rego_input
from sluicegate.policy.catalogue import POLICIES, Control, lib_files


@dataclass(frozen=True)
class RuleOutcome:
    """What one rule returned: its failures, what it examined (``{"address", "layer",
    "type"}`` each, from the rule's own evaluation), and the error that stopped it or
    that the engine found in its result (a failure outside what it examined; nothing
    examined where resources of its scope exist)."""

    control: Control
    failures: tuple[dict, ...] = ()
    error: str | None = None
    examined: tuple[dict, ...] = ()


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
        self.memo: dict = {}  # what callers work out once per compiled bundle
        self.entrypoints = {ref: ref.removeprefix("data.").replace(".", "/") for ref in refs}
        together = ", ".join(f"{json.dumps(ref)}: {ref}" for ref in self.entrypoints)
        self.bundle = self.rego.build(f"x := {{{together}}}", list(self.entrypoints.values()))
        if not self.bundle.ok():
            raise RegoEvalError(rego_get_error(self.rego._impl).strip() or "compilation failed")

    def set_input(self, doc) -> None:
        self.rego.set_input(rego_input.make(doc))

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


def _gatekeeper_context(doc: dict) -> dict:
    """What every object's Gatekeeper review needs from the whole tree: the Constraints
    by kind (lower-cased, as a template's package names it) and each Namespace's labels."""
    constraints: dict[str, list[dict]] = {}
    namespace_labels = {}
    for m in doc.get("manifests", []):
        obj = m["object"]
        if obj.get("apiVersion", "").startswith("constraints.gatekeeper.sh/"):
            constraints.setdefault(obj["kind"].lower(), []).append(obj)
        if obj["kind"] == "Namespace":
            namespace_labels[obj["metadata"]["name"]] = obj["metadata"].get("labels", {})
    return {"constraints": constraints, "namespace_labels": namespace_labels}


def _context_of(part: dict, context: dict) -> dict:
    """``context`` as far as ``part``'s reviews read it: the Constraints, and the labels
    of the namespaces its objects are in (``_matches``). A part is evaluated and keyed
    with this, so a team added elsewhere (its Namespace) leaves the part's key alone."""
    spaces = {
        (m["object"].get("metadata") or {}).get("namespace") for m in part.get("manifests", [])
    }
    labels = context["namespace_labels"]
    return {**context, "namespace_labels": {n: labels[n] for n in sorted(spaces - {None}) if n in labels}}


def _gatekeeper_failures(
    template: Compiled, control: Control, manifests: list[dict], context: dict
) -> tuple[tuple[dict, ...], tuple[dict, ...]]:
    """A ConstraintTemplate's Rego over each of ``manifests`` that a Constraint of that
    template matches, as Gatekeeper would review it: its failures, and the objects it
    reviewed (what it examined).

    Parameters and match rules come from the Constraints of that template in the
    rendered tree (``context``, from the whole tree), so the offline check enforces
    exactly what the cluster would. Only matched objects are evaluated, one at a time,
    with the template compiled once per process: rego-cpp 1.5 refuses ``with input as``
    over a comprehension's variable, so a review cannot be batched into one query.
    """
    # A template's package is its constraint kind, lower-cased (sluicegateallowedrepos).
    kind = control.query.removeprefix("data.").removesuffix(".violation").rsplit(".", 1)[-1]
    failures = []
    examined: dict[str, dict] = {}
    for constraint in context["constraints"].get(kind, []):
        spec = constraint.get("spec", {})
        match = spec.get("match", {})
        for entry in manifests:
            obj = entry["object"]
            meta = obj.get("metadata", {})
            if not _matches(match, obj, context["namespace_labels"]):
                continue
            template.set_input(
                {"review": {"object": obj, "kind": {"kind": obj["kind"]}},
                 "parameters": spec.get("parameters", {})}
            )
            where = "/".join(p for p in (meta.get("namespace"), meta.get("name", "")) if p)
            seen = {"address": f"{entry['file']}#{obj['kind']}/{where}", "layer": "manifests", "type": obj["kind"]}
            examined[seen["address"]] = seen
            for violation in template.value(control.query):
                failures.append(
                    {**seen, "msg": f"{constraint['metadata']['name']}: {violation.get('msg', violation)}"}
                )
    return tuple(failures), tuple(_sorted(list(examined.values())))


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


# --- the plan in parts -------------------------------------------------------------------
#
# rego-cpp 1.5's evaluation slows with the size of the collections a rule walks (and of
# the parameters it reads), and past a few thousand resources a rule stops with "maximum
# function-call depth". So the plan is evaluated in parts: one shared part (the
# foundation, and every Pulumi resource and Kubernetes object that belongs to no team),
# evaluated once, and parts of a few teams each holding only those teams' own resources.
# docs/policies.md explains why the union of the parts' findings is the whole plan's.

# Resources and objects per team part: small enough that rego-cpp stays linear, large
# enough that the fixed cost of an evaluation (~10 ms) does not dominate.
PART_SIZE = 200

# Set in a team part's document; rules that check something exists on the platform
# (``shared_resources_here`` in policies/lib/resources.rego) skip such a part.
TEAM_PART = "teams"

# Workers start only when they finish sooner by at least this many items' worth of
# evaluation (about half a second, ``WORKER_START``): a worker is a second process, and
# a plan that gains less is evaluated here alone.
PARALLEL_GAIN = 200

# Team accounts are looked up by e-mail (IAM-05): a part's lookup holds every team
# account its resources name anywhere.
_EMAIL = re.compile(r"[\w.+%-]+@[\w.-]+")




def _team_of_manifest(entry: dict, namespaces: dict[str, str]) -> str | None:
    """The team a rendered object belongs to: by its file (``manifests/teams/NAME/...``
    and the Application ``manifests/apps/teams--NAME.yaml``), else by its namespace, else
    (cluster-scoped: the team's Namespace, its Profile) by its name. Rules that expect
    something of a team look for it in the team's namespace or under its name, so
    everything they could find is in the team's part."""
    parts = entry["file"].split("/")
    if len(parts) > 3 and parts[1] == "teams":
        return parts[2]
    if len(parts) == 3 and parts[1] == "apps" and parts[2].startswith("teams--"):
        return parts[2].removeprefix("teams--").removesuffix(".yaml")
    meta = entry["object"].get("metadata") or {}
    namespace = meta.get("namespace")
    if namespace:
        return namespaces.get(namespace)
    return namespaces.get(meta.get("name"))


def _accounts(team_by_account: dict, *content) -> dict:
    """The teams, by account, of every team account named anywhere in ``content``."""
    named = set(_EMAIL.findall(json.dumps(content)))
    return {a: t for a, t in team_by_account.items() if a in named}


def partition(doc: dict, size: int | None = None) -> list[dict]:
    """``doc`` as the shared part followed by team parts of at most ``size`` resources
    and objects (a team is never split).

    The shared part holds the foundation and everything that belongs to no team, with
    no teams in ``params.teams``, so no rule expects a team's resources there. A team
    part holds its teams' Pulumi resources and Kubernetes objects, those teams in
    ``params.teams`` (and their owners in ``params.team_owners``), and ``part: "teams"`` so that checks for something that exists
    once on the platform do not run there. Each part's ``params.team_by_account`` holds
    the teams whose accounts it names.
    """
    size = size or PART_SIZE
    params = doc["params"]
    teams = params.get("teams", [])
    by_account = params.get("team_by_account") or {t["service_account"]: t for t in teams}
    namespaces = {t["namespace"]: t["name"] for t in teams}
    resources = team_resources(doc.get("pulumi", {}).get("resources", []))
    objects: dict[str | None, list[dict]] = {}
    for m in doc.get("manifests", []):
        objects.setdefault(_team_of_manifest(m, namespaces), []).append(m)

    def part(group: list[dict], terraform: list, res: list, manifests: list) -> dict:
        accounts = _accounts(by_account, terraform, res, manifests)
        scoped = {**params, "teams": group, "team_by_account": accounts}
        if group and "team_owners" in params:
            # Only the shared part reads every team's owners (DEP-04, with the perimeter);
            # a team part holds its own, so it reads the same when another team changes.
            names = {t["name"] for t in group}
            scoped["team_owners"] = [o for o in params["team_owners"] if o.get("team") in names]
        out = {
            **doc,
            "params": scoped,
            "terraform": terraform,
            "pulumi": {**doc.get("pulumi", {}), "resources": res},
            "manifests": manifests,
        }
        if group:
            out["part"] = TEAM_PART
        return out

    known = {t["name"] for t in teams}
    # Resources of a team the spec does not list (a stray file) stay shared: there no
    # rule takes them for a team's, as in the whole plan.
    stray = [k for k in {*resources, *objects} if k is not None and k not in known]
    shared_res = resources.get(None, []) + [r for k in stray for r in resources.get(k, [])]
    shared_objects = objects.get(None, []) + [m for k in stray for m in objects.get(k, [])]
    out = [part([], doc.get("terraform", []), shared_res, shared_objects)]
    group: list[dict] = []
    count = 0
    for team in teams:
        n = len(resources.get(team["name"], [])) + len(objects.get(team["name"], []))
        if group and count + n > 2 * size:
            out.append(_team_part(part, group, resources, objects))
            group, count = [], 0
        group.append(team)
        count += n
        if _ends_part(team["name"], n, size):
            out.append(_team_part(part, group, resources, objects))
            group, count = [], 0
    if group:
        out.append(_team_part(part, group, resources, objects))
    return out


def _ends_part(name: str, items: int, size: int) -> bool:
    """Whether a team part ends after team ``name`` (of ``items`` resources and objects).

    Chosen by the name, not the position (content-defined chunking, as backup tools cut
    files): adding or removing a team changes only the part it is in, so every other
    part reads the same and is found in the audit cache. A part ends after about one
    team in ``size / items``, so parts average ``size`` items; one never grows past
    twice that.
    """
    every = max(1, size // max(1, items))
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % every == 0


def _team_part(part, group: list[dict], resources: dict, objects: dict) -> dict:
    names = [t["name"] for t in group]
    return part(
        group,
        [],
        [r for n in names for r in resources.get(n, [])],
        [m for n in names for m in objects.get(n, [])],
    )


def _merge(evaluations: list[Evaluation]) -> Evaluation:
    """One outcome per control: the union of its failures and of what it examined
    across parts, and the first error if any part erred (fail closed: one part that
    errs fails the control); then the checks of the whole result (``_checked``)."""
    inventory: dict[str, dict[str, dict]] = {}
    for e in evaluations:
        for kind, items in e.inventory.items():
            seen = inventory.setdefault(kind, {})
            for item in items:
                seen.setdefault(_identity(item), item)
    merged = {kind: list(items.values()) for kind, items in inventory.items()}
    outcomes = []
    for i, first in enumerate(evaluations[0].outcomes):
        mine = [e.outcomes[i] for e in evaluations]
        error = next((o.error for o in mine if o.error), None)
        failures = _union(f for o in mine for f in o.failures)
        examined = _union(x for o in mine for x in o.examined)
        outcomes.append(_checked(RuleOutcome(first.control, failures, error, examined), merged))
    return Evaluation(outcomes, merged)


def _union(items: Iterable[dict]) -> tuple[dict, ...]:
    return tuple(_sorted(list({_identity(x): x for x in items}.values())))


def _identity(item: dict):
    """What makes two items of a rule's output the same: their keys and values. Items of
    flat strings (evidence, most findings) by their sorted pairs, others as JSON."""
    key = tuple(sorted(item.items()))
    try:
        hash(key)
    except TypeError:  # a value that is a list or a mapping
        return json.dumps(item, sort_keys=True)
    return key


def _checked(outcome: RuleOutcome, inventory: dict[str, list[dict]]) -> RuleOutcome:
    """Fail closed on a result that does not hold together: a failure the rule says it
    did not examine, or a rule that examined nothing although the plan holds resources
    of the kinds it guards (its METADATA ``scope``). Either is an error of the control,
    with its failures kept."""
    if outcome.error is not None:
        return outcome
    problems = []
    examined = {(x.get("layer"), x.get("address")) for x in outcome.examined}
    outside = sorted({f"{f.get('address')} ({f.get('layer')})" for f in outcome.failures
                      if (f.get("layer"), f.get("address")) not in examined})
    if outside:
        problems.append(f"failures outside what the rule examined: {', '.join(outside)}")
    present = {}
    for kind in outcome.control.scope:
        guarded = [i for i in inventory.get(kind, []) if not i["address"].startswith(outcome.control.scope_excludes)]
        if guarded:
            present[kind] = len(guarded)
    if not outcome.examined and present:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(present.items()))
        problems.append(f"the rule examined nothing, though the plan holds {kinds}")
    if not problems:
        return outcome
    return RuleOutcome(outcome.control, outcome.failures, "; ".join(problems), outcome.examined)


def evaluate(
    controls: Iterable[Control], doc: dict, *, workers: int | None = None, started: Iterable[Worker] = ()
) -> Evaluation:
    """Every control's outcome over ``doc`` (the document built by ``artifacts.load``),
    evaluated in parts (``partition``) by ``workers`` processes: this one and
    ``workers - 1`` worker processes (default: one process per core where that finishes
    sooner, ``_workers``, else this process alone).

    A part whose outcome is in the audit cache (``AUDIT_CACHE``, keyed by the part's
    whole content, the Gatekeeper context, the controls, the policy files and the
    engine) is not evaluated again: the same input gives the same verdicts. A part a
    worker failed on is never cached.

    ``started`` are workers the caller started earlier (``Worker``), which compiled the
    rules while it read the plan; those not needed are let go.
    """
    controls = list(controls)
    parts = partition(doc)
    whole = _gatekeeper_context(doc)
    contexts = [_context_of(part, whole) for part in parts]
    where = caches.folder(AUDIT_CACHE)
    policies = _policy_digest(controls) if where else ""
    keys = [_part_key(controls, p, c, policies) for p, c in zip(parts, contexts)] if where else []
    done: dict[int, Evaluation] = {}
    for i, (key, tags) in enumerate(keys):
        found = caches.load(where, key)
        if found is not None:
            done[i] = _from_record(controls, found, tags)
    todo = [(i, part) for i, part in enumerate(parts) if i not in done]
    ready = list(started)
    if workers is None:
        workers = _workers(todo, os.cpu_count() or 1, len(ready))
    n = max(1, min(workers, len(todo)))
    for spare in ready[n - 1:]:
        spare.release()
    pool = ready[: n - 1]
    pool += [Worker(controls) for _ in range(n - 1 - len(pool))]
    fresh, failed = _share(controls, todo, contexts, pool)
    for i, evaluation in fresh.items():
        if keys:
            key, tags = keys[i]
            caches.store(where, key, _record(controls, evaluation, tags), keep=None)
    caches.prune(where, AUDIT_KEEP)
    return _merge([*(done | fresh).values(), *failed])


# The audit cache: one entry per part of a plan (sluicegate.cache), enough for a few
# plans of a thousand teams.
AUDIT_CACHE = "audit"
AUDIT_KEEP = 2048
_WORKER_STOPPED = "the audit worker stopped: "


def _share(
    controls: list[Control], todo: list[tuple[int, dict]], contexts: list[dict], pool: list[Worker]
) -> tuple[dict[int, Evaluation], list[Evaluation]]:
    """Evaluate ``todo`` here and in ``pool``: each process takes the costliest part left
    whenever it is free (a thread per worker hands its worker one part at a time), so
    no process waits for another that was given more than it could do. Static bins of
    equal size had left this process waiting up to 1.2 s for the worker of a 100-team
    audit: the costs of the parts per item differ, and so does each process's share of
    the machine. Returns the evaluations by part and, for each worker that stopped while
    it held a part, an evaluation that fails every control."""
    queue = sorted(todo, key=lambda e: _size(e[1]), reverse=True)
    lock = threading.Lock()
    holding: set[int] = set()  # the workers (by position) with a part in hand

    def take(who: int | None) -> tuple[int, dict] | None:
        with lock:
            if who is not None:
                holding.discard(who)
            if not queue:
                return None
            if who is not None:
                holding.add(who)
            return queue.pop(0)

    results: list[tuple[dict[int, Evaluation], list[Evaluation]]] = [({}, []) for _ in pool]

    def serve(who: int) -> None:
        results[who] = pool[who].serve(lambda: take(who), contexts, controls)

    feeders = [threading.Thread(target=serve, args=(i,), name=f"sluicegate-worker-{i}") for i in range(len(pool))]
    for feeder in feeders:
        feeder.start()
    fresh: dict[int, Evaluation] = {}
    while (entry := take(None)) is not None:
        i, part = entry
        fresh[i] = _evaluate_part(controls, part, contexts[i])
    with lock:  # nothing is left to take: a worker with no part in hand is let go now
        idle = [w for i, w in enumerate(pool) if i not in holding]
    for worker in idle:
        worker.release()
    for feeder in feeders:
        feeder.join()
    failed: list[Evaluation] = []
    for worker, (done, stopped) in zip(pool, results):
        worker.close()
        fresh.update(done)
        failed.extend(stopped)
    return fresh, failed


def _policy_digest(controls: list[Control]) -> str:
    """The Rego the audit evaluates (policies/ and every control's own file) and the
    Python that evaluates it, and regopy's version; read again when a file changed."""
    files = {p for p in POLICIES.rglob("*") if p.is_file()}
    files |= {_repo_path(c.file) for c in controls}
    files |= set(Path(__file__).parent.glob("*.py"))
    return _digest_of(tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)))


@lru_cache(maxsize=4)
def _digest_of(files: tuple[tuple[str, int, int], ...]) -> str:
    from importlib import metadata

    h = hashlib.sha256(metadata.version("regopy").encode())
    for path, _, _ in files:
        data = Path(path).read_bytes()
        h.update(f"\0{path}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()


# --- content tags in the cache ------------------------------------------------------------
#
# Every Application pins the content tag of the synced tree (``sha256-`` and 32 hex
# digits, sluicegate.gitops.artifact.tag_of), and the tree holds every team: adding one
# changes the tag in every part, though nothing else in most of them. So a part is
# keyed, and its verdicts kept, with each distinct tag in it replaced by a placeholder
# numbered in order of first appearance. Parts equal up to such a renaming get the same
# verdicts: rules compare a tag only with other strings (which are renamed alike) and
# never read its digits; tests/policy/test_audit_cache.py evaluates a mutated plan under
# two tags to show it. The verdicts read from the cache get the part's own tags back.

_TAG = re.compile(r"sha256-[0-9a-f]{32}(?![0-9a-f])")


class _Tags:
    """The content tags of one part, each with its placeholder."""

    def __init__(self, text: str) -> None:
        self.placeholder: dict[str, str] = {}
        for found in _TAG.findall(text):
            self.placeholder.setdefault(found, f"<content-tag-{len(self.placeholder)}>")
        self.tag = {v: k for k, v in self.placeholder.items()}

    def hide(self, text: str) -> str:
        return _TAG.sub(lambda m: self.placeholder[m.group()], text) if self.placeholder else text

    def show(self, text: str) -> str:
        if not self.tag:
            return text
        return re.sub(r"<content-tag-\d+>", lambda m: self.tag.get(m.group(), m.group()), text)


def _part_key(controls: list[Control], part: dict, context: dict, policies: str) -> tuple[str, _Tags]:
    """The part's cache key with its content tags hidden, and those tags."""
    text = caches.canonical(part)
    tags = _Tags(text)
    key = caches.key(
        {
            "format": 3,  # 3: records hold what each rule examined
            "policies": policies,
            "controls": [[c.id, c.file, c.query, c.engine] for c in controls],
            "context": context,
            "part": hashlib.sha256(tags.hide(text).encode()).hexdigest(),
        }
    )
    return key, tags


def _record(controls: list[Control], evaluation: Evaluation, tags: _Tags) -> dict:
    return json.loads(tags.hide(caches.canonical(_plain_record(controls, evaluation))))


def _from_record(controls: list[Control], record: dict, tags: _Tags) -> Evaluation:
    return _from_plain_record(controls, json.loads(tags.show(caches.canonical(record))))


def _plain_record(controls: list[Control], evaluation: Evaluation) -> dict:
    # By identity of content: a worker's outcomes hold unpickled copies of the controls.
    index = {(c.id, c.file, c.query): i for i, c in enumerate(controls)}
    return {
        "outcomes": [
            {
                "control": index[o.control.id, o.control.file, o.control.query],
                "failures": list(o.failures),
                "examined": list(o.examined),
                "error": o.error,
            }
            for o in evaluation.outcomes
        ],
        "inventory": evaluation.inventory,
    }


def _from_plain_record(controls: list[Control], record: dict) -> Evaluation:
    return Evaluation(
        [
            RuleOutcome(controls[o["control"]], tuple(o["failures"]), o["error"], tuple(o["examined"]))
            for o in record["outcomes"]
        ],
        record["inventory"],
    )


def _size(part: dict) -> int:
    return (
        len(part.get("manifests", []))
        + len(part.get("pulumi", {}).get("resources", []))
        + sum(len(v) for t in part.get("terraform", []) for v in t["json"].get("resource", {}).values())
    )


# What a worker spends starting (a fresh interpreter importing the engine and compiling
# the rules), in items' worth of evaluation: an item (a resource or an object) costs
# about 2.4 ms in the shared part and in a team part alike (measured on a 100-team plan:
# the shared part's 630 items in 1.5 s, team parts of 40 to 380 items at 2.2 to 2.5 ms
# each), and the start about 0.75 s. ``_workers`` counts it when it estimates whether a
# worker to start would finish sooner than this process alone.
WORKER_START = 300


def _workers(todo: list[tuple[int, dict]], cores: int, ready: int = 0) -> int:
    """How many processes to evaluate ``todo`` with: one per core when the balanced
    bins (worker start-up counted) finish ``PARALLEL_GAIN`` items sooner than this
    process alone, else one. A 100-team onboarding (the shared part and two team parts,
    about 930 items) gains; a two-team plan does not. ``ready`` workers started
    earlier cost nothing more to start."""
    if cores < 2 or len(todo) < 2:
        return 1
    n = min(cores, len(todo))
    alone = sum(_size(p) for _, p in todo)
    bins = _balanced(todo, n, ready)
    head = _head_starts(n, ready)
    together = max(sum(_size(p) for _, p in b) + head[i] for i, b in enumerate(bins))
    return cores if alone - together >= PARALLEL_GAIN else 1


def _head_starts(n: int, ready: int) -> list[int]:
    # This process's bin first; then the workers already started, then those to start.
    return [0] + [0] * min(ready, n - 1) + [WORKER_START] * max(0, n - 1 - ready)


def _balanced(parts: list[tuple[int, dict]], n: int, ready: int = 0) -> list[list[tuple[int, dict]]]:
    """``(index, part)`` pairs in ``n`` bins of about equal cost (``_size``, with
    ``WORKER_START`` on the bin of each worker still to start; the first bin is this
    process's and the next ``ready`` are workers already started), costliest part first:
    how ``_workers`` estimates when the processes would finish (``_share`` hands the
    parts out as the processes become free)."""
    bins: list[list[tuple[int, dict]]] = [[] for _ in range(n)]
    costs = _head_starts(n, ready)
    for entry in sorted(parts, key=lambda e: _size(e[1]), reverse=True):
        i = costs.index(min(costs))
        bins[i].append(entry)
        costs[i] += _size(entry[1])
    return bins


# A worker is `python -m sluicegate.policy.engine`: it reads the controls pickled on
# stdin and compiles them at once, says it is ready, then evaluates one (part, context)
# pair at a time as it is given them, writing each evaluation pickled on stdout, until
# its stdin closes. A fresh interpreter, not multiprocessing: regopy's interpreter
# cannot be pickled, forking a process that runs threads (the Pulumi engine, jsii) is
# unsafe, and multiprocessing's spawn would re-run the caller's script.
_READY = "ready"


class Worker:
    """A worker process, compiling ``controls`` from the moment it starts: started
    before the plan is read (``policy.audit``), it is ready when the parts are."""

    def __init__(self, controls: list[Control]) -> None:
        self.used = self.finished = False
        # A file, not a pipe: a worker that writes much to stderr must not block.
        self.errors = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sluicegate.policy.engine"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
        )
        # The worker reads all of the controls before it writes anything, so this cannot
        # block. A worker that stopped at once breaks the pipe; serve reports it.
        with suppress(BrokenPipeError):
            pickle.dump(list(controls), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()

    def serve(self, take, contexts: list[dict], controls: list[Control]) -> tuple[dict[int, Evaluation], list[Evaluation]]:
        """Once the worker is ready, evaluate in it each ``(index, part)`` that ``take()``
        gives, until it gives ``None``. Returns the evaluations by index, and, when the
        worker stopped while it held a part, an evaluation that fails every control
        (fail closed: that part has shown nothing). A worker that stopped, or was let
        go, before it took a part leaves its share to the other processes."""
        self.used = True
        if self._read() != _READY:
            return {}, []
        done: dict[int, Evaluation] = {}
        while (entry := take()) is not None:
            i, part = entry
            with suppress(BrokenPipeError):
                pickle.dump((part, contexts[i]), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.flush()
            evaluation = self._read()
            if not isinstance(evaluation, Evaluation):
                return done, [Evaluation([RuleOutcome(c, error=f"{_WORKER_STOPPED}{self._why()}") for c in controls], {})]
            done[i] = evaluation
        return done, []

    def _read(self):
        try:
            return pickle.load(self.process.stdout)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            return None  # stopped (or let go): nothing more comes

    def _why(self) -> str:
        """The last line the stopped worker wrote to stderr, or its exit status. A worker
        that answered with something other than an evaluation is stopped first, so
        this never waits on one that is still running."""
        self.process.kill()
        self.process.wait()
        self.errors.seek(0)
        stderr = self.errors.read().decode(errors="replace").strip().splitlines()
        return stderr[-1] if stderr else f"exit status {self.process.returncode}"

    def release(self) -> None:
        """Nothing (more) to evaluate: the worker is stopped at once (it may still be
        compiling, or evaluating parts for a caller that failed meanwhile). Its stdout
        stays open for a thread that reads it (it reads the end); ``close`` closes it."""
        if self.finished:
            return
        self.finished = True
        self.process.kill()
        with suppress(BrokenPipeError):
            self.process.stdin.close()
        self.process.wait()

    def close(self) -> None:
        """Done with: its stdin closes and the worker ends (if it was not let go)."""
        if not self.finished:
            self.finished = True
            with suppress(BrokenPipeError):
                self.process.stdin.close()
            self.process.wait()
        self.process.stdout.close()
        self.errors.close()


# Plans of this many teams and more start their workers before they are read: from
# about five teams a worker has team parts enough to finish with this process, and below
# ten a worker compiling in vain costs more than it saves.
EARLY_FROM_TEAMS = 10


@contextmanager
def workers_for(controls: Iterable[Control], teams: int) -> Iterator[list[Worker]]:
    """For a plan of ``teams`` teams (``EARLY_FROM_TEAMS`` and more), one worker per
    core beyond this one, compiling ``controls`` while the caller reads the plan, for
    ``evaluate(started=...)``; else none. Those ``evaluate`` did not give parts to are
    let go on leaving."""
    controls = list(controls)
    cores = os.cpu_count() or 1
    workers = [Worker(controls) for _ in range(cores - 1)] if teams >= EARLY_FROM_TEAMS else []
    try:
        yield workers
    finally:
        for worker in workers:
            worker.release()
            worker.close()


def _work() -> None:
    controls = pickle.load(sys.stdin.buffer)
    _compile_all(controls)
    out = sys.stdout.buffer
    pickle.dump(_READY, out)
    out.flush()
    while True:
        try:
            part, context = pickle.load(sys.stdin.buffer)
        except EOFError:
            return  # done with, or let go
        pickle.dump(_evaluate_part(controls, part, context), out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()


def _compile_all(controls: list[Control]) -> None:
    """Compile what ``_evaluate_part`` will (into the per-process cache), so a worker
    started early does it while it waits; a rule that does not compile is left to
    ``_evaluate_part``, which reports it."""
    rules = [c for c in controls if c.engine == "rules"]
    with suppress(RegoEvalError):
        compiled([*lib_files(), *(_repo_path(c.file) for c in rules)], _rule_refs(rules))
    for control in (c for c in controls if c.engine == "gatekeeper"):
        with suppress(RegoEvalError):
            compiled([_repo_path(control.file)], [control.query])


def evaluate_unsharded(controls: Iterable[Control], doc: dict) -> Evaluation:
    """Every control's outcome over ``doc`` in one evaluation: what ``evaluate`` must
    equal. Only for plans small enough (a few teams) for rego-cpp to evaluate whole."""
    return _merge([_evaluate_part(list(controls), doc, _gatekeeper_context(doc))])


def _evaluate_part(controls: list[Control], doc: dict, context: dict) -> Evaluation:
    rules = [c for c in controls if c.engine == "rules"]
    outcomes, inventory = _evaluate_rules(rules, doc)
    manifests = doc.get("manifests", [])
    for control in (c for c in controls if c.engine == "gatekeeper"):
        try:
            template = compiled([_repo_path(control.file)], [control.query])
            failures, examined = _gatekeeper_failures(template, control, manifests, context)
            outcomes.append(RuleOutcome(control, failures, examined=examined))
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
    return Evaluation(outcomes, inventory)


def _repo_path(relative: str) -> Path:
    # A control's file is named from the folder that holds policies/ (the kit's, or an
    # evidence bundle's under SLUICEGATE_POLICIES).
    return POLICIES.parent / relative


@lru_cache(maxsize=8)
def _compile(files: tuple[tuple[Path, float], ...], refs: tuple[str, ...]) -> Compiled:
    """Compile once per process for the same files (by modification time) and refs:
    compiling is most of an audit's time, and tests audit many plans."""
    return Compiled([path for path, _ in files], refs)


def compiled(paths: Iterable[Path], refs: Iterable[str]) -> Compiled:
    return _compile(tuple((p, p.stat().st_mtime) for p in paths), tuple(refs))


def _refs(control: Control) -> tuple[str, str]:
    """A rule's two references: its failures and what it examined."""
    return control.query, control.examined_query


def _outcome(control: Control, values: dict, errors: dict[str, str], held: dict[str, dict]) -> RuleOutcome:
    error = next((errors[ref] for ref in _refs(control) if ref in errors), None)
    if error is not None:
        return RuleOutcome(control, error=error)
    examined, unknown = _examined(values[control.examined_query], held)
    if unknown:
        # Fail closed: the rule says it looked at something the plan does not hold.
        return RuleOutcome(control, error=f"examined what the plan does not hold: {', '.join(unknown[:3])}")
    return RuleOutcome(control, tuple(_sorted(values[control.query])), examined=tuple(_sorted(examined)))


def _held(inventory: dict) -> dict[str, dict]:
    """Every resource and object of the inventory by address: what a rule's examined
    addresses stand for."""
    return {item["address"]: item for items in inventory.values() for item in items}


def _examined(entries: list, held: dict[str, dict]) -> tuple[list[dict], list[str]]:
    """A rule's examined set as ``{"address", "layer", "type"}`` entries: an address
    (``seen``, lib/resources.rego) is the inventory's entry for it; an entry already
    in that shape (``looked_for``: something that must exist) is kept. Also the
    addresses the inventory does not hold."""
    examined: list[dict] = []
    unknown: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry in held:
                examined.append(held[entry])
            else:
                unknown.append(entry)
        else:
            examined.append(entry)
    return examined, sorted(unknown)


def _rule_refs(rules: list[Control]) -> list[str]:
    return [TERRAFORM_TYPES, *(ref for c in rules for ref in _refs(c))]


def _evaluate_rules(rules: list[Control], doc: dict) -> tuple[list[RuleOutcome], dict]:
    libs = lib_files()
    refs = _rule_refs(rules)
    try:
        compiled_rules = compiled([*libs, *(_repo_path(c.file) for c in rules)], refs)
    except RegoEvalError:
        inventory = _inventory(libs, doc)
        return _evaluate_each(rules, libs, doc, _held(inventory)), inventory
    view = normalised.view(doc, lambda tokens: _terraform_types(compiled_rules, tokens))
    if view is not None:
        inventory = normalised.inventory(view)
        compiled_rules.set_input(normalised.rules_input(doc, view))
    else:
        # Something the Python view does not expect: the lib builds it, as in the pack.
        inventory = _inventory(libs, doc)
        compiled_rules.set_input(doc)
    values, errors = _bisect(compiled_rules, refs)
    held = _held(inventory)
    outcomes = [_outcome(control, values, errors, held) for control in rules]
    # The inventory is evidence only: the verdicts above do not depend on it.
    return outcomes, inventory


# The lib's map of Pulumi tokens to Terraform types, over the tokens of the input.
TERRAFORM_TYPES = "data.sluicegate._pulumi_tf_type"


def _terraform_types(compiled_rules: Compiled, tokens: Iterable[str]) -> dict[str, str | None]:
    """Each token's Terraform type as the compiled lib maps it (``None`` where it has
    none), evaluated once per process for each token: over a graph of only those
    tokens, before the part's own input is set."""
    known = compiled_rules.memo.setdefault(TERRAFORM_TYPES, {})
    missing = sorted(t for t in set(tokens) if t not in known)
    if missing:
        compiled_rules.set_input({"pulumi": {"resources": [{"type": t} for t in missing]}})
        try:
            found = compiled_rules.value(TERRAFORM_TYPES)
        except RegoEvalError:
            found = {}
        known.update((t, found.get(t) if isinstance(found, dict) else None) for t in missing)
    return {t: known[t] for t in tokens}


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
        lib = compiled(libs, [INVENTORY])
        lib.set_input(doc)
        return lib.value(INVENTORY)
    except RegoEvalError:
        return {}  # the lib itself is broken: every rule is already an error finding


def _evaluate_each(rules: list[Control], libs: list[Path], doc: dict, held: dict[str, dict]) -> list[RuleOutcome]:
    """When the rules do not compile together, compile each with the lib to find which
    fail; each failure is kept as an error finding, the others still run."""
    outcomes = []
    for control in rules:
        try:
            alone = Compiled([*libs, _repo_path(control.file)], _refs(control))
            alone.set_input(doc)
            values = {ref: alone.value(ref) for ref in _refs(control)}
        except RegoEvalError as err:
            outcomes.append(RuleOutcome(control, error=str(err)))
            continue
        outcomes.append(_outcome(control, values, {}, held))
    return outcomes


def _sorted(failures: list[dict]) -> list[dict]:
    return sorted(failures, key=lambda f: (f.get("address", ""), f.get("msg", "")))


if __name__ == "__main__":
    # The evaluations must pickle as sluicegate.policy.engine's classes, not __main__'s.
    from sluicegate import collect_less
    from sluicegate.policy.engine import _work as work

    collect_less()
    work()
