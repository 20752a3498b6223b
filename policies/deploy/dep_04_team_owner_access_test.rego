package sluicegate_test.dep_04

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

owners_perimeter := "accessPolicies/1234567/servicePerimeters/sg_perimeter"

owners_extra(access) := {
	"team_owner_access": access,
	"team_owners": [
		{"team": "onco", "data_classification": "pii", "members": ["user:ana@acme.example"]},
		{"team": "forecast", "data_classification": "internal", "members": ["user:raj@acme.example"]},
	],
}

owners_rule(members) := ["google_access_context_manager_service_perimeter_ingress_policy", "owners", {
	"perimeter": owners_perimeter,
	"ingress_from": {"identities": members, "sources": [{"access_level": "accessPolicies/1234567/accessLevels/l"}]},
	"ingress_to": {"resources": ["projects/1"], "operations": [{"service_name": "storage.googleapis.com"}]},
}]

owners_link := ["google_access_context_manager_service_perimeter_resource", "project", {"perimeter_name": owners_perimeter, "resource": "projects/1"}]

owners_doc(resources, access) := object.union(fx.tf(resources), {"params": object.union(fx.params, owners_extra(access))})

test_pass_pii_owner_admitted_to_storage if {
	count(sluicegate.fail_dep_04) == 0 with data.sluicegate.doc as owners_doc([owners_rule(["user:ana@acme.example"]), owners_link], true)
}

test_fail_pii_owner_blocked if {
	d := owners_doc([owners_rule(["user:raj@acme.example"]), owners_link], true)
	some f in sluicegate.fail_dep_04 with data.sluicegate.doc as d
	contains(f.msg, "user:ana@acme.example of PII team onco")
}

test_pass_owner_access_not_declared if {
	count(sluicegate.fail_dep_04) == 0 with data.sluicegate.doc as owners_doc([owners_link], false)
}
