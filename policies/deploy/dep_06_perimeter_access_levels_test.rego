package sluicegate_test.dep_06

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

levels_perimeter := "accessPolicies/1234567/servicePerimeters/sg_perimeter"

created := "accessPolicies/1234567/accessLevels/sg_corp"

existing := "accessPolicies/1234567/accessLevels/devices"

levels_extra := {"access_levels": [created], "existing_access_levels": [existing]}

level := ["google_access_context_manager_access_level", "corp", {"name": created, "basic": {"conditions": [{"ip_subnetworks": ["203.0.113.0/24"]}]}}]

rule(levels) := ["google_access_context_manager_service_perimeter_ingress_policy", "deployers", {
	"perimeter": levels_perimeter,
	"ingress_from": {"identities": ["group:ci@acme.example"], "sources": [{"access_level": a} | some a in levels]},
	"ingress_to": {"resources": ["projects/1"], "operations": [{"service_name": "storage.googleapis.com"}]},
}]

levels_link := ["google_access_context_manager_service_perimeter_resource", "project", {"perimeter_name": levels_perimeter, "resource": "projects/1"}]

plan_doc(resources) := object.union(fx.tf(resources), {"params": object.union(fx.params, levels_extra)})

test_pass_created_and_existing_levels if {
	count(sluicegate.fail_dep_06) == 0 with data.sluicegate.doc as plan_doc([level, rule([created, existing]), levels_link])
}

test_fail_unknown_level if {
	d := plan_doc([level, rule(["accessPolicies/1234567/accessLevels/typo"]), levels_link])
	some f in sluicegate.fail_dep_06 with data.sluicegate.doc as d
	contains(f.msg, "typo")
}

test_fail_declared_level_not_created if {
	d := plan_doc([rule([existing]), levels_link])
	fx.addresses(sluicegate.fail_dep_06) == {created} with data.sluicegate.doc as d
}

test_fail_rule_without_sources if {
	d := plan_doc([level, rule([]), levels_link])
	some f in sluicegate.fail_dep_06 with data.sluicegate.doc as d
	contains(f.msg, "no access level")
}

test_pass_not_enforced_yet if {
	count(sluicegate.fail_dep_06) == 0 with data.sluicegate.doc as plan_doc([rule([])])
}
