# METADATA
# title: KMS keys live in the region, beside what they encrypt
# description: >
#   Every KMS key ring is in the platform region, and every key a resource names (bucket
#   default key, registry key, log bucket key, GKE secrets and boot-disk keys, ...) is
#   in that region, resolved through the Terraform references when the attribute is one.
#   A global or foreign key would pass a "CMEK present" check and still move key
#   material and its use out of the region; a key that cannot be resolved fails.
# custom:
#   control_id: ENC-01
#   severity: critical
#   layers: [foundation, platform]
#   scope: [google_kms_key_ring, google_kms_crypto_key, google_storage_bucket, google_artifact_registry_repository, google_logging_project_bucket_config, google_container_cluster, google_container_node_pool]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.24"]
#   remediation: >
#     Create the key ring with location = the platform region and refer to its keys by
#     their full ID (projects/P/locations/REGION/keyRings/R/cryptoKeys/K) or by a reference
#     to the google_kms_crypto_key in the same configuration.
package sluicegate

import rego.v1

fail_enc_01 contains finding(r, msg(["key ring location '", loc, "' is not the region '", region, "'"])) if {
	some r in resources_of("google_kms_key_ring")
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

fail_enc_01 contains finding(r, msg([concat(".", path), ": key '", ref, "' is in '", loc, "', not in '", region, "'"])) if {
	some [r, path, ref] in kms_refs
	loc := kms_key_location(ref)
	not in_region(loc)
}

fail_enc_01 contains finding(r, msg([concat(".", path), ": cannot tell where key '", ref, "' is (not a key ID, nor a reference to a key in this configuration)"])) if {
	some [r, path, ref] in kms_refs
	not kms_key_resolves(ref)
}

examined_enc_01 contains seen(r) if {
	some r in resources_of("google_kms_key_ring")
}

examined_enc_01 contains seen(r) if {
	some [r, _, _] in kms_refs
}
