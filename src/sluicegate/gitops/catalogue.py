"""The Kubeflow release as data: which kubeflow/manifests paths become which Argo CD
Applications, read from ``kubeflow/<release>.yaml`` beside this module (see its
header for the source and the meaning of each field)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


@dataclass(frozen=True)
class KubeflowApp:
    """One Argo CD Application sourced from kubeflow/manifests."""

    group: str
    app: str
    wave: int
    path: str
    namespaces: tuple[str, ...]
    component: str | None = None
    server_side: bool = False
    crds: bool = False
    webhooks: bool = False
    ignore: tuple[dict[str, Any], ...] = ()
    why: str | None = None


@dataclass(frozen=True)
class KubeflowRelease:
    release: str
    repo_url: str
    apps: tuple[KubeflowApp, ...] = field(default_factory=tuple)

    def installed(self, enabled: tuple[str, ...]) -> tuple[KubeflowApp, ...]:
        """The always-installed apps plus those of the ``enabled`` components."""
        return tuple(a for a in self.apps if a.component is None or a.component in enabled)


def load_release(release: str) -> KubeflowRelease:
    data = yaml.load((HERE / "kubeflow" / f"{release}.yaml").read_text(), Loader=yaml.CSafeLoader)
    apps = tuple(
        KubeflowApp(
            **{
                **entry,
                "namespaces": tuple(entry["namespaces"]),
                "ignore": tuple(entry.get("ignore", ())),
            }
        )
        for entry in data["apps"]
    )
    return KubeflowRelease(release=data["release"], repo_url=data["repo_url"], apps=apps)
