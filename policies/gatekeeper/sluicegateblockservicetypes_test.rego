package sluicegateblockservicetypes_test

import data.sluicegateblockservicetypes

# Inputs are bound with `with input.review as ... with input.parameters as ...`:
# regopy 1.5.2 crashes when a whole nested `input` is replaced at once, and
# ignores a `with` value that names a rule, so each test binds `params` first.

_params := {"blockedTypes": ["LoadBalancer", "NodePort"]}

_service(spec) := {"object": {"kind": "Service", "metadata": {"name": "model"}, "spec": spec}}

test_cluster_ip_is_allowed if {
	params := _params
	review := _service({"type": "ClusterIP"})
	count(sluicegateblockservicetypes.violation) == 0 with input.review as review with input.parameters as params
}

test_default_type_is_cluster_ip_and_allowed if {
	params := _params
	review := _service({"ports": [{"port": 80}]})
	count(sluicegateblockservicetypes.violation) == 0 with input.review as review with input.parameters as params
}

test_load_balancer_is_denied if {
	params := _params
	review := _service({"type": "LoadBalancer"})
	some v in sluicegateblockservicetypes.violation with input.review as review with input.parameters as params
	v.details.type == "LoadBalancer"
}

test_node_port_is_denied if {
	params := _params
	review := _service({"type": "NodePort"})
	count(sluicegateblockservicetypes.violation) == 1 with input.review as review with input.parameters as params
}
