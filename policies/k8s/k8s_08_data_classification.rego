# METADATA
# title: Team namespaces carry the spec's data classification
# description: >
#   Each team namespace is labelled with its team and with the data classification the
#   spec gives that team, so controls that select on the label (stricter ones for pii)
#   apply to exactly the namespaces that hold such data. (The Gatekeeper template
#   sluicegaterequiredlabels enforces the labels' presence in the cluster.)
# custom:
#   control_id: K8S-08
#   severity: medium
#   layers: [manifests]
#   scope: [Namespace]
#   frameworks:
#     app: [APP11.1]
#     iso27001_2022: ["5.12"]
#   remediation: >
#     Label the Namespace sluicegate.io/team: TEAM and sluicegate.io/data-classification:
#     the team's data_classification (re-render the manifests).
package sluicegate

import rego.v1

fail_k8s_08 contains k8s_finding(o, msg(["label ", key, " is '", got, "'; the spec says '", want, "'"])) if {
	some o in k8s_of("Namespace")
	t := team_namespaces[o.name]
	some [key, want] in [["sluicegate.io/team", t.name], ["sluicegate.io/data-classification", t.data_classification]]
	got := object.get(o.object, ["metadata", "labels", key], "(unset)")
	got != want
}

examined_k8s_08 contains seen(o) if {
	some o in k8s_of("Namespace")
	team_namespaces[o.name]
}
