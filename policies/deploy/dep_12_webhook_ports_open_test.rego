package sluicegate_test.dep_12

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

cp := "172.16.0.0/28"

p := object.union(fx.params, {"control_plane_cidr": cp})

target(port) := {"file": "hydrated/tools--katib/manifests.yaml", "kind": "ValidatingWebhookConfiguration", "name": "katib.kubeflow.org", "hook": "validator.experiment.katib.kubeflow.org", "service": "kubeflow/katib-controller:443", "port": port}

firewall(values) := fx.tf([["google_compute_firewall", "webhooks", values]])

opened := {
	"direction": "INGRESS",
	"source_ranges": [cp],
	"target_service_accounts": [fx.params.node_service_account],
	"allow": [{"protocol": "tcp", "ports": ["4443", "8443", "9443", "15017"]}],
}

with_targets(d, targets) := object.union(d, {"params": p, "derived": {"webhook_targets": targets}})

test_pass_every_port_open_or_opened_by_gke if {
	d := with_targets(firewall(opened), [target(8443), target(10250), target(443)])
	count(sluicegate.fail_dep_12) == 0 with data.sluicegate.doc as d
}

test_pass_port_in_a_range if {
	ranged := json.patch(opened, [{"op": "replace", "path": "/allow/0/ports", "value": ["8000-9999"]}])
	count(sluicegate.fail_dep_12) == 0 with data.sluicegate.doc as with_targets(firewall(ranged), [target(8443)])
}

test_fail_no_rule_at_all if {
	some f in sluicegate.fail_dep_12 with data.sluicegate.doc as with_targets(fx.tf([]), [target(8443)])
	contains(f.msg, "on pod port 8443, which no ingress rule from the control plane (172.16.0.0/28) opens")
}

test_fail_port_missing_from_the_rule if {
	d := with_targets(firewall(opened), [target(8443), target(6443)])
	fx.addresses(sluicegate.fail_dep_12) == {"hydrated/tools--katib/manifests.yaml#ValidatingWebhookConfiguration/katib.kubeflow.org"} with data.sluicegate.doc as d
	count(sluicegate.fail_dep_12) == 1 with data.sluicegate.doc as d
}

test_fail_rule_from_another_range if {
	other := json.patch(opened, [{"op": "replace", "path": "/source_ranges", "value": ["10.0.0.0/8"]}])
	count(sluicegate.fail_dep_12) == 1 with data.sluicegate.doc as with_targets(firewall(other), [target(8443)])
}

test_fail_egress_rule_does_not_count if {
	egress := json.patch(opened, [{"op": "replace", "path": "/direction", "value": "EGRESS"}])
	count(sluicegate.fail_dep_12) == 1 with data.sluicegate.doc as with_targets(firewall(egress), [target(8443)])
}

test_fail_unresolved_webhook if {
	t := object.union(target(null), {"error": "no such Service in the tree"})
	some f in sluicegate.fail_dep_12 with data.sluicegate.doc as with_targets(firewall(opened), [t])
	contains(f.msg, "cannot be resolved to a pod port: no such Service in the tree")
}
