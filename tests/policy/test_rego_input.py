"""``rego_input.make`` gives rego-cpp the same input as ``regopy.Input``.

Each document is set as the input both ways and read back by rego-cpp itself, as the
text it writes, so what is compared is what the rules would see. The audit document of the example plan is among them.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from importlib import metadata

import pytest
from regopy import Input, Interpreter, rego_shared

from sluicegate.policy import artifacts, rego_input
from tests.policy.test_audit import planned  # noqa: F401


class Colour(enum.IntEnum):
    RED = 7


class Tag(str):
    pass


DOCS = {
    "scalars": {"s": "text", "i": -3, "big": 2**62, "f": 2.5, "t": True, "f0": False, "n": None},
    "unicode": {"name": "Ngũ Văn An", "quote": 'say "hi"\n\ttab', "emoji": "\U0001f600"},
    "nested": {"a": [1, [2, [3, {"b": [{"c": None}]}]]], "empty": {}, "none": []},
    "tuple and set": {"t": (1, "x"), "s": {"a", "b"}, "fs": frozenset({1})},
    "subclasses": OrderedDict(k=Colour.RED, tag=Tag("t"), flag=True),
    "top-level list": [1, "two", {"three": 3}],
    "top-level string": "alone",
    "non-string keys": {1: "one", True: "yes"},
    "bytes, a sequence to regopy": {"b": b"ab"},
    "an int past 64 bits, cut as regopy cuts it": {"n": 2**70},
}


@pytest.fixture(scope="module")
def example_doc(planned):  # noqa: F811
    return artifacts.load(planned).doc


def read_back(made: Input) -> str:
    """rego-cpp's own text of the input. Its output is read raw, not through
    ``regopy.Output``: rego-cpp 1.5 does not escape every string it writes as JSON."""
    rego = Interpreter()
    rego.set_input(made)
    return raw(rego, "x := input")


def raw(rego: Interpreter, query: str) -> str:
    output = rego_shared.rego_query(rego._impl, query)
    try:
        assert rego_shared.rego_output_ok(output), rego_shared.rego_output_string(output)
        return rego_shared.rego_output_string(output)
    finally:
        rego_shared.rego_free_output(output)


@pytest.mark.parametrize("doc", DOCS.values(), ids=DOCS.keys())
def test_the_input_reads_back_as_regopys(doc):
    assert read_back(rego_input.make(doc)) == read_back(Input(doc))


def test_the_example_audit_document_reads_back_as_regopys(example_doc):
    mine, theirs = read_back(rego_input.make(example_doc)), read_back(Input(example_doc))
    assert len(mine) > 10_000
    assert mine == theirs


@pytest.mark.parametrize("bad", [object(), {"k": object()}, [1, 2j]])
def test_what_regopy_cannot_convert_is_refused_as_regopy_refuses_it(bad):
    with pytest.raises(ValueError):
        Input(bad)
    with pytest.raises(ValueError):
        rego_input.make(bad)


def test_the_installed_regopy_is_one_the_builder_knows():
    """Fails when regopy moves past the releases ``rego_input`` was checked against:
    read its C API and ``Input`` again, then widen ``KNOWN`` and the pin together."""
    assert rego_input._known(metadata.version("regopy"))
    assert rego_input.make is not Input


def test_an_unknown_regopy_falls_back_to_regopys_own_input():
    assert not rego_input._known("2.0.0")
    assert not rego_input._known("1.4.9")

