package sluicegate_test.enc_02

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

policies(denied) := fx.tf([
	["google_org_policy_policy", "cmek", {"name": "projects/p/policies/gcp.restrictNonCmekServices", "spec": {"rules": [{"values": {"denied_values": denied}}]}}],
	["google_org_policy_policy", "keys", {"name": "projects/p/policies/gcp.restrictCmekCryptoKeyProjects", "spec": {"rules": [{"values": {"allowed_values": ["under:projects/p"]}}]}}],
])

test_pass_all_data_services_require_cmek if {
	d := policies(["artifactregistry.googleapis.com", "compute.googleapis.com", "container.googleapis.com", "storage.googleapis.com"])
	count(sluicegate.fail_enc_02) == 0 with data.sluicegate.doc as d
}

test_fail_storage_not_listed if {
	d := policies(["artifactregistry.googleapis.com", "compute.googleapis.com", "container.googleapis.com"])
	count(sluicegate.fail_enc_02) == 1 with data.sluicegate.doc as d
}

test_fail_no_policies if {
	count(sluicegate.fail_enc_02) == 5 with data.sluicegate.doc as fx.tf([])
}

# No services to require CMEK of is no pass.
test_fail_no_cmek_services_given if {
	d := json.patch(fx.tf([]), [{"op": "replace", "path": "/params/cmek_services", "value": []}])
	"params.cmek_services" in fx.addresses(sluicegate.fail_enc_02) with data.sluicegate.doc as d
}
