package sluicegate_test.gke_14

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

_scanning := fx.tf([["google_project_service", "containerscanning", {"service": "containerscanning.googleapis.com"}]])

test_pass_posture_with_registry_scanning if {
	count(sluicegate.fail_gke_14) == 0 with data.sluicegate.doc as fx.both(fx.cluster([]), _scanning)
}

# The Pulumi policy pack has no foundation to look in.
test_pass_platform_layer_alone if {
	count(sluicegate.fail_gke_14) == 0 with data.sluicegate.doc as fx.cluster([])
}

test_fail_posture_unset if {
	d := fx.both(fx.cluster([{"op": "remove", "path": "/securityPostureConfig"}]), _scanning)
	fs := sluicegate.fail_gke_14 with data.sluicegate.doc as d
	{f.msg | some f in fs} == {"security_posture_config.mode is 'DISABLED'"}
}

test_fail_retired_basic_vulnerability_mode if {
	d := fx.both(fx.cluster([{"op": "replace", "path": "/securityPostureConfig/vulnerabilityMode", "value": "VULNERABILITY_BASIC"}]), _scanning)
	fs := sluicegate.fail_gke_14 with data.sluicegate.doc as d
	count(fs) == 1
	fx.addresses(fs) == {fx.cluster_urn}
}

test_fail_no_scanning_anywhere if {
	d := fx.both(fx.cluster([]), fx.tf([["google_project_service", "container", {"service": "container.googleapis.com"}]]))
	fs := sluicegate.fail_gke_14 with data.sluicegate.doc as d
	count(fs) == 1
	some f in fs
	contains(f.msg, "containerscanning.googleapis.com")
}
