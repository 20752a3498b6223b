# METADATA
# title: Every image the cluster pulls comes from a repository the plan creates in the region
# description: >
#   Nodes reach nothing but the restricted Google APIs VIP, so an image pulls only if it
#   is in the region's Artifact Registry and in a repository (the platform's own, or the
#   remote repository mirroring its upstream registry) that the plan creates. Checked for
#   every container, init and ephemeral container of every workload in the synced tree,
#   and for the images controllers launch from configuration (the audit lists those it
#   finds in ConfigMaps, environment variables and arguments).
# custom:
#   control_id: DEP-10
#   severity: high
#   layers: [manifests, platform]
#   scope: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, ConfigMap, google_artifact_registry_repository]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.19", "8.32"]
#   remediation: >
#     Rewrite the image to REGION-docker.pkg.dev/PROJECT/<mirror>/<upstream path> (the
#     hydration does this for upstream components; `out/manifests/images.json` lists every
#     upstream image and its in-region name), and make sure the platform's Registry creates
#     the mirror of its upstream registry.
package sluicegate

import rego.v1

# Repository IDs the Pulumi program creates in the region: listed by the audit for
# every part of a partitioned evaluation, read from the resources where it is absent
# (the Pulumi policy pack, the Rego tests).
_dep_10_listed := object.get(object.get(doc, "derived", {}), "repositories", null)

_dep_10_repositories := {r.repository_id |
	some r in _dep_10_listed
	r.location == region
} if {
	_dep_10_listed != null
} else := {id |
	some r in resources_of("google_artifact_registry_repository")
	lower(attr_or(r, ["location"], "")) == region
	id := attr(r, ["repository_id"])
}

# [object, where, image] for every image a workload names.
# Each image with where it is, as the address, kind and file of its object: a set of
# whole objects would hash every object's content.
_dep_10_images contains [{"address": o.address, "kind": o.kind, "file": o.file}, concat("", [field, "/", c.name]), c.image] if {
	some [o, spec] in pod_specs
	some field in ["containers", "initContainers", "ephemeralContainers"]
	some c in object.get(spec, field, [])
}

# ... and every image the audit found in configuration (see docs/policies.md).
_dep_10_config := object.get(object.get(doc, "derived", {}), "config_images", [])

# Entries carry the object's address: joining each to k8s_objects was most of the
# audit's shared part (rego-cpp scans every object for every entry). Only the shared part
# holds the hydrated components they come from.
_dep_10_images contains [{"address": c.address, "kind": c.kind, "file": c.file}, c.where, c.image] if {
	shared_resources_here
	some c in _dep_10_config
	c.image
}

fail_dep_10 contains {"address": c.file, "layer": "manifests", "type": "", "file": c.file, "msg": msg([c.where, ": ", c.error])} if {
	some c in _dep_10_config
	c.error
}

fail_dep_10 contains k8s_finding(o, msg([where, ": image '", image, "' is not in ", params.registry_prefix, ": nodes cannot pull it behind default-deny egress"])) if {
	some [o, where, image] in _dep_10_images
	not startswith(image, params.registry_prefix)
}

fail_dep_10 contains k8s_finding(o, msg([where, ": image '", image, "' is in repository '", repo, "', which the plan does not create"])) if {
	some [o, where, image] in _dep_10_images
	startswith(image, params.registry_prefix)
	repo := split(trim_prefix(image, params.registry_prefix), "/")[0]
	not _dep_10_repositories[repo]
}

examined_dep_10 contains seen(o) if {
	some [o, _, _] in _dep_10_images
}

examined_dep_10 contains {"address": c.file, "layer": "manifests", "type": ""} if {
	some c in _dep_10_config
	c.error
}
