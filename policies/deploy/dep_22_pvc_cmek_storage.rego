# METADATA
# title: Every PVC lands on a CMEK StorageClass when compute requires CMEK
# description: >
#   While gcp.restrictNonCmekServices denies compute.googleapis.com, Compute Engine refuses
#   a disk without a customer-managed key, so a PersistentVolumeClaim (or a StatefulSet
#   volumeClaimTemplate) on a class that sets none stays Pending and its workload never
#   starts. Each claim's class, the one it names or the cluster's default when it names
#   none, is a Persistent Disk CSI class (pd.csi.storage.gke.io) whose
#   disk-encryption-kms-key is a key in the region. Classes are read from the Pulumi graph
#   and the manifests; GKE's own standard-rwo counts as a default, without a key, unless a
#   StorageClassPatch takes its default annotation away.
# custom:
#   control_id: DEP-22
#   severity: high
#   layers: [manifests, platform, foundation]
#   scope: [PersistentVolumeClaim, StatefulSet, StorageClass]
#   frameworks:
#     hipaa: ["164.312(a)(2)(iv)"]
#     iso27001_2022: ["8.24"]
#   remediation: >
#     Name the platform's CMEK class (sluicegate-cmek-rwo) in storageClassName, or make it
#     the only default class: is-default-class "true" on it and a StorageClassPatch setting
#     "false" on standard-rwo and standard.
package sluicegate

import rego.v1

_dep_22_default_annotations := ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]

# GKE's default class, created with the cluster: no key.
_dep_22_gke_default := "standard-rwo"

_dep_22_compute_cmek if {
	some r in org_policies("gcp.restrictNonCmekServices")
	some rule in org_policy_rules(r)
	values := field(r, rule, "values")
	some s in field_or(r, values, "denied_values", [])
	s == "compute.googleapis.com"
}

# [name, class object] of every StorageClass the plan declares, from either layer.
_dep_22_classes := array.concat(
	[[object.get(r.values, ["metadata", "name"], ""), r.values] |
		some r in resources_of("kubernetes:storage.k8s.io/v1:StorageClass")
	],
	[[o.name, o.object] | some o in k8s_of("StorageClass")],
)

_dep_22_is_default(sc) if {
	some a in _dep_22_default_annotations
	object.get(sc, ["metadata", "annotations", a], "") == "true"
}

# Classes a patch takes the default annotation away from (GKE's own).
_dep_22_demoted := {object.get(r.values, ["metadata", "name"], "") |
	some r in resources_of("kubernetes:storage.k8s.io/v1:StorageClassPatch")
	some a in _dep_22_default_annotations
	object.get(r.values, ["metadata", "annotations", a], "") == "false"
}

_dep_22_defaults := {name | some [name, sc] in _dep_22_classes; _dep_22_is_default(sc)} | _dep_22_gke_defaults

_dep_22_gke_defaults := {_dep_22_gke_default} if {
	not _dep_22_demoted[_dep_22_gke_default]
} else := set()

_dep_22_cmek_names := {name |
	some [name, sc] in _dep_22_classes
	object.get(sc, "provisioner", "") == "pd.csi.storage.gke.io"
	key := object.get(sc, ["parameters", "disk-encryption-kms-key"], "")
	# A key ring is regional (a disk's key must be in the disk's region); a plain string
	# test, since rego-cpp 1.5 compiles location_ok's alternatives into every `with`.
	contains(key, _dep_22_key_location)
}

_dep_22_key_location := concat("", ["/locations/", region, "/keyRings/"])

# [object, where in it, class named or ""] of every claim the manifests make.
_dep_22_claims := array.concat(
	[[o, "spec.storageClassName", object.get(o.object, ["spec", "storageClassName"], null)] |
		some o in k8s_of("PersistentVolumeClaim")
	],
	[[o, concat("", ["volumeClaimTemplates[", tpl_name, "]"]), object.get(t, ["spec", "storageClassName"], null)] |
		some o in k8s_of("StatefulSet")
		some t in object.get(o.object, ["spec", "volumeClaimTemplates"], [])
		tpl_name := object.get(t, ["metadata", "name"], "")
	],
)

fail_dep_22 contains k8s_finding(o, concat("", [where, ": StorageClass '", cls, "' sets no disk-encryption-kms-key in ", region, ", and compute requires CMEK: the claim stays Pending"])) if {
	_dep_22_compute_cmek
	some [o, where, cls] in _dep_22_claims
	is_string(cls)
	cls != ""
	not _dep_22_cmek_names[cls]
}

fail_dep_22 contains k8s_finding(o, concat("", [where, " names no StorageClass and the default '", cls, "' sets no disk-encryption-kms-key in ", region, ", and compute requires CMEK: the claim stays Pending"])) if {
	_dep_22_compute_cmek
	some [o, where, named] in _dep_22_claims
	named == null
	some cls in _dep_22_defaults
	not _dep_22_cmek_names[cls]
}

fail_dep_22 contains k8s_finding(o, concat("", [where, " names no StorageClass and the cluster has no default one: the claim stays Pending"])) if {
	_dep_22_compute_cmek
	some [o, where, named] in _dep_22_claims
	named == null
	count(_dep_22_defaults) == 0
}

examined_dep_22 contains seen(o) if {
	_dep_22_compute_cmek
	some [o, _, _] in _dep_22_claims
}
