"""Kubernetes objects from YAML text, as the rendered templates and kustomize write them."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import yaml


class NotObjects(ValueError):
    """A document that is not a Kubernetes object; the message is the reason, for the
    caller to put after its file name."""


class NotYaml(NotObjects):
    """Text that does not parse as YAML."""


def parse_objects(text: str) -> list[dict[str, Any]]:
    """Every non-empty document of ``text``, each with ``apiVersion`` and ``kind``.

    libyaml's loader (the same safe constructors): the pure-Python one was three
    quarters of a 100-team render.
    """
    try:
        docs = [d for d in yaml.load_all(text, Loader=yaml.CSafeLoader) if d is not None]
    except yaml.YAMLError as err:
        raise NotYaml(f"not YAML: {err}") from None
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
