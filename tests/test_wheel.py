"""The wheel is the kit: built from this checkout, installed alone into a fresh
environment, it plans, renders, onboards with a scaffold and audits from a folder
outside the source tree.

The environment sees the dependencies through a ``.pth`` line naming this
interpreter's site-packages (whose own ``.pth`` files, among them an editable install
of this checkout, are not processed), so ``sluicegate`` can only come from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from sluicegate import kit
from tests.conftest import REPO


def _uv() -> str | None:
    found = os.environ.get("UV") or shutil.which("uv")
    local = REPO / ".tools" / "bin" / "uv"  # what `make` installs
    return found or (str(local) if local.is_file() else None)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    uv = _uv()
    if uv is None:
        pytest.skip("no uv to build the wheel with (set UV, or run `make test`)")
    tmp = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(tmp / "dist"), str(REPO)],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("sluicegate-*.whl")

    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "_sluicegate_deps.pth").write_text("".join(f"{d}\n" for d in sorted(deps)))
    install = subprocess.run(
        [uv, "pip", "install", "--offline", "--no-deps", "--python", str(python), str(wheel)],
        capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr

    work = tmp / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["SLUICEGATE_CACHE"] = str(tmp / "cache")  # a cold cache: nothing from the checkout
    return {"wheel": wheel, "python": python, "exe": venv / "bin" / "sluicegate", "work": work, "env": env}


def _run(installed: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(installed["exe"]), *args],
        cwd=installed["work"], env=installed["env"], capture_output=True, text=True,
    )


def test_the_wheel_carries_every_kit_file(installed: dict) -> None:
    with zipfile.ZipFile(installed["wheel"]) as whl:
        names = set(whl.namelist())
    for folder in kit.FOLDERS:
        files = [p for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert files, folder
        missing = [
            str(p.relative_to(REPO)) for p in files
            if f"sluicegate/_data/{p.relative_to(REPO).as_posix()}" not in names
        ]
        assert not missing, missing
    # No kit folder is carried that sluicegate.kit does not know of.
    carried = {n.split("/")[2] for n in names if n.startswith("sluicegate/_data/")}
    assert carried == {f.split("/")[0] for f in kit.FOLDERS}


def test_the_installed_kit_is_the_wheel_and_not_this_checkout(installed: dict) -> None:
    probe = subprocess.run(
        [str(installed["python"]), "-c",
         "import os, sys, sluicegate, sluicegate.kit as k; print(sluicegate.__file__); print(k.ROOT);"
         # The checkout and its src/ must not be importable. (The dependencies' venv may
         # live inside the checkout, as `make` puts it: that is not the checkout's code.)
         "print(any(os.path.abspath(p or '.') in (sys.argv[1], os.path.join(sys.argv[1], 'src'))"
         " for p in sys.path))", str(REPO)],
        cwd=installed["work"], env=installed["env"], capture_output=True, text=True,
    )
    assert probe.returncode == 0, probe.stderr
    module, root, checkout_on_path = probe.stdout.splitlines()
    venv = str(installed["python"].parent.parent)
    assert module.startswith(venv) and root.startswith(venv) and root.endswith("_data"), probe.stdout
    assert checkout_on_path == "False"


def test_plan_render_onboard_and_audit_run_from_the_wheel(installed: dict) -> None:
    work: Path = installed["work"]
    spec = work / "platform"
    spec.mkdir()
    shutil.copy(REPO / "platform.yaml", spec / "platform.yaml")
    shutil.copytree(REPO / "teams", spec / "teams")

    plan = _run(installed, "plan", "--spec", "platform", "--out", "out")
    assert plan.returncode == 0, plan.stdout + plan.stderr
    assert (work / "out" / "audit" / "findings.json").is_file()
    assert (work / "out" / "manifests" / "apps").is_dir()
    assert (work / "out" / "pulumi-pack" / "params.rego").is_file()

    render = _run(installed, "render", "--spec", "platform", "--out", "rendered")
    assert render.returncode == 0, render.stdout + render.stderr
    assert list((work / "rendered" / "apps").rglob("*.yaml"))

    onboard = _run(installed, "onboard", "--spec", "platform", "--team", "vision",
                   "--owner", "li.wei@acme.example", "--scaffold", "vision-ml")
    assert onboard.returncode == 0, onboard.stdout + onboard.stderr
    assert (spec / "teams" / "vision.yaml").is_file()
    for name in (".dvc/config", "pyproject.toml", "README.md", ".github/workflows/ci.yaml"):
        assert (work / "vision-ml" / name).is_file(), name

    audit = _run(installed, "audit", "out")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "0 failed" in audit.stdout
