"""Kubernetes objects from YAML text, as the rendered templates and kustomize write them."""

from __future__ import annotations

import gc
import hashlib
import os
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{t}" for t in ("str", "map", "seq"))


def load_all(text: str) -> list[Any]:
    """Every document of ``text``, as ``yaml.load_all`` with libyaml's safe loader makes
    them, in half the time.

    libyaml parses and composes (in C); strings, mappings and sequences, nearly all of
    a manifest, are then built here without the constructor's per-node bookkeeping,
    and every other scalar (numbers, booleans, null, timestamps) by PyYAML's own safe
    constructor. A document the fast path does not cover (a merge key, a key that is
    not a string, an alias to itself) is built wholly by the constructor, so the
    result and the errors are the constructor's; a tagged scalar's ``ValueError``
    (``!!int nope``) is made a YAML error as well. The collector is paused meanwhile:
    the nodes are many short-lived objects without cycles, and its passes over them
    took as long as the parse. ``tests/gitops/test_objects.py`` compares the result
    with ``yaml.load_all`` over the whole rendered tree.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
        constructor = SafeConstructor()
        return [_document(node, constructor) for node in nodes]
    finally:
        if collecting:
            gc.enable()


def one_line(err: yaml.YAMLError) -> str:
    """A YAML error as one line, where and what (``line 3, column 7: found ...``):
    PyYAML's own text spans three or four lines, the problem not on the first."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        what = err.problem or err.context or "not YAML"
        return f"line {mark.line + 1}, column {mark.column + 1}: {what}" if mark else what
    return " ".join(str(err).split())


def _document(node: yaml.Node, constructor: SafeConstructor) -> Any:
    try:
        try:
            return _build(node, constructor, {})
        except (_Slow, RecursionError):
            return constructor.construct_document(node)
    except ValueError as err:
        # PyYAML lets a tagged scalar's own error out (``!!int nope``, ``!!float x``):
        # a YAML error like the rest, so the caller's one line names the file.
        raise yaml.constructor.ConstructorError(
            "while constructing a document", node.start_mark, str(err), None
        ) from None


class _Slow(Exception):
    """A node the fast path leaves to the constructor."""


def _build(node: yaml.Node, constructor: SafeConstructor, built: dict[int, Any]) -> Any:
    """``node`` as the safe constructor would build it. An alias is the same node
    object, so ``built`` hands back the same collection: as shared as the
    constructor's, and a document of nested aliases stays its own size."""
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        return node.value if tag == _STR else constructor.construct_object(node)
    done = built.get(id(node))
    if done is not None:
        return done
    if kind is yaml.MappingNode and tag == _MAP:
        out: Any = {}
        for key, value in node.value:
            if type(key) is not yaml.ScalarNode or key.tag != _STR:
                raise _Slow
            out[key.value] = _build(value, constructor, built)
    elif kind is yaml.SequenceNode and tag == _SEQ:
        out = [_build(item, constructor, built) for item in node.value]
    else:
        raise _Slow
    built[id(node)] = out
    return out


class NotObjects(ValueError):
    """A document that is not a Kubernetes object; the message is the reason, for the
    caller to put after its file name."""


class NotYaml(NotObjects):
    """Text that does not parse as YAML."""


def parse_objects(text: str) -> list[dict[str, Any]]:
    """Every non-empty document of ``text``, each with ``apiVersion`` and ``kind``.

    ``load_all``: PyYAML's pure-Python loader was three quarters of a 100-team render.
    """
    try:
        docs = [d for d in load_all(text) if d is not None]
    except yaml.YAMLError as err:
        raise NotYaml(f"not YAML: {one_line(err)}") from None
    for doc in docs:
        if not (isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind")):
            raise NotObjects("a document without apiVersion and kind")
    return docs


# --- what this process wrote ---------------------------------------------------------------
#
# A plan writes its manifests and then audits them, which reads every file back. The
# writers remember what each file's text parsed to (the hydrated tree: the objects it
# dumped; a rendered template: what ``parse_objects`` made of it), under the SHA-256 of
# the text; a reader whose bytes have that digest takes the objects instead of parsing
# again. What is on disk stays what is audited: a file changed after it was written
# has another digest and is parsed. ``forget`` drops every entry (a new plan).

_WRITTEN: dict[str, tuple[str, list[dict[str, Any]]]] = {}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remember(path: Path, text: str, docs: list[dict[str, Any]]) -> None:
    """``docs`` are what ``text``, just written to ``path``, parses to."""
    _WRITTEN[os.path.abspath(path)] = (_digest(text.encode("utf-8")), docs)


def recall(path: Path, data: bytes) -> list[dict[str, Any]] | None:
    """What ``data``, read from ``path``, parses to, if this process wrote exactly it."""
    found = _WRITTEN.get(os.path.abspath(path))
    return found[1] if found and found[0] == _digest(data) else None


def forget() -> None:
    _WRITTEN.clear()
