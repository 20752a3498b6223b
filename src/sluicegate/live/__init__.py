"""The running platform: bring it up in stages (``up``), read it back (``gke``, ``kube``),
audit it with the plan's controls and compare it with the plan (``verify``, ``drift``),
and tell a team when its namespace is ready (``status``).

Every read goes through the real clients: ``google-cloud-container``'s
ClusterManagerClient (REST transport) for the cluster and its node pools, and the
Kubernetes Python client for the objects Argo CD synced. docs/live.md says which parts
the tests run against real services and which against stand-ins.
"""

from __future__ import annotations

from sluicegate.errors import SluicegateError


class LiveError(SluicegateError):
    """A service that cannot be reached, refuses, lacks what was asked for, or is not
    ready in time: one line naming what failed. Exit 3, as for a registry that cannot
    be reached (`sluicegate publish`)."""

    exit_code = 3


class KubeconfigMismatch(SluicegateError):
    """A kubeconfig whose server or CA is not the cluster's: invalid input, exit 2."""
