package sluicegate_test.enc_01

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

ring(loc) := [
	["google_kms_key_ring", "ring", {"location": loc, "name": "sg-ring"}],
	["google_kms_crypto_key", "buckets", {"key_ring": "${google_kms_key_ring.ring.id}", "name": "sg-buckets"}],
	["google_storage_bucket", "state", {"location": "AUSTRALIA-SOUTHEAST1", "encryption": {"default_kms_key_name": "${google_kms_crypto_key.buckets.id}"}}],
]

test_pass_reference_resolves_to_ring_in_region if {
	count(sluicegate.fail_enc_01) == 0 with data.sluicegate.doc as fx.tf(ring("australia-southeast1"))
}

test_pass_pulumi_key_id_in_region if {
	d := fx.pulumi([["gcp:container/cluster:Cluster", "gke", {"databaseEncryption": {"state": "ENCRYPTED", "keyName": fx.key_id("gke-secrets")}}]])
	count(sluicegate.fail_enc_01) == 0 with data.sluicegate.doc as d
}

test_fail_key_ring_in_other_region_also_fails_what_it_encrypts if {
	fx.addresses(sluicegate.fail_enc_01) == {"google_kms_key_ring.ring", "google_storage_bucket.state"} with data.sluicegate.doc as fx.tf(ring("us-central1"))
}

test_fail_global_key_id if {
	d := fx.pulumi([["gcp:artifactregistry/repository:Repository", "images", {"kmsKeyName": "projects/p/locations/global/keyRings/r/cryptoKeys/k"}]])
	count(sluicegate.fail_enc_01) == 1 with data.sluicegate.doc as d
}

test_fail_unresolvable_reference if {
	d := fx.tf([["google_storage_bucket", "state", {"location": "AUSTRALIA-SOUTHEAST1", "encryption": {"default_kms_key_name": "${var.key}"}}]])
	some f in sluicegate.fail_enc_01 with data.sluicegate.doc as d
	contains(f.msg, "cannot tell")
}

test_fail_secret_replica_key_in_other_region if {
	d := fx.tf([["google_secret_manager_secret", "token", {"replication": {"user_managed": {"replicas": [{"location": fx.region, "customer_managed_encryption": {"kms_key_name": "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k"}}]}}}]])
	some f in sluicegate.fail_enc_01 with data.sluicegate.doc as d
	contains(f.msg, "replicas.customer_managed_encryption.kms_key_name")
}
