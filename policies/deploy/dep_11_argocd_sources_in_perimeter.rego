# METADATA
# title: Argo CD syncs only from sources inside the perimeter
# description: >
#   Every Argo CD Application, the root Application the platform creates and each one in
#   the synced tree, takes its source from an OCI artifact in a repository the plan
#   creates in the region's Artifact Registry, which nodes reach through the restricted
#   VIP. A git, Helm or OCI source anywhere else cannot be reached behind default-deny
#   egress, so nothing would sync.
# custom:
#   control_id: DEP-11
#   severity: high
#   layers: [manifests, platform]
#   scope: [Application, kubernetes:argoproj.io/v1alpha1:Application]
#   frameworks:
#     app: [APP8]
#     iso27001_2022: ["8.20", "8.32"]
#   remediation: >
#     Publish the rendered tree with `sluicegate publish` and point the Application at
#     oci://REGION-docker.pkg.dev/PROJECT/<gitops repository>/<artifact>, with the path of
#     the component inside it.
package sluicegate

import rego.v1

_dep_11_oci_prefix := concat("", ["oci://", params.registry_prefix])

# [object, finding builder input] for every Application, in both layers.
_dep_11_apps contains [o.address, o.layer, o.kind, o.file, o.object.spec] if {
	some o in k8s_of("Application")
	startswith(object.get(o.object, "apiVersion", ""), "argoproj.io/")
}

_dep_11_apps contains [r.address, r.layer, r.type, r.file, attr(r, ["spec"])] if {
	some r in resources_of("kubernetes:argoproj.io/v1alpha1:Application")
}

_dep_11_sources(spec) := array.concat(
	[s | s := spec.source],
	object.get(spec, "sources", []),
)

_dep_11_finding(address, layer, type, file, text) := {"address": address, "layer": layer, "type": type, "file": file, "msg": text}

fail_dep_11 contains _dep_11_finding(address, layer, type, file, msg(["source '", url, "' is outside the perimeter: nodes reach only ", _dep_11_oci_prefix])) if {
	some [address, layer, type, file, spec] in _dep_11_apps
	some s in _dep_11_sources(spec)
	url := object.get(s, "repoURL", "")
	not startswith(url, _dep_11_oci_prefix)
}

fail_dep_11 contains _dep_11_finding(address, layer, type, file, msg(["source '", url, "' is in repository '", repo, "', which the plan does not create"])) if {
	some [address, layer, type, file, spec] in _dep_11_apps
	some s in _dep_11_sources(spec)
	url := object.get(s, "repoURL", "")
	startswith(url, _dep_11_oci_prefix)
	repo := split(trim_prefix(url, _dep_11_oci_prefix), "/")[0]
	not _dep_10_repositories[repo]
}

fail_dep_11 contains _dep_11_finding(address, layer, type, file, "an Application with no source") if {
	some [address, layer, type, file, spec] in _dep_11_apps
	count(_dep_11_sources(spec)) == 0
}

examined_dep_11 contains {"address": address, "layer": layer, "type": type} if {
	some [address, layer, type, _, _] in _dep_11_apps
}
