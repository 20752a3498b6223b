"""The GKE cluster and its node pools, read through google-cloud-container.

``reader(...)`` makes a ClusterManagerClient on the REST transport; ``read_cluster``
returns the cluster (with its node pools) as the API's own JSON (camelCase names,
enums by name, unset fields absent), which ``normalise`` maps onto the plan's Pulumi
inputs. ``wait_running`` polls until the cluster and every pool are RUNNING.

REST paths (google-cloud-container 2.67, container_v1 ``rest_base.py``):
``GET /v1/{name=projects/*/locations/*/clusters/*}`` for GetCluster; the Cluster
message carries ``nodePools[]`` with each pool's ``config`` and ``status``.
Statuses: Cluster.Status and NodePool.Status enums (PROVISIONING, RUNNING,
RECONCILING, STOPPING, ERROR, DEGRADED), container_v1 ``types/cluster_service.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from sluicegate.live import LiveError

# The global endpoint. Regional endpoints (SERVICE.REGION.rep.googleapis.com,
# cloud.google.com/sovereign-controls-by-partners/docs/regional-endpoints) are offered
# in a few regions only; pass one with --gke-endpoint where the region has it.
DEFAULT_ENDPOINT = "https://container.googleapis.com"
RUNNING = "RUNNING"
# States that will not become RUNNING by waiting.
BROKEN = {"ERROR", "DEGRADED", "STOPPING"}


@dataclass(frozen=True)
class ClusterId:
    """Which cluster: the project, the location (the spec's region) and the name."""

    project: str
    location: str
    name: str

    @property
    def path(self) -> str:
        return f"projects/{self.project}/locations/{self.location}/clusters/{self.name}"


def client(endpoint: str | None = None, credentials=None):
    """A ClusterManagerClient on the REST transport at ``endpoint`` (default: the
    global endpoint), with ``credentials`` (default: Application Default Credentials)."""
    import google.auth.exceptions
    from google.cloud import container_v1

    try:
        return container_v1.ClusterManagerClient(
            credentials=credentials,
            transport="rest",
            client_options={"api_endpoint": endpoint or DEFAULT_ENDPOINT},
        )
    except google.auth.exceptions.DefaultCredentialsError as err:
        raise LiveError(f"Application Default Credentials: {str(err).split('. ')[0]}") from None


def read_cluster(gke, cluster: ClusterId, *, timeout: float = 30.0) -> dict:
    """The cluster as the API's JSON; LiveError naming the cluster on 403, 404 or an
    endpoint that cannot be reached."""
    from google.api_core import exceptions
    from google.cloud import container_v1
    from requests import RequestException

    what = f"GKE cluster {cluster.path}"
    try:
        # No retry: an unreachable endpoint is one line now, not after minutes of backoff.
        found = gke.get_cluster(name=cluster.path, retry=None, timeout=timeout)
    except exceptions.Forbidden as err:
        raise LiveError(f"{what}: 403 forbidden ({err.message}); does the caller have roles/container.viewer?") from None
    except exceptions.NotFound as err:
        raise LiveError(f"{what}: 404 not found ({err.message}); has stage 1 (platform) run?") from None
    except exceptions.GoogleAPICallError as err:
        raise LiveError(f"{what}: {err.code} {err.message}") from None
    except (RequestException, exceptions.RetryError, OSError) as err:
        raise LiveError(f"{what}: the GKE API cannot be reached ({_first_line(err)})") from None
    return json.loads(
        container_v1.Cluster.to_json(
            found, use_integers_for_enums=False, always_print_fields_with_no_presence=False
        )
    )


def _first_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text.splitlines()[0][:200]


def not_running(cluster: dict) -> list[str]:
    """What is not RUNNING yet: ``cluster NAME: STATUS`` and ``pool NAME: STATUS``."""
    found = []
    if cluster.get("status") != RUNNING:
        found.append(f"cluster {cluster.get('name')}: {cluster.get('status', 'STATUS_UNSPECIFIED')}")
    for pool in cluster.get("nodePools", []):
        if pool.get("status") != RUNNING:
            found.append(f"pool {pool.get('name')}: {pool.get('status', 'STATUS_UNSPECIFIED')}")
    return found


def wait_running(
    read: Callable[[], dict],
    *,
    timeout: float,
    poll: float,
    progress: Callable[[str], None] = lambda _: None,
    pools: list[str] | None = None,
) -> dict:
    """Poll ``read`` until the cluster and every pool (and each of ``pools``, the ones the
    plan creates) are RUNNING; LiveError naming what was not, past ``timeout`` seconds
    or as soon as something is in a state waiting cannot mend."""
    start = time.monotonic()
    while True:
        cluster = read()
        waiting = not_running(cluster)
        have = {p.get("name") for p in cluster.get("nodePools", [])}
        waiting += [f"pool {p}: not created yet" for p in pools or [] if p not in have]
        elapsed = time.monotonic() - start
        if not waiting:
            progress(f"cluster {cluster.get('name')} and {len(have)} node pools RUNNING")
            return cluster
        broken = [w for w in waiting if w.rsplit(": ", 1)[-1] in BROKEN]
        if broken:
            raise LiveError(f"not healthy: {', '.join(broken)}")
        if elapsed >= timeout:
            raise LiveError(f"not RUNNING after {timeout:g} s: {', '.join(waiting)}")
        progress(f"waiting {elapsed:.0f}/{timeout:g} s: {', '.join(waiting)}")
        time.sleep(poll)
