"""Generated platforms for benchmarks: the example with N teams."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

# A Python as installed keeps the bytecode it compiles (__pycache__) and reads it back in
# the next process. The machines these figures are taken on set PYTHONDONTWRITEBYTECODE=1,
# and uv installs without compiling, so there every process compiled every module it
# imported again: 0.85 s of a 100-team onboarding, most of the Pulumi program's first
# run. The benchmarks' processes, and those they start, keep their bytecode as a user's
# would; the first plan of each size (untimed) writes it.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def make_platform(root: Path, teams: int) -> Path:
    """Write the example platform with ``teams`` generated teams into ``root``; return root.

    Every team asks for the example's first GPU type, with a quota of 0, 1 or 2.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "platform.yaml", root / "platform.yaml")
    gpu_type = yaml.safe_load((REPO / "platform.yaml").read_text())["cluster"]["gpu_pools"][0]["gpu_type"]
    team_dir = root / "teams"
    shutil.rmtree(team_dir, ignore_errors=True)
    team_dir.mkdir()
    for i in range(teams):
        name = f"team-{i:04d}"
        (team_dir / f"{name}.yaml").write_text(
            yaml.safe_dump(
                {
                    "name": name,
                    "owners": [f"owner{i}@acme.example"],
                    "data_classification": "pii" if i % 2 else "internal",
                    "gpu_quota": i % 3,
                    "gpu_types": [gpu_type],
                }
            )
        )
    return root
