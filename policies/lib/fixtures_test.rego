# Input builders for the rule tests: small documents in the shapes the engine builds
# (see src/sluicegate/policy/artifacts.py), so each test states only what matters.
package sluicegate_test.fixtures

import rego.v1

region := "australia-southeast1"

project := "acme-ml-platform"

# concat, not sprintf: rego-cpp 1.5 quotes a string argument of a function inside sprintf.
key_id(purpose) := concat("", ["projects/", project, "/locations/", region, "/keyRings/sg-", region, "/cryptoKeys/sg-", purpose])

team(name) := {
	"name": name,
	"namespace": name,
	"bucket": concat("-", [project, "sg", name]),
	"service_account": concat("", ["sg-team-", name, "@", project, ".iam.gserviceaccount.com"]),
	"ksas": ["default-editor"],
	"wi_members": [concat("", ["serviceAccount:", project, ".svc.id.goog[", name, "/default-editor]"])],
	"gpu_quota": 4,
	"data_classification": "pii",
}

params := {
	"region": region,
	"project_id": project,
	"prefix": "sg",
	"registry_url": sprintf("%s-docker.pkg.dev/%s/sg-images", [region, project]),
	"registry_prefix": sprintf("%s-docker.pkg.dev/%s/", [region, project]),
	"workload_pool": sprintf("%s.svc.id.goog", [project]),
	"node_service_account": sprintf("sg-gke-nodes@%s.iam.gserviceaccount.com", [project]),
	"vpc_sc": true,
	"restricted_services": ["storage.googleapis.com", "container.googleapis.com"],
	"teams": [team("onco"), team("forecast")],
}

# tf([[type, name, values], ...]): a document holding one Terraform JSON file.
tf(resources) := {
	"params": params,
	"terraform": [{"file": "foundation/cdk.tf.json", "json": {"resource": _tf_blocks(resources)}}],
}

_tf_blocks(resources) := {t: {n: v | some [t2, n, v] in resources; t2 == t} | some [t, _, _] in resources}

# pulumi([[token, name, inputs], ...]): a document holding one Pulumi graph.
pulumi(resources) := {
	"params": params,
	"pulumi": {"project": "sluicegate", "stack": "dev", "resources": [r |
		some [token, name, inputs] in resources
		r := {"urn": urn(token, name), "type": token, "name": name, "inputs": inputs}
	]},
}

urn(token, name) := concat("::", ["urn:pulumi:dev", "sluicegate", token, name])

# k8s([obj, ...]): a document holding rendered manifests, one file per object.
k8s(objects) := {
	"params": params,
	"manifests": [{"file": sprintf("manifests/%d.yaml", [i]), "object": objects[i]} | some i; objects[i]],
}

# both(a, b): two documents merged, e.g. a Terraform key ring and a Pulumi bucket.
both(a, b) := {
	"params": params,
	"terraform": array.concat(object.get(a, "terraform", []), object.get(b, "terraform", [])),
	"pulumi": {"resources": array.concat(
		object.get(object.get(a, "pulumi", {}), "resources", []),
		object.get(object.get(b, "pulumi", {}), "resources", []),
	)},
	"manifests": array.concat(object.get(a, "manifests", []), object.get(b, "manifests", [])),
}

# addresses(findings): the addresses a rule reported.
addresses(findings) := {f.address | some f in findings}
