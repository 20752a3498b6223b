"""Run a Pulumi program in-process under mocks and record every registration.

Each run gets its own thread, context, event loop, settings, config and root
stack, so a process can plan one spec after another (tests, benchmarks,
`sluicegate plan`) without one run seeing another's resources, and without
disturbing the caller's event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.stack import run_pulumi_func

from sluicegate.platform.mocks import PlatformMocks

STACK_TYPE = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Registration:
    """One resource as the program registered it: inputs exactly as the mocks received them."""

    urn: str
    type: str
    name: str
    parent: str | None
    provider: str | None
    """The explicit provider reference (``urn::id``) the resource was registered with."""
    inputs: dict[str, Any]
    dependencies: tuple[str, ...] = ()
    """URNs the resource waits for, sorted: its explicit ``depends_on`` and every
    resource whose output feeds one of its inputs, as the engine would order them."""
    options: dict[str, Any] = field(default_factory=dict)
    """The resource options that decide how a change is applied, where set:
    ``deleteBeforeReplace``, ``replaceOnChanges``, ``ignoreChanges``, ``protect``,
    ``retainOnDelete``."""


def _options(request) -> dict[str, Any]:
    """The replacement and protection options of a request, only those that are set."""
    options: dict[str, Any] = {
        "deleteBeforeReplace": request.deleteBeforeReplace,
        "replaceOnChanges": sorted(request.replaceOnChanges),
        "ignoreChanges": sorted(request.ignoreChanges),
        "protect": request.protect,
        "retainOnDelete": request.retainOnDelete,
    }
    return {k: v for k, v in options.items() if v}


def _dependencies(request) -> tuple[str, ...]:
    """The union of a request's explicit and per-property dependencies and its explicit
    provider (which the engine creates first, and which carries the cluster's
    endpoint for Kubernetes resources), sorted."""
    urns = set(request.dependencies)
    for deps in request.propertyDependencies.values():
        urns.update(deps.urns)
    if request.provider:
        # A provider reference is `URN::ID`.
        urns.add(request.provider.rsplit("::", 1)[0])
    return tuple(sorted(urns))


class _RecordingMonitor(MockMonitor):
    """The mock monitor, also keeping each registration's parent, inputs and dependencies."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()
        self.registrations: list[Registration] = []
        super().__init__(PlatformMocks(self._take_inputs))

    def _take_inputs(self, inputs: dict) -> None:
        self._local.inputs = inputs

    def RegisterResource(self, request):  # noqa: N802 - the gRPC method name
        self._local.inputs = None
        response = super().RegisterResource(request)
        if request.type != STACK_TYPE:
            parent = request.parent or None
            if parent and parent.split("::")[-2].endswith(STACK_TYPE):
                # Top-level resources hang off the synthetic stack, which is not a resource.
                parent = None
            with self._lock:
                self.registrations.append(
                    Registration(
                        urn=response.urn,
                        type=request.type,
                        name=request.name,
                        parent=parent,
                        provider=request.provider or None,
                        inputs=self._local.inputs or {},
                        dependencies=_dependencies(request),
                        options=_options(request),
                    )
                )
        return response


def run(
    program: Callable[[], object],
    *,
    project: str,
    stack: str,
    config: Mapping[str, str] | None = None,
) -> list[Registration]:
    """Run ``program`` as `pulumi up` would (inside a root stack), under mocks.

    ``config`` is the stack configuration (``{"sluicegate:spec": "..."}``).
    Returns every registered resource; an exception in the program propagates.
    """
    monitor = _RecordingMonitor()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            contextvars.Context().run(_run, program, monitor, project, stack, dict(config or {}))
        except BaseException as err:  # noqa: BLE001 - handed to the calling thread as is
            failures.append(err)

    # Its own thread: the run's event loop and Pulumi's context-bound settings never
    # touch the caller's (a test's or the CLI's) event loop or context.
    worker = threading.Thread(target=work, name="sluicegate-platform-plan", daemon=True)
    # A run allocates hundreds of thousands of futures, handles and closures that all
    # live until it ends; the cyclic collector rescans them over and over for nothing
    # (1,000 teams: about 30 s of CPU with it, 11 s without, for 5% more memory).
    collecting = gc.isenabled()
    gc.disable()
    try:
        worker.start()
        worker.join()
    finally:
        if collecting:
            gc.enable()
    if failures:
        raise failures[0]
    return monitor.registrations


def _run(
    program: Callable[[], object],
    monitor: _RecordingMonitor,
    project: str,
    stack: str,
    config: dict[str, str],
) -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pulumi.runtime.reset_options(project=project, stack=stack, preview=False)
        pulumi.runtime.set_all_config(config)
        pulumi.runtime.set_mocks(
            monitor.mocks, project=project, stack=stack, preview=False, monitor=monitor
        )
        # Every Output's future waits in SETTINGS.outputs until it resolves. Up to
        # pulumi 3.237 that was a deque, whose removal scans, so 1,000 teams (about
        # 40,000 outputs) took minutes; from 3.238 (pulumi/pulumi#22946, the floor in
        # pyproject.toml) it is a set, and the run keeps the SDK's own container.
        loop.run_until_complete(run_pulumi_func(program))
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()
