package sluicegate_test.dep_22

import rego.v1

import data.sluicegate
import data.sluicegate_test.fixtures as fx

_cmek_policy := fx.tf([["google_org_policy_policy", "cmek", {
	"name": "projects/acme-ml-platform/policies/gcp.restrictNonCmekServices",
	"spec": {"rules": [{"values": {"denied_values": ["compute.googleapis.com", "storage.googleapis.com"]}}]},
}]])

_class := {
	"metadata": {"name": "sluicegate-cmek-rwo", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
	"provisioner": "pd.csi.storage.gke.io",
	"parameters": {"type": "pd-balanced", "disk-encryption-kms-key": fx.key_id("disks")},
}

_demote(name) := ["kubernetes:storage.k8s.io/v1:StorageClassPatch", concat("-", [name, "not-default"]), {"metadata": {
	"name": name,
	"annotations": {"storageclass.kubernetes.io/is-default-class": "false"},
}}]

_graph := fx.pulumi([
	["kubernetes:storage.k8s.io/v1:StorageClass", "cmek", _class],
	_demote("standard-rwo"),
	_demote("standard"),
])

_pvc(class) := {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "mysql-pv-claim", "namespace": "kubeflow"}, "spec": object.union(
	{"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "20Gi"}}},
	class,
)}

_sts(class) := {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "seaweedfs", "namespace": "kubeflow"}, "spec": {
	"serviceName": "seaweedfs",
	"selector": {"matchLabels": {"app": "seaweedfs"}},
	"template": {"metadata": {"labels": {"app": "seaweedfs"}}, "spec": {"containers": [{"name": "s", "image": "x"}]}},
	"volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": object.union({"accessModes": ["ReadWriteOnce"]}, class)}],
}}

_plan(graph, objects) := fx.both(fx.both(_cmek_policy, graph), fx.k8s(objects))

test_pass_named_and_default_claims_on_the_cmek_class if {
	d := _plan(_graph, [_pvc({"storageClassName": "sluicegate-cmek-rwo"}), _pvc({}), _sts({})])
	count(sluicegate.fail_dep_22) == 0 with data.sluicegate.doc as d
}

# One document for the failing cases (each `with` costs rego-cpp a compilation): a claim
# naming GKE's class, claims naming none while GKE's default is not demoted, and the
# platform's class with a key in another region.
test_fail_keyless_and_default_classes if {
	elsewhere := json.patch(_class, [{"op": "replace", "path": "/parameters/disk-encryption-kms-key", "value": "projects/acme-ml-platform/locations/us-central1/keyRings/sg-us-central1/cryptoKeys/sg-disks"}])
	graph := fx.pulumi([["kubernetes:storage.k8s.io/v1:StorageClass", "cmek", elsewhere]])
	objects := [_pvc({"storageClassName": "standard-rwo"}), _sts({}), _pvc({"storageClassName": "sluicegate-cmek-rwo"})]
	fs := sluicegate.fail_dep_22 with data.sluicegate.doc as _plan(graph, objects)
	{[f.address, f.msg] | some f in fs} == {
		["manifests/0.yaml#PersistentVolumeClaim/kubeflow/mysql-pv-claim", "spec.storageClassName: StorageClass 'standard-rwo' sets no disk-encryption-kms-key in australia-southeast1, and compute requires CMEK: the claim stays Pending"],
		["manifests/1.yaml#StatefulSet/kubeflow/seaweedfs", "volumeClaimTemplates[data] names no StorageClass and the default 'sluicegate-cmek-rwo' sets no disk-encryption-kms-key in australia-southeast1, and compute requires CMEK: the claim stays Pending"],
		["manifests/1.yaml#StatefulSet/kubeflow/seaweedfs", "volumeClaimTemplates[data] names no StorageClass and the default 'standard-rwo' sets no disk-encryption-kms-key in australia-southeast1, and compute requires CMEK: the claim stays Pending"],
		["manifests/2.yaml#PersistentVolumeClaim/kubeflow/mysql-pv-claim", "spec.storageClassName: StorageClass 'sluicegate-cmek-rwo' sets no disk-encryption-kms-key in australia-southeast1, and compute requires CMEK: the claim stays Pending"],
	}
}

test_fail_no_default_class if {
	graph := fx.pulumi([_demote("standard-rwo")])
	fs := sluicegate.fail_dep_22 with data.sluicegate.doc as _plan(graph, [_sts({})])
	{f.msg | some f in fs} == {"volumeClaimTemplates[data] names no StorageClass and the cluster has no default one: the claim stays Pending"}
}
