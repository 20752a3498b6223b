"""Facts the deployability controls need that are cheap in Python and costly in Rego,
derived from the audited manifests alone (never from the code that generated them).

``derive(manifests)`` takes the ``{"file", "object"}`` entries the audit read and
returns the ``derived`` part of the evaluation document:

- ``webhook_targets``: every call the API server makes to a Service in the tree
  (admission webhooks, CRD conversion webhooks, APIServices), resolved to the pod
  port it reaches, or marked unresolved with the reason (the webhook would time out,
  so that is a finding, not a pass).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sluicegate.gitops import webhooks


def webhook_targets(manifests: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each webhook call of the tree with the pod port it reaches, one entry per port;
    an unresolved call gets ``port: None`` and the ``error``."""
    entries = list(manifests)
    index = webhooks.Index(e["object"] for e in entries)
    found: list[dict[str, Any]] = []
    for entry in entries:
        for caller in webhooks.callers(entry["file"], [entry["object"]]):
            where = {
                "file": entry["file"],
                "kind": caller.kind,
                "name": caller.name,
                "hook": caller.hook,
                "service": f"{caller.namespace}/{caller.service}:{caller.port}",
            }
            try:
                ports = index.resolve(caller)
            except webhooks.WebhookError as err:
                found.append({**where, "port": None, "error": str(err).split(": ", 1)[-1]})
                continue
            found.extend({**where, "port": port} for port in ports)
    return found


def derive(manifests: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``derived`` part of the evaluation document (see the module doc)."""
    return {"webhook_targets": webhook_targets(manifests)}
