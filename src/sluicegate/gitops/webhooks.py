"""The ports the cluster's control plane must reach on the nodes, derived from the
objects themselves (pure functions over plain object dicts, so the audit can
recheck the same derivation on the manifests it reads).

The API server calls in-cluster services for admission webhooks
(Mutating/ValidatingWebhookConfiguration), CRD conversion webhooks and
aggregated APIs (APIService). It dials the pod directly, so what has to be open
from the control-plane range is the Service port's ``targetPort``: a number, or
a name resolved through the container ports of the workloads the Service
selects (kubernetes.io/docs/concepts/services-networking/service: "targetPort
... can also be a string naming a port of the backend Pods").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sluicegate.errors import SluicegateError

WEBHOOK_KINDS = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
# The API server's default port for a service reference (admissionregistration/v1
# ServiceReference.port, apiextensions/v1 ServiceReference.port: "Defaults to 443").
DEFAULT_SERVICE_PORT = 443
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Pod")


class WebhookError(SluicegateError):
    """A webhook's service, port or named target port cannot be found in the tree."""


@dataclass(frozen=True)
class Caller:
    """One call the API server makes to a service in the tree."""

    component: str
    kind: str
    name: str
    hook: str
    """The webhook's name; for a CRD or APIService, the object's name again."""
    namespace: str
    service: str
    port: int

    def __str__(self) -> str:
        where = f"{self.namespace}/{self.service}:{self.port}"
        return f"{self.component}: {self.kind}/{self.name} {self.hook} -> {where}"


@dataclass(frozen=True)
class Target:
    """A resolved call: the pod port the control plane must reach."""

    caller: Caller
    target_port: int


def callers(component: str, objects: Iterable[Mapping[str, Any]]) -> Iterator[Caller]:
    """Every service call the API server makes for ``objects``."""
    for obj in objects:
        kind, name = obj.get("kind"), (obj.get("metadata") or {}).get("name", "")
        refs: list[tuple[str, Mapping[str, Any]]] = []
        if kind in WEBHOOK_KINDS:
            for hook in obj.get("webhooks") or ():
                refs.append((hook.get("name", ""), (hook.get("clientConfig") or {}).get("service")))
        elif kind == "CustomResourceDefinition":
            conversion = (obj.get("spec") or {}).get("conversion") or {}
            if conversion.get("strategy") == "Webhook":
                client = (conversion.get("webhook") or {}).get("clientConfig") or {}
                refs.append((name, client.get("service")))
        elif kind == "APIService":
            refs.append((name, (obj.get("spec") or {}).get("service")))
        for hook, service in refs:
            if service:  # a `url` client config calls outside the cluster: no node port
                yield Caller(
                    component,
                    kind,
                    name,
                    hook,
                    service.get("namespace", ""),
                    service["name"],
                    int(service.get("port", DEFAULT_SERVICE_PORT)),
                )


def _selects(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def _pod_template(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    if obj.get("kind") == "Pod":
        return obj
    return ((obj.get("spec") or {}).get("template")) or {}


def _named_ports(
    workloads: Iterable[Mapping[str, Any]], selector: Mapping[str, str], name: str
) -> set[int]:
    ports: set[int] = set()
    for obj in workloads:
        template = _pod_template(obj)
        if not _selects(selector, (template.get("metadata") or {}).get("labels") or {}):
            continue
        spec = template.get("spec") or {}
        for container in [*(spec.get("containers") or ()), *(spec.get("initContainers") or ())]:
            for port in container.get("ports") or ():
                if port.get("name") == name:
                    ports.add(int(port["containerPort"]))
    return ports


def targets(objects_by_component: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[Target]:
    """Every API-server call in the tree, resolved to the pod port it reaches.

    Services and workloads are looked up across all components (a webhook may be
    served by another Application's Service). Raises ``WebhookError`` naming the
    caller when its Service, the Service's port or a named target port is not in
    the tree: the port could not be opened, so the webhook would time out.
    """
    everything = {c: list(objs) for c, objs in objects_by_component.items()}
    flat = [o for objs in everything.values() for o in objs]
    services = {
        ((o.get("metadata") or {}).get("namespace", ""), o["metadata"]["name"]): o
        for o in flat
        if o.get("kind") == "Service"
    }
    workloads: dict[str, list[Mapping[str, Any]]] = {}
    for o in flat:
        if o.get("kind") in WORKLOAD_KINDS:
            workloads.setdefault((o.get("metadata") or {}).get("namespace", ""), []).append(o)
    found: list[Target] = []
    for component, objs in everything.items():
        for caller in callers(component, objs):
            service = services.get((caller.namespace, caller.service))
            if service is None:
                raise WebhookError(f"{caller}: no such Service in the tree")
            spec = service.get("spec") or {}
            port = next((p for p in spec.get("ports") or () if int(p["port"]) == caller.port), None)
            if port is None:
                raise WebhookError(f"{caller}: the Service has no port {caller.port}")
            target = port.get("targetPort", port["port"])
            if isinstance(target, int) or str(target).isdigit():
                found.append(Target(caller, int(target)))
                continue
            named = _named_ports(
                workloads.get(caller.namespace, ()), spec.get("selector") or {}, target
            )
            if not named:
                raise WebhookError(
                    f"{caller}: targetPort {target!r} names no container port of the "
                    "workloads the Service selects"
                )
            found.extend(Target(caller, p) for p in sorted(named))
    return found


def webhook_ports(
    objects_by_component: Mapping[str, Iterable[Mapping[str, Any]]],
) -> tuple[int, ...]:
    """The pod ports the control plane calls, sorted and distinct (see ``targets``)."""
    return tuple(sorted({t.target_port for t in targets(objects_by_component)}))
