# METADATA
# title: Team namespaces deny all traffic by default
# description: >
#   Every team namespace has a NetworkPolicy that selects all its pods and denies both
#   ingress and egress (no rules), so only traffic a further policy names is allowed;
#   and no policy in a team namespace opens egress to the whole internet.
# custom:
#   control_id: K8S-02
#   severity: critical
#   layers: [manifests]
#   scope: [NetworkPolicy]
#   frameworks:
#     app: [APP8, APP11.1]
#     iso27001_2022: ["8.22"]
#     cis_gke: ["4.3.2"]
#   remediation: >
#     Add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no
#     ingress or egress rules to the namespace; allow DNS, istiod and same-namespace
#     traffic with separate policies; never an ipBlock of 0.0.0.0/0.
package sluicegate

import rego.v1

_k8s_02_denies_all(o) if {
	spec := o.object.spec
	count(object.get(spec, ["podSelector", "matchLabels"], {})) == 0
	count(object.get(spec, ["podSelector", "matchExpressions"], [])) == 0
	{"Ingress", "Egress"} == {t | some t in object.get(spec, "policyTypes", [])}
	count(object.get(spec, "ingress", [])) == 0
	count(object.get(spec, "egress", [])) == 0
}

fail_k8s_02 contains missing("manifests", concat("", ["NetworkPolicy/", ns]), msg(["namespace ", ns, " has no default-deny NetworkPolicy for ingress and egress"])) if {
	some ns, _ in team_namespaces
	not _k8s_02_denying[ns]
}

_k8s_02_denying := {o.namespace | some o in k8s_of("NetworkPolicy"); _k8s_02_denies_all(o)}

fail_k8s_02 contains k8s_finding(o, msg(["egress to ", cidr, " opens the internet"])) if {
	some o in k8s_of("NetworkPolicy")
	team_namespaces[o.namespace]
	some rule in object.get(o.object.spec, "egress", [])
	some peer in object.get(rule, "to", [])
	cidr := peer.ipBlock.cidr
	cidr in {"0.0.0.0/0", "::/0"}
}

examined_k8s_02 contains looked_for("manifests", concat("", ["NetworkPolicy/", ns])) if {
	some ns, _ in team_namespaces
}

examined_k8s_02 contains seen(o) if {
	some o in k8s_of("NetworkPolicy")
	team_namespaces[o.namespace]
}
