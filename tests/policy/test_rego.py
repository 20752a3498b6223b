"""Every Rego test under policies/ (Gatekeeper's excepted: the manifests layer owns
them), run through regopy as the audit runs the rules; and every control has a test
that makes it fail and one that lets it pass."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
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


def _compile(cases: list[tuple[Path, str, str]]) -> engine.Compiled:
    files = dict.fromkeys([*lib_files(), *rule_files(), *_FIXTURES, *(p for p, _, _ in cases)])
    return engine.Compiled(list(files), [f"data.{package}.{name}" for _, package, name in cases])


def _evaluate_each_file(cases: list[tuple[Path, str, str]]) -> dict[str, tuple[bool, object]]:
    """Every test's (ok, value or error text), one test file at a time.

    Each file's tests are one evaluation; where that errors, its tests run one by one so
    the error is pinned on the test that has it.
    """
    by_file: dict[Path, list[tuple[Path, str, str]]] = {}
    for case in cases:
        by_file.setdefault(case[0], []).append(case)
    results: dict[str, tuple[bool, object]] = {}
    for file_cases in by_file.values():
        try:
            results.update((ref, (True, v)) for ref, v in _compile(file_cases).values().items())
            continue
        except engine.RegoEvalError:
            pass
        for case in file_cases:
            ref = f"data.{case[1]}.{case[2]}"
            try:
                results[ref] = (True, _compile([case]).value(ref))
            except engine.RegoEvalError as err:
                results[ref] = (False, str(err))
        gc.collect()
    return results


@pytest.fixture(scope="module")
def together() -> dict[str, tuple[bool, object]]:
    """Every test's outcome, computed in one child process, one test file at a time.

    rego-cpp 1.5 compiles the rules anew under each `with`, so a test's compilation can
    take gigabytes (7.4 GB for DEP-06's five tests), and it grows with every test compiled
    together: all of policies/deploy in one query passed 24 GB. One file at a time, the
    allocator reuses the memory, so the peak is the largest file's; and the child gives it
    all back when it exits, before the rest of the suite runs.
    """
    spawn = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(_evaluate_each_file, CASES).result()


@pytest.mark.parametrize(
    ("path", "package", "name"),
    CASES,
    ids=[f"{p.relative_to(POLICIES)}::{n}" for p, _, n in CASES],
)
def test_rego(together, path: Path, package: str, name: str) -> None:
    where = path.relative_to(POLICIES)
    ref = f"data.{package}.{name}"
    ok, value = together[ref]
    if not ok:
        pytest.fail(f"{where}: {name}: {value}")
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
