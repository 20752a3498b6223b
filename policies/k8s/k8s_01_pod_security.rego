# METADATA
# title: Team namespaces enforce Pod Security
# description: >
#   Every team's namespace exists in the rendered tree and enforces the Pod Security
#   Standard "baseline" or "restricted", and warns and audits at "restricted", so a
#   privileged or host-namespace pod cannot run beside a team's data. (The Gatekeeper
#   template sluicegatenoprivileged enforces the same control on pods.)
# custom:
#   control_id: K8S-01
#   severity: high
#   layers: [manifests]
#   scope: [Namespace]
#   frameworks:
#     hipaa: ["164.312(a)(1)"]
#     iso27001_2022: ["8.9"]
#     cis_gke: ["4.2.1"]
#   remediation: >
#     Label the Namespace pod-security.kubernetes.io/enforce: baseline (or restricted),
#     pod-security.kubernetes.io/warn: restricted and pod-security.kubernetes.io/audit: restricted.
package sluicegate

import rego.v1

_k8s_01_namespaces := {o.name: o | some o in k8s_of("Namespace")}

fail_k8s_01 contains missing("manifests", concat("", ["Namespace/", ns]), msg(["team ", t.name, " has no Namespace in the rendered tree"])) if {
	some ns, t in team_namespaces
	not _k8s_01_namespaces[ns]
}

fail_k8s_01 contains k8s_finding(o, msg(["pod-security.kubernetes.io/enforce is '", v, "', not baseline or restricted"])) if {
	some ns, _ in team_namespaces
	o := _k8s_01_namespaces[ns]
	v := object.get(o.object, ["metadata", "labels", "pod-security.kubernetes.io/enforce"], "(unset: privileged)")
	not v in {"baseline", "restricted"}
}

fail_k8s_01 contains k8s_finding(o, msg(["pod-security.kubernetes.io/", mode, " is '", v, "', not restricted"])) if {
	some ns, _ in team_namespaces
	o := _k8s_01_namespaces[ns]
	some mode in ["warn", "audit"]
	v := object.get(o.object, ["metadata", "labels", concat("/", ["pod-security.kubernetes.io", mode])], "(unset)")
	v != "restricted"
}

examined_k8s_01 contains looked_for("manifests", concat("", ["Namespace/", ns])) if {
	some ns, _ in team_namespaces
}

examined_k8s_01 contains seen(o) if {
	some ns, _ in team_namespaces
	o := _k8s_01_namespaces[ns]
}
