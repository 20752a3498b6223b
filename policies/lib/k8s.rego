# The rendered Kubernetes tree: one entry per object, with an address an auditor can find.
package sluicegate

import rego.v1

# Built in Python by the offline audit (`doc.normalised.objects`, with the positions of
# each kind's as `doc.normalised.kinds`; lib/resources.rego says why), else here.
k8s_objects := doc.normalised.objects if {
	is_object(doc.normalised)
} else := _k8s_from_doc

_k8s_from_doc := [o |
	some m in object.get(doc, "manifests", [])
	obj := m.object
	o := {
		"layer": "manifests",
		"kind": obj.kind,
		"name": object.get(obj, ["metadata", "name"], ""),
		"namespace": object.get(obj, ["metadata", "namespace"], ""),
		"address": concat("", [m.file, "#", obj.kind, "/", _k8s_display_name(obj)]),
		"file": m.file,
		"object": obj,
	}
]

# namespace/name, or name for cluster-scoped objects. Addresses are built with concat:
# rego-cpp 1.5's sprintf can leave quotes inside a string a function returned.
_k8s_display_name(obj) := concat("/", [obj.metadata.namespace, obj.metadata.name]) if {
	obj.metadata.namespace
} else := object.get(obj, ["metadata", "name"], "")

_k8s_kinds := {o.kind | some o in k8s_objects}

# By kind: linear from the offline audit's positions; without them (the Pulumi pack, the
# Rego tests), every kind filters every object.
k8s_by_kind := {k: [k8s_objects[i] | some i in positions] |
	some k
	positions := doc.normalised.kinds[k]
} if {
	is_object(doc.normalised)
} else := {k: [o | some o in k8s_objects; o.kind == k] | some k in _k8s_kinds}

k8s_of(kind) := object.get(k8s_by_kind, kind, [])

# The namespace of each team, by team name.
team_namespaces := {t.namespace: t | some t in params.teams}

# Objects the kit itself writes, as opposed to the hydrated upstream components.
kit_object(o) if not startswith(o.file, "manifests/hydrated/")

k8s_finding(o, text) := {"address": o.address, "layer": "manifests", "type": o.kind, "file": o.file, "msg": text}

# Pod templates of every workload kind, with the object that holds them (a list: a set
# of whole objects is hashed element by element).
pod_specs := array.concat(array.concat(
	[[o, o.object.spec] | some o in k8s_of("Pod")],
	[[o, o.object.spec.template.spec] |
		some kind in ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]
		some o in k8s_of(kind)
	],
), [[o, o.object.spec.jobTemplate.spec.template.spec] | some o in k8s_of("CronJob")])
