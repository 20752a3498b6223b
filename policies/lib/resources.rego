# Normalisers: one view of the three artifacts a plan writes.
#
# Every rule reads resources through this file, never `input` directly, so the same
# rule runs offline (`sluicegate audit`: input built from OUT by the engine), inside the
# Pulumi OPA policy pack (input from the analyzer's stack-level request) and in the
# Rego tests (which replace `doc` with `with data.sluicegate.doc as ...`).
#
# A resource, from either layer, is
#   {"layer": "foundation" | "platform", "type": <Terraform type>, "name": <logical name>,
#    "address": <Terraform address or Pulumi URN>, "dialect": "terraform" | "pulumi",
#    "values": <attributes as the layer wrote them>}
# and, from the Pulumi graph, "dependencies": <URNs the resource waits for>.
# Attributes are read with `attr(r, ["private_cluster_config", "enable_private_nodes"])`:
# the path is written once, in the Terraform provider's snake_case, and `attr` maps it to
# Pulumi's camelCase (and its plural list names) and reads a block the same whether it is
# an object (Pulumi, CDK Terrain) or a one-element list (hand-written Terraform JSON).
# Values are mapped lazily, per read, because a deep copy of every resource in Rego
# costs seconds on 10,000 resources and rules read a handful of attributes each.
package sluicegate

import rego.v1

# The document the rules read; tests replace it (see the note on `with` in docs/policies.md).
doc := input

# Offline, the engine puts the spec's values in the document; in the Pulumi policy pack,
# which only sees Pulumi's resources, the pack's generated params.rego defines pack_params.
params := object.union(_param_defaults, object.get(doc, "params", pack_params))

default pack_params := {}

_param_defaults := {
	"region": "",
	"project_id": "",
	"prefix": "",
	"teams": [],
	"restricted_services": [],
	"restricted_zones": [],
	"cmek_services": [],
	"vpc_sc": false,
	"operator_access_levels": [],
}

region := lower(params.region)

# A large plan is audited in parts (docs/policies.md): the shared resources once, and
# groups of teams in documents that hold only those teams' resources, marked
# `"part": "teams"`. A check that something exists once on the platform (an
# organization policy, a route, a constraint) is made only where the shared resources
# are: in the whole plan, in the Pulumi pack's stack and in the shared part.
shared_resources_here if not doc.part == "teams"

# --- Terraform JSON (foundation) ---------------------------------------------------------

_tf_from_doc := [r |
	some f in object.get(doc, "terraform", [])
	blocks := object.get(f.json, "resource", {})

	# `some k, v in obj` inside a comprehension does not compile in rego-cpp 1.5.
	some type
	by_name := blocks[type]
	some name
	values := by_name[name]
	r := {
		"layer": object.get(f, "layer", "foundation"),
		"dialect": "terraform",
		"type": type,
		"name": name,
		"address": concat(".", [type, name]),
		"file": f.file,
		"values": values,
	}
]

# --- Pulumi resource graph (platform) ----------------------------------------------------

# Offline: graph.json as `sluicegate plan` writes it. In the Pulumi pack: the analyzer's
# stack-level input, whose resources carry their properties under `properties`.
_pulumi_raw := [p |
	some p in object.get(object.get(doc, "pulumi", {}), "resources", [])
] if {
	doc.pulumi
} else := [p |
	some r in object.get(doc, "resources", [])
	p := {
		"urn": _analyzer_field(r, "urn"),
		"type": _analyzer_field(r, "type"),
		"name": _analyzer_field(r, "name"),
		"inputs": _analyzer_field(r, "properties"),
		"dependencies": object.get(r, "dependencies", []),
	}
]

# The analyzer overlays a resource's properties on its metadata; the `__` names are the
# ones a property cannot shadow.
_analyzer_field(r, k) := r[concat("", ["__", k])] if r[concat("", ["__", k])]
else := r[k]

_pulumi_tf_type := {t: pulumi_type_to_terraform(t) | some p in _pulumi_raw; t := p.type}

