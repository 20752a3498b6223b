# METADATA
# title: The Kubeflow user header is trusted only from the gateway
# description: >
#   An Istio AuthorizationPolicy that admits requests by the kubeflow-userid header also
#   requires them to come from named principals (the ingress gateway, the pipelines UI);
#   otherwise any pod in the mesh can claim to be any user (kubeflow/kubeflow#7032).
# custom:
#   control_id: K8S-07
#   severity: high
#   layers: [manifests]
#   scope: [AuthorizationPolicy]
#   frameworks:
#     hipaa: ["164.312(d)"]
#     iso27001_2022: ["8.5"]
#   remediation: >
#     Add from.source.principals (the ingress gateway's and ml-pipeline-ui's service
#     accounts) to every rule whose `when` matches request.headers[kubeflow-userid].
package sluicegate

import rego.v1

fail_k8s_07 contains k8s_finding(o, "a rule trusts the kubeflow-userid header from any source") if {
	some o in k8s_of("AuthorizationPolicy")
	some rule in object.get(o.object, ["spec", "rules"], [])
	some cond in object.get(rule, "when", [])
	contains(lower(cond.key), "kubeflow-userid")
	_k8s_07_trusts(cond)
	count([p |
		some src in object.get(rule, "from", [])
		some p in object.get(src, ["source", "principals"], [])
	]) == 0
}

# A condition trusts the header unless it only demands that the header be absent
# (`notValues: ["*"]`, as KFP's ml-pipeline policy does for callers that bring their
# own token): then no value of it is ever believed.
_k8s_07_trusts(cond) if object.get(cond, "values", []) != []

_k8s_07_trusts(cond) if {
	object.get(cond, "values", []) == []
	object.get(cond, "notValues", []) != ["*"]
}

examined_k8s_07 contains seen(o) if {
	some o in k8s_of("AuthorizationPolicy")
}
