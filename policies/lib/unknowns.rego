# Values Pulumi does not know yet: at `pulumi preview`, an input computed from another
# resource's output that does not exist yet. Only the Pulumi policy pack sees them (the
# plan's graph.json comes from a mocked run, where every value is known).
#
# Pulumi marks such a value with one sentinel string over its RPC, the same constant in
# every SDK (the Python SDK's pulumi.runtime.rpc.UNKNOWN; Go's plugin.UnknownStringValue).
# pulumi-analyzer-policy-opa unmarshals it as a computed value and hands its Mappable()
# form to OPA, an object whose one key is "Element". Both are unknown here, and `attr`
# reads the second as the first (lib/resources.rego, `unwrap`).
#
# A rule that compares an unknown value with what it expects fails on it (a violation);
# a rule that looks for something forbidden would pass it silently, so the pack also
# reports, per control, every resource of its scope that holds unknown values and that
# the control did not fail (docs/policies.md, "Unknown values").
package sluicegate

import rego.v1

pulumi_unknown := "04da6b54-80e4-46f7-96ec-b56ff0331ba9"

is_unknown(v) if v == pulumi_unknown

is_unknown(v) if {
	is_object(v)
	count(v) == 1
	v.Element
}

# unknown_paths(r): the dotted paths (Pulumi's names) of r's values that are unknown.
unknown_paths(r) := {concat(".", [str(p) | some p in path]) |
	walk(r.values, [path, v])
	is_unknown(v)
}

# Every Pulumi resource with an unknown value, and the paths of those values.
unknown_resources := [{"resource": r, "paths": paths} |
	some r in pulumi_resources
	paths := unknown_paths(r)
	count(paths) > 0
]

# unknown_text(paths): why a control could not be checked on a resource at preview.
unknown_text(paths) := msg([
	"not checked at preview, unknown until the resources it depends on exist: ",
	concat(", ", sort(paths)),
	" (pulumi up checks again once they are known)",
])
