"""`sluicegate status --team NAME`: is the team's namespace ready?

One ``Check`` per question, each ``pass``, ``fail`` or ``wait`` (not there yet, and
Argo CD has not finished: come back later) with what to do next. The plan in OUT says
what the answers must be: the namespace's labels, the quota, the team's Google
service account, the team's Application.
"""

from __future__ import annotations

from dataclasses import dataclass

from sluicegate.errors import SluicegateError
from sluicegate.live.kube import application_state
from sluicegate.names import TEAM_KSAS

PASS, FAIL, WAIT = "pass", "fail", "wait"
GPU = "requests.nvidia.com/gpu"
WI_ANNOTATION = "iam.gke.io/gcp-service-account"


@dataclass(frozen=True)
class Check:
    name: str
    state: str
    detail: str
    next: str = ""

    def line(self) -> str:
        return f"{self.state:<4}  {self.name}: {self.detail}" + (f"; next: {self.next}" if self.next else "")


def _planned(doc: dict, kind: str, namespace: str, name: str | None = None) -> dict | None:
    for m in doc["manifests"]:
        obj, meta = m["object"], m["object"].get("metadata") or {}
        if obj.get("kind") != kind:
            continue
        if kind == "Namespace" and meta.get("name") == namespace:
            return obj
        if meta.get("namespace") == namespace and (name is None or meta.get("name") == name):
            return obj
    return None


def checks(doc: dict, team: str, objects: list[dict]) -> list[Check]:
    """The checks for ``team`` over the live ``objects``, against the plan ``doc``."""
    params = next((t for t in doc["params"]["teams"] if t["name"] == team), None)
    if params is None:
        known = ", ".join(t["name"] for t in doc["params"]["teams"]) or "none"
        raise SluicegateError(f"--team: {team!r} is not a team of this plan (teams: {known})")
    ns = params["namespace"]
    live = {(o["kind"], (o.get("metadata") or {}).get("namespace", ""), o["metadata"]["name"]): o for o in objects}
    app_name = f"teams--{team}"
    app = next((o for (k, _, n), o in live.items() if k == "Application" and n == app_name), None)
    sync, health, message = application_state(app) if app else ("", "", "")
    synced = (sync, health) == ("Synced", "Healthy")
    found = []
    # The Application: everything else follows from its sync.
    if app is None:
        found.append(Check("application", WAIT, f"Application {app_name} not created yet",
                           "the root Application creates it; check `argocd app get apps`"))
    elif health == "Degraded":
        found.append(Check("application", FAIL, f"{app_name} is {sync}/Degraded" + (f": {message}" if message else ""),
                           f"`argocd app get {app_name}` shows which object failed"))
    elif synced:
        found.append(Check("application", PASS, f"{app_name} Synced and Healthy"))
    else:
        found.append(Check("application", WAIT, f"{app_name} is {sync}/{health}", "wait for Argo CD to sync it"))
    not_yet = FAIL if synced else WAIT
    later = "Argo CD syncs it with the team's Application"
    namespace = live.get(("Namespace", "", ns))
    if namespace is None:
        found.append(Check("namespace", not_yet, f"namespace {ns} not found",
                           f"`argocd app sync {app_name}`" if synced else later))
    else:
        found.append(Check("namespace", PASS, f"namespace {ns} exists"))
        want = ((_planned(doc, "Namespace", ns) or {}).get("metadata") or {}).get("labels") or {}
        have = namespace["metadata"].get("labels") or {}
        wrong = sorted(k for k, v in want.items() if have.get(k) != v)
        found.append(
            Check("labels", FAIL, f"labels {', '.join(f'{k}={have.get(k)!r} (planned {want[k]!r})' for k in wrong)}",
                  f"`argocd app sync {app_name}`; if it persists, see who edits the namespace")
            if wrong else Check("labels", PASS, f"{len(want)} planned labels set")
        )
    quota = next((o for (k, n_s, _), o in live.items() if k == "ResourceQuota" and n_s == ns
                  and GPU in ((o.get("spec") or {}).get("hard") or {})), None)
    if quota is None:
        found.append(Check("quota", not_yet, f"no ResourceQuota with {GPU} in {ns}", later))
    else:
        hard, used = quota["spec"]["hard"][GPU], ((quota.get("status") or {}).get("used") or {}).get(GPU, "0")
        if str(hard) != str(params["gpu_quota"]):
            found.append(Check("quota", FAIL, f"{GPU} hard is {hard}, planned {params['gpu_quota']}",
                               f"`argocd app sync {app_name}`"))
        elif int(used) > int(hard):
            found.append(Check("quota", FAIL, f"{used} of {hard} GPUs used: over quota", "stop a GPU workload"))
        else:
            found.append(Check("quota", PASS, f"{used} of {hard} GPUs used"))
    for ksa in TEAM_KSAS:
        account = live.get(("ServiceAccount", ns, ksa))
        if account is None:
            # Kubeflow's profile controller creates it once the Profile is reconciled.
            found.append(Check(f"ksa {ksa}", WAIT if namespace is None or not synced else FAIL,
                               f"ServiceAccount {ns}/{ksa} not found", later))
            continue
        got = (account["metadata"].get("annotations") or {}).get(WI_ANNOTATION)
        if got == params["service_account"]:
            found.append(Check(f"ksa {ksa}", PASS, f"acts as {got}"))
        else:
            found.append(Check(f"ksa {ksa}", FAIL, f"{WI_ANNOTATION} is {got!r}, not {params['service_account']!r}",
                               f"`argocd app sync {app_name}`; the team's pods cannot reach their bucket until then"))
    return found
