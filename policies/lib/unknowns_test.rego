package sluicegate_test.unknowns

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

_computed := {"Element": {"V": ""}}

test_the_sentinel_and_a_computed_object_are_unknown if {
	sluicegate.is_unknown("04da6b54-80e4-46f7-96ec-b56ff0331ba9")
	sluicegate.is_unknown(_computed)
	not sluicegate.is_unknown("australia-southeast1")
	not sluicegate.is_unknown({"Element": 1, "other": 2})
}

test_unknown_paths_name_every_unknown_value_and_nothing_else if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "b", {
		"location": sluicegate.pulumi_unknown,
		"encryption": {"defaultKmsKeyName": _computed},
		"lifecycleRules": [{"action": {"type": "Delete"}}, {"condition": {"age": sluicegate.pulumi_unknown}}],
		"name": "known",
	}]])
	found := sluicegate.unknown_resources with data.sluicegate.doc as d
	[entry.paths | some entry in found] == [{"location", "encryption.defaultKmsKeyName", "lifecycleRules.1.condition.age"}]
}

test_a_resource_without_unknowns_is_not_listed if {
	d := fx.pulumi([["gcp:storage/bucket:Bucket", "b", {"location": "australia-southeast1"}]])
	count(sluicegate.unknown_resources) == 0 with data.sluicegate.doc as d
}
