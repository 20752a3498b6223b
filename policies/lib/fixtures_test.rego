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
	"restricted_zones": ["googleapis.com.", "pkg.dev.", "gcr.io."],
	"cmek_services": ["artifactregistry.googleapis.com", "compute.googleapis.com", "container.googleapis.com", "storage.googleapis.com"],
	"operator_access_levels": ["sg_corp_egress"],
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

# A hardened cluster and node pool as the platform layer sends them (camelCase inputs);
# tests change values with JSON patch operations written in the test itself:
# cluster([{"op": "add", "path": "/enableLegacyAbac", "value": true}]). Not object.union:
# rego-cpp 1.5 merges it shallowly. Not a helper that builds the operation: rego-cpp 1.5
# fails json.patch when the path string was returned by a function.
good_cluster := {
	"location": region,
	"privateClusterConfig": {"enablePrivateNodes": true, "enablePrivateEndpoint": true, "masterIpv4CidrBlock": "172.16.0.0/28"},
	"controlPlaneEndpointsConfig": {"dnsEndpointConfig": {"allowExternalTraffic": false}},
	"masterAuthorizedNetworksConfig": {
		"cidrBlocks": [{"displayName": "corp-vpn", "cidrBlock": "10.200.0.0/16"}],
		"gcpPublicCidrsAccessEnabled": false,
	},
	"workloadIdentityConfig": {"workloadPool": params.workload_pool},
	"datapathProvider": "ADVANCED_DATAPATH",
	"enableShieldedNodes": true,
	"enableLegacyAbac": false,
	"enableKubernetesAlpha": false,
	"masterAuth": {"clientCertificateConfig": {"issueClientCertificate": false}},
	"databaseEncryption": {"state": "ENCRYPTED", "keyName": key_id("gke-secrets")},
	"releaseChannel": {"channel": "REGULAR"},
	"binaryAuthorization": {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
	"networkingMode": "VPC_NATIVE",
	"ipAllocationPolicy": {"clusterSecondaryRangeName": "pods", "servicesSecondaryRangeName": "services"},
	"securityPostureConfig": {"mode": "BASIC", "vulnerabilityMode": "VULNERABILITY_DISABLED"},
}

good_pool := {
	"location": region,
	"nodeLocations": ["australia-southeast1-a"],
	"management": {"autoRepair": true, "autoUpgrade": true},
	"nodeConfig": {
		"imageType": "COS_CONTAINERD",
		"bootDiskKmsKey": key_id("disks"),
		"serviceAccount": params.node_service_account,
		"workloadMetadataConfig": {"mode": "GKE_METADATA"},
		"shieldedInstanceConfig": {"enableSecureBoot": true, "enableIntegrityMonitoring": true},
		"guestAccelerators": [{"type": "nvidia-tesla-t4", "count": 1}],
		"taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}],
	},
}

cluster(patches) := pulumi([["gcp:container/cluster:Cluster", "gke", json.patch(good_cluster, patches)]])

pool(patches) := pulumi([["gcp:container/nodePool:NodePool", "gpu", json.patch(good_pool, patches)]])

cluster_urn := urn("gcp:container/cluster:Cluster", "gke")

pool_urn := urn("gcp:container/nodePool:NodePool", "gpu")
