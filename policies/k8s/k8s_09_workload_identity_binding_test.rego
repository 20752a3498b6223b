package sluicegate_test.k8s_09

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

ksa(team, gsa) := {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default-editor", "namespace": team, "annotations": {"iam.gke.io/gcp-service-account": gsa}}}

binding(team) := ["gcp:serviceaccount/iAMMember:IAMMember", concat("-", [team.name, "wi"]), {
	"serviceAccountId": concat("/", ["projects/acme-ml-platform/serviceAccounts", team.service_account]),
	"role": "roles/iam.workloadIdentityUser",
	"member": team.wi_members[0],
}]

onco := fx.team("onco")

forecast := fx.team("forecast")

test_pass_annotated_and_bound if {
	d := fx.both(fx.k8s([ksa("onco", onco.service_account), ksa("forecast", forecast.service_account)]), fx.pulumi([binding(onco), binding(forecast)]))
	count(sluicegate.fail_k8s_09) == 0 with data.sluicegate.doc as d
}

test_fail_annotation_names_other_team if {
	d := fx.both(fx.k8s([ksa("onco", forecast.service_account), ksa("forecast", forecast.service_account)]), fx.pulumi([binding(onco), binding(forecast)]))
	fx.addresses(sluicegate.fail_k8s_09) == {"manifests/0.yaml#ServiceAccount/onco/default-editor"} with data.sluicegate.doc as d
}

test_fail_binding_missing_in_platform if {
	d := fx.both(fx.k8s([ksa("onco", onco.service_account), ksa("forecast", forecast.service_account)]), fx.pulumi([binding(onco)]))
	fx.addresses(sluicegate.fail_k8s_09) == {forecast.service_account} with data.sluicegate.doc as d
}
