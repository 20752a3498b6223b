package sluicegaterequiredlabels_test

import data.sluicegaterequiredlabels

# Inputs are bound with `with input.review as ... with input.parameters as ...`:
# regopy 1.5.2 crashes when a whole nested `input` is replaced at once, and
# ignores a `with` value that names a rule, so each test binds `params` first.

_params := {"labels": [
	{"key": "sluicegate.io/team"},
	{"key": "sluicegate.io/data-classification", "allowedValues": ["pii", "internal"]},
]}

_namespace(labels) := {"object": {"kind": "Namespace", "metadata": {"name": "onco", "labels": labels}}}

test_labelled_namespace_is_allowed if {
	params := _params
	review := _namespace({"sluicegate.io/team": "onco", "sluicegate.io/data-classification": "pii"})
	count(sluicegaterequiredlabels.violation) == 0 with input.review as review with input.parameters as params
}

test_missing_classification_is_denied if {
	params := _params
	review := _namespace({"sluicegate.io/team": "onco"})
	some v in sluicegaterequiredlabels.violation with input.review as review with input.parameters as params
	v.details.label == "sluicegate.io/data-classification"
}

test_unknown_classification_is_denied if {
	params := _params
	review := _namespace({"sluicegate.io/team": "onco", "sluicegate.io/data-classification": "public"})
	count(sluicegaterequiredlabels.violation) == 1 with input.review as review with input.parameters as params
}

test_namespace_without_labels_gets_one_violation_per_label if {
	params := _params
	review := {"object": {"kind": "Namespace", "metadata": {"name": "adhoc"}}}
	count(sluicegaterequiredlabels.violation) == 2 with input.review as review with input.parameters as params
}
