package sluicegate_test.res_08

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pass_topic_pinned_to_region if {
	d := fx.pulumi([["gcp:pubsub/topic:Topic", "events", {"messageStoragePolicy": {"allowedPersistenceRegions": ["australia-southeast1"]}}]])
	count(sluicegate.fail_res_08) == 0 with data.sluicegate.doc as d
}

test_fail_topic_without_policy if {
	d := fx.pulumi([["gcp:pubsub/topic:Topic", "events", {}]])
	count(sluicegate.fail_res_08) == 1 with data.sluicegate.doc as d
}

test_fail_topic_persisting_elsewhere if {
	d := fx.tf([["google_pubsub_topic", "events", {"message_storage_policy": [{"allowed_persistence_regions": ["australia-southeast1", "europe-west1"]}]}]])
	count(sluicegate.fail_res_08) == 1 with data.sluicegate.doc as d
}