_pulumi_from_doc := [r |
	some p in _pulumi_raw
	r := {
		"layer": "platform",
		"dialect": "pulumi",
		"type": _pulumi_tf_type[p.type],
		"pulumi_type": p.type,
		"name": p.name,
		"address": p.urn,
		"file": "platform/graph.json",
		"values": object.get(p, "inputs", {}),
		# URNs the resource waits for (explicit depends_on, inputs from other resources'
		# outputs, its provider), as graph.json records them.
		"dependencies": object.get(p, "dependencies", []),
	}
]

# Pulumi modules whose Terraform name is not `google_<module>_<resource>`; the resource
# is the token's last part (BucketIAMMember), snake_cased after `IAM` is folded to `Iam`.
_pulumi_module_prefix := {
	"artifactregistry": "google_artifact_registry",
	"serviceaccount": "google_service_account",
	"projects": "google_project",
	"organizations": "google_organization",
	"accesscontextmanager": "google_access_context_manager",
	"binaryauthorization": "google_binary_authorization",
	"secretmanager": "google_secret_manager",
	"orgpolicy": "google_org_policy",
	"bigquery": "google_bigquery",
}

# Tokens whose Terraform type does not follow either rule above.
_pulumi_type_exceptions := {
	"gcp:serviceaccount/account:Account": "google_service_account",
	"gcp:organizations/project:Project": "google_project",
}

pulumi_type_to_terraform(token) := _pulumi_type_exceptions[token]

pulumi_type_to_terraform(token) := t if {
	not _pulumi_type_exceptions[token]
	startswith(token, "gcp:")
	parts := split(trim_prefix(token, "gcp:"), ":")
	module := split(parts[0], "/")[0]
	prefix := object.get(_pulumi_module_prefix, module, concat("_", ["google", module]))
	t := concat("_", [prefix, trim_prefix(snake(replace(parts[1], "IAM", "Iam")), "_")])
}

# Kubernetes and other providers keep their Pulumi token.
pulumi_type_to_terraform(token) := token if {
	not _pulumi_type_exceptions[token]
	not startswith(token, "gcp:")
}

# --- all cloud resources -------------------------------------------------------------------

# The offline audit builds this view in Python (sluicegate.policy.normalised), where it
# costs a tenth of what it costs here, and hands it over as `doc.normalised`: the
# resources exactly as the two comprehensions above make them, with the positions of
# each type's. The Pulumi pack and the Rego tests have no such view and build it here.
# Tested with `is_object`, never as `doc.normalised` alone: rego-cpp 1.5 works out the
# truth of a value by walking all of it (40 ms on a 100-team plan's shared part, for each
# of the four rules that test it; `is_object` is 0.2 ms).
resources := doc.normalised.resources if {
	is_object(doc.normalised)
} else := array.concat(_tf_from_doc, _pulumi_from_doc)

tf_resources := [r | some r in resources; r.dialect == "terraform"]

pulumi_resources := [r | some r in resources; r.dialect == "pulumi"]

# Grouped over the distinct types, not over every resource: that would be quadratic.
_types := {r.type | some r in resources}

by_type := {t: [resources[i] | some i in positions] |
	some t
	positions := doc.normalised.types[t]
} if {
	is_object(doc.normalised)
} else := {t: [r | some r in resources; r.type == t] | some t in _types}

# resources_of("google_storage_bucket"): every bucket of both layers.
resources_of(t) := object.get(by_type, t, [])

# --- attribute access ------------------------------------------------------------------------

snake(s) := lower(regex.replace(s, `([A-Z])`, "_$1"))

camel(s) := s if {
	not contains(s, "_")
} else := concat("", array.concat([parts[0]], [_title(p) | some p in array.slice(parts, 1, count(parts))])) if {
	parts := split(s, "_")
}

_title(p) := concat("", [upper(substring(p, 0, 1)), substring(p, 1, -1)])

# Terraform block names that Pulumi pluralises (repeated blocks become lists named in
# the plural), keyed by the Terraform name.
_pulumi_names := {
	"guest_accelerator": "guestAccelerators",
	"taint": "taints",
	"allow": "allows",
	"deny": "denies",
	"lifecycle_rule": "lifecycleRules",
	"binding": "bindings",
}

key_for(r, k) := k if r.dialect == "terraform"

