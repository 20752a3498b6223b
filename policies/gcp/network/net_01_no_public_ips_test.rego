package sluicegate_test.net_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

deny_all := ["google_org_policy_policy", "ext", {"name": "projects/p/policies/compute.vmExternalIpAccess", "spec": {"rules": [{"deny_all": "TRUE"}]}}]

test_pass_policy_and_private_vm if {
	d := fx.tf([deny_all, ["google_compute_instance", "vm", {"network_interface": [{"network": "n"}]}]])
	count(sluicegate.fail_net_01) == 0 with data.sluicegate.doc as d
}

test_fail_vm_with_external_ip if {
	d := fx.tf([deny_all, ["google_compute_instance", "vm", {"network_interface": [{"network": "n", "access_config": [{}]}]}]])
	fx.addresses(sluicegate.fail_net_01) == {"google_compute_instance.vm"} with data.sluicegate.doc as d
}

test_fail_no_policy if {
	fx.addresses(sluicegate.fail_net_01) == {"compute.vmExternalIpAccess"} with data.sluicegate.doc as fx.tf([])
}

# A VM created from a template is a VM too.
test_fail_vm_from_template_with_external_ip if {
	d := fx.tf([deny_all, ["google_compute_instance_from_template", "vm", {"network_interface": [{"network": "n", "access_config": [{}]}]}]])
	fx.addresses(sluicegate.fail_net_01) == {"google_compute_instance_from_template.vm"} with data.sluicegate.doc as d
}
