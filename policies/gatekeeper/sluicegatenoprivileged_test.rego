package sluicegatenoprivileged_test

import data.sluicegatenoprivileged

# Inputs are bound with `with input.review as ... with input.parameters as ...`:
# regopy 1.5.2 crashes when a whole nested `input` is replaced at once.

_pod(containers) := {"object": {
	"kind": "Pod",
	"metadata": {"name": "job"},
	"spec": {"containers": containers},
}}

test_unprivileged_container_is_allowed if {
	review := _pod([{"name": "main", "image": "x", "securityContext": {"privileged": false}}])
	count(sluicegatenoprivileged.violation) == 0 with input.review as review with input.parameters as {}
}

test_container_without_security_context_is_allowed if {
	review := _pod([{"name": "main", "image": "x"}])
	count(sluicegatenoprivileged.violation) == 0 with input.review as review with input.parameters as {}
}

test_privileged_container_is_denied if {
	review := _pod([{"name": "main", "image": "x", "securityContext": {"privileged": true}}])
	some v in sluicegatenoprivileged.violation with input.review as review with input.parameters as {}
	v.details.container == "main"
}

test_privileged_init_container_in_a_cronjob_is_denied if {
	review := {"object": {
		"kind": "CronJob",
		"metadata": {"name": "nightly"},
		"spec": {"jobTemplate": {"spec": {"template": {"spec": {
			"containers": [{"name": "main", "image": "x"}],
			"initContainers": [{"name": "setup", "image": "x", "securityContext": {"privileged": true}}],
		}}}}},
	}}
	count(sluicegatenoprivileged.violation) == 1 with input.review as review with input.parameters as {}
}
