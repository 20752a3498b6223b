"""A document made rego-cpp's input through regopy's C API, about twice as fast as
``regopy.Input``.

``regopy.Input`` walks the document in Python and makes each value with a wrapper that
copies the text into a fresh buffer, checks the code and raises: 0.68 s of the 3.7 s a
100-team audit's main process spends evaluating (0.33 s with ``make``). ``make`` sends
the same calls in the same order (a value, then its container's item and count) straight
to the library, with the text as bytes. The calls and the layout of ``regopy.Input`` are
regopy's own and checked against the installed version
(``KNOWN``); on any other version ``make`` is ``regopy.Input`` itself.
``tests/policy/test_rego_input.py`` reads both inputs back through rego-cpp and
compares them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from importlib import metadata
from typing import Any

from regopy import Input, RegoError
from regopy import rego_shared

# The regopy releases whose C API and ``Input`` this module was written against
# (pyproject pins regopy below the next minor release).
KNOWN = ("1.5.",)


def _known(version: str) -> bool:
    return version.startswith(KNOWN) and all(
        hasattr(rego_shared, name) for name in ("rego", "rego_new_input", "rego_free_input")
    )


def _builder() -> Callable[[Any], Input]:
    lib = rego_shared.rego
    string, integer, real = lib.regoInputString, lib.regoInputInt, lib.regoInputFloat
    boolean, null = lib.regoInputBoolean, lib.regoInputNull
    item, mapping, array, members = (
        lib.regoInputObjectItem, lib.regoInputObject, lib.regoInputArray, lib.regoInputSet,
    )
    new, free = rego_shared.rego_new_input, rego_shared.rego_free_input

    def add(handle, value) -> int:
        """Non-zero if rego-cpp refused a value. The plain types by their type first
        (nearly every value), then as ``regopy.Input`` takes them (subclasses too)."""
        kind = type(value)
        if kind is str:
            return string(handle, value.encode())
        if kind is dict:
            return pairs(handle, value)
        if kind is list or kind is tuple:
            return several(handle, value, array)
        if value is None:
            return null(handle)
        if isinstance(value, bool):
            return boolean(handle, value)
        if isinstance(value, int):
            return integer(handle, value)
        if isinstance(value, float):
            return real(handle, value)
        if isinstance(value, str):
            return string(handle, value.encode())
        if isinstance(value, AbstractSet):
            return several(handle, value, members)
        if isinstance(value, Mapping):
            return pairs(handle, value)
        if isinstance(value, Sequence):
            return several(handle, value, array)
        raise ValueError(f"cannot convert object of type {kind} to rego input")

    def pairs(handle, value: Mapping) -> int:
        for key, each in value.items():
            if add(handle, key) or add(handle, each) or item(handle):
                return 1
        return mapping(handle, len(value))

    def several(handle, value, container) -> int:
        for each in value:
            if add(handle, each):
                return 1
        return container(handle, len(value))

    def make(value: Any) -> Input:
        handle = new()
        try:
            failed = add(handle, value)
        except BaseException:
            free(handle)
            raise
        if failed:
            free(handle)
            raise RegoError("Unable to create input")
        made = Input.__new__(Input)
        made._impl = handle  # what Input.__init__ sets, and Input.__del__ frees
        return made

    return make


make: Callable[[Any], Input] = _builder() if _known(metadata.version("regopy")) else Input
