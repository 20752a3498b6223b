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
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.24"]
#   remediation: >
#     Create the key ring with location = the platform region and refer to its keys by
#     their full ID (projects/P/locations/REGION/keyRings/R/cryptoKeys/K) or by a reference
#     to the google_kms_crypto_key in the same configuration.
package sluicegate

import rego.v1

fail_enc_01 contains finding(r, sprintf("key ring location %q is not the region %q", [loc, region])) if {
	some r in resources_of("google_kms_key_ring")
	loc := attr_or(r, ["location"], "(unset)")
	not in_region(loc)
}

fail_enc_01 contains finding(r, sprintf("%s: key %q is in %q, not in %q", [concat(".", path), ref, loc, region])) if {
	some [r, path, ref] in kms_refs
	loc := kms_key_location(ref)
	not in_region(loc)
}

fail_enc_01 contains finding(r, sprintf("%s: cannot tell where key %q is (not a key ID, nor a reference to a key in this configuration)", [concat(".", path), ref])) if {
	some [r, path, ref] in kms_refs
	not kms_key_resolves(ref)
}
