package sluicegate_test.net_06

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

perimeter(status) := fx.tf([["google_access_context_manager_service_perimeter", "p", object.union({"perimeter_type": "PERIMETER_TYPE_REGULAR"}, status)]])

good_status := {"status": {
	"restricted_services": ["storage.googleapis.com", "container.googleapis.com"],
	"vpc_accessible_services": {"enable_restriction": true, "allowed_services": ["RESTRICTED-SERVICES"]},
}}

test_pass_enforced_perimeter if {
	count(sluicegate.fail_net_06) == 0 with data.sluicegate.doc as perimeter(good_status)
}

test_fail_no_perimeter_though_enabled if {
	fx.addresses(sluicegate.fail_net_06) == {"google_access_context_manager_service_perimeter"} with data.sluicegate.doc as fx.tf([])
}

test_fail_dry_run_only if {
	d := perimeter({"spec": good_status.status, "use_explicit_dry_run_spec": true})
	some f in sluicegate.fail_net_06 with data.sluicegate.doc as d
	contains(f.msg, "dry-run")
}

test_fail_storage_unrestricted_and_any_identity_ingress if {
	d := perimeter({"status": {
		"restricted_services": ["container.googleapis.com"],
		"vpc_accessible_services": {"enable_restriction": true},
		"ingress_policies": [{"ingress_from": {"identity_type": "ANY_IDENTITY"}}],
	}})
	count(sluicegate.fail_net_06) == 2 with data.sluicegate.doc as d
}
