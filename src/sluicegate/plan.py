"""`sluicegate plan`: every layer built offline from one spec, then audited.

The plan is written into a fresh folder beside ``out`` and swapped into place only
when every layer has been written and audited (``sluicegate.staging``), so an
interrupted or failed plan never leaves a half-written ``out/`` and the previous one
survives any failure, a crash mid-swap included.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sluicegate.spec.model import Platform
from sluicegate.staging import staged


@dataclass
class Context:
    """What one plan's layers hand to each other: the upstream cache they read and the
    synced tree the later layers are built around."""

    upstream: Path
    tree: object | None = None  # sluicegate.gitops.tree.Tree, once the manifests are built
    # Waits for the graph cache another process fills meanwhile (platform.cache.prefilled).
    graph_ready: Callable[[], None] = lambda: None


# A layer writes its artifact into the folder it is given and returns how many
# resources (Terraform resources, Pulumi resources, Kubernetes objects) it wrote.
LayerWriter = Callable[[Platform, Path, Context], int]


@dataclass(frozen=True)
class Layer:
    name: str
    folder: str
    writer: Callable[[], LayerWriter]


def _manifests() -> LayerWriter:
    from sluicegate.gitops import tree

    def write(platform: Platform, dest: Path, ctx: Context) -> int:
        ctx.tree = tree.build(platform, dest, ctx.upstream)
        return ctx.tree.objects

    return write


def _foundation() -> LayerWriter:
    # Through the synthesis cache: CDK Terrain runs only when the foundation's inputs changed.
    from sluicegate.foundation.cache import write

    def write_opened(platform: Platform, dest: Path, ctx: Context) -> int:
        # The control plane must reach every webhook the synced tree serves.
        return write(platform, dest, webhook_ports=ctx.tree.webhook_ports)

    return write_opened


def _platform() -> LayerWriter:
    from sluicegate.gitops.artifact import APPS, content_tag
    from sluicegate.platform import write

    def write_pinned(platform: Platform, dest: Path, ctx: Context) -> int:
        # A real stack pins the digest `sluicegate publish` printed; the plan pins the
        # content tag of the apps/ the manifests layer wrote beside this folder.
        ctx.graph_ready()
        return write(platform, dest, gitops_revision=content_tag(dest.parent / "manifests", APPS))

    return write_pinned


def _pulumi_pack() -> LayerWriter:
    from sluicegate.policy import pack

    def write_checked(platform: Platform, dest: Path, ctx: Context) -> int:
        # The stack's policy pack: the same Rego, this spec's parameters; its rules.
        spec = platform.model_dump(mode="json", by_alias=True)
        pack.write(dest, spec)
        return pack.check(dest, spec)

    return write_checked


# The synced tree comes first: the foundation opens its webhook ports, and the
# platform's root Application pins its apps tag.
LAYERS = (
    Layer("manifests", "manifests", _manifests),
    Layer("foundation", "foundation", _foundation),
    Layer("platform", "platform", _platform),
    Layer("pulumi-pack", "pulumi-pack", _pulumi_pack),
)

# The layers the audit reads: all but the policy pack, which is built from the same
# Rego and checked on its own (``pack.check``).
AUDITED = LAYERS[:3]


@dataclass
class StepTiming:
    name: str
    seconds: float
    resources: int | None = None


@dataclass
class PlanResult:
    out: Path
    steps: list[StepTiming] = field(default_factory=list)
    audit: object | None = None
    # Whether the plan replaced an existing ``out`` (it does, blocking findings or not),
    # and what was put right of an earlier, interrupted swap.
    replaced: bool = False
    recovered: list[str] = field(default_factory=list)


def write_spec(platform: Platform, dest: Path) -> None:
    """The normalised spec, every default filled in: what the layers were built from."""
    (dest / "spec.json").write_text(
        json.dumps(platform.model_dump(mode="json", by_alias=True), indent=2, sort_keys=True) + "\n"
    )


def write_stages(platform: Platform, dest: Path) -> None:
    """``stages.json``: the bring-up in order, which tool applies which folder."""
    from sluicegate.stages import stages

    (dest / "stages.json").write_text(
        json.dumps([s.as_dict() for s in stages(platform)], indent=2) + "\n"
    )


def run(
    platform: Platform,
    out: Path,
    *,
    upstream: Path | None = None,
    step: Callable[[str], object] | None = None,
    fail_on: str = "high",
    waivers: Path | None = None,
    layers: tuple[Layer, ...] = LAYERS,
    reports: tuple[str, ...] | None = None,
) -> PlanResult:
    """Build every layer of ``platform`` into ``out`` and audit it. The upstream
    cache is ``upstream``, else found as the CLI finds it (``sluicegate.upstream.locate``).
    ``waivers`` (the platform repo's waivers.yaml) is copied into ``out`` and applied.

    ``layers`` and ``reports`` (the audit's formats, default all but OSCAL) are for a
    caller that keeps only part of the plan: onboarding keeps the rendered tree and the
    verdicts, so it builds the layers the audit reads (``AUDITED``) and writes only
    ``findings.json``.

    ``step(name)`` is a context-manager factory the CLI uses to show progress.
    """
    from sluicegate.platform.cache import prefilled
    from sluicegate.policy import audit
    from sluicegate.upstream import locate

    result = PlanResult(out=out.resolve())
    ctx = Context(upstream=locate(upstream))
    with staged(out) as swap, prefilled(platform) as prefill:
        ctx.graph_ready = prefill.ready
        stage = swap.path
        write_spec(platform, stage)
        write_stages(platform, stage)
        if waivers is not None:
            shutil.copyfile(waivers, stage / "waivers.yaml")
        for layer in layers:
            dest = stage / layer.folder
            dest.mkdir()
            started = time.perf_counter()
            with step(layer.name) if step else nullcontext():
                count = layer.writer()(platform, dest, ctx)
            result.steps.append(StepTiming(layer.name, time.perf_counter() - started, count))
        started = time.perf_counter()
        with step("audit") if step else nullcontext():
            result.audit = audit(stage, fail_on=fail_on, shown_as=result.out, formats=reports)
        result.steps.append(StepTiming("audit", time.perf_counter() - started))
    result.replaced, result.recovered = swap.replaced, swap.recovered
    return result

