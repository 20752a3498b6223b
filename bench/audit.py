"""Wall time of `sluicegate audit` against Checkov over the same artifacts.

For the example platform and for generated platforms of 100 and 1,000 teams (made as
`bench/plan.py` makes them), the layers are built offline into OUT (no audit), then,
in the same run, `sluicegate audit OUT` and Checkov (`terraform_json` over
OUT/foundation plus `kubernetes` over OUT/manifests, the two runs a platform team
would gate on) are timed as processes. With --kubeflow, each OUT also gets the
hydrated Kubeflow applications that build offline from SLUICEGATE_UPSTREAM
(`kubectl kustomize`, under OUT/manifests/hydrated/): shared objects, not per team.

Usage: python bench/audit.py [--kubeflow] [TEAMS ...]   (0 is the example platform)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _platforms import REPO, make_platform

# The layers without the audit, in a fresh interpreter.
_BUILD = """
import sys
from pathlib import Path
from sluicegate import plan, spec
platform = spec.load(Path(sys.argv[1]))
out = Path(sys.argv[2])
out.mkdir(parents=True)
plan.write_spec(platform, out)
for layer in plan.LAYERS:
    (out / layer.folder).mkdir()
    layer.writer()(platform, out / layer.folder)
"""

# Kubeflow applications whose kustomizations build offline (the rest fetch remote bases).
_KUBEFLOW = {
    "tools--katib": "applications/katib/upstream/installs/katib-with-kubeflow",
    "tools--jupyter-web-app": "applications/jupyter/jupyter-web-app/upstream/overlays/istio",
    "tools--notebook-controller": "applications/jupyter/notebook-controller/upstream/overlays/kubeflow",
    "core--centraldashboard": "applications/centraldashboard/overlays/oauth2-proxy",
    "core--profiles": "applications/profiles/upstream/overlays/kubeflow",
    "tools--volumes-web-app": "applications/volumes-web-app/upstream/overlays/istio",
    "tools--tensorboard-controller": "applications/tensorboard/tensorboard-controller/upstream/overlays/kubeflow",
    "tools--tensorboards-web-app": "applications/tensorboard/tensorboards-web-app/upstream/overlays/istio",
    "core--admission-webhook": "applications/admission-webhook/upstream/overlays/cert-manager",
    "tools--pvcviewer-controller": "applications/pvcviewer-controller/upstream/base",
    "deps--cert-manager": "common/cert-manager/base",
    "deps--istio": "common/istio/istio-install/base",
}


def _seconds(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def build(teams: int, work: Path, kubeflow: bool) -> tuple[Path, int]:
    root = REPO if teams == 0 else make_platform(work / f"p{teams}", teams)
    out = work / f"out{teams}"
    subprocess.run([sys.executable, "-c", _BUILD, str(root), str(out)], check=True, capture_output=True)
    hydrated = 0
    if kubeflow:
        upstream = Path(os.environ.get("SLUICEGATE_UPSTREAM", "/work/shared/upstream")) / "kubeflow-manifests-26.03"
        for app, path in _KUBEFLOW.items():
            run = subprocess.run(["kubectl", "kustomize", str(upstream / path)], capture_output=True, text=True)
            if run.returncode == 0:
                dest = out / "manifests/hydrated" / app
                dest.mkdir(parents=True)
                (dest / "manifests.yaml").write_text(run.stdout)
                hydrated += run.stdout.count("\napiVersion:") + run.stdout.startswith("apiVersion:")
    return out, hydrated


def measure(out: Path) -> dict:
    bin_dir = Path(sys.executable).parent
    audit = _seconds([str(bin_dir / "sluicegate"), "audit", str(out), "--format", "json"])
    checkov = str(bin_dir / "checkov")
    quiet = ["--skip-download", "-o", "json", "--quiet"]
    tf = _seconds([checkov, "-d", str(out / "foundation"), "--framework", "terraform_json", *quiet])
    k8s = _seconds([checkov, "-d", str(out / "manifests"), "--framework", "kubernetes", *quiet])
    return {"audit": audit, "checkov": tf + k8s}


def main(sizes: list[int], kubeflow: bool) -> None:
    print(f"{'teams':>6} {'kubeflow objs':>13} {'audit s':>8} {'checkov s':>9} {'audit/checkov':>13}")
    with tempfile.TemporaryDirectory() as work:
        for teams in sizes:
            out, hydrated = build(teams, Path(work), kubeflow)
            row = measure(out)
            label = "example" if teams == 0 else str(teams)
            print(
                f"{label:>6} {hydrated:>13} {row['audit']:>8.2f} {row['checkov']:>9.2f} "
                f"{row['audit'] / row['checkov']:>13.2f}",
                flush=True,
            )


if __name__ == "__main__":
    args = sys.argv[1:]
    with_kubeflow = "--kubeflow" in args
    main([int(a) for a in args if a != "--kubeflow"] or [0, 100, 1000], with_kubeflow)