key_for(r, k) := object.get(_pulumi_names, k, camel(k)) if r.dialect == "pulumi"

# A block written as a one-element list reads as the block itself. A value Pulumi does
# not know yet, in the form pulumi-analyzer-policy-opa hands it over (an object whose one
# key is "Element"), reads as Pulumi's sentinel string (lib/unknowns.rego): every rule
# sees one form of it, and fails it where it compares the value with what it expects.
unwrap(v) := pulumi_unknown if {
	is_object(v)
	count(v) == 1
	v.Element
} else := v[0] if {
	is_array(v)
	count(v) == 1
	is_object(v[0])
} else := v

# attr(r, path): the attribute at `path` (snake_case names), undefined when absent.
attr(r, path) := v if {
	count(path) == 1
	v := unwrap(unwrap(r.values)[key_for(r, path[0])])
}

attr(r, path) := v if {
	count(path) == 2
	v := unwrap(unwrap(unwrap(r.values)[key_for(r, path[0])])[key_for(r, path[1])])
}

attr(r, path) := v if {
	count(path) == 3
	a := unwrap(unwrap(r.values)[key_for(r, path[0])])
	v := unwrap(unwrap(a[key_for(r, path[1])])[key_for(r, path[2])])
}

attr(r, path) := v if {
	count(path) == 4
	a := unwrap(unwrap(r.values)[key_for(r, path[0])])
	b := unwrap(unwrap(a[key_for(r, path[1])])[key_for(r, path[2])])
	v := unwrap(b[key_for(r, path[3])])
}

# attr_or(r, path, fallback): attr, or fallback when absent.
attr_or(r, path, fallback) := v if {
	v := attr(r, path)
} else := fallback

# A sub-block read the same way from an already-read block value `b` of resource `r`.
field(r, b, k) := unwrap(b[key_for(r, k)])

field_or(r, b, k, fallback) := v if {
	v := field(r, b, k)
} else := fallback

# items(x): a repeated block as a list, whether it was written as a list or one object.
items(x) := x if is_array(x)

items(x) := [x] if is_object(x)

items(x) := [] if x == null

# --- findings -----------------------------------------------------------------------------------

# finding(r, text): what every rule emits for a failing resource.
finding(r, text) := {"address": r.address, "layer": r.layer, "type": r.type, "file": r.file, "msg": text}

# A finding about something that is missing from a layer, not about one resource.
missing(layer, what, text) := {"address": what, "layer": layer, "type": "", "file": layer, "msg": text}

# msg(["bucket location '", loc, "' is not ..."]): a message from literal text and values.
# Messages are joined with concat, not sprintf: rego-cpp 1.5's sprintf sometimes keeps
# the quotes of a string value inside its result, which breaks the JSON it returns.
msg(parts) := concat("", [str(p) | some p in parts])

str(v) := v if is_string(v)

str(v) := json.marshal(v) if not is_string(v)

# --- evidence -----------------------------------------------------------------------------------

# Every rule also defines `examined_<id>`: the set of what it examined, from the rule's
# own iteration, not from metadata. The engine fails a control whose failure is not in
# that set.
#
# seen(r): a resource or a Kubernetes object the rule looked at, as its address; the
# engine gives it its layer and type from the inventory (below), and fails the control
# closed when the inventory does not hold it. An address, not an object: rego-cpp builds
# a set of strings at about half the cost of a set of objects, and every rule's examined
# set holds every resource it looked at.
seen(x) := x.address

# looked_for(layer, what): something the rule requires to exist, shaped as the
# `missing(layer, what, ...)` finding it emits when it does not: examined whether
# present or not.
looked_for(layer, what) := {"address": what, "layer": layer, "type": ""}

# inventory: every resource and object, by Terraform type or Kubernetes kind, so the report
# can show each control's evidence (what it checked), not only its failures.
inventory := object.union(
	{t: [{"address": r.address, "layer": r.layer, "type": t} | some r in rs] | some t; rs := by_type[t]},
	{k: [{"address": o.address, "layer": "manifests", "type": k} | some o in os] | some k; os := k8s_by_kind[k]},
)
