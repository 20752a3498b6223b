package sluicegate_test.dep_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

perimeter := "accessPolicies/1234567/servicePerimeters/sg_perimeter"

level := "accessPolicies/1234567/accessLevels/sg_corp"

extra := {
	"deployers": ["serviceAccount:tf@p.iam.gserviceaccount.com", "group:ci@acme.example"],
	"deployer_services": ["storage.googleapis.com", "container.googleapis.com"],
	"access_levels": [level],
}

ingress(identities, services) := {
	"perimeter": perimeter,
	"ingress_from": {"identities": identities, "sources": [{"access_level": level}]},
	"ingress_to": {"resources": ["projects/1"], "operations": [{"service_name": s, "method_selectors": [{"method": "*"}]} | some s in services]},
}

link(depends_on) := {"perimeter_name": perimeter, "resource": "projects/1", "depends_on": depends_on}

address := "google_access_context_manager_service_perimeter_ingress_policy.deployers"

plan_doc(resources) := object.union(fx.tf(resources), {"params": object.union(fx.params, extra)})

good := plan_doc([
	["google_access_context_manager_service_perimeter_ingress_policy", "deployers", ingress(extra.deployers, extra.deployer_services)],
	["google_access_context_manager_service_perimeter_resource", "project", link([address])],
])

test_pass_every_deployer_admitted_before_the_project_enters if {
	count(sluicegate.fail_dep_01) == 0 with data.sluicegate.doc as good
}

test_fail_enforced_with_no_ingress_at_all if {
	d := plan_doc([["google_access_context_manager_service_perimeter_resource", "project", link([])]])
	some f in sluicegate.fail_dep_01 with data.sluicegate.doc as d
	contains(f.msg, "locked out")
}

test_fail_a_deployer_missing_from_a_service if {
	d := plan_doc([
		["google_access_context_manager_service_perimeter_ingress_policy", "deployers", ingress(["group:ci@acme.example"], extra.deployer_services)],
		["google_access_context_manager_service_perimeter_resource", "project", link([address])],
	])
	msgs := {f.msg | some f in sluicegate.fail_dep_01} with data.sluicegate.doc as d
	count(msgs) == 2
	every m in msgs {
		contains(m, "serviceAccount:tf@p.iam.gserviceaccount.com")
	}
}

test_fail_project_enforced_before_the_rules if {
	d := plan_doc([
		["google_access_context_manager_service_perimeter_ingress_policy", "deployers", ingress(extra.deployers, extra.deployer_services)],
		["google_access_context_manager_service_perimeter_resource", "project", link([])],
	])
	some f in sluicegate.fail_dep_01 with data.sluicegate.doc as d
	contains(f.msg, "without waiting for")
}

test_fail_inline_enforced_status_without_rules if {
	d := plan_doc([["google_access_context_manager_service_perimeter", "p", {"name": perimeter, "status": {"resources": ["projects/1"]}}]])
	fx.addresses(sluicegate.fail_dep_01) == {"google_access_context_manager_service_perimeter.p"} with data.sluicegate.doc as d
}

test_pass_dry_run_only if {
	d := plan_doc([["google_access_context_manager_service_perimeter", "p", {"name": perimeter, "status": {"restricted_services": ["storage.googleapis.com"]}, "spec": {"resources": ["projects/1"]}}]])
	count(sluicegate.fail_dep_01) == 0 with data.sluicegate.doc as d
}
