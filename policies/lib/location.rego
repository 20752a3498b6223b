# Locations: what "in the region" means for each kind of location value, and where a
# KMS key lives, resolved through Terraform references when the value is one.
package sluicegate

import rego.v1

# Locations compare case-insensitively: buckets report AUSTRALIA-SOUTHEAST1.
in_region(loc) if lower(loc) == region

# A zone of the region: australia-southeast1-a. String functions, not regex: rego-cpp
# compiles a regex on every call, and these run once per resource.
zone_in_region(z) if {
	prefix := concat("", [region, "-"])
	startswith(lower(z), prefix)
	suffix := trim_prefix(lower(z), prefix)
	count(suffix) == 1
	contains("abcdefghijklmnopqrstuvwxyz", suffix)
}

# A regional or zonal location in the region.
location_ok(loc) if in_region(loc)

location_ok(loc) if zone_in_region(loc)

# --- Terraform references ---------------------------------------------------------------------

# "${google_kms_crypto_key.buckets.id}" -> ["google_kms_crypto_key", "buckets", "id"]
tf_ref(v) := parts if {
	is_string(v)
	startswith(v, "${")
	endswith(v, "}")
	parts := split(trim_suffix(trim_prefix(v, "${"), "}"), ".")
	count(parts) == 3
}

tf_resource(type, name) := r if {
	some r in resources_of(type)
	r.dialect == "terraform"
	r.name == name
}

# The location segment of a resource ID: projects/p/locations/<loc>/keyRings/...
id_location(id) := loc if {
	is_string(id)
	parts := split(id, "/locations/")
	count(parts) == 2
	loc := split(parts[1], "/")[0]
}

# key_ring_location(ref): a key ring's location from its ID or from a reference to it.
key_ring_location(ref) := id_location(ref)

key_ring_location(ref) := attr(tf_resource("google_kms_key_ring", parts[1]), ["location"]) if {
	parts := tf_ref(ref)
	parts[0] == "google_kms_key_ring"
}

# kms_key_location(ref): a crypto key's location from its ID, or through the Terraform
# key and key ring it refers to. Undefined when it cannot be resolved; rules then fail
# closed with a finding that says so.
kms_key_location(ref) := id_location(ref)

kms_key_location(ref) := key_ring_location(attr(tf_resource("google_kms_crypto_key", parts[1]), ["key_ring"])) if {
	parts := tf_ref(ref)
	parts[0] == "google_kms_crypto_key"
}

# kms_key_resolves(ref): the key behind ref is known (a literal ID or a resolvable reference).
kms_key_resolves(ref) if kms_key_location(ref)
