"""``load_all`` builds what ``yaml.load_all`` with libyaml's safe loader builds.

Every rendered and hydrated file is read both ways and compared, then the YAML that a
manifest seldom holds but a hand-edited one may: merge keys, keys that are not
strings, aliases (shared, nested, recursive), tagged scalars, sets and ordered maps,
empty and multiple documents, unknown tags and malformed text.
"""

from __future__ import annotations

import re

import pytest
import yaml

from sluicegate.gitops.objects import NotYaml, load_all, one_line, parse_objects


def reference(text: str) -> list:
    return list(yaml.load_all(text, Loader=yaml.CSafeLoader))


@pytest.mark.parametrize("tree", ["rendered", "hydrated_tree"])
def test_the_whole_tree_loads_as_pyyaml_loads_it(tree, request):
    root = request.getfixturevalue(tree)
    files = sorted(root.rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        text = path.read_text()
        assert load_all(text) == reference(text), path


ODD = {
    "merge key": "base: &b {a: 1, b: 2}\nchild:\n  <<: *b\n  b: 3\n",
    "merge of a list": "x: &x {a: 1}\ny: &y {b: 2}\nz:\n  <<: [*x, *y]\n  c: 3\n",
    "int, bool and null keys": "1: one\ntrue: yes\n~: nothing\n2.5: half\n",
    "aliases": "a: &a [1, 2, {k: v}]\nb: *a\nc: [*a, *a]\n",
    "scalar alias": "a: &s text\nb: *s\n",
    "numbers": "i: 0o17\nh: 0x1F\nf: 1e3\nn: .nan\ninf: -.inf\ns: '012'\nu: 1_000\n",
    "booleans and null": "a: yes\nb: off\nc: True\nd: ~\ne: null\nf:\n",
    "timestamps": "d: 2026-12-03\nt: 2026-12-03T10:28:00Z\nz: 2026-12-03 10:28:00.5 +01:00\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "explicit str": "a: !!str 123\nb: !!str\nc: !!int '7'\n",
    "set": "s: !!set {a, b}\n",
    "omap and pairs": "o: !!omap [{a: 1}, {b: 2}]\np: !!pairs [{a: 1}, {a: 2}]\n",
    "empty documents": "---\n---\na: 1\n---\n",
    "multiple documents": "a: 1\n---\n- x\n- y\n---\nplain\n",
    "empty text": "",
    "duplicate key": "a: 1\na: 2\n",
    "nested": "a:\n  b:\n    - c: [1, {d: [e, {f: g}]}]\n",
    "unicode": "name: Ngũ Văn An\nemoji: \"\\U0001F600\"\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\n",
}


@pytest.mark.parametrize("text", ODD.values(), ids=ODD.keys())
def test_odd_yaml_loads_as_pyyaml_loads_it(text):
    got, want = load_all(text), reference(text)
    # NaN is not equal to itself: compare its text instead.
    assert repr(got) == repr(want)


def test_an_alias_is_the_same_object_as_in_pyyaml():
    (doc,) = load_all("a: &a {k: [1]}\nb: *a\n")
    assert doc["a"] is doc["b"]


def test_nested_aliases_stay_the_size_of_the_text():
    """Ten levels of ten aliases each: built by copying, 10**10 lists."""
    lines = ["l0: &l0 [x]"]
    for i in range(1, 11):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]")
    (doc,) = load_all("\n".join(lines) + "\n")
    assert doc["l10"][0] is doc["l9"]
    assert doc["l10"][9][9] is doc["l8"]


def test_a_recursive_alias_loads_as_pyyaml_loads_it():
    (doc,) = load_all("a: &a [1, *a]\n")
    assert doc["a"][1] is doc["a"]
    (ref,) = reference("a: &a [1, *a]\n")
    assert ref["a"][1] is ref["a"]


@pytest.mark.parametrize(
    "text",
    [
        "a: !custom 1\n",
        "a: !custom {b: 1}\n",
        "a: !custom [1]\n",
        "!!map [1, 2]\n",
        "!!str [1, 2]\n",
        "!!seq {a: 1}\n",
        "? {a: 1}\n: b\n",
        "? [a, b]\n: pair\n",
    ],
)
def test_what_pyyaml_refuses_is_refused_the_same_way(text):
    with pytest.raises(yaml.YAMLError) as want:
        reference(text)
    with pytest.raises(type(want.value)) as got:
        load_all(text)
    assert str(got.value) == str(want.value)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "- a\nb: c\n", "a: *nowhere\n"])
def test_malformed_yaml_raises_a_yaml_error(text):
    with pytest.raises(yaml.YAMLError):
        load_all(text)
    with pytest.raises(NotYaml):
        parse_objects(text)


@pytest.mark.parametrize("text", ["a: !!int nope\n", "a: !!float x\n", "a: [!!int nope]\n"])
def test_a_tagged_scalar_that_is_not_its_type_is_a_yaml_error(text):
    """PyYAML lets the ``ValueError`` out; a YAML error names the place instead."""
    with pytest.raises(ValueError):
        reference(text)
    with pytest.raises(yaml.YAMLError, match="line 1"):
        load_all(text)
    with pytest.raises(NotYaml):
        parse_objects(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: [1, 2\n", "line 2, column 1: did not find expected ',' or ']'"),
        ("a: b: c\n", "line 1, column 5: mapping values are not allowed in this context"),
        ("a: *nowhere\n", "line 1, column 4: found undefined alias"),
        ("a: !custom 1\n", "line 1, column 4: could not determine a constructor for the tag '!custom'"),
        ("a: !!int nope\n", "line 1, column 1: invalid literal for int() with base 10: 'nope'"),
    ],
)
def test_a_yaml_error_is_one_line_with_its_place(text, shown):
    """PyYAML's text spans lines, the problem not on the first; ``one_line`` gives both."""
    with pytest.raises(yaml.YAMLError) as err:
        load_all(text)
    assert len(str(err.value).splitlines()) > 1
    assert one_line(err.value) == shown
    with pytest.raises(NotYaml, match=f"^not YAML: {re.escape(shown)}$"):
        parse_objects(text)


def test_an_unmarked_yaml_error_is_one_line():
    assert one_line(yaml.YAMLError("two\n  lines")) == "two lines"
