package sluicegate_test.lib

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

test_pulumi_tokens_map_to_terraform_types if {
	sluicegate.pulumi_type_to_terraform("gcp:storage/bucket:Bucket") == "google_storage_bucket"
	sluicegate.pulumi_type_to_terraform("gcp:container/nodePool:NodePool") == "google_container_node_pool"
	sluicegate.pulumi_type_to_terraform("gcp:storage/bucketIAMPolicy:BucketIAMPolicy") == "google_storage_bucket_iam_policy"
	sluicegate.pulumi_type_to_terraform("gcp:projects/iAMMember:IAMMember") == "google_project_iam_member"
	sluicegate.pulumi_type_to_terraform("gcp:artifactregistry/repositoryIamMember:RepositoryIamMember") == "google_artifact_registry_repository_iam_member"
	sluicegate.pulumi_type_to_terraform("gcp:serviceaccount/account:Account") == "google_service_account"
	sluicegate.pulumi_type_to_terraform("kubernetes:core/v1:Namespace") == "kubernetes:core/v1:Namespace"
}

test_attr_reads_one_path_from_both_layers if {
	d := fx.both(
		fx.tf([["google_container_node_pool", "tf", {"node_config": [{"taint": [{"key": "k"}], "shielded_instance_config": [{"enable_secure_boot": true}]}]}]]),
		fx.pulumi([["gcp:container/nodePool:NodePool", "pu", {"nodeConfig": {"taints": [{"key": "k"}], "shieldedInstanceConfig": {"enableSecureBoot": true}}}]]),
	)
	pools := sluicegate.resources_of("google_container_node_pool") with data.sluicegate.doc as d
	read := {[r.dialect, boot, keys] |
		some r in pools
		boot := sluicegate.attr(r, ["node_config", "shielded_instance_config", "enable_secure_boot"])
		keys := [t.key | some t in sluicegate.items(sluicegate.attr(r, ["node_config", "taint"]))]
	}
	read == {["terraform", true, ["k"]], ["pulumi", true, ["k"]]}
}

test_key_location_resolves_through_references if {
	d := fx.tf([
		["google_kms_key_ring", "ring", {"location": "australia-southeast1"}],
		["google_kms_crypto_key", "k", {"key_ring": "${google_kms_key_ring.ring.id}"}],
	])
	sluicegate.kms_key_location("${google_kms_crypto_key.k.id}") == "australia-southeast1" with data.sluicegate.doc as d
	not sluicegate.kms_key_resolves("${google_kms_crypto_key.missing.id}") with data.sluicegate.doc as d
}

test_analyzer_stack_input_is_read_like_the_graph if {
	d := {"resources": [{
		"__type": "gcp:storage/bucket:Bucket", "__urn": "urn:b", "__name": "b",
		"__properties": {"location": "US"}, "type": "shadowed-by-a-property",
	}]}
	[r.type | some r in sluicegate.resources] == ["google_storage_bucket"] with data.sluicegate.doc as d
}
