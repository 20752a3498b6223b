# METADATA
# title: Tenant namespaces carry their team and data-classification labels
# description: >-
#   Every tenant (Kubeflow profile) namespace names its team and the
#   classification of the data it holds, with a value from the allowed set.
#   Stricter controls select on these labels, so a namespace without them
#   would silently escape them; a Profile created through the dashboard
#   instead of the GitOps tree is refused for the same reason.
# custom:
#   control_id: K8S-08
#   severity: medium
#   frameworks:
#     iso27001_2022: ["5.12"]
#   checkov: []
#   remediation: >-
#     Onboard the team with `sluicegate onboard` so that its namespace is
#     rendered with the labels, instead of creating the Profile by hand.
package sluicegaterequiredlabels

violation contains {"msg": msg, "details": {"label": label.key}} if {
	some label in input.parameters.labels
	not _labels[label.key]
	msg := sprintf("%v %v has no label %q", [_kind, _name, label.key])
}

violation contains {"msg": msg, "details": {"label": label.key}} if {
	some label in input.parameters.labels
	value := _labels[label.key]
	allowed := object.get(label, "allowedValues", [])
	count(allowed) > 0
	not value in allowed
	msg := sprintf("%v %v: label %q is %q; allowed: %v", [_kind, _name, label.key, value, allowed])
}

_labels := object.get(input.review.object, ["metadata", "labels"], {})

_kind := input.review.object.kind

_name := input.review.object.metadata.name
