"""Every Rego test under policies/ (Gatekeeper's excepted: the manifests layer owns
them), run through regopy as the audit runs the rules; and every control has a test
that makes it fail and one that lets it pass."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

from sluicegate.policy import engine
from sluicegate.policy.catalogue import POLICIES, RULE_FOLDERS, controls, lib_files, rule_files

_TEST = re.compile(r"^(test_\w+)\s+if\b", re.MULTILINE)
_PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)


def _test_files() -> list[Path]:
    return sorted(
        p
        for sub in ("lib", *RULE_FOLDERS)
        for p in (POLICIES / sub).rglob("*_test.rego")
    )


def _cases() -> list[tuple[Path, str, str]]:
    cases = []
    for path in _test_files():
        source = path.read_text()
        package = _PACKAGE.search(source).group(1)
        cases += [(path, package, name) for name in _TEST.findall(source)]
    return cases


CASES = _cases()
# Test helpers every folder's tests may import.
_FIXTURES = sorted((POLICIES / "lib").glob("*_test.rego"))


def _group(path: Path) -> str:
    """The folder a test is in under policies/ (lib, gcp/gke, gcp/network, k8s, deploy...)."""
    return str(path.parent.relative_to(POLICIES))


def _groups() -> dict[str, list[tuple[Path, str, str]]]:
    groups: dict[str, list[tuple[Path, str, str]]] = {}
    for case in CASES:
        groups.setdefault(_group(case[0]), []).append(case)
    return groups


def _compile(cases: list[tuple[Path, str, str]]) -> engine.Compiled:
    files = dict.fromkeys([*lib_files(), *rule_files(), *_FIXTURES, *(p for p, _, _ in cases)])
    return engine.Compiled(list(files), [f"data.{package}.{name}" for _, package, name in cases])


@pytest.fixture(scope="module")
def together() -> dict[str, dict | None]:
    """Each folder's tests in one evaluation, one folder after the other; None for a
    folder where one errors, whose tests then run alone.

    Per folder and never all at once: rego-cpp 1.5 compiles the rules anew under each
    `with`, so one query over every test grows with the whole suite (past 16 GB once
    the deploy controls joined), and an interpreter keeps its memory while it lives.
    """
    values: dict[str, dict | None] = {}
    for group, cases in _groups().items():
        try:
            values[group] = _compile(cases).values()
        except engine.RegoEvalError:
            values[group] = None
        gc.collect()
    return values


@pytest.mark.parametrize(
    ("path", "package", "name"),
    CASES,
    ids=[f"{p.relative_to(POLICIES)}::{n}" for p, _, n in CASES],
)
def test_rego(together, path: Path, package: str, name: str) -> None:
    where = path.relative_to(POLICIES)
    ref = f"data.{package}.{name}"
    group = _group(path)
    try:
        value = together[group][ref] if together[group] else _compile([(path, package, name)]).value(ref)
    except engine.RegoEvalError as err:
        pytest.fail(f"{where}: {name}: {err}")
    assert value is True, f"{where}: {name} is {value!r}, not true"


@pytest.mark.parametrize("control", [c for c in controls() if c.engine == "rules"], ids=lambda c: c.id)
def test_every_control_has_a_failing_and_a_passing_case(control) -> None:
    rule = Path(POLICIES.parent / control.file)
    tests = rule.with_name(rule.stem + "_test.rego")
    assert tests.is_file(), f"{control.file}: no {tests.name} beside it"
    source = tests.read_text()
    bodies = dict(
        (m.group(1), m.group(2))
        for m in re.finditer(r"^(test_\w+) if \{\n(.*?)^\}", source, re.MULTILINE | re.DOTALL)
    )
    failing = [n for n, body in bodies.items() if n.startswith("test_fail") and control.rule_name in body]
    passing = [n for n, body in bodies.items() if n.startswith("test_pass") and control.rule_name in body]
    assert failing, f"{tests.name}: no test_fail_* case that reads {control.rule_name}"
    assert passing, f"{tests.name}: no test_pass_* case that reads {control.rule_name}"


def test_failing_cases_assert_findings() -> None:
    """A test_fail_* case that compared to zero findings would pass without a failure."""
    for path in _test_files():
        for m in re.finditer(r"^(test_fail\w*) if \{\n(.*?)^\}", path.read_text(), re.MULTILINE | re.DOTALL):
            assert "== 0" not in m.group(2), f"{path.name}: {m.group(1)} expects no findings"


def test_no_function_name_has_two_arities() -> None:
    """rego-cpp 1.5 segfaults compiling two functions of one name and different arity,
    even in different packages (found with `policy/2` and `policy/3` in two tests)."""
    arities: dict[str, set[tuple[int, str]]] = {}
    for path in [*lib_files(), *rule_files(), *_test_files()]:
        for name, args in re.findall(r"^([a-z_][a-z0-9_]*)\(([^)]*)\) :?=", path.read_text(), re.MULTILINE):
            arities.setdefault(name, set()).add((len(args.split(",")), path.name))
    clashes = {n: sorted(a) for n, a in arities.items() if len({k for k, _ in a}) > 1}
    assert not clashes, f"functions defined with different arities: {clashes}"
